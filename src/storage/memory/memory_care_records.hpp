#pragma once
// The memory adapter's CareRecords (storage/care_records.hpp): the undo-log design of
// MemoryTransaction (memory_store.cpp), whose lock, undo log and state it shares. The due queries
// scan the transaction's customers, policies and service records: the memory store holds no more
// than a test or a small host keeps, and has no indexes to push a date predicate into.

#include <inscrm/storage/store.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace inscrm::storage::memory {

struct CareCounters {
  std::int64_t consent = 0, task = 0, campaign = 0;
};

struct CareState {
  std::map<std::int64_t, ConsentRecord> consents;
  // (customer, purpose, channel) → id of the latest record
  std::map<std::tuple<std::int64_t, int, int>, std::int64_t> consent_in_force;
  std::map<std::int64_t, CareTask> tasks;
  std::map<std::string, std::int64_t> task_by_key;
  std::map<std::int64_t, Campaign> campaigns;
  std::map<std::string, std::int64_t> campaign_by_name;
  std::map<std::pair<std::int64_t, std::int64_t>, CampaignMember> members;  // (campaign, customer)
  CareCounters next;
};

class MemoryCareRecords final : public CareRecords {
 public:
  using UndoLog = std::vector<std::function<void()>>;

  MemoryCareRecords(CareState& state, UndoLog& undo, const bool& finished, TxMode mode, Transaction& tx) noexcept
      : s_(state), undo_(undo), finished_(finished), mode_(mode), tx_(tx) {}

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
  Result<void> writable() const;
  // Every policy, in id order, through the transaction; `fn(policy)` returns Result<void>.
  template <class Fn>
  Result<void> each_policy(Fn&& fn);
  template <class Fn>
  Result<void> each_customer(Fn&& fn);
  Result<std::optional<AgentId>> agent_of(const Policy& p);

  CareState& s_;
  UndoLog& undo_;
  const bool& finished_;
  TxMode mode_;
  Transaction& tx_;
};

}  // namespace inscrm::storage::memory
