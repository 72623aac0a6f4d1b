#include <inscrm/analytics/rfm.hpp>

#include <inscrm/analytics/quintile.hpp>

#include "holder_rows.hpp"

#include <limits>

namespace inscrm {

std::vector<RfmScore> rfm_scores(const Portfolio& portfolio, std::span<const Policy> policies,
                                 std::span<const Payment> payments, const RfmOptions& options) {
  const std::size_t n = portfolio.size();
  const Date as_of = portfolio.as_of();
  const Date window_start = add_months(as_of, -options.lookback_months);
  std::vector<RfmScore> scores(n);
  for (std::size_t r = 0; r < n; ++r) scores[r].customer = portfolio.customer(r);

  const auto holder = detail::holder_rows(portfolio, policies);
  for (const auto& pay : payments) {
    const auto it = holder.find(pay.policy);
    if (it == holder.end() || pay.paid_on > as_of || pay.amount.currency != Currency::cny()) continue;
    RfmScore& s = scores[it->second];
    const int days = days_between(pay.paid_on, as_of);
    if (!s.days_since_last_payment || days < *s.days_since_last_payment) s.days_since_last_payment = days;
    if (pay.paid_on > window_start) {
      ++s.payments;
      s.premium += pay.amount;
    }
  }

  // Ascending measures, so that the highest quintile is the best customer on each axis.
  std::vector<double> recency(n), frequency(n), monetary(n);
  for (std::size_t r = 0; r < n; ++r) {
    const auto& s = scores[r];
    recency[r] = s.days_since_last_payment ? -static_cast<double>(*s.days_since_last_payment)
                                           : -std::numeric_limits<double>::infinity();
    frequency[r] = s.payments;
    monetary[r] = static_cast<double>(s.premium.minor);
  }
  const auto r_scores = quintile_scores(recency);
  const auto f_scores = quintile_scores(frequency);
  const auto m_scores = quintile_scores(monetary);
  for (std::size_t r = 0; r < n; ++r) {
    scores[r].recency = r_scores[r];
    scores[r].frequency = f_scores[r];
    scores[r].monetary = m_scores[r];
  }
  return scores;
}

}  // namespace inscrm
