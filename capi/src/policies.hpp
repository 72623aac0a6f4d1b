#pragma once
// Shared by the policy and payment modules.

#include "output.hpp"

#include <inscrm/crm/policies.hpp>

#include <inscrm.h>

namespace inscrm::capi {

Result<PaymentInput> payment_input(const inscrm_payment_input& in);
void fill_payment(inscrm_payment& o, Arena& a, const Payment& p);

}  // namespace inscrm::capi
