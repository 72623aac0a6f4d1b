#pragma once
// The contact element structs (inscrm_phone, inscrm_email, inscrm_address), shared by the
// customer module and the contact and address changes of service requests. Inputs report a
// missing string under "<field>.<leaf>", where field is the element's path ("phones[1]").

#include <inscrm.h>

#include "output.hpp"

#include <inscrm/core/result.hpp>
#include <inscrm/domain/customer.hpp>

#include <string_view>

namespace inscrm::capi {

Result<Phone> phone_in(const inscrm_phone& p, std::string_view field);
Result<Email> email_in(const inscrm_email& e, std::string_view field);
Result<Address> address_in(const inscrm_address& a, std::string_view field);

inscrm_phone phone_out(Arena& a, const Phone& p);
inscrm_email email_out(Arena& a, const Email& e);
inscrm_address address_out(Arena& a, const Address& x);

}  // namespace inscrm::capi
