// KPIs module (domain.md C11): the KPIs of a period for the company, an org unit, an agent or a
// set of customers, computed by Crm::kpis in one read transaction.

#include "guard.hpp"
#include "handle.hpp"
#include "input.hpp"
#include "output.hpp"

#include <inscrm/crm.hpp>

using namespace inscrm;

namespace {

Result<KpiQuery> to_query(const inscrm_kpi_query& in) {
  KpiQuery q;
  INSCRM_TRY(q.from, capi::date(in.from, "from"));
  INSCRM_TRY(q.to, capi::date(in.to, "to"));
  q.org_unit = capi::opt_id<OrgUnitId>(in.org_unit);
  q.agent = capi::opt_id<AgentId>(in.agent);
  // A flag, not "NULL array = unrestricted": an empty segment handed on as (NULL, 0) must select
  // no one rather than silently widen the scope to the whole company.
  if (in.restrict_to_customers != 0) {
    INSCRM_TRYV(capi::check_array(in.customers, in.customer_count, "customers"));
    std::vector<CustomerId> customers;
    customers.reserve(in.customer_count);
    for (std::size_t i = 0; i < in.customer_count; ++i) customers.push_back(CustomerId{in.customers[i]});
    q.customers = std::move(customers);
  }
  return q;
}

inscrm_kpi_rate rate_out(capi::Arena& a, const KpiRate& r) {
  return {r.eligible, r.achieved, capi::double_out(a, r.rate)};
}

const std::int64_t* minutes_out(capi::Arena& a, const std::optional<std::chrono::minutes>& m) {
  if (!m) return nullptr;
  auto* out = a.one<std::int64_t>();
  *out = m->count();
  return out;
}

void fill_kpis(inscrm_kpis& o, capi::Arena& a, const Kpis& k) {
  o.from = a.date(k.from);
  o.to = a.date(k.to);
  o.renewal = rate_out(a, k.renewal);
  o.persistency_13th_month = rate_out(a, k.persistency_13th_month);
  o.persistency_25th_month = rate_out(a, k.persistency_25th_month);
  o.referral = rate_out(a, k.referral);
  o.nps_responses = k.nps.responses;
  o.nps_promoters = k.nps.promoters;
  o.nps_passives = k.nps.passives;
  o.nps_detractors = k.nps.detractors;
  o.nps_score = k.nps.score;
  o.satisfaction_responses = k.satisfaction_responses;
  o.satisfaction = capi::double_out(a, k.satisfaction);
  o.complaints = k.complaints;
  o.policies_in_force = k.policies_in_force;
  o.complaints_per_10000_policies = capi::double_out(a, k.complaints_per_10000_policies);
  o.mean_minutes_to_resolve = minutes_out(a, k.mean_time_to_resolve);
  o.sla_acknowledge_compliance = capi::double_out(a, k.sla_acknowledge_compliance);
  o.sla_resolve_compliance = capi::double_out(a, k.sla_resolve_compliance);
  o.churn = rate_out(a, k.churn);
  auto* tiers = a.array<inscrm_name_count>(k.tier_distribution.size());
  for (std::size_t i = 0; i < k.tier_distribution.size(); ++i)
    tiers[i] = {a.str(k.tier_distribution[i].first), static_cast<std::int64_t>(k.tier_distribution[i].second)};
  o.tiers = tiers;
  o.tier_count = k.tier_distribution.size();
  o.campaigns = k.campaign_roi.campaigns;
  o.campaign_conversions = k.campaign_roi.conversions;
  o.campaign_policies = k.campaign_roi.policies;
  o.campaign_cost = capi::to_c(k.campaign_roi.cost);
  o.campaign_premium = capi::to_c(k.campaign_roi.premium);
  o.campaign_roi = capi::double_out(a, k.campaign_roi.roi);
}

}  // namespace

inscrm_status inscrm_kpi_query_init(inscrm_kpi_query* query, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(query, version, "query"); });
}

inscrm_status inscrm_kpis_compute(inscrm_db* db, const inscrm_actor* actor, const inscrm_kpi_query* query,
                                  inscrm_kpis** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto in, capi::read_struct(query, "query"));
    INSCRM_TRY(auto q, to_query(in));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto kpis, capi::from_handle(db).crm.kpis(who, q));
    *out = capi::make_output<inscrm_kpis>([&](inscrm_kpis& o, capi::Arena& a) { fill_kpis(o, a, kpis); });
    return ok();
  });
}

void inscrm_kpis_free(inscrm_kpis** kpis) {
  capi::guard_void([&] { capi::free_output(kpis); });
}
