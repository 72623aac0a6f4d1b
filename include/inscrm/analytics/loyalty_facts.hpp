#pragma once
// The Portfolio facts the loyalty programme (C7) holds: `points` (the account's balance) and
// `tier` (its tier code). Portfolio::build leaves every row at 0 and "standard", the values of a
// customer without an account; the callers that build a portfolio from a store (Crm::portfolio,
// the memory adapter's rule push-down) set them from the accounts, as the SQL adapters'
// customer_facts view does (migration 0009_customer_facts), which the segment conformance test holds them to.
// They are the account's state as it stands, not as of the portfolio's day: an account keeps its
// current balance and tier, not their history (the ledger has the history).

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/result.hpp>

#include <cstdint>
#include <string_view>

namespace inscrm {

// An empty tier (an account whose tier was never evaluated) leaves "standard". A customer outside
// the portfolio is ignored, so a caller may stream every account of the store.
Result<void> set_loyalty_facts(Portfolio& portfolio, CustomerId customer, std::int64_t points, std::string_view tier);

}  // namespace inscrm
