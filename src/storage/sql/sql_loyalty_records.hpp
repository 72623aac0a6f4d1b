#pragma once
// The SQL adapters' LoyaltyRecords (storage/loyalty_records.hpp): a view of its SqlTransaction,
// reached through friendship like SqlServiceRecords — the same connection, the same run() edge.

#include <inscrm/storage/loyalty_records.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace inscrm::storage::sql {

class SqlTransaction;

class SqlLoyaltyRecords final : public LoyaltyRecords {
 public:
  explicit SqlLoyaltyRecords(SqlTransaction& tx) noexcept : tx_(tx) {}

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
  template <class T, class Body>
  Result<T> write(Body&& body);
  template <class T, class Body>
  Result<T> read(Body&& body);

  Result<int> latest_rule_version(long long id);
  Result<void> insert_rule_row(const EarningRule& rule);

  SqlTransaction& tx_;
};

}  // namespace inscrm::storage::sql
