#pragma once
// domain.md C3: the customer lifecycle stage is derived from facts, never typed in by hand.
// derive_stage is a pure function of the facts, the thresholds, the day and the previous stage
// (the previous stage is needed only to tell a won-back customer from a new one).

#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>

#include <optional>

namespace inscrm {

enum class CustomerStage { Prospect, New, Active, AtRisk, Lapsed, WonBack };
INSCRM_ENUM_TEXT(CustomerStage, "prospect", "new", "active", "at_risk", "lapsed", "won_back")

// Configuration, not code: hosts tune these per portfolio.
struct StageThresholds {
  int new_months = 6;              // a first policy this recent makes the customer New
  int won_back_months = 12;        // how long a returning customer stays WonBack
  int no_contact_months = 12;      // no interaction for this long puts the customer AtRisk
  double lapse_risk_at_risk = 0.7; // a lapse-risk score at or above this puts the customer AtRisk
};

// What the rule looks at; gathered by the facade from the customer's policies and history.
struct CustomerFacts {
  int policies_ever = 0;            // policies that were ever issued (declined quotes do not count)
  int policies_in_force = 0;        // InForce, GracePeriod, Reinstated or Renewed
  int policies_in_grace = 0;        // premium missed, not yet lapsed
  std::optional<Date> first_policy_on;      // effective date of the first issued policy
  std::optional<Date> latest_in_force_start;  // effective date of the newest policy now in force
  int open_complaints = 0;
  std::optional<double> lapse_risk;         // 0..1 when a score is available (C10)
  std::optional<Date> last_contact_on;      // last interaction of any kind
};

struct StageDecision {
  CustomerStage stage = CustomerStage::Prospect;
  const char* reason = "";  // short text recorded with the stage-change event
};

StageDecision derive_stage(const CustomerFacts& facts, const StageThresholds& thresholds, Date today,
                           std::optional<CustomerStage> previous, std::optional<Date> previous_since);

}  // namespace inscrm
