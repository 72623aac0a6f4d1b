#include <inscrm/analytics/clv.hpp>

#include "fact_values.hpp"

#include <fmt/format.h>

#include <cmath>

namespace inscrm {

namespace {

bool unit_interval(double x) noexcept { return x >= 0.0 && x <= 1.0; }

// The formula of clv.hpp, with parameters already checked.
double discounted_margin(double annual_margin, double retention, double discount_rate, int horizon_years) {
  double value = 0.0;
  double survival = 1.0;  // r^(t−1)
  double discount = 1.0;  // (1 + d)^t
  for (int t = 1; t <= horizon_years; ++t) {
    discount *= 1.0 + discount_rate;
    value += annual_margin * survival / discount;
    survival *= retention;
  }
  return value;
}

}  // namespace

Result<void> validate_clv_parameters(const ClvParameters& p) {
  if (!unit_interval(p.retention))
    return Error::invalid_argument("retention", fmt::format("retention {} is not a probability (0..1)", p.retention));
  if (!unit_interval(p.margin))
    return Error::invalid_argument("margin", fmt::format("margin {} is not a share of premium (0..1)", p.margin));
  if (!(p.discount_rate > -1.0) || !std::isfinite(p.discount_rate))
    return Error::invalid_argument("discount_rate", fmt::format("discount rate {} must be above -1", p.discount_rate));
  if (p.horizon_years < 1 || p.horizon_years > 100)
    return Error::invalid_argument("horizon_years", fmt::format("horizon {} years is not within 1..100", p.horizon_years));
  return ok();
}

Result<double> lifetime_value(double annual_margin, const ClvParameters& parameters) {
  INSCRM_TRYV(validate_clv_parameters(parameters));
  if (!std::isfinite(annual_margin)) return Error::invalid_argument("annual_margin", "the margin must be a finite amount");
  return discounted_margin(annual_margin, parameters.retention, parameters.discount_rate, parameters.horizon_years);
}

Result<std::vector<CustomerLifetimeValue>> lifetime_values(const Portfolio& portfolio, const ClvParameters& parameters,
                                                           std::span<const double> retention) {
  INSCRM_TRYV(validate_clv_parameters(parameters));
  if (!retention.empty() && retention.size() != portfolio.size())
    return Error::invalid_argument("retention", fmt::format("{} retention values for a portfolio of {} customers",
                                                            retention.size(), portfolio.size()));
  for (std::size_t r = 0; r < retention.size(); ++r)
    if (!unit_interval(retention[r]))
      return Error::invalid_argument("retention", fmt::format("retention {} of row {} is not a probability", retention[r], r));

  std::vector<CustomerLifetimeValue> out(portfolio.size());
  for (std::size_t r = 0; r < portfolio.size(); ++r) {
    auto& v = out[r];
    v.customer = portfolio.customer(r);
    const auto premium = detail::int_fact(portfolio, fact::annual_premium, r).value_or(0);
    v.annual_margin = Money::cny(std::llround(static_cast<double>(premium) * parameters.margin));
    v.retention = retention.empty() ? parameters.retention : retention[r];
    v.value = Money::cny(std::llround(discounted_margin(static_cast<double>(v.annual_margin.minor), v.retention,
                                                        parameters.discount_rate, parameters.horizon_years)));
  }
  return out;
}

}  // namespace inscrm
