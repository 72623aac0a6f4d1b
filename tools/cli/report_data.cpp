#include "report_data.hpp"

#include <inscrm/analytics/profitability.hpp>

#include <iterator>

namespace inscrm::cli {

namespace {

// Reads every page of a service's list call (list(query) until a page comes back short).
template <class T, class Query, class List>
Result<void> read_all(std::vector<T>& out, Query query, List list) {
  for (;;) {
    INSCRM_TRY(auto page, list(query));
    const bool last = page.size() < query.limit;
    if (!page.empty()) query.after = page.back().id;
    std::move(page.begin(), page.end(), std::back_inserter(out));
    if (last) return ok();
  }
}

Result<ParetoCurve> gather_pareto(const Crm& crm, const Actor& actor, Date from, Date to,
                                  ReportData& data) {
  INSCRM_TRY(const auto portfolio, crm.portfolio(actor, add_days(to, -1)));
  std::vector<Policy> policies;
  std::vector<Payment> payments;
  std::vector<Claim> claims;
  std::vector<Interaction> interactions;
  std::vector<Complaint> complaints;
  INSCRM_TRYV(read_all(policies, storage::PolicyQuery{}, [&](const auto& q) { return crm.policies().list(actor, q); }));
  if (!policies.empty()) {  // policies come in id order: one bulk read covers them all
    INSCRM_TRY(auto paid, crm.policies().payments_in_range(actor, policies.front().id, policies.back().id));
    payments = std::move(paid);
  }
  INSCRM_TRYV(read_all(claims, storage::ClaimQuery{}, [&](const auto& q) { return crm.claims().list(actor, q); }));
  INSCRM_TRYV(read_all(interactions, storage::InteractionQuery{},
                       [&](const auto& q) { return crm.interactions().list(actor, q); }));
  INSCRM_TRYV(read_all(complaints, storage::ComplaintQuery{},
                       [&](const auto& q) { return crm.complaints().list(actor, q); }));
  data.customers = static_cast<std::int64_t>(portfolio.size());
  data.policies = static_cast<std::int64_t>(policies.size());
  INSCRM_TRY(const auto profit, profitability(portfolio, policies, payments, claims, interactions, complaints,
                                               report_cost_model(), from, to));
  return pareto_curve(profit);
}

}  // namespace

ServicingCostModel report_cost_model() {
  return {.per_customer_year = Money::cny(150'00),
          .per_policy_year = Money::cny(120'00),
          .per_interaction = Money::cny(30'00),
          .per_complaint = Money::cny(500'00)};
}

Result<ReportData> gather_report(const Crm& crm, const Actor& actor, Date as_of) {
  ReportData data;
  data.as_of = as_of;
  const Date to = add_days(as_of, 1);
  data.period_from = add_years(to, -1);
  data.storage = std::string(crm.storage_kind());

  INSCRM_TRY(data.pareto, gather_pareto(crm, actor, data.period_from, to, data));

  INSCRM_TRY(const auto segments, crm.segments().list(actor));
  for (const auto& s : segments) {
    INSCRM_TRY(const auto snapshots, crm.segments().snapshots(actor, s.name));
    if (!snapshots.empty()) data.segments.push_back({s.name, snapshots.back().member_count});
  }

  INSCRM_TRY(const auto tiers, crm.loyalty().tier_distribution(actor));
  for (const auto& t : tiers.tiers) data.tiers.push_back({t.tier, static_cast<std::int64_t>(t.customers)});

  INSCRM_TRY(const auto stats, crm.complaints().statistics(actor, start_of(data.period_from), start_of(to)));
  data.complaints_received = stats.received;
  data.acknowledge_decided = stats.acknowledge_decided;
  data.acknowledged_in_time = stats.acknowledged_in_time;
  data.resolve_decided = stats.resolve_decided;
  data.resolved_in_time = stats.resolved_in_time;

  const KpiQuery year{.from = data.period_from, .to = to};
  INSCRM_TRY(const auto company, crm.kpis(actor, year));
  data.persistency.push_back({"company", company.persistency_13th_month, company.persistency_25th_month});
  INSCRM_TRY(const auto units, crm.organisation().units(actor));
  for (const auto& unit : units) {
    if (unit.kind != OrgUnitKind::Branch) continue;
    auto query = year;
    query.org_unit = unit.id;
    INSCRM_TRY(const auto k, crm.kpis(actor, query));
    data.persistency.push_back({unit.code, k.persistency_13th_month, k.persistency_25th_month});
  }
  return data;
}

}  // namespace inscrm::cli
