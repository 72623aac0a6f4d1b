#include "crm/service_steps.hpp"

#include "crm/json.hpp"

#include <fmt/format.h>

#include <array>
#include <vector>

namespace inscrm::detail {
namespace {

// One name per enumerator, in enum order (checked below), like the enums' own text tables.
constexpr std::array<std::string_view, 11> kComplaintEventTypes{
    "complaint.received",          "complaint.assigned",          "complaint.reassigned",
    "complaint.investigation_started", "complaint.solution_proposed", "complaint.customer_informed",
    "complaint.closed",            "complaint.reopened",          "complaint.escalated",
    "complaint.waiting_on_customer", "complaint.customer_responded"};
static_assert(kComplaintEventTypes.size() == enum_count<ComplaintEvent>());

constexpr std::array<std::string_view, 7> kServiceEventTypes{
    "service_request.submitted", "service_request.started",   "service_request.waiting_on_customer",
    "service_request.customer_responded", "service_request.completed", "service_request.rejected",
    "service_request.cancelled"};
static_assert(kServiceEventTypes.size() == enum_count<ServiceEvent>());

constexpr std::size_t kPage = 1000;

std::string optional_instant(const std::optional<Instant>& t) {
  return t ? json_string(to_string(*t)) : std::string{"null"};
}

}  // namespace

std::string_view complaint_event_type(ComplaintEvent event) noexcept {
  return kComplaintEventTypes[static_cast<std::size_t>(event)];
}

std::string_view service_event_type(ServiceEvent event) noexcept {
  return kServiceEventTypes[static_cast<std::size_t>(event)];
}

Result<void> record_complaint_step(const Engine& engine, storage::Transaction& tx, const Actor& actor,
                                   const Complaint& c, ComplaintStep& step) {
  step.complaint = c.id;
  INSCRM_TRYV(tx.service().append_complaint_step(step));
  return engine.emit(
      tx, actor, std::string{complaint_event_type(step.event)}, "complaint", c.id.value,
      fmt::format(R"({{"complaint_id":{},"customer_id":{},"event":"{}","from":"{}","to":"{}","category":"{}",)"
                  R"("severity":"{}","department":{},"assignee":{},"escalation_level":{},"note":{}}})",
                  c.id.value, c.customer.value, to_string(step.event), to_string(step.from), to_string(step.to),
                  to_string(c.category), to_string(c.severity), json_string(c.department), json_string(c.assignee),
                  c.escalation_level, json_string(step.note)));
}

Result<ComplaintStep> complaint_step(const Engine& engine, storage::Transaction& tx, const Actor& actor,
                                     Complaint& c, ComplaintEvent event, const ComplaintContext& ctx) {
  INSCRM_TRY(auto step, apply_event(c, event, ctx));
  INSCRM_TRYV(record_complaint_step(engine, tx, actor, c, step));
  return step;
}

Result<void> record_service_step(const Engine& engine, storage::Transaction& tx, const Actor& actor,
                                 const ServiceRequest& r, ServiceRequestStep& step) {
  step.request = r.id;
  INSCRM_TRYV(tx.service().append_service_step(step));
  return engine.emit(
      tx, actor, std::string{service_event_type(step.event)}, "service_request", r.id.value,
      fmt::format(R"({{"service_request_id":{},"customer_id":{},"kind":"{}","policy_id":{},"event":"{}",)"
                  R"("from":"{}","to":"{}","note":{}}})",
                  r.id.value, r.customer.value, to_string(r.kind), r.policy ? r.policy->value : 0,
                  to_string(step.event), to_string(step.from), to_string(step.to), json_string(step.note)));
}

Result<ServiceRequestStep> service_step(const Engine& engine, storage::Transaction& tx, const Actor& actor,
                                        ServiceRequest& r, ServiceEvent event, const ServiceRequestContext& ctx) {
  INSCRM_TRY(auto step, apply_event(r, event, ctx));
  INSCRM_TRYV(record_service_step(engine, tx, actor, r, step));
  return step;
}

Deadlines deadlines_of(const SlaClock& clock, const SlaRow& row, const BusinessCalendar& calendar, Instant now) {
  Deadlines d;
  d.row = row;
  d.acknowledge = deadline_acknowledge(clock, row, calendar);
  d.resolve = deadline_resolve(clock, row, calendar);
  d.acknowledged_at = clock.acknowledged_at;
  d.resolved_at = clock.resolved_at;
  d.paused = is_paused(clock);
  const auto missed = breaches(clock, row, calendar, now);
  d.acknowledge_breached = missed.acknowledge;
  d.resolve_breached = missed.resolve;
  d.elapsed = sla_elapsed(clock, row, calendar, now);
  d.as_of = now;
  return d;
}

Result<WatchdogCounts> run_sla_watchdog(const Engine& engine, storage::Transaction& tx, const Actor& actor,
                                        Instant now) {
  WatchdogCounts counts;
  const auto settings = engine.service_settings();
  auto& records = tx.service();

  storage::ComplaintQuery open_complaints;
  for (auto s : enum_values<ComplaintStatus>())
    if (is_open(s)) open_complaints.statuses.push_back(s);
  open_complaints.limit = kPage;
  for (;;) {
    INSCRM_TRY(auto page, records.complaints(open_complaints));
    for (auto& c : page) {
      ComplaintContext ctx;
      ctx.at = now;
      ctx.actor = actor.user;
      const SlaClock before = c.sla;
      auto steps = escalate_overdue(c, sla_row_for(settings->complaint_sla, c), settings->calendar, ctx);
      const bool recorded = before.breached_ack_at != c.sla.breached_ack_at ||
                            before.breached_resolve_at != c.sla.breached_resolve_at;
      if (!recorded) continue;
      // The breach is saved on the complaint with its escalation, so the next run finds it recorded
      // and escalates nothing (check_breach reports a deadline once).
      c.updated_at = now;
      INSCRM_TRYV(records.update_complaint(c));
      for (auto& step : steps) INSCRM_TRYV(record_complaint_step(engine, tx, actor, c, step));
      if (!steps.empty()) ++counts.complaints_escalated;
    }
    if (page.size() < kPage) break;
    open_complaints.after = page.back().id;
  }

  storage::ServiceRequestQuery open_requests;
  for (auto s : enum_values<ServiceStatus>())
    if (is_open(s)) open_requests.statuses.push_back(s);
  open_requests.limit = kPage;
  for (;;) {
    INSCRM_TRY(auto page, records.service_requests(open_requests));
    for (auto& r : page) {
      const auto fresh = check_breach(r.sla, sla_row_for(settings->service_sla, r), settings->calendar, now);
      if (!fresh.any()) continue;
      r.updated_at = now;
      INSCRM_TRYV(records.update_service_request(r));
      INSCRM_TRYV(engine.emit(
          tx, actor, "service_request.sla_breached", "service_request", r.id.value,
          fmt::format(R"({{"service_request_id":{},"customer_id":{},"kind":"{}","acknowledge_missed_at":{},)"
                      R"("resolve_missed_at":{}}})",
                      r.id.value, r.customer.value, to_string(r.kind),
                      fresh.acknowledge ? optional_instant(r.sla.breached_ack_at) : "null",
                      fresh.resolve ? optional_instant(r.sla.breached_resolve_at) : "null")));
      ++counts.service_requests_breached;
    }
    if (page.size() < kPage) break;
    open_requests.after = page.back().id;
  }
  return counts;
}

}  // namespace inscrm::detail
