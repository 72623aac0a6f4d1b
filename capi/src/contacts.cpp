#include "contacts.hpp"

#include "input.hpp"

#include <string>

namespace inscrm::capi {

namespace {
std::string leaf(std::string_view field, std::string_view name) {
  std::string out{field};
  out += '.';
  out += name;
  return out;
}
}  // namespace

Result<Phone> phone_in(const inscrm_phone& p, std::string_view field) {
  INSCRM_TRY(auto number, text(p.number, leaf(field, "number")));
  return Phone{std::move(number), p.primary != 0, p.verified != 0};
}

Result<Email> email_in(const inscrm_email& e, std::string_view field) {
  INSCRM_TRY(auto address, text(e.address, leaf(field, "address")));
  return Email{std::move(address), e.primary != 0, e.verified != 0};
}

Result<Address> address_in(const inscrm_address& a, std::string_view field) {
  Address address;
  INSCRM_TRY(address.line, text(a.line, leaf(field, "line")));
  address.region_code = text_or_empty(a.region_code);
  address.postal_code = text_or_empty(a.postal_code);
  address.primary = a.primary != 0;
  address.verified = a.verified != 0;
  return address;
}

inscrm_phone phone_out(Arena& a, const Phone& p) {
  return {a.str(p.number), p.primary ? 1 : 0, p.verified ? 1 : 0};
}

inscrm_email email_out(Arena& a, const Email& e) {
  return {a.str(e.address), e.primary ? 1 : 0, e.verified ? 1 : 0};
}

inscrm_address address_out(Arena& a, const Address& x) {
  return {a.str(x.line), a.str(x.region_code), a.str(x.postal_code), x.primary ? 1 : 0, x.verified ? 1 : 0};
}

}  // namespace inscrm::capi
