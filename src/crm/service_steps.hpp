#pragma once
// One step of a complaint or a service request inside a service transaction: the pure rule
// (apply_event), then the history record and the outbox event — the service-side twin of
// policy_steps.hpp. Shared by the complaint and service-request services and the daily SLA
// watchdog. The caller saves the record afterwards (one version bump per service call).

#include <inscrm/crm/deadlines.hpp>
#include <inscrm/crm/service_settings.hpp>
#include <inscrm/domain/complaint.hpp>
#include <inscrm/domain/service_request.hpp>

#include "crm/engine.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace inscrm::detail {

// "complaint.escalated", "service_request.completed": what happened, in the past tense.
std::string_view complaint_event_type(ComplaintEvent event) noexcept;
std::string_view service_event_type(ServiceEvent event) noexcept;

// Appends `step` (for `complaint`) to the history and emits its event.
Result<void> record_complaint_step(const Engine& engine, storage::Transaction& tx, const Actor& actor,
                                   const Complaint& complaint, ComplaintStep& step);
// apply_event, then record_complaint_step.
Result<ComplaintStep> complaint_step(const Engine& engine, storage::Transaction& tx, const Actor& actor,
                                     Complaint& complaint, ComplaintEvent event, const ComplaintContext& ctx);

Result<void> record_service_step(const Engine& engine, storage::Transaction& tx, const Actor& actor,
                                 const ServiceRequest& request, ServiceRequestStep& step);
Result<ServiceRequestStep> service_step(const Engine& engine, storage::Transaction& tx, const Actor& actor,
                                        ServiceRequest& request, ServiceEvent event,
                                        const ServiceRequestContext& ctx);

Deadlines deadlines_of(const SlaClock& clock, const SlaRow& row, const BusinessCalendar& calendar, Instant now);

// The daily SLA watchdog (domain.md C5): every open complaint whose deadline has newly passed is
// escalated (escalate_overdue: once per missed deadline, the breach recorded on the complaint so
// that it never fires again); every open service request with a newly missed deadline has the
// breach recorded and a service_request.sla_breached event. Runs in the caller's transaction.
struct WatchdogCounts {
  std::size_t complaints_escalated = 0;
  std::size_t service_requests_breached = 0;
};
Result<WatchdogCounts> run_sla_watchdog(const Engine& engine, storage::Transaction& tx, const Actor& actor,
                                        Instant now);

// Records who changed which part of the service settings (an outbox event in its own
// transaction), then installs the change. `part` is the settings field: "complaint_sla", …
template <class Change>
Result<void> change_settings(Engine& engine, const Actor& actor, std::string_view part, Change&& change) {
  auto recorded = engine.write([&](storage::Transaction& tx) -> Result<void> {
    return engine.emit(tx, actor, "settings.changed", "settings", 0,
                       std::string{R"({"part":")"} + std::string{part} + R"("})");
  });
  if (!recorded) return recorded.error();
  engine.change_service_settings(std::forward<Change>(change));
  return ok();
}

}  // namespace inscrm::detail
