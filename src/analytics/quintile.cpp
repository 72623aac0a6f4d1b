#include <inscrm/analytics/quintile.hpp>

#include <algorithm>
#include <cstddef>
#include <numeric>

namespace inscrm {

std::vector<int> quintile_scores(std::span<const double> values) {
  const std::size_t n = values.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<int> scores(n, 1);
  std::size_t tie_start = 0;
  for (std::size_t pos = 0; pos < n; ++pos) {
    if (pos > 0 && values[order[pos]] != values[order[pos - 1]]) tie_start = pos;
    scores[order[pos]] = 1 + static_cast<int>(5 * tie_start / n);
  }
  return scores;
}

}  // namespace inscrm
