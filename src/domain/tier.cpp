#include <inscrm/domain/tier.hpp>

#include <fmt/format.h>

#include <set>

namespace inscrm {
namespace {

bool meets(const TierDefinition& t, const TierFacts& f) {
  return f.window_premium.minor >= t.min_window_premium.minor && f.tenure_years >= t.min_tenure_years &&
         f.products >= t.min_products && f.window_points >= t.min_window_points &&
         f.claim_free_years >= t.min_claim_free_years;
}

}  // namespace

TierProgramme TierProgramme::standard() {
  TierProgramme p;
  p.tiers = {
      {"standard", "Standard", Money::cny(0), 0, 0, 0, 0, {}},
      {"silver", "Silver", Money::cny(5'000'00), 1, 1, 500, 0, {"priority_service_line"}},
      {"gold", "Gold", Money::cny(20'000'00), 3, 2, 2'000, 1, {"priority_service_line", "annual_health_check"}},
      {"platinum",
       "Platinum",
       Money::cny(50'000'00),
       5,
       3,
       5'000,
       2,
       {"priority_service_line", "annual_health_check", "vip_events", "dedicated_manager"}},
  };
  return p;
}

Result<void> validate_tier_programme(const TierProgramme& p) {
  if (p.tiers.empty()) return Error::invalid_argument("tiers", "a programme has at least its base tier");
  std::set<std::string> codes;
  for (std::size_t i = 0; i < p.tiers.size(); ++i) {
    const auto& t = p.tiers[i];
    const auto field = fmt::format("tiers[{}]", i);
    if (t.code.empty() || t.code.size() > 50) return Error::invalid_argument(field + ".code", "1..50 characters");
    if (!codes.insert(t.code).second)
      return Error::invalid_argument(field + ".code", fmt::format("tier code '{}' appears twice", t.code));
    if (t.min_window_premium.minor < 0 || t.min_tenure_years < 0 || t.min_products < 0 || t.min_window_points < 0 ||
        t.min_claim_free_years < 0)
      return Error::invalid_argument(field, "thresholds must not be negative");
  }
  if (p.window_months < 1 || p.window_months > 60)
    return Error::invalid_argument("window_months", fmt::format("{} is not within 1..60", p.window_months));
  if (p.grace_days < 0 || p.grace_days > 730)
    return Error::invalid_argument("grace_days", fmt::format("{} is not within 0..730", p.grace_days));
  return ok();
}

const TierDefinition& qualifying_tier(const TierProgramme& p, const TierFacts& f) {
  for (std::size_t i = p.tiers.size(); i-- > 1;)
    if (meets(p.tiers[i], f)) return p.tiers[i];
  return p.tiers.front();
}

std::size_t tier_rank(const TierProgramme& p, const std::string& code) noexcept {
  for (std::size_t i = 0; i < p.tiers.size(); ++i)
    if (p.tiers[i].code == code) return i;
  return 0;
}

TierDecision evaluate_tier(const TierProgramme& p, const TierState& current, const TierFacts& f, Date as_of) {
  TierDecision d;
  d.next = current;
  d.qualified = qualifying_tier(p, f).code;
  const auto have = current.tier.empty() ? std::string{p.tiers.front().code} : current.tier;
  const auto have_rank = tier_rank(p, have);
  const auto qualified_rank = tier_rank(p, d.qualified);
  if (current.tier.empty()) {  // first evaluation: the tier qualified for, no grace to honour
    d.next = {d.qualified, as_of, std::nullopt};
    d.move = qualified_rank > 0 ? TierMove::Upgrade : TierMove::None;
    return d;
  }
  if (qualified_rank > have_rank) {
    d.next = {d.qualified, as_of, std::nullopt};
    d.move = TierMove::Upgrade;
  } else if (qualified_rank == have_rank) {
    if (current.grace_until) {
      d.next.grace_until.reset();
      d.move = TierMove::GraceCleared;
    }
  } else if (!current.grace_until) {
    if (p.grace_days == 0) {
      d.next = {d.qualified, as_of, std::nullopt};
      d.move = TierMove::Downgrade;
    } else {
      d.next.grace_until = add_days(as_of, p.grace_days);
      d.move = TierMove::GraceStarted;
    }
  } else if (as_of >= *current.grace_until) {
    d.next = {d.qualified, as_of, std::nullopt};
    d.move = TierMove::Downgrade;
  }
  return d;
}

}  // namespace inscrm
