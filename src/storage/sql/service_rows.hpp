#pragma once
// The row structs of the service tables (src/storage/migrations/0002_service.*.sql), in schema
// order, and their mapping to the records of storage/service_records.hpp — the same scheme as
// rows.hpp: statements, bindings and the COPY writer are generated from each row's each() list.
//
// Nested data is JSON text (service_lists.hpp): an SLA clock's pauses, a claim's checklist and
// documents, a service request's payload. The rest of an SLA clock is columns, so that watchdog
// queries ("unacknowledged", "breached") can run in SQL.

#include "storage/sql/columns.hpp"

#include <inscrm/domain/claim.hpp>
#include <inscrm/domain/complaint.hpp>
#include <inscrm/domain/interaction.hpp>
#include <inscrm/domain/service_request.hpp>
#include <inscrm/domain/survey.hpp>

#include <string_view>

namespace inscrm::storage::sql {

struct InteractionRow {
  static constexpr std::string_view table = "interactions";
  static constexpr bool has_id = true;
  IntCol id, version;
  TextCol external_ref;
  IntCol customer_id;
  TextCol channel, direction, purpose;
  IntCol agent_id, org_unit_id, started_at, duration_s;
  TextCol outcome, visit_kind, notes;
  IntCol created_at;

  template <class F>
  void each(F&& f) {
    f("id", id), f("version", version), f("external_ref", external_ref), f("customer_id", customer_id);
    f("channel", channel), f("direction", direction), f("purpose", purpose), f("agent_id", agent_id);
    f("org_unit_id", org_unit_id), f("started_at", started_at), f("duration_s", duration_s);
    f("outcome", outcome), f("visit_kind", visit_kind), f("notes", notes), f("created_at", created_at);
  }
};

// The SLA clock's columns, shared by complaints and service requests.
struct SlaCols {
  IntCol started_at;
  TextCol pauses;
  IntCol acknowledged_at, resolved_at, breached_ack_at, breached_resolve_at;

  template <class F>
  void each(F&& f) {
    f("sla_started_at", started_at), f("sla_pauses", pauses), f("sla_acknowledged_at", acknowledged_at);
    f("sla_resolved_at", resolved_at), f("sla_breached_ack_at", breached_ack_at);
    f("sla_breached_resolve_at", breached_resolve_at);
  }
};

struct ComplaintRow {
  static constexpr std::string_view table = "complaints";
  static constexpr bool has_id = true;
  IntCol id, version;
  TextCol external_ref;
  IntCol customer_id, policy_id;
  TextCol channel, matter;
  IntCol received_at;
  TextCol category, subcategory, severity, status, department, assignee, root_cause, resolution;
  IntCol customer_satisfaction, reopen_count, escalation_level;
  SlaCols sla;
  IntCol org_unit_id, agent_id, closed_at, created_at, updated_at;

  template <class F>
  void each(F&& f) {
    f("id", id), f("version", version), f("external_ref", external_ref), f("customer_id", customer_id);
    f("policy_id", policy_id), f("channel", channel), f("matter", matter), f("received_at", received_at);
    f("category", category), f("subcategory", subcategory), f("severity", severity), f("status", status);
    f("department", department), f("assignee", assignee), f("root_cause", root_cause);
    f("resolution", resolution), f("customer_satisfaction", customer_satisfaction);
    f("reopen_count", reopen_count), f("escalation_level", escalation_level);
    sla.each(f);
    f("org_unit_id", org_unit_id), f("agent_id", agent_id), f("closed_at", closed_at);
    f("created_at", created_at), f("updated_at", updated_at);
  }
};

struct ComplaintStepRow {
  static constexpr std::string_view table = "complaint_steps";
  static constexpr std::string_view parent_table = "complaints";  // the step's complaint must exist
  static constexpr bool has_id = true;
  IntCol id, complaint_id;
  TextCol from_status, to_status, event;
  IntCol occurred_at;
  TextCol actor, note;

  IntCol& parent() noexcept { return complaint_id; }
  template <class F>
  void each(F&& f) {
    f("id", id), f("complaint_id", complaint_id), f("from_status", from_status), f("to_status", to_status);
    f("event", event), f("occurred_at", occurred_at), f("actor", actor), f("note", note);
  }
};

struct ClaimRow {
  static constexpr std::string_view table = "claims";
  static constexpr bool has_id = true;
  IntCol id, version;
  TextCol external_ref, number;
  IntCol policy_id, claimant_id;
  TextCol type;
  IntCol incident_date, reported_at;
  TextCol status;
  IntCol status_since, claimed_minor;
  TextCol claimed_currency;
  IntCol approved_minor;
  TextCol approved_currency;
  IntCol paid_minor;
  TextCol paid_currency;
  IntCol paid_on;
  TextCol required_documents, documents, decline_reason;
  IntCol reopen_count, org_unit_id, created_at, updated_at;

  template <class F>
  void each(F&& f) {
    f("id", id), f("version", version), f("external_ref", external_ref), f("number", number);
    f("policy_id", policy_id), f("claimant_id", claimant_id), f("type", type), f("incident_date", incident_date);
    f("reported_at", reported_at), f("status", status), f("status_since", status_since);
    f("claimed_minor", claimed_minor), f("claimed_currency", claimed_currency);
    f("approved_minor", approved_minor), f("approved_currency", approved_currency), f("paid_minor", paid_minor);
    f("paid_currency", paid_currency), f("paid_on", paid_on), f("required_documents", required_documents);
    f("documents", documents), f("decline_reason", decline_reason), f("reopen_count", reopen_count);
    f("org_unit_id", org_unit_id), f("created_at", created_at), f("updated_at", updated_at);
  }
};

struct ClaimTransitionRow {
  static constexpr std::string_view table = "claim_transitions";
  static constexpr std::string_view parent_table = "claims";
  static constexpr bool has_id = true;
  IntCol id, claim_id;
  TextCol from_status, to_status, event;
  IntCol effective_on, recorded_at;
  TextCol actor, reason;

  IntCol& parent() noexcept { return claim_id; }
  template <class F>
  void each(F&& f) {
    f("id", id), f("claim_id", claim_id), f("from_status", from_status), f("to_status", to_status);
    f("event", event), f("effective_on", effective_on), f("recorded_at", recorded_at), f("actor", actor);
    f("reason", reason);
  }
};

struct ServiceRequestRow {
  static constexpr std::string_view table = "service_requests";
  static constexpr bool has_id = true;
  IntCol id, version;
  TextCol external_ref, kind;
  IntCol customer_id, policy_id;
  TextCol channel, payload;
  IntCol amount_minor;
  TextCol amount_currency, status, assignee;
  IntCol requested_at, completed_at;
  TextCol result;
  SlaCols sla;
  IntCol org_unit_id, agent_id, created_at, updated_at;

  template <class F>
  void each(F&& f) {
    f("id", id), f("version", version), f("external_ref", external_ref), f("kind", kind);
    f("customer_id", customer_id), f("policy_id", policy_id), f("channel", channel), f("payload", payload);
    f("amount_minor", amount_minor), f("amount_currency", amount_currency), f("status", status);
    f("assignee", assignee), f("requested_at", requested_at), f("completed_at", completed_at);
    f("result", result);
    sla.each(f);
    f("org_unit_id", org_unit_id), f("agent_id", agent_id), f("created_at", created_at);
    f("updated_at", updated_at);
  }
};

struct ServiceStepRow {
  static constexpr std::string_view table = "service_request_steps";
  static constexpr std::string_view parent_table = "service_requests";
  static constexpr bool has_id = true;
  IntCol id, request_id;
  TextCol from_status, to_status, event;
  IntCol occurred_at;
  TextCol actor, note;

  IntCol& parent() noexcept { return request_id; }
  template <class F>
  void each(F&& f) {
    f("id", id), f("request_id", request_id), f("from_status", from_status), f("to_status", to_status);
    f("event", event), f("occurred_at", occurred_at), f("actor", actor), f("note", note);
  }
};

struct SurveyResponseRow {
  static constexpr std::string_view table = "survey_responses";
  static constexpr bool has_id = true;
  IntCol id, customer_id;
  TextCol kind, dimension;
  IntCol score;
  TextCol channel;
  IntCol answered_on;
  TextCol comment;
  IntCol complaint_id, created_at;

  template <class F>
  void each(F&& f) {
    f("id", id), f("customer_id", customer_id), f("kind", kind), f("dimension", dimension), f("score", score);
    f("channel", channel), f("answered_on", answered_on), f("comment", comment);
    f("complaint_id", complaint_id), f("created_at", created_at);
  }
};

// to_row fills every column (bulk loops reuse one row); from_row fails with StorageError when a
// stored value cannot have come from the library.
void to_row(const Interaction& i, InteractionRow& r);
Result<Interaction> from_row(const InteractionRow& r);
void to_row(const Complaint& c, ComplaintRow& r);
Result<Complaint> from_row(const ComplaintRow& r);
void to_row(const ComplaintStep& s, ComplaintStepRow& r);
Result<ComplaintStep> from_row(const ComplaintStepRow& r);
void to_row(const Claim& c, ClaimRow& r);
Result<Claim> from_row(const ClaimRow& r);
void to_row(const ClaimTransition& t, ClaimTransitionRow& r);
Result<ClaimTransition> from_row(const ClaimTransitionRow& r);
void to_row(const ServiceRequest& s, ServiceRequestRow& r);
Result<ServiceRequest> from_row(const ServiceRequestRow& r);
void to_row(const ServiceRequestStep& s, ServiceStepRow& r);
Result<ServiceRequestStep> from_row(const ServiceStepRow& r);
void to_row(const SurveyResponse& s, SurveyResponseRow& r);
Result<SurveyResponse> from_row(const SurveyResponseRow& r);

}  // namespace inscrm::storage::sql
