// The records the service-and-complaints calls return (domain.md C4–C6) as read-only Python
// objects: Interaction, Complaint and its steps, Claim and its transitions and progress,
// ServiceRequest and its steps, SLA clocks and deadlines, survey responses, NPS, satisfaction and
// complaint statistics. Conversions as in records.cpp: dates datetime.date, instants aware UTC
// datetimes, durations timedelta, enums their text names, money int minor units with a `*_yuan` twin.

#include "common.hpp"

#include <inscrm/crm/claims.hpp>
#include <inscrm/crm/complaints.hpp>
#include <inscrm/crm/deadlines.hpp>
#include <inscrm/crm/service_requests.hpp>
#include <inscrm/crm/surveys.hpp>
#include <inscrm/domain/complaint_stats.hpp>

#include <map>
#include <type_traits>
#include <variant>

namespace inscrm::python {
namespace {

py::object minor_or_none(const std::optional<Money>& m) { return m ? py::object(py::int_(m->minor)) : py::object(py::none()); }
py::object yuan_or_none(const std::optional<Money>& m) { return m ? yuan(m->minor) : py::object(py::none()); }
py::object share_or_none(const std::optional<double>& v) { return v ? py::object(py::float_(*v)) : py::object(py::none()); }
py::object minutes_or_none(const std::optional<std::chrono::minutes>& v) {
  return v ? from_duration(*v) : py::object(py::none());
}

template <class E>
py::dict counts_by_enum(const std::map<E, int>& counts) {
  py::dict out;
  for (const auto& [key, n] : counts) out[from_enum(key)] = n;
  return out;
}
template <class Id>
py::dict counts_by_id(const std::map<Id, int>& counts) {
  py::dict out;
  for (const auto& [key, n] : counts) out[py::int_(key.value)] = n;
  return out;
}

py::list text_list(const std::vector<std::string>& items) {
  py::list out;
  for (const auto& s : items) out.append(py::str(s));
  return out;
}

// A service request's payload as the dict of keyword arguments submit() takes for it.
py::object payload_dict(const ServicePayload& payload) {
  return std::visit(
      [](const auto& p) -> py::object {
        using P = std::decay_t<decltype(p)>;
        py::dict out;
        if constexpr (std::is_same_v<P, std::monostate>) {
          return py::none();
        } else if constexpr (std::is_same_v<P, ContactChange>) {
          out["phones"] = py::cast(p.phones);
          out["emails"] = py::cast(p.emails);
        } else if constexpr (std::is_same_v<P, AddressChange>) {
          out["address"] = py::cast(p.address);
        } else if constexpr (std::is_same_v<P, BeneficiaryChange>) {
          out["beneficiaries"] = py::cast(p.beneficiaries);
        } else {
          static_assert(std::is_same_v<P, PaymentMethodChange>);
          out["pay_channel"] = from_enum(p.channel);
          out["account"] = py::str(p.account);
        }
        return out;
      },
      payload);
}

std::string repr_share(const std::optional<double>& v) {
  return v ? py::repr(py::float_(*v)).cast<std::string>() : std::string{"None"};
}

}  // namespace

void register_service_records(py::module_& m) {
  py::class_<Interaction>(m, "Interaction", "One contact with a customer in the interaction log (read-only).")
      .def_property_readonly("id", [](const Interaction& i) { return i.id.value; })
      .def_readonly("version", &Interaction::version)
      .def_readonly("external_ref", &Interaction::external_ref)
      .def_property_readonly("customer", [](const Interaction& i) { return i.customer.value; })
      .def_property_readonly("channel", [](const Interaction& i) { return from_enum(i.channel); })
      .def_property_readonly("direction", [](const Interaction& i) { return from_enum(i.direction); })
      .def_property_readonly("purpose", [](const Interaction& i) { return from_enum(i.purpose); })
      .def_property_readonly("agent", [](const Interaction& i) { return from_optional_id(i.agent); })
      .def_property_readonly("org_unit", [](const Interaction& i) { return i.org_unit.value; })
      .def_property_readonly("started_at", [](const Interaction& i) { return from_instant(i.started_at); })
      .def_property_readonly("duration", [](const Interaction& i) { return from_duration(i.duration); })
      .def_property_readonly("outcome", [](const Interaction& i) { return from_enum(i.outcome); })
      .def_property_readonly("visit_kind", [](const Interaction& i) { return from_optional_enum(i.visit_kind); })
      .def_readonly("notes", &Interaction::notes)
      .def_property_readonly("created_at", [](const Interaction& i) { return from_instant(i.created_at); })
      .def("__repr__", [](const Interaction& i) {
        return "Interaction(id=" + std::to_string(i.id.value) + ", customer=" + std::to_string(i.customer.value) +
               ", channel='" + std::string{to_string(i.channel)} + "', purpose='" + std::string{to_string(i.purpose)} +
               "', started_at=" + to_string(i.started_at) + ")";
      });

  py::class_<SlaPause>(m, "SlaPause", "A stretch during which the SLA clock stood still, waiting on the customer.")
      .def_property_readonly("start", [](const SlaPause& p) { return from_instant(p.start); })
      .def_property_readonly("end", [](const SlaPause& p) { return from_instant(p.end); }, "None while still waiting.")
      .def_readonly("reason", &SlaPause::reason)
      .def("__repr__", [](const SlaPause& p) {
        return "SlaPause(start=" + to_string(p.start) + ", end=" + (p.end ? to_string(*p.end) : std::string{"None"}) +
               ", reason=" + repr_text(p.reason) + ")";
      });

  py::class_<SlaClock>(m, "SlaClock", "What happened to one case against its SLA (deadlines are derived, see deadlines()).")
      .def_property_readonly("started_at", [](const SlaClock& c) { return from_instant(c.started_at); })
      .def_readonly("pauses", &SlaClock::pauses)
      .def_property_readonly("paused", [](const SlaClock& c) { return is_paused(c); })
      .def_property_readonly("acknowledged_at", [](const SlaClock& c) { return from_instant(c.acknowledged_at); })
      .def_property_readonly("resolved_at", [](const SlaClock& c) { return from_instant(c.resolved_at); })
      .def_property_readonly("breached_ack_at", [](const SlaClock& c) { return from_instant(c.breached_ack_at); },
                             "The acknowledge deadline that was missed, once recorded; kept for good.")
      .def_property_readonly("breached_resolve_at", [](const SlaClock& c) { return from_instant(c.breached_resolve_at); },
                             "The resolve deadline that was missed, once recorded; kept for good.")
      .def("__repr__", [](const SlaClock& c) {
        return "SlaClock(started_at=" + to_string(c.started_at) + ", pauses=" + std::to_string(c.pauses.size()) +
               ", paused=" + (is_paused(c) ? "True" : "False") + ")";
      });

  py::class_<Deadlines>(m, "Deadlines", "Where a case stands against its SLA as of now, under the policy in force now.")
      .def_readonly("row", &Deadlines::row, "The SLA row that applies.")
      .def_property_readonly("acknowledge", [](const Deadlines& d) { return from_instant(d.acknowledge); },
                             "The acknowledge deadline; None while the case waits on the customer.")
      .def_property_readonly("resolve", [](const Deadlines& d) { return from_instant(d.resolve); },
                             "The resolve deadline; None while the case waits on the customer.")
      .def_property_readonly("acknowledged_at", [](const Deadlines& d) { return from_instant(d.acknowledged_at); })
      .def_property_readonly("resolved_at", [](const Deadlines& d) { return from_instant(d.resolved_at); })
      .def_readonly("paused", &Deadlines::paused)
      .def_readonly("acknowledge_breached", &Deadlines::acknowledge_breached)
      .def_readonly("resolve_breached", &Deadlines::resolve_breached)
      .def_property_readonly("elapsed", [](const Deadlines& d) { return from_duration(d.elapsed); },
                             "SLA time used so far (pauses excluded; stops at resolution).")
      .def_property_readonly("as_of", [](const Deadlines& d) { return from_instant(d.as_of); })
      .def("__repr__", [](const Deadlines& d) {
        return "Deadlines(acknowledge=" + (d.acknowledge ? to_string(*d.acknowledge) : std::string{"None"}) +
               ", resolve=" + (d.resolve ? to_string(*d.resolve) : std::string{"None"}) +
               ", acknowledge_breached=" + (d.acknowledge_breached ? "True" : "False") +
               ", resolve_breached=" + (d.resolve_breached ? "True" : "False") + ")";
      });

  py::class_<Complaint>(m, "Complaint", "A complaint (投诉) and where its handling stands (read-only).")
      .def_property_readonly("id", [](const Complaint& c) { return c.id.value; })
      .def_readonly("version", &Complaint::version)
      .def_readonly("external_ref", &Complaint::external_ref)
      .def_property_readonly("customer", [](const Complaint& c) { return c.customer.value; })
      .def_property_readonly("policy", [](const Complaint& c) { return from_optional_id(c.policy); })
      .def_property_readonly("channel", [](const Complaint& c) { return from_enum(c.channel); })
      .def_readonly("matter", &Complaint::matter)
      .def_property_readonly("received_at", [](const Complaint& c) { return from_instant(c.received_at); })
      .def_property_readonly("category", [](const Complaint& c) { return from_enum(c.category); })
      .def_readonly("subcategory", &Complaint::subcategory)
      .def_property_readonly("severity", [](const Complaint& c) { return from_enum(c.severity); })
      .def_property_readonly("status", [](const Complaint& c) { return from_enum(c.status); })
      .def_property_readonly("is_open", [](const Complaint& c) { return is_open(c.status); })
      .def_readonly("department", &Complaint::department)
      .def_readonly("assignee", &Complaint::assignee)
      .def_property_readonly("root_cause", [](const Complaint& c) { return from_optional_enum(c.root_cause); })
      .def_readonly("resolution", &Complaint::resolution)
      .def_readonly("customer_satisfaction", &Complaint::customer_satisfaction, "1..5, asked when closing; None otherwise.")
      .def_readonly("reopen_count", &Complaint::reopen_count)
      .def_readonly("escalation_level", &Complaint::escalation_level, "0 = not escalated.")
      .def_readonly("sla", &Complaint::sla)
      .def_property_readonly("org_unit", [](const Complaint& c) { return c.org_unit.value; })
      .def_property_readonly("agent", [](const Complaint& c) { return from_optional_id(c.agent); })
      .def_property_readonly("closed_at", [](const Complaint& c) { return from_instant(c.closed_at); })
      .def_property_readonly("created_at", [](const Complaint& c) { return from_instant(c.created_at); })
      .def_property_readonly("updated_at", [](const Complaint& c) { return from_instant(c.updated_at); })
      .def("__repr__", [](const Complaint& c) {
        return "Complaint(id=" + std::to_string(c.id.value) + ", category='" + std::string{to_string(c.category)} + "/" +
               c.subcategory + "', severity='" + std::string{to_string(c.severity)} + "', status='" +
               std::string{to_string(c.status)} + "', escalation_level=" + std::to_string(c.escalation_level) +
               ", version=" + std::to_string(c.version) + ")";
      });

  py::class_<ComplaintStep>(m, "ComplaintStep", "One step of a complaint's handling, with actor and time (read-only).")
      .def_property_readonly("id", [](const ComplaintStep& s) { return s.id.value; })
      .def_property_readonly("complaint", [](const ComplaintStep& s) { return s.complaint.value; })
      .def_property_readonly("from_status", [](const ComplaintStep& s) { return from_enum(s.from); })
      .def_property_readonly("to_status", [](const ComplaintStep& s) { return from_enum(s.to); })
      .def_property_readonly("event", [](const ComplaintStep& s) { return from_enum(s.event); })
      .def_property_readonly("at", [](const ComplaintStep& s) { return from_instant(s.at); })
      .def_readonly("actor", &ComplaintStep::actor)
      .def_readonly("note", &ComplaintStep::note)
      .def("__repr__", [](const ComplaintStep& s) {
        return "ComplaintStep(" + std::string{to_string(s.from)} + " -> " + std::string{to_string(s.to)} + ", event='" +
               std::string{to_string(s.event)} + "', at=" + to_string(s.at) + ", actor=" + repr_text(s.actor) +
               ", note=" + repr_text(s.note) + ")";
      });

  py::class_<DurationStats>(m, "DurationStats", "Count, mean and median of a duration (floored to the minute).")
      .def_readonly("count", &DurationStats::count)
      .def_property_readonly("mean", [](const DurationStats& d) { return minutes_or_none(d.mean); }, "None when count is 0.")
      .def_property_readonly("median", [](const DurationStats& d) { return minutes_or_none(d.median); }, "None when count is 0.")
      .def("__repr__", [](const DurationStats& d) {
        return "DurationStats(count=" + std::to_string(d.count) + ", mean=" + py::repr(minutes_or_none(d.mean)).cast<std::string>() +
               ", median=" + py::repr(minutes_or_none(d.median)).cast<std::string>() + ")";
      });

  py::class_<ComplaintStats>(m, "ComplaintStats",
                             "Statistics over the complaints received in a period, their outcome as of now.\n"
                             "Shares are 0..1, None when there is nothing to divide by.")
      .def_readonly("received", &ComplaintStats::received)
      .def_readonly("open", &ComplaintStats::open)
      .def_readonly("closed", &ComplaintStats::closed)
      .def_readonly("escalated", &ComplaintStats::escalated)
      .def_property_readonly("by_category", [](const ComplaintStats& s) { return counts_by_enum(s.by_category); })
      .def_property_readonly("by_severity", [](const ComplaintStats& s) { return counts_by_enum(s.by_severity); })
      .def_property_readonly("by_channel", [](const ComplaintStats& s) { return counts_by_enum(s.by_channel); })
      .def_property_readonly("by_org_unit", [](const ComplaintStats& s) { return counts_by_id(s.by_org_unit); },
                             "Org unit id → complaints it answers for.")
      .def_property_readonly("by_agent", [](const ComplaintStats& s) { return counts_by_id(s.by_agent); },
                             "Agent id → complaints naming the agent.")
      .def_property_readonly("by_root_cause", [](const ComplaintStats& s) { return counts_by_enum(s.by_root_cause); })
      .def_readonly("wall_time_to_resolve", &ComplaintStats::wall_time_to_resolve,
                    "Received → resolved on the wall clock (nights, weekends and waiting included).")
      .def_readonly("sla_time_to_resolve", &ComplaintStats::sla_time_to_resolve,
                    "The SLA's own measure: time on the SLA calendar, less time waiting on the customer.")
      .def_readonly("acknowledge_decided", &ComplaintStats::acknowledge_decided)
      .def_readonly("acknowledged_in_time", &ComplaintStats::acknowledged_in_time)
      .def_readonly("resolve_decided", &ComplaintStats::resolve_decided)
      .def_readonly("resolved_in_time", &ComplaintStats::resolved_in_time)
      .def_property_readonly("acknowledge_compliance", [](const ComplaintStats& s) { return share_or_none(s.acknowledge_compliance); })
      .def_property_readonly("resolve_compliance", [](const ComplaintStats& s) { return share_or_none(s.resolve_compliance); })
      .def_readonly("answered", &ComplaintStats::answered)
      .def_readonly("reopened", &ComplaintStats::reopened)
      .def_property_readonly("reopen_rate", [](const ComplaintStats& s) { return share_or_none(s.reopen_rate); })
      .def_readonly("satisfaction_responses", &ComplaintStats::satisfaction_responses)
      .def_property_readonly("mean_satisfaction", [](const ComplaintStats& s) { return share_or_none(s.mean_satisfaction); },
                             "Mean of the 1..5 scores recorded at close.")
      .def("__repr__", [](const ComplaintStats& s) {
        return "ComplaintStats(received=" + std::to_string(s.received) + ", open=" + std::to_string(s.open) +
               ", closed=" + std::to_string(s.closed) + ", escalated=" + std::to_string(s.escalated) +
               ", resolve_compliance=" + repr_share(s.resolve_compliance) + ", reopen_rate=" + repr_share(s.reopen_rate) + ")";
      });

  py::class_<ClaimDocument>(m, "ClaimDocument", "A claim document as it arrived.")
      .def_readonly("name", &ClaimDocument::name)
      .def_property_readonly("received_at", [](const ClaimDocument& d) { return from_instant(d.received_at); })
      .def("__repr__", [](const ClaimDocument& d) {
        return "ClaimDocument(" + repr_text(d.name) + ", received_at=" + to_string(d.received_at) + ")";
      });

  py::class_<Claim>(m, "Claim", "A claim (理赔) from report to payment (read-only).")
      .def_property_readonly("id", [](const Claim& c) { return c.id.value; })
      .def_readonly("version", &Claim::version)
      .def_readonly("external_ref", &Claim::external_ref)
      .def_readonly("number", &Claim::number)
      .def_property_readonly("policy", [](const Claim& c) { return c.policy.value; })
      .def_property_readonly("claimant", [](const Claim& c) { return c.claimant.value; })
      .def_property_readonly("type", [](const Claim& c) { return from_enum(c.type); })
      .def_property_readonly("incident_date", [](const Claim& c) { return from_date(c.incident_date); })
      .def_property_readonly("reported_at", [](const Claim& c) { return from_instant(c.reported_at); })
      .def_property_readonly("status", [](const Claim& c) { return from_enum(c.status); })
      .def_property_readonly("status_since", [](const Claim& c) { return from_date(c.status_since); })
      .def_property_readonly("claimed_amount", [](const Claim& c) { return c.claimed_amount.minor; })
      .def_property_readonly("claimed_amount_yuan", [](const Claim& c) { return yuan(c.claimed_amount.minor); })
      .def_property_readonly("approved_amount", [](const Claim& c) { return minor_or_none(c.approved_amount); })
      .def_property_readonly("approved_amount_yuan", [](const Claim& c) { return yuan_or_none(c.approved_amount); })
      .def_property_readonly("paid_amount", [](const Claim& c) { return minor_or_none(c.paid_amount); })
      .def_property_readonly("paid_amount_yuan", [](const Claim& c) { return yuan_or_none(c.paid_amount); })
      .def_property_readonly("currency", [](const Claim& c) { return currency_text(c.claimed_amount.currency); })
      .def_property_readonly("paid_on", [](const Claim& c) { return from_date(c.paid_on); })
      .def_property_readonly("required_documents", [](const Claim& c) { return text_list(c.required_documents); })
      .def_readonly("documents", &Claim::documents)
      .def_property_readonly("missing_documents", [](const Claim& c) { return text_list(missing_documents(c)); },
                             "The checklist entries no received document covers yet.")
      .def_readonly("decline_reason", &Claim::decline_reason)
      .def_readonly("reopen_count", &Claim::reopen_count)
      .def_property_readonly("org_unit", [](const Claim& c) { return c.org_unit.value; })
      .def_property_readonly("created_at", [](const Claim& c) { return from_instant(c.created_at); })
      .def_property_readonly("updated_at", [](const Claim& c) { return from_instant(c.updated_at); })
      .def("__repr__", [](const Claim& c) {
        return "Claim(id=" + std::to_string(c.id.value) + ", number=" + repr_text(c.number) + ", type='" +
               std::string{to_string(c.type)} + "', status='" + std::string{to_string(c.status)} +
               "', claimed_amount=" + std::to_string(c.claimed_amount.minor) + ")";
      });

  py::class_<ClaimTransition>(m, "ClaimTransition", "One recorded step of a claim (read-only).")
      .def_property_readonly("id", [](const ClaimTransition& t) { return t.id.value; })
      .def_property_readonly("claim", [](const ClaimTransition& t) { return t.claim.value; })
      .def_property_readonly("from_status", [](const ClaimTransition& t) { return from_enum(t.from); })
      .def_property_readonly("to_status", [](const ClaimTransition& t) { return from_enum(t.to); })
      .def_property_readonly("event", [](const ClaimTransition& t) { return from_enum(t.event); })
      .def_property_readonly("effective_on", [](const ClaimTransition& t) { return from_date(t.effective_on); })
      .def_property_readonly("at", [](const ClaimTransition& t) { return from_instant(t.at); })
      .def_readonly("actor", &ClaimTransition::actor)
      .def_readonly("reason", &ClaimTransition::reason)
      .def("__repr__", [](const ClaimTransition& t) {
        return "ClaimTransition(" + std::string{to_string(t.from)} + " -> " + std::string{to_string(t.to)} + ", event='" +
               std::string{to_string(t.event)} + "', effective_on=" + to_string(t.effective_on) + ", actor=" +
               repr_text(t.actor) + ")";
      });

  py::class_<ClaimProgress>(m, "ClaimProgress", "Where a claim is and what is still missing.")
      .def_property_readonly("status", [](const ClaimProgress& p) { return from_enum(p.status); })
      .def_property_readonly("missing_documents", [](const ClaimProgress& p) { return text_list(p.missing_documents); })
      .def_readonly("days_since_reported", &ClaimProgress::days_since_reported)
      .def_readonly("next_step", &ClaimProgress::next_step, "One sentence for the customer or the call-centre agent.")
      .def("__repr__", [](const ClaimProgress& p) {
        return "ClaimProgress(status='" + std::string{to_string(p.status)} + "', missing_documents=" +
               py::repr(text_list(p.missing_documents)).cast<std::string>() + ", next_step=" + repr_text(p.next_step) + ")";
      });

  py::class_<ServiceRequest>(m, "ServiceRequest", "A servicing request (保全) or value-added service (read-only).")
      .def_property_readonly("id", [](const ServiceRequest& r) { return r.id.value; })
      .def_readonly("version", &ServiceRequest::version)
      .def_readonly("external_ref", &ServiceRequest::external_ref)
      .def_property_readonly("kind", [](const ServiceRequest& r) { return from_enum(r.kind); })
      .def_property_readonly("customer", [](const ServiceRequest& r) { return r.customer.value; })
      .def_property_readonly("policy", [](const ServiceRequest& r) { return from_optional_id(r.policy); })
      .def_property_readonly("channel", [](const ServiceRequest& r) { return from_enum(r.channel); })
      .def_property_readonly("payload", [](const ServiceRequest& r) { return payload_dict(r.payload); },
                             "What a change asks for, as submit()'s keyword arguments (None for other kinds).")
      .def_property_readonly("amount", [](const ServiceRequest& r) { return minor_or_none(r.amount); })
      .def_property_readonly("amount_yuan", [](const ServiceRequest& r) { return yuan_or_none(r.amount); })
      .def_property_readonly("currency", [](const ServiceRequest& r) -> py::object {
        return r.amount ? py::object(currency_text(r.amount->currency)) : py::object(py::none());
      })
      .def_property_readonly("status", [](const ServiceRequest& r) { return from_enum(r.status); })
      .def_property_readonly("is_open", [](const ServiceRequest& r) { return is_open(r.status); })
      .def_readonly("assignee", &ServiceRequest::assignee)
      .def_property_readonly("requested_at", [](const ServiceRequest& r) { return from_instant(r.requested_at); })
      .def_property_readonly("completed_at", [](const ServiceRequest& r) { return from_instant(r.completed_at); })
      .def_readonly("result", &ServiceRequest::result, "The outcome (completed) or the reason (rejected, cancelled).")
      .def_readonly("sla", &ServiceRequest::sla)
      .def_property_readonly("org_unit", [](const ServiceRequest& r) { return r.org_unit.value; })
      .def_property_readonly("agent", [](const ServiceRequest& r) { return from_optional_id(r.agent); })
      .def_property_readonly("created_at", [](const ServiceRequest& r) { return from_instant(r.created_at); })
      .def_property_readonly("updated_at", [](const ServiceRequest& r) { return from_instant(r.updated_at); })
      .def("__repr__", [](const ServiceRequest& r) {
        return "ServiceRequest(id=" + std::to_string(r.id.value) + ", kind='" + std::string{to_string(r.kind)} +
               "', customer=" + std::to_string(r.customer.value) + ", status='" + std::string{to_string(r.status)} +
               "', version=" + std::to_string(r.version) + ")";
      });

  py::class_<ServiceRequestStep>(m, "ServiceRequestStep", "One step of a service request, with actor and time (read-only).")
      .def_property_readonly("id", [](const ServiceRequestStep& s) { return s.id.value; })
      .def_property_readonly("request", [](const ServiceRequestStep& s) { return s.request.value; })
      .def_property_readonly("from_status", [](const ServiceRequestStep& s) { return from_enum(s.from); })
      .def_property_readonly("to_status", [](const ServiceRequestStep& s) { return from_enum(s.to); })
      .def_property_readonly("event", [](const ServiceRequestStep& s) { return from_enum(s.event); })
      .def_property_readonly("at", [](const ServiceRequestStep& s) { return from_instant(s.at); })
      .def_readonly("actor", &ServiceRequestStep::actor)
      .def_readonly("note", &ServiceRequestStep::note)
      .def("__repr__", [](const ServiceRequestStep& s) {
        return "ServiceRequestStep(" + std::string{to_string(s.from)} + " -> " + std::string{to_string(s.to)} +
               ", event='" + std::string{to_string(s.event)} + "', at=" + to_string(s.at) + ", actor=" + repr_text(s.actor) + ")";
      });

  py::class_<SurveyResponse>(m, "SurveyResponse", "One survey answer: a score on one question kind (read-only).")
      .def_property_readonly("id", [](const SurveyResponse& r) { return r.id.value; })
      .def_property_readonly("customer", [](const SurveyResponse& r) { return r.customer.value; })
      .def_property_readonly("kind", [](const SurveyResponse& r) { return from_enum(r.kind); })
      .def_readonly("dimension", &SurveyResponse::dimension)
      .def_readonly("score", &SurveyResponse::score)
      .def_property_readonly("channel", [](const SurveyResponse& r) { return from_enum(r.channel); })
      .def_property_readonly("answered_on", [](const SurveyResponse& r) { return from_date(r.answered_on); })
      .def_readonly("comment", &SurveyResponse::comment)
      .def_property_readonly("complaint", [](const SurveyResponse& r) { return from_optional_id(r.complaint); })
      .def_property_readonly("created_at", [](const SurveyResponse& r) { return from_instant(r.created_at); })
      .def("__repr__", [](const SurveyResponse& r) {
        return "SurveyResponse(id=" + std::to_string(r.id.value) + ", kind='" + std::string{to_string(r.kind)} +
               "', score=" + std::to_string(r.score) + ", answered_on=" + to_string(r.answered_on) + ")";
      });

  py::class_<NpsSummary>(m, "NpsSummary", "Net promoter score: % promoters (9–10) − % detractors (0–6), −100..100.")
      .def_readonly("responses", &NpsSummary::responses)
      .def_readonly("promoters", &NpsSummary::promoters)
      .def_readonly("passives", &NpsSummary::passives)
      .def_readonly("detractors", &NpsSummary::detractors)
      .def_readonly("score", &NpsSummary::score)
      .def("__repr__", [](const NpsSummary& n) {
        return "NpsSummary(responses=" + std::to_string(n.responses) + ", promoters=" + std::to_string(n.promoters) +
               ", passives=" + std::to_string(n.passives) + ", detractors=" + std::to_string(n.detractors) +
               ", score=" + py::repr(py::float_(n.score)).cast<std::string>() + ")";
      });

  py::class_<KindMean>(m, "KindMean", "The mean score of one survey kind, on its own scale.")
      .def_property_readonly("kind", [](const KindMean& k) { return from_enum(k.kind); })
      .def_readonly("responses", &KindMean::responses)
      .def_readonly("mean", &KindMean::mean)
      .def("__repr__", [](const KindMean& k) {
        return "KindMean(kind='" + std::string{to_string(k.kind)} + "', responses=" + std::to_string(k.responses) +
               ", mean=" + py::repr(py::float_(k.mean)).cast<std::string>() + ")";
      });

  py::class_<SatisfactionMean>(m, "SatisfactionMean", "The mean score of one survey kind and dimension.")
      .def_property_readonly("kind", [](const SatisfactionMean& s) { return from_enum(s.kind); })
      .def_readonly("dimension", &SatisfactionMean::dimension)
      .def_readonly("responses", &SatisfactionMean::responses)
      .def_readonly("mean", &SatisfactionMean::mean)
      .def("__repr__", [](const SatisfactionMean& s) {
        return "SatisfactionMean(kind='" + std::string{to_string(s.kind)} + "', dimension=" + repr_text(s.dimension) +
               ", responses=" + std::to_string(s.responses) + ", mean=" + py::repr(py::float_(s.mean)).cast<std::string>() + ")";
      });

  py::class_<SatisfactionReport>(m, "SatisfactionReport",
                                 "Satisfaction over the responses answered in a period, and with complaint handling\n"
                                 "from both survey responses and the scores recorded when complaints were closed.")
      .def_readonly("by_kind", &SatisfactionReport::by_kind)
      .def_readonly("by_dimension", &SatisfactionReport::by_dimension)
      .def_readonly("complaint_handling_responses", &SatisfactionReport::complaint_handling_responses)
      .def_property_readonly("complaint_handling_mean",
                             [](const SatisfactionReport& r) { return share_or_none(r.complaint_handling_mean); })
      .def_readonly("complaint_close_scores", &SatisfactionReport::complaint_close_scores)
      .def_property_readonly("complaint_close_mean", [](const SatisfactionReport& r) { return share_or_none(r.complaint_close_mean); })
      .def("__repr__", [](const SatisfactionReport& r) {
        return "SatisfactionReport(kinds=" + std::to_string(r.by_kind.size()) + ", complaint_handling_mean=" +
               repr_share(r.complaint_handling_mean) + ", complaint_close_mean=" + repr_share(r.complaint_close_mean) + ")";
      });
}

}  // namespace inscrm::python
