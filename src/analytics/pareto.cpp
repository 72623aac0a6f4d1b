#include <inscrm/analytics/pareto.hpp>

#include <algorithm>
#include <cmath>

namespace inscrm {

ParetoCurve pareto_curve(std::span<const CustomerProfit> profits) {
  ParetoCurve curve;
  curve.customers = profits.size();
  std::vector<std::int64_t> ranked;
  ranked.reserve(profits.size());
  for (const auto& p : profits) {
    ranked.push_back(p.profit.minor);
    if (p.profit.minor < 0) ++curve.loss_makers;
  }
  std::sort(ranked.begin(), ranked.end(), std::greater<>{});
  curve.cumulative_profit.reserve(ranked.size() + 1);
  curve.cumulative_profit.push_back(Money::cny(0));
  std::int64_t running = 0;
  for (const auto v : ranked) {
    running += v;
    curve.cumulative_profit.push_back(Money::cny(running));
  }
  curve.total_profit = Money::cny(running);
  if (running > 0) {
    const double n = static_cast<double>(ranked.size());
    for (std::size_t k = 0; k < curve.cumulative_profit.size(); ++k)
      curve.points.push_back({static_cast<double>(k) / n,
                              static_cast<double>(curve.cumulative_profit[k].minor) / static_cast<double>(running)});
  }
  return curve;
}

std::optional<double> ParetoCurve::share_of_top(double customer_fraction) const noexcept {
  if (points.empty() || !(customer_fraction >= 0.0 && customer_fraction <= 1.0)) return std::nullopt;
  // The small allowance keeps 0.2 × 10 at 2 customers despite binary rounding.
  const auto k = static_cast<std::size_t>(std::ceil(customer_fraction * static_cast<double>(customers) - 1e-9));
  return points[std::min(k, customers)].profit_share;
}

}  // namespace inscrm
