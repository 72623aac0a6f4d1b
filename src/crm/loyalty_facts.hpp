#pragma once
// Sets a portfolio's loyalty facts (points, tier) from every account in the store, a page at a
// time (analytics/loyalty_facts.hpp). Shared by Crm::portfolio and Crm::kpis. portfolio.cpp.
#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/storage/store.hpp>

namespace inscrm::detail {

Result<void> fill_loyalty_facts(storage::Transaction& tx, Portfolio& portfolio);

}  // namespace inscrm::detail
