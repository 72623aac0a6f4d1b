#pragma once
// The storage port for the loyalty programme (domain.md C7): the append-only points ledger, the
// account per customer (the cached balance and the tier state) and the versioned earning rules.
// Reached through Transaction::loyalty(), so it shares the transaction of the service call: an
// entry, the account's new balance and the outbox event commit together or not at all.
//
// The rules of store.hpp hold here too: ids are assigned on insert; unknown ids are NotFound.

#include <inscrm/core/date.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/domain/loyalty_rule.hpp>
#include <inscrm/domain/points.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inscrm::storage {

// A customer's loyalty account: what the ledger sums to (cached, proven by
// LoyaltyService::check_balances) and the tier state (domain/tier.hpp).
struct LoyaltyAccount {
  CustomerId customer;
  std::int64_t version = 0;  // 0 = not stored yet
  std::int64_t balance = 0;
  std::string tier;          // empty until the first tier evaluation
  Date tier_since{};
  std::optional<Date> grace_until;
  Instant updated_at{};
};

// What a tier evaluation needs of one customer (the facts of domain/tier.hpp), aggregated where the
// data lives, over the window (window_start, as_of].
struct TierMeasures {
  CustomerId customer;
  std::int64_t window_premium_minor = 0;  // CNY payments on policies they hold, paid in the window
  std::optional<Date> first_effective;    // the earliest effective date, on or before as_of, of an
                                          // issued policy they hold
  int products = 0;                       // distinct products among the policies they hold in force
  std::int64_t window_points = 0;         // their earn and reverse entries dated in the window
  std::optional<Date> last_claim;         // the latest incident date, on or before as_of, of their claims
};

class LoyaltyRecords {
 public:
  virtual ~LoyaltyRecords() = default;
  LoyaltyRecords() = default;
  LoyaltyRecords(const LoyaltyRecords&) = delete;
  LoyaltyRecords& operator=(const LoyaltyRecords&) = delete;

  // The ledger: append-only. Assigns the id. (customer, idempotency_key) is unique:
  // AlreadyExists "idempotency_key" when taken, nothing written.
  virtual Result<void> append_points(PointsEntry& entry) = 0;
  virtual Result<std::optional<PointsEntry>> points_by_key(CustomerId customer, std::string_view key) = 0;
  // One customer's entries, in id order.
  virtual Result<std::vector<PointsEntry>> points_of(CustomerId customer) = 0;
  // Every customer's entries in id order, a page after `after` (for checks and batch jobs).
  virtual Result<std::vector<PointsEntry>> points_page(PointsEntryId after, std::size_t limit) = 0;
  // The entries that name `policy`, in id order.
  virtual Result<std::vector<PointsEntry>> points_on_policy(PolicyId policy) = 0;
  // The customers that hold a grant expiring on or before `as_of` with an unexpired part — a
  // superset is allowed (the service decides from the ledger), ascending.
  virtual Result<std::vector<CustomerId>> customers_with_grants_expiring(Date as_of) = 0;

  // Accounts. save_account inserts when version is 0 (AlreadyExists "customer" if one exists),
  // otherwise updates only when the stored version equals the given one (else Conflict); the
  // version in `account` is then the stored one.
  virtual Result<std::optional<LoyaltyAccount>> account(CustomerId customer) = 0;
  virtual Result<void> save_account(LoyaltyAccount& account) = 0;
  // Accounts in customer order, after `after`.
  virtual Result<std::vector<LoyaltyAccount>> accounts(CustomerId after, std::size_t limit) = 0;

  // The tier measures of every customer who holds a policy, has a claim or has a ledger entry, in
  // customer order (one aggregate query on SQL stores, not a scan of the records).
  virtual Result<std::vector<TierMeasures>> tier_measures(Date window_start, Date as_of) = 0;

  // Earning rules. insert assigns the id and stores version 1 (name unique: AlreadyExists "name");
  // append_rule_version stores rule.version, which must be the latest stored + 1 (else Conflict;
  // NotFound for an unknown id). Old versions stay.
  virtual Result<void> insert_earning_rule(EarningRule& rule) = 0;
  virtual Result<void> append_earning_rule_version(const EarningRule& rule) = 0;
  // The latest version, or the one asked for.
  virtual Result<EarningRule> earning_rule(EarningRuleId id, std::optional<int> version = std::nullopt) = 0;
  // The latest version of every rule, in id order.
  virtual Result<std::vector<EarningRule>> earning_rules() = 0;
  // Every version of one rule, in version order.
  virtual Result<std::vector<EarningRule>> earning_rule_versions(EarningRuleId id) = 0;
};

}  // namespace inscrm::storage
