#pragma once
// domain.md C10: customer lifetime value, the standard discounted-margin formula. With an annual
// margin m earned at the end of each policy year, a yearly retention probability r (the chance a
// customer who is here this year is still here next year), a discount rate d and a horizon of H years:
//
//   CLV = Σ_{t=1..H} m · r^(t−1) / (1 + d)^t
//
// Year 1's margin is certain (the customer is here now, r^0 = 1) and discounted one year; each later
// year is worth r times less for the chance the customer has gone, and (1 + d) times less for the
// wait. Acquisition cost is not subtracted: these are customers already won.

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/money.hpp>
#include <inscrm/core/result.hpp>

#include <span>
#include <vector>

namespace inscrm {

struct ClvParameters {
  double retention = 0.85;      // 0..1
  double margin = 0.15;         // share of the annualised premium kept as margin, 0..1
  double discount_rate = 0.08;  // > −1; yearly
  int horizon_years = 10;       // 1..100
};

// InvalidArgument naming the field ("retention", "margin", "discount_rate", "horizon_years").
Result<void> validate_clv_parameters(const ClvParameters& parameters);

// The formula above for one annual margin, with parameters.retention as r (parameters.margin is
// not used: the margin is given). Validates the parameters.
Result<double> lifetime_value(double annual_margin, const ClvParameters& parameters);

struct CustomerLifetimeValue {
  CustomerId customer;
  Money annual_margin = Money::cny(0);  // annual_premium × parameters.margin, rounded to the fen
  double retention = 0.0;
  Money value = Money::cny(0);          // rounded to the fen
};

// Per portfolio row, in row order, with the annualised premium in force (fact annual_premium) as
// the premium. `retention` gives each row its own r (for instance 1 − churn risk / 100); empty =
// parameters.retention for all. InvalidArgument "retention" when it is neither empty nor one per
// row, or a value lies outside 0..1.
Result<std::vector<CustomerLifetimeValue>> lifetime_values(const Portfolio& portfolio, const ClvParameters& parameters,
                                                           std::span<const double> retention = {});

}  // namespace inscrm
