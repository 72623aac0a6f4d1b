#pragma once
// domain.md C7: the loyalty programme — the points ledger (domain/points.hpp), earning rules as
// data (domain/loyalty_rule.hpp) and tiers (domain/tier.hpp). Every call is one transaction; every
// change writes its outbox event (loyalty.points_earned, loyalty.points_redeemed,
// loyalty.points_expired, loyalty.points_adjusted, loyalty.points_reversed, loyalty.rule_changed,
// loyalty.tier_changed).

#include <inscrm/core/date.hpp>
#include <inscrm/core/money.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/crm/service_base.hpp>
#include <inscrm/domain/loyalty_rule.hpp>
#include <inscrm/domain/points.hpp>
#include <inscrm/domain/tier.hpp>
#include <inscrm/security/actor.hpp>
#include <inscrm/storage/loyalty_records.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace inscrm {

// The programme settings, fixed when the Crm is opened (OpenOptions::loyalty).
struct LoyaltySettings {
  TierProgramme tiers = TierProgramme::standard();
  // What one point is worth to the company when redeemed: points outstanding are a liability and
  // are reported as money at this value (1 fen per point by default).
  Money point_value = Money::cny(1);
};

// InvalidArgument "tiers…" / "point_value".
Result<void> validate_loyalty_settings(const LoyaltySettings& settings);

// An event that may earn points. The idempotency key names the event (the payment, the referral);
// delivered again with the same key it pays nothing more.
struct EarnEvent {
  CustomerId customer;
  EarnEventType type = EarnEventType::PremiumPaid;
  Date on{};                      // default: today
  std::optional<Money> amount;    // e.g. the premium paid (CNY)
  std::optional<PolicyId> policy; // the policy it concerns (a free-look cancellation reverses it)
  std::string source;             // "payment:42"; reversals find grants by it
  std::string idempotency_key;    // default: "<type>:<source>"
};

struct EarnResult {
  std::vector<PointsEntry> entries;  // one per rule that paid, in rule order
  bool replayed = false;             // every entry already existed: nothing was paid now
};

struct PointsBalance {
  CustomerId customer;
  std::int64_t balance = 0;    // the sum of the ledger
  std::int64_t available = 0;  // spendable today (grants whose expiry day has come are not)
  std::optional<Date> next_expiry;
  std::int64_t expiring_next = 0;  // points that expire on next_expiry
};

// check_balances(): the account's cached balance against the sum of the entries and the FIFO replay.
struct BalanceMismatch {
  CustomerId customer;
  std::int64_t account_balance = 0;
  std::int64_t ledger_sum = 0;
  std::string problem;
};
struct BalanceCheck {
  std::size_t customers = 0;
  std::size_t entries = 0;
  std::int64_t points_outstanding = 0;
  std::vector<BalanceMismatch> mismatches;  // empty = every balance proven
  bool ok() const noexcept { return mismatches.empty(); }
};

struct ExpiryRun {
  Date as_of{};
  std::size_t customers = 0;      // customers with points expired now
  std::int64_t points_expired = 0;
};

struct TierChange {
  CustomerId customer;
  std::string from, to;
  TierMove move = TierMove::None;
  std::optional<Date> grace_until;
};

struct TierRun {
  Date as_of{};
  std::size_t customers = 0;
  std::size_t upgrades = 0, downgrades = 0, grace_started = 0, grace_cleared = 0;
  std::vector<TierChange> changes;  // every move, in customer order
};

struct TierCount {
  std::string tier;
  std::size_t customers = 0;
};
struct TierDistribution {
  std::vector<TierCount> tiers;  // programme order, every tier listed
  std::int64_t points_outstanding = 0;
  Money outstanding_value;  // points_outstanding × point_value
};

class LoyaltyService : detail::ServiceBase {
 public:
  // Earning rules. add validates (validate_earning_rule; the condition is compiled against the
  // facts: InvalidArgument "condition") and stores version 1; change stores the next version of an
  // existing rule (rule.version must be the current one: Conflict otherwise). loyalty.rule_changed.
  Result<EarningRule> add_rule(const Actor& actor, EarningRule draft) const;
  Result<EarningRule> change_rule(const Actor& actor, EarningRule next) const;
  Result<std::vector<EarningRule>> rules(const Actor& actor) const;
  Result<std::vector<EarningRule>> rule_versions(const Actor& actor, EarningRuleId id) const;

  // Pays every rule in force for the event's type and day whose condition holds for the customer.
  // A replay pays nothing and returns the entries the first delivery wrote.
  Result<EarnResult> earn(const Actor& actor, const EarnEvent& event) const;

  // FIFO by expiry. InvalidArgument "points" when fewer are available. A replayed key returns the
  // entry written the first time.
  Result<PointsEntry> redeem(const Actor& actor, CustomerId customer, std::int64_t points, std::string idempotency_key,
                             std::string note = {}) const;
  // A manual correction: positive grants (expiring after expiry_months, default 24), negative spend
  // FIFO. The note is required (InvalidArgument "note").
  Result<PointsEntry> adjust(const Actor& actor, CustomerId customer, std::int64_t points, std::string idempotency_key,
                             std::string note, int expiry_months = 24) const;
  // Takes back what is left of every grant the source earned (a payment that was reversed).
  // Idempotent: a grant is reversed once. The reversal entries written now.
  Result<std::vector<PointsEntry>> reverse_source(const Actor& actor, CustomerId customer, std::string source,
                                                  std::string note = {}) const;

  // Expires, for every customer, the grants whose expiry day is on or before as_of. Idempotent:
  // a second run for the same day (or an earlier one) expires nothing.
  Result<ExpiryRun> expire(const Actor& actor, Date as_of) const;
  Result<ExpiryRun> expire(const Actor& actor) const;  // today

  Result<PointsBalance> balance(const Actor& actor, CustomerId customer) const;
  Result<std::vector<PointsEntry>> statement(const Actor& actor, CustomerId customer) const;
  // Proves, for every customer with a ledger or an account, that the account balance equals the
  // sum of the entries and that the ledger replays under the FIFO rules (domain/points.hpp).
  Result<BalanceCheck> check_balances(const Actor& actor) const;

  // Evaluates every customer's tier on as_of (domain/tier.hpp) over the rolling window; each move
  // is a loyalty.tier_changed event. Idempotent for a day.
  Result<TierRun> evaluate_tiers(const Actor& actor, Date as_of) const;
  // The stored tier state; base tier with no evaluation yet.
  Result<storage::LoyaltyAccount> account(const Actor& actor, CustomerId customer) const;
  // Customers per tier (customers never evaluated count in the base tier) and points outstanding.
  Result<TierDistribution> tier_distribution(const Actor& actor) const;

  const LoyaltySettings& settings() const noexcept;

 private:
  friend class Crm;
  using ServiceBase::ServiceBase;
};

}  // namespace inscrm
