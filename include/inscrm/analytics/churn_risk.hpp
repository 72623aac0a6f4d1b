#pragma once
// domain.md C10: lapse / churn risk per customer and per policy. A transparent points score, not a
// black box: each factor that applies adds its points, the score is their sum capped at 100, and
// the factors are returned with the score so an agent can see why a customer is on the call list
// and what to talk about. The points are a starting point reflecting the usual drivers of lapse in
// long-term life business (early policy years, missed or late premiums, dissatisfaction, no
// contact); hosts with their own lapse history should recalibrate them.
//
// Customer factors (from the Portfolio's standard facts):
//   no_policy_in_force         30  policies_in_force = 0 while the customer has tenure (already gone)
//   has_lapsed_policy          25  a held policy is lapsed
//   no_recent_payment          15  days_since_last_payment > 400 (a yearly premium was missed), or no payment ever
//   open_complaint             15  open_complaints > 0
//   detractor                  15  nps 0..6
//   early_tenure               10  tenure_years < 2
//   single_product             10  exactly one product held
//   no_recent_contact          10  last_contact older than 365 days, or never
// Policy factors (in-force policies only; a policy not in force has nothing left to lapse):
//   grace_period               40  the policy is in its grace period (a premium is already missed)
//   late_payer            up to 20  20 × the share of its instalments paid after their due date
//   early_policy_year          15  in policy year 1 or 2, when most lapses happen
//   instalment_frequency       10  monthly premiums: twelve chances a year to stop (quarterly: 5)

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/core/date.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/domain/payment.hpp>
#include <inscrm/domain/policy.hpp>

#include <span>
#include <string>
#include <vector>

namespace inscrm {

struct RiskFactor {
  std::string name;  // one of the names above
  int points = 0;
  friend bool operator==(const RiskFactor&, const RiskFactor&) = default;
};

struct CustomerChurnRisk {
  CustomerId customer;
  int score = 0;                    // 0..100
  std::vector<RiskFactor> factors;  // those that applied, heaviest first (ties in table order)
};

struct PolicyLapseRisk {
  PolicyId policy;
  CustomerId holder;
  int score = 0;  // 0..100
  std::vector<RiskFactor> factors;
};

// One per portfolio row, in row order; date facts count from the portfolio's as_of.
std::vector<CustomerChurnRisk> churn_risk(const Portfolio& portfolio);

// One per policy in force, in the order given, as of a day. Payments after as_of are not yet made.
std::vector<PolicyLapseRisk> lapse_risk(std::span<const Policy> policies, std::span<const Payment> payments,
                                        Date as_of);

}  // namespace inscrm
