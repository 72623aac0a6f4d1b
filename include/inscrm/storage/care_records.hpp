#pragma once
// The storage port for consent, the care calendar and campaigns (domain.md C7, C12). Reached
// through Transaction::care(), so it shares the transaction of the service call.
//
// The care calendar asks the store only for what is due on a day — birthdays by month and day,
// policy anniversaries, instalments falling due, grace periods and terms ending, new policies,
// settled claims and closed complaints — so that the SQL adapters answer from indexes over the
// date columns instead of the library reading every customer and policy (bench/bench_care.cpp).
//
// The rules of store.hpp hold here too: ids are assigned on insert; unknown ids are NotFound.

#include <inscrm/core/date.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/domain/campaign.hpp>
#include <inscrm/domain/care.hpp>
#include <inscrm/domain/consent.hpp>
#include <inscrm/domain/policy.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace inscrm::storage {

// One row of a due query: who, through which agent, about what.
struct CareCandidate {
  CustomerId customer;
  std::optional<AgentId> agent;   // the policy's agent, else the customer's
  std::optional<PolicyId> policy;
  std::int64_t subject = 0;       // claim or complaint id for follow-ups
  Date about{};                   // the date the occasion concerns
};

// A policy that may have an instalment due on a day: the columns the schedule needs
// (payment.hpp is_scheduled_due), no more.
struct DueInstalment {
  PolicyId policy;
  CustomerId holder;
  std::optional<AgentId> agent;  // the policy's agent, else the holder's
  Frequency frequency = Frequency::Annual;
  int premium_years = 1;
  Date effective{};
  std::optional<Date> expiry;
};

struct CareTaskQuery {
  std::optional<Date> due;
  std::optional<AgentId> agent;
  std::optional<CustomerId> customer;
  std::optional<CareTaskStatus> status;
  CareTaskId after;
  std::size_t limit = 1000;
};

class CareRecords {
 public:
  virtual ~CareRecords() = default;
  CareRecords() = default;
  CareRecords(const CareRecords&) = delete;
  CareRecords& operator=(const CareRecords&) = delete;

  // ---- consent: append-only; the latest record (by id) per (customer, purpose, channel) holds.
  virtual Result<void> append_consent(ConsentRecord& record) = 0;
  virtual Result<std::vector<ConsentRecord>> consents_of(CustomerId customer) = 0;  // id order
  // Of `customers` (ascending, unique), those whose consent for (purpose, channel) is granted now,
  // ascending.
  virtual Result<std::vector<CustomerId>> consenting(ConsentPurpose purpose, Channel channel,
                                                     const std::vector<CustomerId>& customers) = 0;

  // ---- what is due on a day; every list in customer, then policy / subject order. A customer
  // merged into another (store.hpp) is greeted as the survivor, never on its own.
  // Persons born on month/day (with `and_feb29`: also those born on 29 February).
  virtual Result<std::vector<CareCandidate>> born_on(unsigned month, unsigned day, bool and_feb29) = 0;
  // Customers after `after`, a page, for greetings to everyone (holidays).
  virtual Result<std::vector<CareCandidate>> customers_page(CustomerId after, std::size_t limit) = 0;
  // Policies in force whose effective date has the month and day of `on` in an earlier year
  // (with `and_feb29`: also those that took effect on 29 February). about = the effective date.
  virtual Result<std::vector<CareCandidate>> anniversaries(Date on, bool and_feb29) = 0;
  // Policies in force, paid by instalments, that took effect before `due` on its day of the month
  // (or on a later day, when `due` is the last day of its month) and have no payment for `due`:
  // a superset of the instalments due that day; the service checks the schedule.
  virtual Result<std::vector<DueInstalment>> instalments_due(Date due) = 0;
  // Policies in grace whose grace period (product grace days from the missed due date, the day
  // before the status took effect) ends on `last_day`. about = last_day.
  virtual Result<std::vector<CareCandidate>> grace_ending(Date last_day) = 0;
  // Policies in force whose expiry date is `on`. about = on.
  virtual Result<std::vector<CareCandidate>> maturing(Date on) = 0;
  // Policies issued on `on` for a long term: whole life (no expiry) or a term of more than
  // `min_days` days from the effective date. about = on.
  virtual Result<std::vector<CareCandidate>> issued_long_term(Date on, int min_days) = 0;
  // Claims that became paid, declined or closed on `on`; the claimant. subject = the claim.
  virtual Result<std::vector<CareCandidate>> claims_settled(Date on) = 0;
  // Complaints closed on `on` (UTC day of closed_at). subject = the complaint.
  virtual Result<std::vector<CareCandidate>> complaints_closed(Date on) = 0;

  // ---- care tasks. insert_care_tasks stores those whose key is not taken (id and version set)
  // and leaves the others with id 0; the number stored.
  virtual Result<std::size_t> insert_care_tasks(std::vector<CareTask>& tasks) = 0;
  virtual Result<CareTask> care_task(CareTaskId id) = 0;
  virtual Result<void> update_care_task(CareTask& task) = 0;  // version-checked (store.hpp)
  virtual Result<std::vector<CareTask>> care_tasks(const CareTaskQuery& query) = 0;  // id order

  // ---- campaigns. name is unique (AlreadyExists "name").
  virtual Result<void> insert_campaign(Campaign& campaign) = 0;
  virtual Result<void> update_campaign(Campaign& campaign) = 0;
  virtual Result<Campaign> campaign(CampaignId id) = 0;
  virtual Result<std::vector<Campaign>> campaigns() = 0;  // id order
  // Stores the members not in the campaign yet; the number stored. NotFound "campaign".
  virtual Result<std::size_t> add_campaign_members(CampaignId campaign,
                                                   const std::vector<CampaignMember>& members) = 0;
  virtual Result<std::vector<CampaignMember>> campaign_members(CampaignId campaign) = 0;  // customer order
  virtual Result<std::optional<CampaignMember>> campaign_member(CampaignId campaign, CustomerId customer) = 0;
  // NotFound "customer" when the customer is not a member.
  virtual Result<void> update_campaign_member(const CampaignMember& member) = 0;
};

}  // namespace inscrm::storage
