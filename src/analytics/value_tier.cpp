#include <inscrm/analytics/value_tier.hpp>

#include <inscrm/analytics/quintile.hpp>

#include <fmt/format.h>

#include <optional>

namespace inscrm {

std::vector<int> value_tiers(std::span<const std::int64_t> values) {
  const std::vector<double> measure(values.begin(), values.end());
  return quintile_scores(measure);
}

Result<void> fill_value_tier(Portfolio& portfolio, std::span<const int> tiers) {
  if (tiers.size() != portfolio.size())
    return Error::invalid_argument(
        "value_tiers", fmt::format("{} tiers for a portfolio of {} customers", tiers.size(), portfolio.size()));
  std::vector<std::optional<std::int64_t>> column(tiers.size());
  for (std::size_t r = 0; r < tiers.size(); ++r) {
    if (tiers[r] < 1 || tiers[r] > 5)
      return Error::invalid_argument("value_tiers", fmt::format("tier {} of row {} is not within 1..5", tiers[r], r));
    column[r] = tiers[r];
  }
  return portfolio.set_ints(fact::value_tier, column);
}

}  // namespace inscrm
