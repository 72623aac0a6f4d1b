#pragma once
// domain.md C7: earning rules as data. A rule says which event earns points, under which condition
// (a rule-language text, C9), how many (a fixed number, or a formula: so many points per unit of
// the event's amount) and while when it is valid. Rules are versioned: a change is a new version,
// the old ones stay, and every earn entry records the version that produced it.

#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/money.hpp>
#include <inscrm/core/result.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace inscrm {

enum class EarnEventType { PremiumPaid, Renewal, NewPolicy, Referral, SurveyAnswered, Birthday, TenureAnniversary };
INSCRM_ENUM_TEXT(EarnEventType, "premium_paid", "renewal", "new_policy", "referral", "survey_answered", "birthday",
                 "tenure_anniversary")

struct EarningRule {
  EarningRuleId id;
  int version = 1;
  std::string name;  // unique
  EarnEventType event = EarnEventType::PremiumPaid;
  // Rule language over the customer's standard facts as of the event day plus the event's own
  // facts event_amount (money, null without an amount) and event_product (product code, null
  // without a policy). Empty = always.
  std::string condition;
  // The amount: fixed_points, plus points_per_unit for every whole unit_minor of the event amount
  // (one point per 10 yuan: points_per_unit 1, unit_minor 1000).
  std::int64_t fixed_points = 0;
  std::int64_t points_per_unit = 0;
  std::int64_t unit_minor = 0;
  Date valid_from{};
  std::optional<Date> valid_to;  // exclusive
  int expiry_months = 24;        // every grant expires this many months after the day it is earned
  bool active = true;
  Instant created_at{};
};

// Names, amounts (at least one point can come out; per-unit needs unit_minor > 0), validity and
// expiry: InvalidArgument naming the field. The condition is checked by the service against the
// facts (it needs the registry).
Result<void> validate_earning_rule(const EarningRule& rule);

// Whether the rule is in force on `day`.
bool in_force(const EarningRule& rule, Date day) noexcept;

// Points the amount part of the rule gives for an event amount (nullopt = the event has none):
// fixed + floor(amount / unit_minor) * points_per_unit; negative amounts earn nothing.
std::int64_t points_for(const EarningRule& rule, std::optional<Money> amount) noexcept;

}  // namespace inscrm
