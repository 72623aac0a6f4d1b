// Crm::kpis: loads what analytics/kpis.hpp needs in one read transaction, in pages, then computes.
#include <inscrm/crm.hpp>

#include "crm/engine.hpp"
#include "crm/loyalty_facts.hpp"

#include <fmt/format.h>

#include <iterator>

namespace inscrm {

namespace {

constexpr std::size_t kPage = 1000;

// Every page of a keyset-paginated query, appended to `out`.
template <class Query, class Fetch, class Record>
Result<void> read_all(Query query, Fetch fetch, std::vector<Record>& out) {
  query.limit = kPage;
  for (;;) {
    INSCRM_TRY(auto page, fetch(query));
    const bool last = page.size() < kPage;
    if (!page.empty()) query.after = page.back().id;
    std::move(page.begin(), page.end(), std::back_inserter(out));
    if (last) return ok();
  }
}

}  // namespace

Result<Kpis> Crm::kpis(const Actor& actor, const KpiQuery& query) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Analytics, Action::Read));
  if (query.to < query.from) return Error::invalid_argument("to", "the period ends before it starts");
  auto& engine = *engine_;
  const auto settings = engine.service_settings();
  const Instant now = engine.clock->now();
  return engine.read([&](storage::Transaction& tx) -> Result<Kpis> {
    INSCRM_TRY(auto units, tx.org_units());
    if (query.agent) {
      // The store names its own key ("id"); the caller named the agent (crm.hpp: NotFound "agent").
      if (auto a = tx.agent(*query.agent); !a)
        return a.error().is_not_found()
                   ? Error::not_found("agent", fmt::format("agent {} does not exist", query.agent->value))
                   : a.error();
    }
    INSCRM_TRY(auto products, tx.products());

    std::vector<Customer> customers;
    INSCRM_TRYV(read_all(storage::CustomerQuery{}, [&](const auto& q) { return tx.customers(q); }, customers));
    std::vector<Policy> policies;
    std::vector<Payment> payments;
    storage::PolicyQuery pq;
    pq.limit = kPage;
    for (;;) {
      INSCRM_TRY(auto page, tx.policies(pq));
      if (page.empty()) break;
      INSCRM_TRY(auto paid, tx.payments_in_range(page.front().id, page.back().id));
      std::move(paid.begin(), paid.end(), std::back_inserter(payments));
      const bool last = page.size() < kPage;
      pq.after = page.back().id;
      std::move(page.begin(), page.end(), std::back_inserter(policies));
      if (last) break;
    }
    std::vector<Complaint> complaints;
    storage::ComplaintQuery cq;
    cq.received_from = start_of(query.from);
    cq.received_to = start_of(query.to);
    INSCRM_TRYV(read_all(cq, [&](const auto& q) { return tx.service().complaints(q); }, complaints));
    std::vector<SurveyResponse> surveys;
    storage::SurveyQuery sq;
    sq.from = query.from;
    sq.to = query.to;
    INSCRM_TRYV(read_all(sq, [&](const auto& q) { return tx.service().survey_responses(q); }, surveys));

    Portfolio portfolio = Portfolio::build(customers, policies, payments, products, date_of(now));
    // The tier distribution counts the loyalty tiers the accounts hold.
    INSCRM_TRYV(detail::fill_loyalty_facts(tx, portfolio));
    // Campaign ROI judges the campaigns that ended in the period: only their members are read.
    INSCRM_TRY(auto all_campaigns, tx.care().campaigns());
    std::vector<Campaign> campaigns;
    std::vector<CampaignMember> members;
    for (Campaign& c : all_campaigns) {
      if (c.ends_on < query.from || c.ends_on >= query.to) continue;
      INSCRM_TRY(auto those, tx.care().campaign_members(c.id));
      std::move(those.begin(), those.end(), std::back_inserter(members));
      campaigns.push_back(std::move(c));
    }
    KpiRecords records{customers, policies, payments, complaints, surveys, units, &portfolio};
    records.campaigns = campaigns;
    records.campaign_members = members;
    return compute_kpis(records, query, settings->complaint_sla, settings->calendar, now);
  });
}

}  // namespace inscrm
