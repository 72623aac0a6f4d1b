#include "input.hpp"

#include <fmt/format.h>

#include <cstring>

namespace inscrm::capi {

Result<std::string> text(const char* s, std::string_view field) {
  if (s == nullptr) return null_argument(field);
  return std::string{s};
}

Result<Date> date(const char* s, std::string_view field) {
  if (s == nullptr) return null_argument(field);
  if (auto d = parse_date(s)) return *d;
  return Error::invalid_argument(std::string{field},
                                 fmt::format("'{}' is not a calendar date in the form YYYY-MM-DD", s));
}

Result<std::optional<Date>> opt_date(const char* s, std::string_view field) {
  if (s == nullptr) return std::optional<Date>{};
  INSCRM_TRY(auto d, date(s, field));
  return std::optional<Date>{d};
}

Result<Money> money(const inscrm_money& m, std::string_view field) {
  // strnlen: the caller's array is 4 bytes and need not be terminated if it is garbage.
  const std::size_t length = strnlen(m.currency, sizeof m.currency);
  if (length == 0) return Money::cny(m.minor);
  const std::string currency_field = field.empty() ? std::string{"currency"} : fmt::format("{}.currency", field);
  if (length == sizeof m.currency)
    return Error::invalid_argument(currency_field, "currency must be a NUL-terminated three-letter code");
  const auto currency = Currency::parse(std::string_view{m.currency, length});
  if (!currency)
    return Error::invalid_argument(currency_field, fmt::format("'{}' is not an ISO 4217 code such as CNY",
                                                               std::string_view{m.currency, length}));
  return Money{m.minor, *currency};
}

Result<std::optional<Money>> opt_money(const inscrm_money* m, std::string_view field) {
  if (m == nullptr) return std::optional<Money>{};
  INSCRM_TRY(auto value, money(*m, field));
  return std::optional<Money>{value};
}

Error unknown_name(std::string_view field, std::string_view given, std::string_view expected) {
  return Error::invalid_argument(std::string{field},
                                 fmt::format("'{}' is not a known {}; expected one of: {}", given, field, expected));
}

Result<void> check_array(const void* p, std::size_t count, std::string_view field) {
  if (count > 0 && p == nullptr)
    return Error::invalid_argument(std::string{field}, fmt::format("{} is NULL but its count is {}", field, count));
  return ok();
}

Result<std::vector<std::string>> texts(const char* const* p, std::size_t count, std::string_view field) {
  INSCRM_TRYV(check_array(p, count, field));
  std::vector<std::string> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    INSCRM_TRY(auto s, text(p[i], fmt::format("{}[{}]", field, i)));
    out.push_back(std::move(s));
  }
  return out;
}

namespace {
// Role bit i is inscrm::Role value i (inscrm.h: inscrm_role).
static_assert(INSCRM_ROLE_ADMINISTRATOR == 1 << static_cast<int>(Role::Administrator));
static_assert(INSCRM_ROLE_AGENT == 1 << static_cast<int>(Role::Agent));
static_assert(INSCRM_ROLE_SERVICE_REP == 1 << static_cast<int>(Role::ServiceRep));
static_assert(INSCRM_ROLE_COMPLAINT_HANDLER == 1 << static_cast<int>(Role::ComplaintHandler));
static_assert(INSCRM_ROLE_ANALYST == 1 << static_cast<int>(Role::Analyst));
static_assert(INSCRM_ROLE_AUDITOR == 1 << static_cast<int>(Role::Auditor));
static_assert(INSCRM_ROLE_CUSTOMER == 1 << static_cast<int>(Role::Customer));
static_assert(INSCRM_ROLE_SYSTEM == 1 << static_cast<int>(Role::System));
static_assert(enum_count<Role>() == 8, "a new Role needs its INSCRM_ROLE_ bit");
}  // namespace

Result<Actor> actor(const inscrm_actor* a) {
  INSCRM_TRYV(check_struct(a, "actor"));
  if (a->user == nullptr) return null_argument("actor.user");
  constexpr std::uint32_t known = (1u << enum_count<Role>()) - 1;
  if ((a->roles & ~known) != 0)
    return Error::invalid_argument("actor.roles", fmt::format("unknown role bits {:#x}", a->roles & ~known));
  Actor out;
  out.user = a->user;
  for (std::size_t bit = 0; bit < enum_count<Role>(); ++bit)
    if ((a->roles & (1u << bit)) != 0) out.roles.push_back(static_cast<Role>(bit));
  out.org_unit = OrgUnitId{a->org_unit};
  out.agent = opt_id<AgentId>(a->agent);
  out.customer = opt_id<CustomerId>(a->customer);
  return out;
}

}  // namespace inscrm::capi
