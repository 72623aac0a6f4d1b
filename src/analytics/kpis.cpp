#include <inscrm/analytics/kpis.hpp>

#include <inscrm/domain/complaint_stats.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <variant>

namespace inscrm {

namespace {

// The restrictions of a KpiQuery, each applied to a record by the record's own attribution.
struct Scope {
  std::optional<std::unordered_set<OrgUnitId>> units;
  std::optional<AgentId> agent;
  std::optional<std::unordered_set<CustomerId>> customers;

  bool unit_ok(OrgUnitId u) const { return !units || units->contains(u); }
  bool agent_ok(const std::optional<AgentId>& a) const { return !agent || a == agent; }
  bool customer_ok(CustomerId c) const { return !customers || customers->contains(c); }

  bool covers(const Customer& c) const { return unit_ok(c.org_unit) && agent_ok(c.agent) && customer_ok(c.id); }
  bool covers(const Policy& p) const { return unit_ok(p.org_unit) && agent_ok(p.agent) && customer_ok(p.holder); }
  bool covers(const Complaint& c) const { return unit_ok(c.org_unit) && agent_ok(c.agent) && customer_ok(c.customer); }
};

// The unit and every unit under it.
std::unordered_set<OrgUnitId> unit_and_below(OrgUnitId root, std::span<const OrgUnit> units) {
  std::unordered_set<OrgUnitId> out{root};
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& u : units)
      if (u.parent && out.contains(*u.parent) && out.insert(u.id).second) grew = true;
  }
  return out;
}

void finish(KpiRate& r) {
  if (r.eligible > 0) r.rate = static_cast<double>(r.achieved) / static_cast<double>(r.eligible);
}

// The policy no longer runs: its status_since is when it ended (lapse, surrender, maturity…).
bool ended(const Policy& p) noexcept { return !in_force(p.status) && p.status != PolicyStatus::Issued && was_issued(p.status); }

// Cancelled in the free-look window: the sale never really happened.
bool counts_as_sold(const Policy& p) noexcept { return was_issued(p.status) && p.status != PolicyStatus::Cancelled; }

bool within(Date d, const KpiQuery& q) noexcept { return d >= q.from && d < q.to; }

// A year of instalments; a single premium whole.
std::int64_t first_year_premium(const Policy& p) noexcept {
  const int months = months_between_instalments(p.frequency);
  return months > 0 ? p.premium.minor * (12 / months) : p.premium.minor;
}

// Campaign ROI (the header has the definition).
KpiCampaignRoi campaign_roi(const KpiRecords& records, const KpiQuery& query, const Scope& scope,
                            const std::unordered_set<CustomerId>& customers_in_scope) {
  KpiCampaignRoi roi;
  const bool restricted = scope.units || scope.agent || scope.customers;
  std::unordered_map<CampaignId, const Campaign*> judged;
  for (const Campaign& c : records.campaigns)
    if (within(c.ends_on, query) && c.budget.currency == Currency::cny()) judged.emplace(c.id, &c);

  struct Conversion {
    CampaignId campaign;
    Date starts_on, converted_on;
  };
  std::unordered_map<CampaignId, std::pair<std::int64_t, std::int64_t>> members;  // all, in scope
  std::unordered_map<CustomerId, std::vector<Conversion>> conversions;
  for (const CampaignMember& m : records.campaign_members) {
    const auto it = judged.find(m.campaign);
    if (it == judged.end()) continue;
    auto& [all, in_scope] = members[m.campaign];
    ++all;
    if (!customers_in_scope.contains(m.customer)) continue;
    ++in_scope;
    if (!m.converted_on) continue;
    ++roi.conversions;
    conversions[m.customer].push_back({m.campaign, it->second->starts_on, *m.converted_on});
  }

  std::int64_t cost = 0;
  for (const auto& [id, campaign] : judged) {
    const auto [all, in_scope] = members.contains(id) ? members.at(id) : std::pair<std::int64_t, std::int64_t>{0, 0};
    if (!restricted) {
      cost += campaign->budget.minor;
      ++roi.campaigns;
    } else if (in_scope > 0) {
      // The members' share, half up; split so that a large budget times many members cannot overflow.
      const std::int64_t budget = campaign->budget.minor;
      cost += budget / all * in_scope + (budget % all * in_scope * 2 + all) / (all * 2);
      ++roi.campaigns;
    }
  }

  std::int64_t premium = 0;
  for (const Policy& p : records.policies) {
    if (!scope.covers(p) || !counts_as_sold(p) || p.premium.currency != Currency::cny()) continue;
    const auto it = conversions.find(p.holder);
    if (it == conversions.end()) continue;
    // The conversion that explains the application: the latest on or before it, else the earliest
    // after it (the host may record a conversion days after the application it led to).
    const Date applied = p.application_date;
    auto explains_better = [applied](const Conversion& a, const Conversion& b) {
      const bool a_before = a.converted_on <= applied, b_before = b.converted_on <= applied;
      if (a_before != b_before) return a_before;
      if (a.converted_on != b.converted_on)
        return a_before ? a.converted_on > b.converted_on : a.converted_on < b.converted_on;
      return a.campaign < b.campaign;
    };
    const Conversion* chosen = nullptr;
    for (const Conversion& c : it->second) {
      if (applied < c.starts_on || applied > add_days(c.converted_on, kCampaignAttributionDays)) continue;
      if (!chosen || explains_better(c, *chosen)) chosen = &c;
    }
    if (!chosen) continue;
    ++roi.policies;
    premium += first_year_premium(p);
  }
  roi.cost = Money::cny(cost);
  roi.premium = Money::cny(premium);
  if (cost > 0) roi.roi = static_cast<double>(premium - cost) / static_cast<double>(cost);
  return roi;
}

}  // namespace

Result<Kpis> compute_kpis(const KpiRecords& records, const KpiQuery& query, const SlaPolicy& sla,
                          const BusinessCalendar& calendar, Instant as_of) {
  if (query.to < query.from) return Error::invalid_argument("to", "the period ends before it starts");
  Scope scope;
  if (query.org_unit) {
    const bool known = std::any_of(records.org_units.begin(), records.org_units.end(),
                                   [&](const OrgUnit& u) { return u.id == *query.org_unit; });
    if (!known) return Error::not_found("org_unit", fmt::format("no org unit {}", query.org_unit->value));
    scope.units = unit_and_below(*query.org_unit, records.org_units);
  }
  scope.agent = query.agent;
  if (query.customers) scope.customers.emplace(query.customers->begin(), query.customers->end());

  Kpis k;
  k.from = query.from;
  k.to = query.to;
  const Date today = date_of(as_of);

  std::unordered_set<CustomerId> customers_in_scope;
  for (const auto& c : records.customers)
    if (scope.covers(c)) customers_in_scope.insert(c.id);

  // Instalments paid by as_of, per policy, by due date.
  std::unordered_map<PolicyId, std::vector<Date>> paid_dues;
  for (const auto& pay : records.payments)
    if (pay.paid_on <= today) paid_dues[pay.policy].push_back(pay.due_date);
  auto paid = [&](const Policy& p, Date due) {
    const auto it = paid_dues.find(p.id);
    return it != paid_dues.end() && std::find(it->second.begin(), it->second.end(), due) != it->second.end();
  };

  std::unordered_map<CustomerId, std::vector<const Policy*>> held;
  for (const auto& p : records.policies) {
    held[p.holder].push_back(&p);
    if (!scope.covers(p)) continue;
    if (in_force(p.status)) ++k.policies_in_force;
    if (!counts_as_sold(p)) continue;

    // Renewal: instalments of policy year 2 on, due while the policy still ran.
    if (query.to > query.from) {
      for (const auto& inst : instalments_through(p, add_days(query.to, -1))) {
        if (inst.due_date < query.from || inst.policy_year < 2) continue;
        if (ended(p) && inst.due_date > p.status_since) continue;
        ++k.renewal.eligible;
        if (paid(p, inst.due_date)) ++k.renewal.achieved;
      }
    }
    // Persistency: the instalment 12 (24) months after the start, whatever became of the policy.
    if (p.effective_date && p.frequency != Frequency::Single) {
      for (auto [months, rate] : {std::pair{12, &k.persistency_13th_month}, std::pair{24, &k.persistency_25th_month}}) {
        const Date due = add_months(*p.effective_date, months);
        if (!within(due, query) || !is_scheduled_due(p, due)) continue;
        ++rate->eligible;
        if (paid(p, due)) ++rate->achieved;
      }
    }
  }

  for (const auto& c : records.customers) {
    if (!customers_in_scope.contains(c.id)) continue;
    const auto it = held.find(c.id);
    if (it == held.end()) continue;
    std::optional<Date> first_start;
    bool live_at_start = false;
    bool holds_now = false;
    std::optional<Date> last_end;
    for (const Policy* p : it->second) {
      if (!counts_as_sold(*p)) continue;
      const Date start = p->effective_date.value_or(p->issue_date.value_or(p->application_date));
      if (!first_start || start < *first_start) first_start = start;
      if (in_force(p->status) || p->status == PolicyStatus::Issued) holds_now = true;
      if (ended(*p) && (!last_end || p->status_since > *last_end)) last_end = p->status_since;
      if (start <= query.from && (!ended(*p) || p->status_since >= query.from)) live_at_start = true;
    }
    if (first_start && within(*first_start, query)) {
      ++k.referral.eligible;
      const bool referred = c.source == Source::AgentReferral ||
                            std::any_of(c.relationships.begin(), c.relationships.end(),
                                        [](const Relationship& r) { return r.kind == RelationKind::Referrer; });
      if (referred) ++k.referral.achieved;
    }
    if (live_at_start) {
      ++k.churn.eligible;
      if (!holds_now && last_end && within(*last_end, query)) ++k.churn.achieved;
    }
  }

  std::vector<SurveyResponse> answers;
  for (const auto& s : records.surveys)
    if (within(s.answered_on, query) && customers_in_scope.contains(s.customer)) answers.push_back(s);
  k.nps = nps(answers);
  double satisfaction_total = 0.0;
  for (const auto& s : answers) {
    if (s.kind == SurveyKind::Nps) continue;
    ++k.satisfaction_responses;
    satisfaction_total += s.score;
  }
  if (k.satisfaction_responses > 0) k.satisfaction = satisfaction_total / k.satisfaction_responses;

  std::vector<Complaint> complaints;
  for (const auto& c : records.complaints)
    if (scope.covers(c)) complaints.push_back(c);
  const ComplaintStats stats =
      complaint_stats(complaints, sla, calendar, start_of(query.from), start_of(query.to), as_of);
  k.complaints = stats.received;
  if (k.policies_in_force > 0)
    k.complaints_per_10000_policies = 10'000.0 * stats.received / static_cast<double>(k.policies_in_force);
  k.mean_time_to_resolve = stats.wall_time_to_resolve.mean;
  k.sla_acknowledge_compliance = stats.acknowledge_compliance;
  k.sla_resolve_compliance = stats.resolve_compliance;

  finish(k.renewal);
  finish(k.persistency_13th_month);
  finish(k.persistency_25th_month);
  finish(k.referral);
  finish(k.churn);

  if (records.portfolio) {
    std::map<std::string, std::size_t> tiers;
    const Portfolio& p = *records.portfolio;
    for (std::size_t r = 0; r < p.size(); ++r) {
      if (!customers_in_scope.contains(p.customer(r))) continue;
      const FactValue v = p.value(fact::tier, r);
      if (const auto* text = std::get_if<std::string>(&v)) ++tiers[*text];
    }
    k.tier_distribution.assign(tiers.begin(), tiers.end());
  }
  k.campaign_roi = campaign_roi(records, query, scope, customers_in_scope);
  return k;
}

}  // namespace inscrm
