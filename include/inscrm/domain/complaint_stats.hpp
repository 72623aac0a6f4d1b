#pragma once
// domain.md C5 (feedback) and C11: periodic complaint statistics — counts by category, channel,
// branch, agent and root cause; time to resolve; SLA compliance; reopen rate; satisfaction with the
// handling. A pure function over complaints the host has loaded: no storage, no clock.
//
// The period selects a cohort: the complaints *received* in [from, to). Their outcome is read as it
// stands at `as_of` (normally now), so a report on last quarter counts last quarter's complaints
// with everything that has happened to them since — the view regulators and managers ask for. The
// complaint record carries all it needs (its SLA clock, reopen count, escalation level), so the
// step history is not an input.

#include <inscrm/core/business_calendar.hpp>
#include <inscrm/core/date.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/domain/complaint.hpp>
#include <inscrm/domain/interaction.hpp>
#include <inscrm/domain/sla.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <span>

namespace inscrm {

struct DurationStats {
  int count = 0;
  std::optional<std::chrono::minutes> mean;    // floored to the minute; none when count is 0
  std::optional<std::chrono::minutes> median;  // the mean of the middle two when count is even
};

struct ComplaintStats {
  int received = 0;  // complaints received in the period: the cohort
  int open = 0;      // of the cohort, not closed
  int closed = 0;
  int escalated = 0;  // escalated at least once

  std::map<ComplaintCategory, int> by_category;
  std::map<ComplaintSeverity, int> by_severity;
  std::map<Channel, int> by_channel;
  std::map<OrgUnitId, int> by_org_unit;  // the branch answerable
  std::map<AgentId, int> by_agent;       // complaints naming no agent are not here
  std::map<RootCause, int> by_root_cause;  // complaints with a root cause recorded

  // Over the complaints resolved (customer informed) and not reopened since, as of `as_of`:
  // wall: received → resolved on the wall clock, nights, weekends and waiting included — what the
  //       customer lived through;
  // sla:  the SLA's own measure — time on the complaint's SLA calendar (business or 24×7, from its
  //       policy row) from the start to the resolution, less the time paused waiting on the customer.
  DurationStats wall_time_to_resolve;
  DurationStats sla_time_to_resolve;

  // SLA compliance. A deadline is decided once it was met or missed: acknowledged / resolved, or
  // breached (breaches() at as_of: recorded, or passed with the work not done). Shares are of the
  // decided; none when nothing is decided.
  int acknowledge_decided = 0;
  int acknowledged_in_time = 0;
  int resolve_decided = 0;
  int resolved_in_time = 0;
  std::optional<double> acknowledge_compliance;  // 0..1
  std::optional<double> resolve_compliance;      // 0..1

  // Reopen rate: of the complaints answered at least once (resolved now, or reopened since), the
  // share the customer reopened.
  int answered = 0;
  int reopened = 0;
  std::optional<double> reopen_rate;  // 0..1

  // Satisfaction with the handling: the 1..5 scores recorded at close.
  int satisfaction_responses = 0;
  std::optional<double> mean_satisfaction;
};

// Statistics over the complaints received in [from, to), as of `as_of`. Each complaint's SLA row is
// sla_row_for(policy, complaint); `calendar` is the business calendar its business rows count on.
ComplaintStats complaint_stats(std::span<const Complaint> complaints, const SlaPolicy& policy,
                               const BusinessCalendar& calendar, Instant from, Instant to, Instant as_of);

}  // namespace inscrm
