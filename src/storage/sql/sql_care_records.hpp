#pragma once
// The SQL adapters' CareRecords (storage/care_records.hpp): a view of its SqlTransaction, reached
// through friendship like SqlLoyaltyRecords — the same connection, the same run() edge.

#include <inscrm/storage/care_records.hpp>

#include <string>
#include <vector>

namespace inscrm::storage::sql {

class SqlTransaction;

class SqlCareRecords final : public CareRecords {
 public:
  explicit SqlCareRecords(SqlTransaction& tx) noexcept : tx_(tx) {}

  Result<void> append_consent(ConsentRecord& record) override;
  Result<std::vector<ConsentRecord>> consents_of(CustomerId customer) override;
  Result<std::vector<CustomerId>> consenting(ConsentPurpose purpose, Channel channel,
                                             const std::vector<CustomerId>& customers) override;

  Result<std::vector<CareCandidate>> born_on(unsigned month, unsigned day, bool and_feb29) override;
  Result<std::vector<CareCandidate>> customers_page(CustomerId after, std::size_t limit) override;
  Result<std::vector<CareCandidate>> anniversaries(Date on, bool and_feb29) override;
  Result<std::vector<DueInstalment>> instalments_due(Date due) override;
  Result<std::vector<CareCandidate>> grace_ending(Date last_day) override;
  Result<std::vector<CareCandidate>> maturing(Date on) override;
  Result<std::vector<CareCandidate>> issued_long_term(Date on, int min_days) override;
  Result<std::vector<CareCandidate>> claims_settled(Date on) override;
  Result<std::vector<CareCandidate>> complaints_closed(Date on) override;

  Result<std::size_t> insert_care_tasks(std::vector<CareTask>& tasks) override;
  Result<CareTask> care_task(CareTaskId id) override;
  Result<void> update_care_task(CareTask& task) override;
  Result<std::vector<CareTask>> care_tasks(const CareTaskQuery& query) override;

  Result<void> insert_campaign(Campaign& campaign) override;
  Result<void> update_campaign(Campaign& campaign) override;
  Result<Campaign> campaign(CampaignId id) override;
  Result<std::vector<Campaign>> campaigns() override;
  Result<std::size_t> add_campaign_members(CampaignId campaign, const std::vector<CampaignMember>& members) override;
  Result<std::vector<CampaignMember>> campaign_members(CampaignId campaign) override;
  Result<std::optional<CampaignMember>> campaign_member(CampaignId campaign, CustomerId customer) override;
  Result<void> update_campaign_member(const CampaignMember& member) override;

 private:
  template <class T, class Body>
  Result<T> write(Body&& body);
  template <class T, class Body>
  Result<T> read(Body&& body);
  // Runs a candidate query: its columns are customer, agent, policy, subject, about.
  Result<std::vector<CareCandidate>> candidates(const std::string& sql, std::vector<long long> params);
  // The month-and-day / day-of-month expressions of the migration's indexes, in this dialect.
  std::string month_day(const char* column) const;
  std::string day_of_month(const char* column) const;

  SqlTransaction& tx_;
};

}  // namespace inscrm::storage::sql
