#pragma once
// Field-level masking on read (domain.md C12): a role without the right to read personal data
// (Entity::PersonalData) sees customers with their identity number, phones, e-mails, addresses and
// income masked. The facade applies mask_personal_data on every path that returns customers, the
// same function everywhere, so no read path can leak what another masks.

#include <inscrm/domain/customer.hpp>

#include <string>
#include <string_view>

namespace inscrm {

// "310101199001011234" → "310***********1234": the first 3 and last 4 kept (region, check digits).
std::string mask_identity_number(std::string_view number);
// "13812345678" → "138****5678".
std::string mask_phone(std::string_view number);
// "zhang.san@example.com" → "z***@example.com".
std::string mask_email(std::string_view address);
// The street line hidden: "上海市…" → "***"; region and postal codes stay (they are statistics).
std::string mask_address_line(std::string_view line);

// Masks every personal field of `c` in place; annual income is withheld (no value at all).
void mask_personal_data(Customer& c);

}  // namespace inscrm
