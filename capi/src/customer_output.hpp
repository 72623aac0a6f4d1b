#pragma once
// Customer records as C outputs (customers.cpp), shared with the personal-data module.

#include <inscrm.h>

#include <inscrm/core/result.hpp>
#include <inscrm/domain/customer.hpp>
#include <inscrm/storage/store.hpp>

#include <cstddef>
#include <vector>

namespace inscrm::capi {

// Free with inscrm_customer_free / inscrm_customer_list_free.
inscrm_customer* customer_output(const Customer& c);
inscrm_customer_list* list_output(const std::vector<Customer>& customers);

// The master key fields of inscrm_open_options version 3 (personal_data.cpp).
Result<storage::KeyOptions> key_options(const unsigned char* key, std::size_t key_len, const char* key_file);

}  // namespace inscrm::capi
