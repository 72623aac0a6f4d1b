#include <inscrm/domain/customer_stage.hpp>

namespace inscrm {

namespace {

// "Within N months of d": before the N-month anniversary of d. On the anniversary itself the
// period is over, which is also the first day of "no contact for N months".
bool within_months(Date since, int months, Date today) noexcept { return today < add_months(since, months); }

}  // namespace

// domain.md C3. The reasons are fixed literals, not formatted text: they are stable keys recorded
// with the stage-change event, and "N" stands for the configured threshold, which the host owns.
StageDecision derive_stage(const CustomerFacts& facts, const StageThresholds& thresholds, Date today,
                           std::optional<CustomerStage> previous, std::optional<Date> previous_since) {
  using St = CustomerStage;
  if (facts.policies_ever == 0) return {St::Prospect, "no policy yet"};
  if (facts.policies_in_force == 0) return {St::Lapsed, "no policy in force"};

  // Risk outranks the happier stages: a new or won-back customer with a missed premium is the one
  // the agent must call first.
  if (facts.policies_in_grace > 0) return {St::AtRisk, "premium overdue"};
  if (facts.open_complaints > 0) return {St::AtRisk, "open complaint"};
  if (facts.lapse_risk && *facts.lapse_risk >= thresholds.lapse_risk_at_risk) return {St::AtRisk, "high lapse risk"};
  // An unknown last contact is missing data, not proof of neglect.
  if (facts.last_contact_on && !within_months(*facts.last_contact_on, thresholds.no_contact_months, today))
    return {St::AtRisk, "no contact for N months"};

  // Only the previous stage tells a returning customer from a new one: the facts alone look alike.
  if (previous == St::Lapsed) return {St::WonBack, "returned after lapse"};
  if (previous == St::WonBack && previous_since && within_months(*previous_since, thresholds.won_back_months, today))
    return {St::WonBack, "returned after lapse"};

  if (facts.first_policy_on && within_months(*facts.first_policy_on, thresholds.new_months, today))
    return {St::New, "first policy within N months"};
  return {St::Active, "policy in force"};
}

}  // namespace inscrm
