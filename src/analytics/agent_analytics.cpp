#include <inscrm/analytics/agent_analytics.hpp>

#include <map>
#include <set>
#include <utility>

namespace inscrm {

namespace {

bool is_visit(const Interaction& i) noexcept {
  return i.agent && (i.channel == Channel::AgentVisit || i.purpose == InteractionPurpose::SalesVisit);
}

std::optional<double> ratio(double part, double whole) noexcept {
  if (whole <= 0.0) return std::nullopt;
  return part / whole;
}

std::optional<double> versus(const std::optional<double>& agent, const std::optional<double>& company) noexcept {
  if (!agent || !company || *company == 0.0) return std::nullopt;
  return *agent / *company;
}

struct Tally {
  AgentActivity activity;
  std::set<int> days;  // epoch days with a visit
  double timed_minutes = 0.0;
  int timed_visits = 0;

  void visit(const Interaction& i) {
    ++activity.visits;
    days.insert(to_epoch_days(date_of(i.started_at)));
    if (i.duration.count() > 0) {
      timed_minutes += static_cast<double>(i.duration.count()) / 60.0;
      ++timed_visits;
    }
    const bool sale = i.outcome == InteractionOutcome::Sale;
    if (i.visit_kind == VisitKind::Cold) {
      ++activity.cold_visits;
      activity.cold_sales += sale ? 1 : 0;
    } else if (i.visit_kind == VisitKind::Referral) {
      ++activity.referral_visits;
      activity.referral_sales += sale ? 1 : 0;
    }
  }

  // visit_days is passed in because the company counts (agent, day) pairs, not days.
  AgentActivity finish(int visit_days) {
    AgentActivity a = activity;
    a.visit_days = visit_days;
    a.visits_per_day = ratio(a.visits, visit_days);
    a.mean_minutes_per_visit = ratio(timed_minutes, timed_visits);
    a.visits_per_sale = ratio(a.visits, a.sales);
    a.cold_conversion = ratio(a.cold_sales, a.cold_visits);
    a.referral_conversion = ratio(a.referral_sales, a.referral_visits);
    return a;
  }
};

}  // namespace

AgentAnalytics agent_analytics(std::span<const Interaction> interactions, std::span<const Policy> policies, Date from,
                               Date to) {
  std::map<AgentId, Tally> per_agent;
  Tally company;
  for (const auto& i : interactions) {
    const Date on = date_of(i.started_at);
    if (!is_visit(i) || on < from || on >= to) continue;
    per_agent[*i.agent].visit(i);
    company.visit(i);
  }
  for (const auto& p : policies) {
    if (!p.agent || !was_issued(p.status) || p.application_date < from || p.application_date >= to) continue;
    ++per_agent[*p.agent].activity.sales;
    ++company.activity.sales;
  }

  AgentAnalytics out;
  int agent_days = 0;
  for (const auto& [id, tally] : per_agent) agent_days += static_cast<int>(tally.days.size());
  out.company = company.finish(agent_days);
  for (auto& [id, tally] : per_agent) {
    AgentComparison c;
    c.activity = tally.finish(static_cast<int>(tally.days.size()));
    c.activity.agent = id;
    c.visits_per_day_vs_company = versus(c.activity.visits_per_day, out.company.visits_per_day);
    c.visits_per_sale_vs_company = versus(c.activity.visits_per_sale, out.company.visits_per_sale);
    c.cold_conversion_vs_company = versus(c.activity.cold_conversion, out.company.cold_conversion);
    c.referral_conversion_vs_company = versus(c.activity.referral_conversion, out.company.referral_conversion);
    out.agents.push_back(std::move(c));
  }
  return out;
}

}  // namespace inscrm
