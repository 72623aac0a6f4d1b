#include <inscrm/analytics/value_loyalty.hpp>

#include "fact_values.hpp"
#include "holder_rows.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace inscrm {

namespace {

double part(std::int64_t value, int full) {
  if (full <= 0) return 1.0;
  return static_cast<double>(std::clamp<std::int64_t>(value, 0, full)) / full;
}

}  // namespace

std::vector<LoyaltyScore> loyalty_scores(const Portfolio& portfolio, std::span<const Policy> policies,
                                         const LoyaltyOptions& options) {
  const std::size_t n = portfolio.size();
  std::vector<int> kept(n, 0);
  std::vector<int> broken(n, 0);
  for (const auto& p : policies) {
    const auto row = portfolio.row_of(p.holder);
    if (!row) continue;
    if (in_force(p.status) || p.status == PolicyStatus::Matured || p.status == PolicyStatus::Expired)
      ++kept[*row];
    else if (p.status == PolicyStatus::Lapsed || p.status == PolicyStatus::Surrendered)
      ++broken[*row];
  }
  std::vector<LoyaltyScore> out(n);
  for (std::size_t r = 0; r < n; ++r) {
    LoyaltyScore& s = out[r];
    s.customer = portfolio.customer(r);
    s.tenure = part(detail::int_fact(portfolio, fact::tenure_years, r).value_or(0), options.full_tenure_years);
    s.products = part(static_cast<std::int64_t>(detail::set_fact(portfolio, fact::products_held, r).size()),
                      options.full_products);
    s.persistency = kept[r] + broken[r] > 0 ? static_cast<double>(kept[r]) / (kept[r] + broken[r]) : 0.0;
    s.score = (s.tenure + s.products + s.persistency) / 3.0;
  }
  return out;
}

Result<ValueLoyaltyMatrix> value_loyalty_matrix(const Portfolio& portfolio, std::span<const int> value_tiers,
                                                std::span<const LoyaltyScore> loyalty,
                                                const ValueLoyaltyThresholds& thresholds) {
  if (value_tiers.size() != portfolio.size())
    return Error::invalid_argument("value_tiers", fmt::format("{} value tiers for a portfolio of {} customers",
                                                              value_tiers.size(), portfolio.size()));
  if (loyalty.size() != portfolio.size())
    return Error::invalid_argument("loyalty", fmt::format("{} loyalty scores for a portfolio of {} customers",
                                                          loyalty.size(), portfolio.size()));
  ValueLoyaltyMatrix m;
  m.cells.reserve(portfolio.size());
  for (std::size_t r = 0; r < portfolio.size(); ++r) {
    const bool high_value = value_tiers[r] >= thresholds.high_value_tier;
    const bool high_loyalty = loyalty[r].score >= thresholds.high_loyalty;
    const ValueLoyaltyCell cell = high_value ? (high_loyalty ? ValueLoyaltyCell::Golden : ValueLoyaltyCell::HighValueLowLoyalty)
                                             : (high_loyalty ? ValueLoyaltyCell::LowValueHighLoyalty
                                                             : ValueLoyaltyCell::LowValueLowLoyalty);
    m.cells.push_back(cell);
    ++m.counts[static_cast<std::size_t>(cell)];
    if (cell == ValueLoyaltyCell::Golden) m.golden.push_back(portfolio.customer(r));
  }
  return m;
}

}  // namespace inscrm
