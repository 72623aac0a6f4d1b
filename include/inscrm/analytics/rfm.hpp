#pragma once
// domain.md C8: RFM scoring over premium payments — how Recently a customer last paid, how
// Frequently and how much (Monetary) in a look-back window — each as a quintile score 1..5
// (quintile.hpp; ties share a score, see there). 5 is best on each axis: the most recent, the most
// frequent, the largest payer.
//
// The premium is the holder's (投保人): a payment counts for the customer who holds the policy.
// Payments made after the portfolio's as_of are not yet history; amounts not in CNY are left out
// (the Portfolio is a CNY book). Customers who never paid rank lowest on all three axes.

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/money.hpp>
#include <inscrm/domain/payment.hpp>
#include <inscrm/domain/policy.hpp>

#include <optional>
#include <span>
#include <vector>

namespace inscrm {

struct RfmOptions {
  // Frequency and monetary count the payments made in (as_of − lookback, as_of]; recency looks at
  // the whole history. Three years covers a full annual-premium cycle several times over.
  int lookback_months = 36;
};

struct RfmScore {
  CustomerId customer;
  std::optional<int> days_since_last_payment;  // none: never paid
  int payments = 0;                            // in the look-back window
  Money premium = Money::cny(0);               // paid in the look-back window
  int recency = 1;                             // 1..5
  int frequency = 1;                           // 1..5
  int monetary = 1;                            // 1..5
  // The usual three-digit RFM cell, e.g. 545.
  int cell() const noexcept { return recency * 100 + frequency * 10 + monetary; }
};

// One score per portfolio row, in row order.
std::vector<RfmScore> rfm_scores(const Portfolio& portfolio, std::span<const Policy> policies,
                                 std::span<const Payment> payments, const RfmOptions& options = {});

}  // namespace inscrm
