#pragma once
// domain.md C8: the value × loyalty matrix. Golden customers are those of high value AND high
// loyalty: the ones to keep at (almost) any cost; high value with low loyalty are the ones at risk.
//
// Loyalty (domain.md C6 "loyalty indicators": tenure, products held, renewal history) is a score
// 0..1, the mean of three parts, each 0..1:
//   tenure       min(tenure_years, full_tenure_years) / full_tenure_years
//   products     min(distinct products held in force, full_products) / full_products
//   persistency  kept / (kept + broken) over the customer's issued policies as holder, where kept =
//                in force, matured or expired (ran their course) and broken = lapsed or
//                surrendered; policies cancelled in the free-look window, terminated or not yet in
//                force say nothing about loyalty and are left out. 0 when nothing is left.
// The loyalty tiers of the points programme (C7) are a separate fact (fact::tier, set from the
// accounts by analytics/loyalty_facts.hpp), not this score.

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/domain/policy.hpp>

#include <array>
#include <cstddef>
#include <span>
#include <vector>

namespace inscrm {

struct LoyaltyOptions {
  int full_tenure_years = 5;
  int full_products = 3;
};

struct LoyaltyScore {
  CustomerId customer;
  double tenure = 0.0;
  double products = 0.0;
  double persistency = 0.0;
  double score = 0.0;  // (tenure + products + persistency) / 3
};

// One score per portfolio row, in row order, from the facts tenure_years and products_held and the
// statuses of the policies each customer holds.
std::vector<LoyaltyScore> loyalty_scores(const Portfolio& portfolio, std::span<const Policy> policies,
                                         const LoyaltyOptions& options = {});

enum class ValueLoyaltyCell { Golden, HighValueLowLoyalty, LowValueHighLoyalty, LowValueLowLoyalty };
INSCRM_ENUM_TEXT(ValueLoyaltyCell, "golden", "high_value_low_loyalty", "low_value_high_loyalty",
                 "low_value_low_loyalty")

struct ValueLoyaltyThresholds {
  int high_value_tier = 4;      // value tier (value_tier.hpp) at or above this is high value: the top two fifths
  double high_loyalty = 2.0 / 3.0;  // loyalty score at or above this is high loyalty
};

struct ValueLoyaltyMatrix {
  std::vector<ValueLoyaltyCell> cells;  // one per row, in row order
  std::array<std::size_t, enum_count<ValueLoyaltyCell>()> counts{};
  std::vector<CustomerId> golden;  // in row order

  std::size_t count(ValueLoyaltyCell c) const noexcept { return counts[static_cast<std::size_t>(c)]; }
};

// value_tiers and loyalty are per row (same length as the portfolio: InvalidArgument "value_tiers"
// or "loyalty" otherwise).
Result<ValueLoyaltyMatrix> value_loyalty_matrix(const Portfolio& portfolio, std::span<const int> value_tiers,
                                                std::span<const LoyaltyScore> loyalty,
                                                const ValueLoyaltyThresholds& thresholds = {});

}  // namespace inscrm
