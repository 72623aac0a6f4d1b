#pragma once
// domain.md C11: the KPIs of a period, for the whole company, an org unit (with the units under
// it), an agent, or a set of customers (a segment's members). A pure computation over records the
// caller has loaded; Crm::kpis loads them in one read transaction and calls it.
//
// Scope. Each record is judged by its own attribution: a customer by its org unit and agent, a
// policy by the unit and agent that sold it, a complaint by the unit answerable and the agent
// named, a survey response by its customer. A customer set restricts everything to those customers
// (policies by holder). The restrictions given all apply.
//
// Definitions, over the period [from, to), read as they stand at `as_of` (the cohort view of
// complaint_stats.hpp: last quarter's cohort with all that has happened to it since; measure a
// period that ended a grace period ago so that late payers have had their chance):
//   renewal rate       of the renewal instalments (policy year ≥ 2) due in the period on policies
//                      still live at the due date, the share paid (续期率); free-look
//                      cancellations are left out
//   13th / 25th-month  of the regular-premium policies whose instalment 12 (24) months after the
//   persistency        effective date falls due in the period, the share that paid it — lapsing
//                      before it counts as not persisting; free-look cancellations are left out
//   referral rate      of the customers whose first policy took effect in the period, the share who
//                      came by referral (source agent_referral, or a recorded referrer)
//   satisfaction, NPS  survey responses answered in the period: NPS per surveys (C6); satisfaction
//                      = mean of the 1..5 responses of every other kind
//   complaint rate     complaints received in the period per 10,000 policies in force at as_of
//   time to resolve,   complaint_stats over the complaints received in the period (wall-clock
//   SLA compliance     mean; acknowledge and resolve compliance)
//   churn rate         of the customers holding a live policy at `from`, the share holding none in
//                      force at as_of whose last policy ended (lapse, surrender, maturity…) in the
//                      period
//   tier distribution  customers per fact::tier of the portfolio: the loyalty tier each account
//                      holds (Crm::kpis sets it, loyalty_facts.hpp); "standard" without an account
//   campaign ROI       the campaigns that ended in the period (ends_on in [from, to)): their cost,
//                      the budgets, against the first-year premium (a year of instalments; a single
//                      premium whole) of the policies their converted members applied for from the
//                      campaign's start until kCampaignAttributionDays after the conversion, issued
//                      and not cancelled in the free-look. A policy counts for one campaign only:
//                      the one whose conversion of its holder is the latest before its application
//                      (or, with none before, the earliest after). ROI = (premium − cost) / cost.
//                      Under a restriction a campaign costs the share of its budget held by its
//                      members in scope (split evenly over its members) and earns the premium of
//                      its policies in scope. Amounts are CNY, as the portfolio's; budgets and
//                      premiums in other currencies are left out.

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/core/business_calendar.hpp>
#include <inscrm/core/date.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/money.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/domain/campaign.hpp>
#include <inscrm/domain/complaint.hpp>
#include <inscrm/domain/customer.hpp>
#include <inscrm/domain/org_unit.hpp>
#include <inscrm/domain/payment.hpp>
#include <inscrm/domain/policy.hpp>
#include <inscrm/domain/sla.hpp>
#include <inscrm/domain/survey.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace inscrm {

struct KpiQuery {
  Date from{};
  Date to{};                                      // exclusive
  std::optional<OrgUnitId> org_unit;              // this unit and every unit under it
  std::optional<AgentId> agent;
  std::optional<std::vector<CustomerId>> customers;  // a segment's members; none = not restricted
};

// A share with what it is a share of, so that a 100 % over 2 policies is not read as 100 % over 2,000.
struct KpiRate {
  std::int64_t eligible = 0;
  std::int64_t achieved = 0;
  std::optional<double> rate;  // achieved / eligible; none when nothing was eligible
};

// Premium applied for this many days after a member's conversion is still the campaign's doing
// (the application, underwriting and first payment of a sale the campaign made).
inline constexpr int kCampaignAttributionDays = 30;

struct KpiCampaignRoi {
  std::int64_t campaigns = 0;    // ended in the period (under a restriction: with a member in scope)
  std::int64_t conversions = 0;  // their converted members in scope
  std::int64_t policies = 0;     // policies attributed to them
  Money cost = Money::cny(0);
  Money premium = Money::cny(0);  // first-year premium of those policies
  std::optional<double> roi;      // (premium − cost) / cost; none when nothing cost anything
};

struct Kpis {
  Date from{};
  Date to{};
  KpiRate renewal;
  KpiRate persistency_13th_month;
  KpiRate persistency_25th_month;
  KpiRate referral;
  NpsSummary nps;
  int satisfaction_responses = 0;
  std::optional<double> satisfaction;  // 1..5
  int complaints = 0;
  std::int64_t policies_in_force = 0;
  std::optional<double> complaints_per_10000_policies;
  std::optional<std::chrono::minutes> mean_time_to_resolve;
  std::optional<double> sla_acknowledge_compliance;
  std::optional<double> sla_resolve_compliance;
  KpiRate churn;
  std::vector<std::pair<std::string, std::size_t>> tier_distribution;  // by tier text
  KpiCampaignRoi campaign_roi;
};

// What compute_kpis reads. `portfolio` is of (at least) the customers, as of the KPI's as_of; it
// gives the tier distribution. `org_units` resolves KpiQuery::org_unit to the units under it.
struct KpiRecords {
  std::span<const Customer> customers;
  std::span<const Policy> policies;
  std::span<const Payment> payments;
  std::span<const Complaint> complaints;
  std::span<const SurveyResponse> surveys;
  std::span<const OrgUnit> org_units;
  const Portfolio* portfolio = nullptr;
  // The campaigns to judge (those that did not end in the period are ignored) and their members.
  std::span<const Campaign> campaigns;
  std::span<const CampaignMember> campaign_members;
};

// InvalidArgument "to" when the period ends before it starts; NotFound "org_unit" when the unit is
// not among records.org_units. Complaints are judged with their SLA row of `sla` on `calendar`.
Result<Kpis> compute_kpis(const KpiRecords& records, const KpiQuery& query, const SlaPolicy& sla,
                          const BusinessCalendar& calendar, Instant as_of);

}  // namespace inscrm
