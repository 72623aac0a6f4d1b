#include "storage/sql/service_rows.hpp"

#include "storage/sql/service_lists.hpp"

#include <fmt/format.h>

#include <string>

namespace inscrm::storage::sql {
namespace {

void put_json(TextCol& c) noexcept { c.ind = soci::i_ok; }

void to_cols(const SlaClock& clock, SlaCols& r) {
  put_instant(r.started_at, clock.started_at);
  encode_sla_pauses(clock.pauses, r.pauses.v);
  put_json(r.pauses);
  put_instant(r.acknowledged_at, clock.acknowledged_at);
  put_instant(r.resolved_at, clock.resolved_at);
  put_instant(r.breached_ack_at, clock.breached_ack_at);
  put_instant(r.breached_resolve_at, clock.breached_resolve_at);
}

// A JSON column the library always fills.
Result<std::string_view> get_json(const TextCol& c, std::string_view column) {
  if (c.null()) return corrupt(column, "unexpected NULL");
  return std::string_view{c.v};
}

Result<SlaClock> from_cols(const SlaCols& r, std::string_view table) {
  SlaClock clock;
  INSCRM_TRY(clock.started_at, get_instant(r.started_at, fmt::format("{}.sla_started_at", table)));
  const std::string pauses = fmt::format("{}.sla_pauses", table);
  INSCRM_TRY(std::string_view text, get_json(r.pauses, pauses));
  INSCRM_TRY(clock.pauses, decode_sla_pauses(text, pauses));
  clock.acknowledged_at = get_opt_instant(r.acknowledged_at);
  clock.resolved_at = get_opt_instant(r.resolved_at);
  clock.breached_ack_at = get_opt_instant(r.breached_ack_at);
  clock.breached_resolve_at = get_opt_instant(r.breached_resolve_at);
  return clock;
}

}  // namespace

// ---- interactions ------------------------------------------------------------------------------

void to_row(const Interaction& i, InteractionRow& r) {
  put(r.id, i.id.value);
  put(r.version, i.version);
  put(r.external_ref, i.external_ref);
  put_id(r.customer_id, i.customer);
  put_enum(r.channel, i.channel);
  put_enum(r.direction, i.direction);
  put_enum(r.purpose, i.purpose);
  put_id(r.agent_id, i.agent);
  put_id(r.org_unit_id, i.org_unit);
  put_instant(r.started_at, i.started_at);
  put(r.duration_s, i.duration.count());
  put_enum(r.outcome, i.outcome);
  put_enum(r.visit_kind, i.visit_kind);
  put(r.notes, i.notes);
  put_instant(r.created_at, i.created_at);
}

Result<Interaction> from_row(const InteractionRow& r) {
  Interaction i;
  INSCRM_TRY(i.id, get_id<InteractionId>(r.id, "interactions.id"));
  INSCRM_TRY(i.version, get(r.version, "interactions.version"));
  i.external_ref = get_opt(r.external_ref);
  INSCRM_TRY(i.customer, get_id<CustomerId>(r.customer_id, "interactions.customer_id"));
  INSCRM_TRY(i.channel, get_enum<Channel>(r.channel, "interactions.channel"));
  INSCRM_TRY(i.direction, get_enum<Direction>(r.direction, "interactions.direction"));
  INSCRM_TRY(i.purpose, get_enum<InteractionPurpose>(r.purpose, "interactions.purpose"));
  i.agent = get_opt_id<AgentId>(r.agent_id);
  INSCRM_TRY(i.org_unit, get_id<OrgUnitId>(r.org_unit_id, "interactions.org_unit_id"));
  INSCRM_TRY(i.started_at, get_instant(r.started_at, "interactions.started_at"));
  INSCRM_TRY(long long seconds, get(r.duration_s, "interactions.duration_s"));
  i.duration = std::chrono::seconds{seconds};
  INSCRM_TRY(i.outcome, get_enum<InteractionOutcome>(r.outcome, "interactions.outcome"));
  INSCRM_TRY(i.visit_kind, get_opt_enum<VisitKind>(r.visit_kind, "interactions.visit_kind"));
  INSCRM_TRY(i.notes, get(r.notes, "interactions.notes"));
  INSCRM_TRY(i.created_at, get_instant(r.created_at, "interactions.created_at"));
  return i;
}

// ---- complaints --------------------------------------------------------------------------------

void to_row(const Complaint& c, ComplaintRow& r) {
  put(r.id, c.id.value);
  put(r.version, c.version);
  put(r.external_ref, c.external_ref);
  put_id(r.customer_id, c.customer);
  put_id(r.policy_id, c.policy);
  put_enum(r.channel, c.channel);
  put(r.matter, c.matter);
  put_instant(r.received_at, c.received_at);
  put_enum(r.category, c.category);
  put(r.subcategory, c.subcategory);
  put_enum(r.severity, c.severity);
  put_enum(r.status, c.status);
  put(r.department, c.department);
  put(r.assignee, c.assignee);
  put_enum(r.root_cause, c.root_cause);
  put(r.resolution, c.resolution);
  put_int(r.customer_satisfaction, c.customer_satisfaction);
  put(r.reopen_count, c.reopen_count);
  put(r.escalation_level, c.escalation_level);
  to_cols(c.sla, r.sla);
  put_id(r.org_unit_id, c.org_unit);
  put_id(r.agent_id, c.agent);
  put_instant(r.closed_at, c.closed_at);
  put_instant(r.created_at, c.created_at);
  put_instant(r.updated_at, c.updated_at);
}

Result<Complaint> from_row(const ComplaintRow& r) {
  Complaint c;
  INSCRM_TRY(c.id, get_id<ComplaintId>(r.id, "complaints.id"));
  INSCRM_TRY(c.version, get(r.version, "complaints.version"));
  c.external_ref = get_opt(r.external_ref);
  INSCRM_TRY(c.customer, get_id<CustomerId>(r.customer_id, "complaints.customer_id"));
  c.policy = get_opt_id<PolicyId>(r.policy_id);
  INSCRM_TRY(c.channel, get_enum<Channel>(r.channel, "complaints.channel"));
  INSCRM_TRY(c.matter, get(r.matter, "complaints.matter"));
  INSCRM_TRY(c.received_at, get_instant(r.received_at, "complaints.received_at"));
  INSCRM_TRY(c.category, get_enum<ComplaintCategory>(r.category, "complaints.category"));
  INSCRM_TRY(c.subcategory, get(r.subcategory, "complaints.subcategory"));
  INSCRM_TRY(c.severity, get_enum<ComplaintSeverity>(r.severity, "complaints.severity"));
  INSCRM_TRY(c.status, get_enum<ComplaintStatus>(r.status, "complaints.status"));
  INSCRM_TRY(c.department, get(r.department, "complaints.department"));
  INSCRM_TRY(c.assignee, get(r.assignee, "complaints.assignee"));
  INSCRM_TRY(c.root_cause, get_opt_enum<RootCause>(r.root_cause, "complaints.root_cause"));
  INSCRM_TRY(c.resolution, get(r.resolution, "complaints.resolution"));
  c.customer_satisfaction = get_opt_int(r.customer_satisfaction);
  INSCRM_TRY(c.reopen_count, get_int(r.reopen_count, "complaints.reopen_count"));
  INSCRM_TRY(c.escalation_level, get_int(r.escalation_level, "complaints.escalation_level"));
  INSCRM_TRY(c.sla, from_cols(r.sla, "complaints"));
  INSCRM_TRY(c.org_unit, get_id<OrgUnitId>(r.org_unit_id, "complaints.org_unit_id"));
  c.agent = get_opt_id<AgentId>(r.agent_id);
  c.closed_at = get_opt_instant(r.closed_at);
  INSCRM_TRY(c.created_at, get_instant(r.created_at, "complaints.created_at"));
  INSCRM_TRY(c.updated_at, get_instant(r.updated_at, "complaints.updated_at"));
  return c;
}

void to_row(const ComplaintStep& s, ComplaintStepRow& r) {
  put(r.id, s.id.value);
  put_id(r.complaint_id, s.complaint);
  put_enum(r.from_status, s.from);
  put_enum(r.to_status, s.to);
  put_enum(r.event, s.event);
  put_instant(r.occurred_at, s.at);
  put(r.actor, s.actor);
  put(r.note, s.note);
}

Result<ComplaintStep> from_row(const ComplaintStepRow& r) {
  ComplaintStep s;
  INSCRM_TRY(s.id, get_id<ComplaintStepId>(r.id, "complaint_steps.id"));
  INSCRM_TRY(s.complaint, get_id<ComplaintId>(r.complaint_id, "complaint_steps.complaint_id"));
  INSCRM_TRY(s.from, get_enum<ComplaintStatus>(r.from_status, "complaint_steps.from_status"));
  INSCRM_TRY(s.to, get_enum<ComplaintStatus>(r.to_status, "complaint_steps.to_status"));
  INSCRM_TRY(s.event, get_enum<ComplaintEvent>(r.event, "complaint_steps.event"));
  INSCRM_TRY(s.at, get_instant(r.occurred_at, "complaint_steps.occurred_at"));
  INSCRM_TRY(s.actor, get(r.actor, "complaint_steps.actor"));
  INSCRM_TRY(s.note, get(r.note, "complaint_steps.note"));
  return s;
}

// ---- claims ------------------------------------------------------------------------------------

void to_row(const Claim& c, ClaimRow& r) {
  put(r.id, c.id.value);
  put(r.version, c.version);
  put(r.external_ref, c.external_ref);
  put(r.number, c.number);
  put_id(r.policy_id, c.policy);
  put_id(r.claimant_id, c.claimant);
  put_enum(r.type, c.type);
  put_date(r.incident_date, c.incident_date);
  put_instant(r.reported_at, c.reported_at);
  put_enum(r.status, c.status);
  put_date(r.status_since, c.status_since);
  put_money(r.claimed_minor, r.claimed_currency, c.claimed_amount);
  put_money(r.approved_minor, r.approved_currency, c.approved_amount);
  put_money(r.paid_minor, r.paid_currency, c.paid_amount);
  put_date(r.paid_on, c.paid_on);
  encode_strings(c.required_documents, r.required_documents.v);
  put_json(r.required_documents);
  encode_claim_documents(c.documents, r.documents.v);
  put_json(r.documents);
  put(r.decline_reason, c.decline_reason);
  put(r.reopen_count, c.reopen_count);
  put_id(r.org_unit_id, c.org_unit);
  put_instant(r.created_at, c.created_at);
  put_instant(r.updated_at, c.updated_at);
}

Result<Claim> from_row(const ClaimRow& r) {
  Claim c;
  INSCRM_TRY(c.id, get_id<ClaimId>(r.id, "claims.id"));
  INSCRM_TRY(c.version, get(r.version, "claims.version"));
  c.external_ref = get_opt(r.external_ref);
  INSCRM_TRY(c.number, get(r.number, "claims.number"));
  INSCRM_TRY(c.policy, get_id<PolicyId>(r.policy_id, "claims.policy_id"));
  INSCRM_TRY(c.claimant, get_id<CustomerId>(r.claimant_id, "claims.claimant_id"));
  INSCRM_TRY(c.type, get_enum<ClaimType>(r.type, "claims.type"));
  INSCRM_TRY(c.incident_date, get_date(r.incident_date, "claims.incident_date"));
  INSCRM_TRY(c.reported_at, get_instant(r.reported_at, "claims.reported_at"));
  INSCRM_TRY(c.status, get_enum<ClaimStatus>(r.status, "claims.status"));
  INSCRM_TRY(c.status_since, get_date(r.status_since, "claims.status_since"));
  INSCRM_TRY(c.claimed_amount, get_money(r.claimed_minor, r.claimed_currency, "claims.claimed"));
  INSCRM_TRY(c.approved_amount, get_opt_money(r.approved_minor, r.approved_currency, "claims.approved"));
  INSCRM_TRY(c.paid_amount, get_opt_money(r.paid_minor, r.paid_currency, "claims.paid"));
  c.paid_on = get_opt_date(r.paid_on);
  INSCRM_TRY(auto required, get_json(r.required_documents, "claims.required_documents"));
  INSCRM_TRY(c.required_documents, decode_strings(required, "claims.required_documents"));
  INSCRM_TRY(auto documents, get_json(r.documents, "claims.documents"));
  INSCRM_TRY(c.documents, decode_claim_documents(documents, "claims.documents"));
  INSCRM_TRY(c.decline_reason, get(r.decline_reason, "claims.decline_reason"));
  INSCRM_TRY(c.reopen_count, get_int(r.reopen_count, "claims.reopen_count"));
  INSCRM_TRY(c.org_unit, get_id<OrgUnitId>(r.org_unit_id, "claims.org_unit_id"));
  INSCRM_TRY(c.created_at, get_instant(r.created_at, "claims.created_at"));
  INSCRM_TRY(c.updated_at, get_instant(r.updated_at, "claims.updated_at"));
  return c;
}

void to_row(const ClaimTransition& t, ClaimTransitionRow& r) {
  put(r.id, t.id.value);
  put_id(r.claim_id, t.claim);
  put_enum(r.from_status, t.from);
  put_enum(r.to_status, t.to);
  put_enum(r.event, t.event);
  put_date(r.effective_on, t.effective_on);
  put_instant(r.recorded_at, t.at);
  put(r.actor, t.actor);
  put(r.reason, t.reason);
}

Result<ClaimTransition> from_row(const ClaimTransitionRow& r) {
  ClaimTransition t;
  INSCRM_TRY(t.id, get_id<ClaimTransitionId>(r.id, "claim_transitions.id"));
  INSCRM_TRY(t.claim, get_id<ClaimId>(r.claim_id, "claim_transitions.claim_id"));
  INSCRM_TRY(t.from, get_enum<ClaimStatus>(r.from_status, "claim_transitions.from_status"));
  INSCRM_TRY(t.to, get_enum<ClaimStatus>(r.to_status, "claim_transitions.to_status"));
  INSCRM_TRY(t.event, get_enum<ClaimEvent>(r.event, "claim_transitions.event"));
  INSCRM_TRY(t.effective_on, get_date(r.effective_on, "claim_transitions.effective_on"));
  INSCRM_TRY(t.at, get_instant(r.recorded_at, "claim_transitions.recorded_at"));
  INSCRM_TRY(t.actor, get(r.actor, "claim_transitions.actor"));
  INSCRM_TRY(t.reason, get(r.reason, "claim_transitions.reason"));
  return t;
}

// ---- service requests --------------------------------------------------------------------------

void to_row(const ServiceRequest& s, ServiceRequestRow& r) {
  put(r.id, s.id.value);
  put(r.version, s.version);
  put(r.external_ref, s.external_ref);
  put_enum(r.kind, s.kind);
  put_id(r.customer_id, s.customer);
  put_id(r.policy_id, s.policy);
  put_enum(r.channel, s.channel);
  encode_service_payload(s.payload, r.payload.v);
  put_json(r.payload);
  put_money(r.amount_minor, r.amount_currency, s.amount);
  put_enum(r.status, s.status);
  put(r.assignee, s.assignee);
  put_instant(r.requested_at, s.requested_at);
  put_instant(r.completed_at, s.completed_at);
  put(r.result, s.result);
  to_cols(s.sla, r.sla);
  put_id(r.org_unit_id, s.org_unit);
  put_id(r.agent_id, s.agent);
  put_instant(r.created_at, s.created_at);
  put_instant(r.updated_at, s.updated_at);
}

Result<ServiceRequest> from_row(const ServiceRequestRow& r) {
  ServiceRequest s;
  INSCRM_TRY(s.id, get_id<ServiceRequestId>(r.id, "service_requests.id"));
  INSCRM_TRY(s.version, get(r.version, "service_requests.version"));
  s.external_ref = get_opt(r.external_ref);
  INSCRM_TRY(s.kind, get_enum<ServiceKind>(r.kind, "service_requests.kind"));
  INSCRM_TRY(s.customer, get_id<CustomerId>(r.customer_id, "service_requests.customer_id"));
  s.policy = get_opt_id<PolicyId>(r.policy_id);
  INSCRM_TRY(s.channel, get_enum<Channel>(r.channel, "service_requests.channel"));
  INSCRM_TRY(auto payload, get_json(r.payload, "service_requests.payload"));
  INSCRM_TRY(s.payload, decode_service_payload(payload, "service_requests.payload"));
  INSCRM_TRY(s.amount, get_opt_money(r.amount_minor, r.amount_currency, "service_requests.amount"));
  INSCRM_TRY(s.status, get_enum<ServiceStatus>(r.status, "service_requests.status"));
  INSCRM_TRY(s.assignee, get(r.assignee, "service_requests.assignee"));
  INSCRM_TRY(s.requested_at, get_instant(r.requested_at, "service_requests.requested_at"));
  s.completed_at = get_opt_instant(r.completed_at);
  INSCRM_TRY(s.result, get(r.result, "service_requests.result"));
  INSCRM_TRY(s.sla, from_cols(r.sla, "service_requests"));
  INSCRM_TRY(s.org_unit, get_id<OrgUnitId>(r.org_unit_id, "service_requests.org_unit_id"));
  s.agent = get_opt_id<AgentId>(r.agent_id);
  INSCRM_TRY(s.created_at, get_instant(r.created_at, "service_requests.created_at"));
  INSCRM_TRY(s.updated_at, get_instant(r.updated_at, "service_requests.updated_at"));
  return s;
}

void to_row(const ServiceRequestStep& s, ServiceStepRow& r) {
  put(r.id, s.id.value);
  put_id(r.request_id, s.request);
  put_enum(r.from_status, s.from);
  put_enum(r.to_status, s.to);
  put_enum(r.event, s.event);
  put_instant(r.occurred_at, s.at);
  put(r.actor, s.actor);
  put(r.note, s.note);
}

Result<ServiceRequestStep> from_row(const ServiceStepRow& r) {
  ServiceRequestStep s;
  INSCRM_TRY(s.id, get_id<ServiceRequestStepId>(r.id, "service_request_steps.id"));
  INSCRM_TRY(s.request, get_id<ServiceRequestId>(r.request_id, "service_request_steps.request_id"));
  INSCRM_TRY(s.from, get_enum<ServiceStatus>(r.from_status, "service_request_steps.from_status"));
  INSCRM_TRY(s.to, get_enum<ServiceStatus>(r.to_status, "service_request_steps.to_status"));
  INSCRM_TRY(s.event, get_enum<ServiceEvent>(r.event, "service_request_steps.event"));
  INSCRM_TRY(s.at, get_instant(r.occurred_at, "service_request_steps.occurred_at"));
  INSCRM_TRY(s.actor, get(r.actor, "service_request_steps.actor"));
  INSCRM_TRY(s.note, get(r.note, "service_request_steps.note"));
  return s;
}

// ---- surveys -----------------------------------------------------------------------------------

void to_row(const SurveyResponse& s, SurveyResponseRow& r) {
  put(r.id, s.id.value);
  put_id(r.customer_id, s.customer);
  put_enum(r.kind, s.kind);
  put(r.dimension, s.dimension);
  put(r.score, s.score);
  put_enum(r.channel, s.channel);
  put_date(r.answered_on, s.answered_on);
  put(r.comment, s.comment);
  put_id(r.complaint_id, s.complaint);
  put_instant(r.created_at, s.created_at);
}

Result<SurveyResponse> from_row(const SurveyResponseRow& r) {
  SurveyResponse s;
  INSCRM_TRY(s.id, get_id<SurveyResponseId>(r.id, "survey_responses.id"));
  INSCRM_TRY(s.customer, get_id<CustomerId>(r.customer_id, "survey_responses.customer_id"));
  INSCRM_TRY(s.kind, get_enum<SurveyKind>(r.kind, "survey_responses.kind"));
  INSCRM_TRY(s.dimension, get(r.dimension, "survey_responses.dimension"));
  INSCRM_TRY(s.score, get_int(r.score, "survey_responses.score"));
  INSCRM_TRY(s.channel, get_enum<Channel>(r.channel, "survey_responses.channel"));
  INSCRM_TRY(s.answered_on, get_date(r.answered_on, "survey_responses.answered_on"));
  INSCRM_TRY(s.comment, get(r.comment, "survey_responses.comment"));
  s.complaint = get_opt_id<ComplaintId>(r.complaint_id);
  INSCRM_TRY(s.created_at, get_instant(r.created_at, "survey_responses.created_at"));
  return s;
}

}  // namespace inscrm::storage::sql
