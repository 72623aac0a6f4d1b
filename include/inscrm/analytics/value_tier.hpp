#pragma once
// domain.md C8: value tiers 1..5 — the quintiles (quintile.hpp) of a value measure per customer,
// 5 = the most valuable fifth. The measure is the host's choice; the usual one is the profit of
// profitability.hpp (premium − claims − servicing), since premium alone rewards customers whose
// claims cost more than they pay. The tiers fill the standard fact `value_tier`, so that segment
// rules can read them ("value_tier >= 4 and tenure_years >= 5").

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/core/result.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace inscrm {

// One tier per value, in the order given.
std::vector<int> value_tiers(std::span<const std::int64_t> values);

// Writes the tiers into fact::value_tier, row by row. InvalidArgument "value_tiers" when there is not
// one tier per row or a tier lies outside 1..5; the portfolio is unchanged then.
Result<void> fill_value_tier(Portfolio& portfolio, std::span<const int> tiers);

}  // namespace inscrm
