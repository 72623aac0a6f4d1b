#pragma once
// domain.md C7: loyalty tiers (Standard, Silver, Gold, Platinum = VIP club). A customer qualifies
// for the highest tier whose every threshold holds over a rolling window; evaluation is periodic.
// Upgrades take effect at once. A customer who no longer qualifies keeps the tier through a
// downgrade grace period and drops (to what they then qualify for) only if they still fall short
// when it has run out; qualifying again during the grace clears it.

#include <inscrm/core/date.hpp>
#include <inscrm/core/money.hpp>
#include <inscrm/core/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace inscrm {

struct TierDefinition {
  std::string code;  // stable: stored on the account and in events ("gold")
  std::string name;  // for people ("Gold")
  // Thresholds, all of which must hold; 0 = no requirement.
  Money min_window_premium;            // premium paid in the window
  int min_tenure_years = 0;
  int min_products = 0;                // distinct products held in force
  std::int64_t min_window_points = 0;  // points earned in the window (net of reversals)
  int min_claim_free_years = 0;
  std::vector<std::string> benefits;   // value-added services, VIP events
};

struct TierProgramme {
  // Lowest first; the first is the base tier everyone holds (its thresholds are ignored).
  std::vector<TierDefinition> tiers;
  int window_months = 12;  // the rolling window ends on the evaluation day (inclusive)
  int grace_days = 90;     // downgrade grace
  // The programme's standard tiers: Standard, Silver, Gold, Platinum (the VIP club).
  static TierProgramme standard();
};

// Codes unique and not empty, at least one tier, window and grace in range: InvalidArgument
// "tiers[i].code", "window_months", "grace_days".
Result<void> validate_tier_programme(const TierProgramme& programme);

// A customer's measures over the window ending on the evaluation day.
struct TierFacts {
  Money window_premium;
  int tenure_years = 0;
  int products = 0;
  std::int64_t window_points = 0;
  int claim_free_years = 0;
};

struct TierState {
  std::string tier;  // empty = never evaluated (treated as the base tier)
  Date since{};
  std::optional<Date> grace_until;  // set while in downgrade grace: the tier drops on this day
};

enum class TierMove { None, Upgrade, GraceStarted, GraceCleared, Downgrade };

struct TierDecision {
  TierState next;
  TierMove move = TierMove::None;
  std::string qualified;  // the tier the facts qualify for today
};

// The tier the facts qualify for.
const TierDefinition& qualifying_tier(const TierProgramme& programme, const TierFacts& facts);
// Rank of a code in the programme (0 = base); an unknown code (a tier since removed) ranks as base.
std::size_t tier_rank(const TierProgramme& programme, const std::string& code) noexcept;

// Pure: the state after evaluating `facts` on `as_of`. A programme must have been validated.
TierDecision evaluate_tier(const TierProgramme& programme, const TierState& current, const TierFacts& facts,
                           Date as_of);

}  // namespace inscrm
