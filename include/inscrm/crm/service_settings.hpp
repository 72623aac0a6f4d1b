#pragma once
// The host's configuration for service and complaints (domain.md C4, C5), as data: the business
// calendar SLA time counts on, the SLA policies, and who gets new complaints of a department. It
// is given in OpenOptions and may be replaced while the Crm is in use (Crm::set_service_settings,
// ComplaintService::set_sla_policy, …); every call reads the settings current when it starts.
//
// Nothing here is stored: deadlines are derived from each case's stored SLA clock and the policy
// in force now, so replacing a policy moves every open deadline at once — except breaches already
// recorded, which stay (sla.hpp).

#include <inscrm/core/business_calendar.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/domain/complaint.hpp>
#include <inscrm/domain/sla.hpp>

#include <chrono>
#include <vector>

namespace inscrm {

// A starting point for servicing requests (保全), not a regulation: acknowledge within one working
// day and complete within five (8-hour days); a surrender or reinstatement within three; emergency
// rescue acknowledged within 30 minutes and completed within 24 hours, round the clock.
SlaPolicy standard_service_sla();

struct ServiceSettings {
  // Working time for the SLA rows on the business calendar. Default: Monday to Friday,
  // 09:00–12:00 and 13:00–18:00 China time, no holidays (the host adds each year's list).
  BusinessCalendar calendar = BusinessCalendar::office_hours(
      {{std::chrono::hours{9}, std::chrono::hours{12}}, {std::chrono::hours{13}, std::chrono::hours{18}}});
  SlaPolicy complaint_sla = standard_complaint_sla();  // rows keyed by category and severity names
  SlaPolicy service_sla = standard_service_sla();      // rows keyed by ServiceKind names, no severity
  // Departments whose new complaints are assigned at intake; others wait for a manual assign.
  std::vector<AssignmentRule> assignment;
  // domain.md C5: a complaint this severe or more is escalated at intake.
  ComplaintSeverity escalate_at_intake_from = ComplaintSeverity::High;
};

// Checks everything the settings hold, naming the field: "calendar.hours[1][0]",
// "complaint_sla.rows[0].severity", "service_sla.rows[2].category" (a ServiceKind name, with an
// empty severity), "assignment[1].department" (blank or listed twice), "assignment[0].handlers"
// (empty, blank or a handler listed twice).
Result<void> validate_service_settings(const ServiceSettings& settings);
Result<void> validate_service_sla_policy(const SlaPolicy& policy);
Result<void> validate_assignment_rules(const std::vector<AssignmentRule>& rules);

}  // namespace inscrm
