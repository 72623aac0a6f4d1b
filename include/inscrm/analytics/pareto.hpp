#pragma once
// domain.md C8 [002 §4.3]: the Pareto curve of profit by customer share — "30 % of customers create
// over 70 % of profit, half of it offset by the 20 % who lose money". Customers are ranked by profit,
// most profitable first; the curve gives, for the top k of n customers, the share k / n of the
// customers and the share of the total (net) profit they hold. Because loss-makers pull the total
// down, the curve can rise above 100 % before the last customers bring it back to exactly 100 %.

#include <inscrm/analytics/profitability.hpp>
#include <inscrm/core/money.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace inscrm {

struct ParetoPoint {
  double customer_share = 0.0;  // k / n
  double profit_share = 0.0;    // profit of the top k / total profit
};

struct ParetoCurve {
  std::size_t customers = 0;
  Money total_profit = Money::cny(0);
  std::size_t loss_makers = 0;                 // customers with a negative profit
  std::vector<Money> cumulative_profit;        // [k] = profit of the top k customers, k = 0..n
  std::vector<ParetoPoint> points;             // k = 0..n; empty when the total profit is not positive

  // The share of the total profit held by the top `customer_fraction` (0..1) of the customers,
  // rounded up to whole customers: the top 20 % of 6 customers are 2 (⌈1.2⌉). None when the total
  // profit is not positive (a share of a loss means nothing) or the fraction is outside 0..1.
  std::optional<double> share_of_top(double customer_fraction) const noexcept;
};

ParetoCurve pareto_curve(std::span<const CustomerProfit> profits);

}  // namespace inscrm
