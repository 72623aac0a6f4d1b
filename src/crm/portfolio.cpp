// Crm::portfolio: the columnar snapshot (analytics/portfolio.hpp) built from whatever adapter the
// Crm runs on, in one read transaction, with bulk paged reads: customers and policies a page at a
// time, each policy page's payments in one statement, and the service records streamed through
// ServiceFactsBuilder and the loyalty accounts a page at a time, never one query per customer.
#include <inscrm/crm.hpp>

#include <inscrm/analytics/loyalty_facts.hpp>
#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/analytics/service_facts.hpp>

#include "crm/engine.hpp"
#include "crm/loyalty_facts.hpp"

#include <inscrm/security/masking.hpp>

namespace inscrm {
namespace {

// Large pages: the per-statement cost (a round trip on PostgreSQL) vanishes against the rows.
constexpr std::size_t kPage = 5000;

// Reads every page of a keyset-paged query: `fetch(query)` returns a page, `on_row` takes each row.
template <class Query, class Fetch, class OnRow>
Result<void> each_page(Query query, Fetch&& fetch, OnRow&& on_row) {
  query.limit = kPage;
  for (;;) {
    INSCRM_TRY(auto page, fetch(query));
    for (const auto& row : page) on_row(row);
    if (page.size() < kPage) return ok();
    query.after = page.back().id;
  }
}

}  // namespace

namespace detail {

Result<void> fill_loyalty_facts(storage::Transaction& tx, Portfolio& portfolio) {
  auto& loyalty = tx.loyalty();
  for (CustomerId after{};;) {
    INSCRM_TRY(auto accounts, loyalty.accounts(after, kPage));
    for (const auto& a : accounts) INSCRM_TRYV(set_loyalty_facts(portfolio, a.customer, a.balance, a.tier));
    if (accounts.size() < kPage) return ok();
    after = accounts.back().customer;
  }
}

}  // namespace detail

Result<Portfolio> Crm::portfolio(const Actor& actor, Date as_of) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Analytics, Action::Read));
  if (!as_of.ok()) return Error::invalid_argument("as_of", "not a calendar date");
  return engine_->read([&](storage::Transaction& tx) -> Result<Portfolio> {
    INSCRM_TRY(const auto products, tx.products());
    std::vector<Customer> customers;
    INSCRM_TRYV(each_page(
        storage::CustomerQuery{}, [&](const storage::CustomerQuery& q) { return tx.customers(q); },
        [&](const Customer& c) { customers.push_back(c); }));
    // The snapshot carries income: a role without the right to personal data gets it masked (null),
    // by the same function as every other read of customers.
    if (!allows(actor, Entity::PersonalData, Action::Read))
      for (Customer& c : customers) mask_personal_data(c);
    std::vector<Policy> policies;
    std::vector<Payment> payments;
    storage::PolicyQuery pq;
    pq.limit = kPage;
    for (;;) {
      INSCRM_TRY(auto page, tx.policies(pq));
      if (page.empty()) break;
      INSCRM_TRY(auto paid, tx.payments_in_range(page.front().id, page.back().id));
      payments.insert(payments.end(), std::make_move_iterator(paid.begin()), std::make_move_iterator(paid.end()));
      pq.after = page.back().id;
      const bool last = page.size() < kPage;
      policies.insert(policies.end(), std::make_move_iterator(page.begin()), std::make_move_iterator(page.end()));
      if (last) break;
    }
    Portfolio p = Portfolio::build(customers, policies, payments, products, as_of);

    // Only records up to the end of as_of can count (service_facts.hpp): let the store filter.
    const Instant end_of_day = start_of(add_days(as_of, 1));
    ServiceFactsBuilder service_facts{p};
    auto& service = tx.service();
    storage::ComplaintQuery complaints;
    complaints.received_to = end_of_day;
    INSCRM_TRYV(each_page(
        complaints, [&](const storage::ComplaintQuery& q) { return service.complaints(q); },
        [&](const Complaint& c) { service_facts.add(c); }));
    storage::SurveyQuery answers;
    answers.kind = SurveyKind::Nps;
    answers.to = add_days(as_of, 1);
    INSCRM_TRYV(each_page(
        answers, [&](const storage::SurveyQuery& q) { return service.survey_responses(q); },
        [&](const SurveyResponse& r) { service_facts.add(r); }));
    storage::InteractionQuery contacts;
    contacts.to = end_of_day;
    INSCRM_TRYV(each_page(
        contacts, [&](const storage::InteractionQuery& q) { return service.interactions(q); },
        [&](const Interaction& i) { service_facts.add(i); }));
    INSCRM_TRYV(service_facts.fill(p));

    INSCRM_TRYV(detail::fill_loyalty_facts(tx, p));
    return p;
  });
}

}  // namespace inscrm
