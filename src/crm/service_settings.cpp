#include <inscrm/crm/service_settings.hpp>

#include <inscrm/core/validation.hpp>
#include <inscrm/domain/service_request.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string>

namespace inscrm {

SlaPolicy standard_service_sla() {
  using std::chrono::hours;
  using std::chrono::minutes;
  SlaPolicy policy;
  policy.fallback = SlaRow{"", "", hours{8}, hours{40}, SlaCalendar::Business};
  policy.rows = {
      // Money leaves or cover comes back: the customer is waiting on it.
      SlaRow{"surrender", "", hours{8}, hours{24}, SlaCalendar::Business},
      SlaRow{"reinstatement", "", hours{8}, hours{24}, SlaCalendar::Business},
      // An emergency does not wait for office hours.
      SlaRow{"emergency_rescue", "", minutes{30}, hours{24}, SlaCalendar::RoundTheClock},
  };
  return policy;
}

Result<void> validate_service_sla_policy(const SlaPolicy& policy) {
  INSCRM_TRYV(validate_sla_policy(policy));
  for (std::size_t i = 0; i < policy.rows.size(); ++i) {
    const auto& row = policy.rows[i];
    if (!row.category.empty() && !enum_from_string<ServiceKind>(row.category))
      return Error::invalid_argument(fmt::format("rows[{}].category", i),
                                     fmt::format("'{}' is not a service-request kind", row.category));
    if (!row.severity.empty())
      return Error::invalid_argument(fmt::format("rows[{}].severity", i),
                                     "service-request rows are keyed by kind alone");
  }
  return ok();
}

Result<void> validate_assignment_rules(const std::vector<AssignmentRule>& rules) {
  std::set<std::string> departments;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto& rule = rules[i];
    const std::string at = fmt::format("[{}]", i);
    if (trim(rule.department).empty())
      return Error::invalid_argument(at + ".department", "a rule names its department");
    if (!departments.insert(rule.department).second)
      return Error::invalid_argument(at + ".department",
                                     fmt::format("department '{}' has two rules", rule.department));
    if (rule.handlers.empty())
      return Error::invalid_argument(at + ".handlers",
                                     fmt::format("department '{}' has no handlers", rule.department));
    for (std::size_t k = 0; k < rule.handlers.size(); ++k) {
      const auto& h = rule.handlers[k];
      const std::string field = fmt::format("{}.handlers[{}]", at, k);
      if (trim(h).empty()) return Error::invalid_argument(field, "a handler is a user id");
      if (std::find(rule.handlers.begin(), rule.handlers.begin() + static_cast<std::ptrdiff_t>(k), h) !=
          rule.handlers.begin() + static_cast<std::ptrdiff_t>(k))
        return Error::invalid_argument(field, fmt::format("'{}' is listed twice", h));
    }
  }
  return ok();
}

Result<void> validate_service_settings(const ServiceSettings& s) {
  if (auto v = validate_calendar(s.calendar); !v) return std::move(v.error().within("calendar"));
  if (auto v = validate_complaint_sla_policy(s.complaint_sla); !v) return std::move(v.error().within("complaint_sla"));
  if (auto v = validate_service_sla_policy(s.service_sla); !v) return std::move(v.error().within("service_sla"));
  if (auto v = validate_assignment_rules(s.assignment); !v) return std::move(v.error().within("assignment"));
  return ok();
}

}  // namespace inscrm
