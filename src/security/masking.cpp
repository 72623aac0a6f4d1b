#include <inscrm/security/masking.hpp>

namespace inscrm {
namespace {

// Keeps `head` leading and `tail` trailing bytes, stars in between; too short a value is all stars,
// so a masked value never reveals more than its length.
std::string keep_ends(std::string_view text, std::size_t head, std::size_t tail) {
  if (text.size() <= head + tail) return std::string(text.size(), '*');
  std::string out{text.substr(0, head)};
  out.append(text.size() - head - tail, '*');
  out.append(text.substr(text.size() - tail));
  return out;
}

}  // namespace

std::string mask_identity_number(std::string_view number) { return keep_ends(number, 3, 4); }

std::string mask_phone(std::string_view number) { return keep_ends(number, 3, 4); }

std::string mask_email(std::string_view address) {
  const auto at = address.find('@');
  if (at == std::string_view::npos || at == 0) return std::string(address.size(), '*');
  return std::string{address.substr(0, 1)} + "***" + std::string{address.substr(at)};
}

std::string mask_address_line(std::string_view line) { return line.empty() ? std::string{} : std::string{"***"}; }

void mask_personal_data(Customer& c) {
  if (c.identity) c.identity->number = mask_identity_number(c.identity->number);
  for (auto& p : c.phones) p.number = mask_phone(p.number);
  for (auto& e : c.emails) e.address = mask_email(e.address);
  for (auto& a : c.addresses) a.line = mask_address_line(a.line);
  c.annual_income.reset();
}

}  // namespace inscrm
