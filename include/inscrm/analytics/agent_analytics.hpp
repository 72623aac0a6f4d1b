#pragma once
// domain.md C10 [002 §4.4]: agent analytics — visits per day, time per visit, visits per sale, and
// the conversion of cold visits (陌生拜访) vs referrals (转介绍), each compared with the company
// average, so that a manager sees who works hard, who works well, and whose method works.
//
// Definitions, over the period [from, to):
//   visit            an interaction with an agent, on the agent-visit channel or for a sales visit,
//                    started in the period (UTC date)
//   visit day        a distinct (agent, date) with at least one visit; visits per day = visits /
//                    visit days — the pace on days in the field, not diluted by office days
//   time per visit   mean duration of the visits that record one (> 0)
//   sale             a policy the agent sold (Policy::agent), applied for in the period and issued;
//                    visits per sale = visits / sales
//   conversion       of the cold (referral) visits, the share whose outcome was a sale
// The company figures pool every agent's visits and sales (so a busy agent weighs more than a quiet
// one — the company's own rate). Each comparison is the agent's figure divided by the company's:
// 1.2 = 20 % above the company.

#include <inscrm/core/date.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/domain/interaction.hpp>
#include <inscrm/domain/policy.hpp>

#include <optional>
#include <span>
#include <vector>

namespace inscrm {

struct AgentActivity {
  std::optional<AgentId> agent;  // none: the company
  int visits = 0;
  int visit_days = 0;
  std::optional<double> visits_per_day;
  std::optional<double> mean_minutes_per_visit;
  int sales = 0;
  std::optional<double> visits_per_sale;
  int cold_visits = 0;
  int cold_sales = 0;
  std::optional<double> cold_conversion;
  int referral_visits = 0;
  int referral_sales = 0;
  std::optional<double> referral_conversion;
};

struct AgentComparison {
  AgentActivity activity;
  // The agent's figure / the company's; none when either is missing or the company's is 0.
  std::optional<double> visits_per_day_vs_company;
  std::optional<double> visits_per_sale_vs_company;
  std::optional<double> cold_conversion_vs_company;
  std::optional<double> referral_conversion_vs_company;
};

struct AgentAnalytics {
  AgentActivity company;
  std::vector<AgentComparison> agents;  // every agent with a visit or a sale, by agent id
};

AgentAnalytics agent_analytics(std::span<const Interaction> interactions, std::span<const Policy> policies, Date from,
                               Date to);

}  // namespace inscrm
