#pragma once
// The memory adapter's LoyaltyRecords (storage/loyalty_records.hpp): the undo-log design of
// MemoryTransaction (memory_store.cpp), whose lock, undo log and state it shares.

#include <inscrm/storage/store.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace inscrm::storage::memory {

struct LoyaltyCounters {
  std::int64_t entry = 0, rule = 0;
};

struct LoyaltyState {
  std::map<std::int64_t, PointsEntry> entries;
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> entry_by_key;  // (customer, key) → id
  std::set<std::pair<std::int64_t, std::int64_t>> entries_by_customer;       // (customer, id)
  std::multimap<std::int64_t, std::int64_t> entries_by_policy;               // policy → id
  std::map<std::int64_t, LoyaltyAccount> accounts;                            // by customer
  std::map<std::pair<std::int64_t, int>, EarningRule> rules;                  // (id, version)
  std::map<std::string, std::int64_t> rule_by_name;
  LoyaltyCounters next;
};

// The store's other records that tier_measures aggregates with the ledger, owned by the store.
struct TierSources {
  const std::map<std::int64_t, Policy>& policies;
  const std::map<std::int64_t, Payment>& payments;
  const std::map<std::int64_t, Claim>& claims;
};

class MemoryLoyaltyRecords final : public LoyaltyRecords {
 public:
  using UndoLog = std::vector<std::function<void()>>;

  MemoryLoyaltyRecords(LoyaltyState& state, TierSources sources, UndoLog& undo, const bool& finished,
                       TxMode mode) noexcept
      : s_(state), sources_(sources), undo_(undo), finished_(finished), mode_(mode) {}

  Result<void> append_points(PointsEntry& entry) override;
  Result<std::optional<PointsEntry>> points_by_key(CustomerId customer, std::string_view key) override;
  Result<std::vector<PointsEntry>> points_of(CustomerId customer) override;
  Result<std::vector<PointsEntry>> points_page(PointsEntryId after, std::size_t limit) override;
  Result<std::vector<PointsEntry>> points_on_policy(PolicyId policy) override;
  Result<std::vector<CustomerId>> customers_with_grants_expiring(Date as_of) override;

  Result<std::optional<LoyaltyAccount>> account(CustomerId customer) override;
  Result<void> save_account(LoyaltyAccount& account) override;
  Result<std::vector<LoyaltyAccount>> accounts(CustomerId after, std::size_t limit) override;
  Result<std::vector<TierMeasures>> tier_measures(Date window_start, Date as_of) override;

  Result<void> insert_earning_rule(EarningRule& rule) override;
  Result<void> append_earning_rule_version(const EarningRule& rule) override;
  Result<EarningRule> earning_rule(EarningRuleId id, std::optional<int> version) override;
  Result<std::vector<EarningRule>> earning_rules() override;
  Result<std::vector<EarningRule>> earning_rule_versions(EarningRuleId id) override;

 private:
  Result<void> writable() const;
  int latest_version(std::int64_t rule) const;

  LoyaltyState& s_;
  TierSources sources_;
  UndoLog& undo_;
  const bool& finished_;
  TxMode mode_;
};

}  // namespace inscrm::storage::memory
