// crm.complaints: intake, the handling flow step by step (or any step by its event name), the SLA
// deadlines, history, statistics for a period, and the SLA policy and assignment rules in force.

#include "common.hpp"

#include <inscrm/crm/complaints.hpp>

namespace inscrm::python {
namespace {

// The steps that take the complaint and one text: a note, the resolution, the objection or the
// reason. Each is the facade's named method; an empty text is the facade's to refuse or accept.
using TextStep = Result<Complaint> (ComplaintService::*)(const Actor&, ComplaintId, std::string) const;
struct NamedStep {
  const char* name;
  TextStep step;
  const char* text;  // the keyword of the text argument
  bool text_required;
  const char* doc;
};
const NamedStep kSteps[] = {
    {"start_investigation", &ComplaintService::start_investigation, "note", false, "Assigned → investigating."},
    {"propose_solution", &ComplaintService::propose_solution, "resolution", true,
     "Investigating → solution proposed, with the resolution text."},
    {"inform_customer", &ComplaintService::inform_customer, "note", false,
     "Solution proposed → customer informed; resolves the SLA."},
    {"reopen", &ComplaintService::reopen, "objection", true,
     "Customer informed or closed → investigating again: the customer disagrees (the objection is required)."},
    {"escalate", &ComplaintService::escalate, "reason", true, "One escalation level up, keeping the handling status."},
    {"wait_on_customer", &ComplaintService::wait_on_customer, "reason", true,
     "The SLA clock stops while waiting on the customer (the reason is recorded)."},
    {"customer_responded", &ComplaintService::customer_responded, "note", false, "The SLA clock runs again."},
};

using Handoff = Result<Complaint> (ComplaintService::*)(const Actor&, ComplaintId, std::string, std::string, std::string) const;

storage::ComplaintQuery query_from(py::handle customer, py::handle status, py::handle department, py::handle assignee,
                                   py::handle received_from, py::handle received_to, std::int64_t after, std::size_t limit) {
  storage::ComplaintQuery q;
  q.customer = to_optional_id<CustomerId>(customer, "customer");
  q.statuses = to_enum_list<ComplaintStatus>(status, "status");
  q.department = to_optional_text(department, "department");
  q.assignee = to_optional_text(assignee, "assignee");
  if (!is_missing(received_from)) q.received_from = to_instant(received_from, "received_from");
  if (!is_missing(received_to)) q.received_to = to_instant(received_to, "received_to");
  q.after = ComplaintId{after};
  q.limit = limit;
  return q;
}

std::optional<int> satisfaction_from(py::handle h) {
  if (is_missing(h)) return std::nullopt;
  return static_cast<int>(to_int(h, "customer_satisfaction"));
}

}  // namespace

void register_complaints(py::module_& m) {
  const Complaint defaults{};
  py::class_<ComplaintsHandle> cls(m, "ComplaintService",
                                   "crm.complaints: complaints from intake to close, with SLA clocks and escalation.\n"
                                   "A step the handling flow does not allow raises inscrm.IllegalTransition.");
  cls.def(
      "receive",
      [](const ComplaintsHandle& h, py::object customer, std::string matter, py::object category, std::string subcategory,
         py::object severity, py::object channel, py::object policy, py::object received_at, std::string department,
         py::object org_unit, py::object agent, py::object external_ref, py::object actor) {
        Complaint c;
        c.customer = to_id<CustomerId>(customer, "customer");
        c.matter = std::move(matter);
        c.category = to_enum<ComplaintCategory>(category, "category");
        c.subcategory = std::move(subcategory);
        c.severity = to_enum<ComplaintSeverity>(severity, "severity");
        c.channel = to_enum<Channel>(channel, "channel");
        c.policy = to_optional_id<PolicyId>(policy, "policy");
        if (!is_missing(received_at)) c.received_at = to_instant(received_at, "received_at");
        c.department = std::move(department);
        if (!is_missing(org_unit)) c.org_unit = to_id<OrgUnitId>(org_unit, "org_unit");
        c.agent = to_optional_id<AgentId>(agent, "agent");
        c.external_ref = to_optional_text(external_ref, "external_ref");
        return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.complaints().receive(who, std::move(c)); });
      },
      py::arg("customer"), py::arg("matter"), py::kw_only(), py::arg("category") = from_enum(defaults.category),
      py::arg("subcategory"), py::arg("severity") = from_enum(defaults.severity),
      py::arg("channel") = from_enum(defaults.channel), py::arg("policy") = py::none(), py::arg("received_at") = py::none(),
      py::arg("department") = "", py::arg("org_unit") = py::none(), py::arg("agent") = py::none(),
      py::arg("external_ref") = py::none(), py::arg("actor") = py::none(),
      "Intake: starts the SLA clock at received_at (default now). A complaint as severe as the settings'\n"
      "escalate_at_intake_from is escalated at once; one for a department with an assignment rule is\n"
      "assigned to the handler the rule picks. subcategory: one of complaint_subcategories(category).");
  for (auto [name, step] : {std::pair{"assign", &ComplaintService::assign}, std::pair{"reassign", &ComplaintService::reassign}}) {
    const Handoff action = step;
    cls.def(
        name,
        [action](const ComplaintsHandle& h, py::object id, std::string department, std::string assignee, std::string note,
                 py::object actor) {
          const auto cid = to_id<ComplaintId>(id, "id");
          return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
            return (crm.complaints().*action)(who, cid, std::move(department), std::move(assignee), std::move(note));
          });
        },
        py::arg("id"), py::arg("department"), py::arg("assignee"), py::arg("note") = "", py::kw_only(),
        py::arg("actor") = py::none(),
        std::string_view{name} == "assign" ? "Received → assigned to a department and handler; acknowledges the complaint."
                                           : "Another department or handler, keeping the handling status.");
  }
  for (const auto& s : kSteps) {
    const TextStep action = s.step;
    auto run = [action](const ComplaintsHandle& h, py::object id, std::string text, py::object actor) {
      const auto cid = to_id<ComplaintId>(id, "id");
      return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
        return (crm.complaints().*action)(who, cid, std::move(text));
      });
    };
    if (s.text_required)
      cls.def(s.name, run, py::arg("id"), py::arg(s.text), py::kw_only(), py::arg("actor") = py::none(), s.doc);
    else
      cls.def(s.name, run, py::arg("id"), py::arg(s.text) = "", py::kw_only(), py::arg("actor") = py::none(), s.doc);
  }
  cls.def(
         "close",
         [](const ComplaintsHandle& h, py::object id, py::object root_cause, py::object customer_satisfaction, std::string note,
            py::object actor) {
           const auto cid = to_id<ComplaintId>(id, "id");
           std::optional<RootCause> cause;
           if (!is_missing(root_cause)) cause = to_enum<RootCause>(root_cause, "root_cause");
           const auto score = satisfaction_from(customer_satisfaction);
           return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
             return crm.complaints().close(who, cid, cause, score, std::move(note));
           });
         },
         py::arg("id"), py::arg("root_cause") = py::none(), py::kw_only(), py::arg("customer_satisfaction") = py::none(),
         py::arg("note") = "", py::arg("actor") = py::none(),
         "Customer informed → closed, with the root cause (optional when closing again after a reopen) and\n"
         "the customer's satisfaction 1..5. Closing a complaint not yet answered raises IllegalTransition.")
      .def(
          "apply_event",
          [](const ComplaintsHandle& h, py::object id, py::object event, std::string note, std::string department,
             std::string assignee, std::string resolution, py::object root_cause, py::object customer_satisfaction,
             py::object actor) {
            const auto cid = to_id<ComplaintId>(id, "id");
            const auto ev = to_enum<ComplaintEvent>(event, "event");
            ComplaintContext ctx;
            ctx.note = std::move(note);
            ctx.department = std::move(department);
            ctx.assignee = std::move(assignee);
            ctx.resolution = std::move(resolution);
            if (!is_missing(root_cause)) ctx.root_cause = to_enum<RootCause>(root_cause, "root_cause");
            ctx.customer_satisfaction = satisfaction_from(customer_satisfaction);
            return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
              return crm.complaints().apply_event(who, cid, ev, std::move(ctx));
            });
          },
          py::arg("id"), py::arg("event"), py::kw_only(), py::arg("note") = "", py::arg("department") = "",
          py::arg("assignee") = "", py::arg("resolution") = "", py::arg("root_cause") = py::none(),
          py::arg("customer_satisfaction") = py::none(), py::arg("actor") = py::none(),
          "Any step by its event name ('assign', 'close', …; see ENUMS['complaint_event']), for hosts that\n"
          "drive the flow generically. 'receive' is not a step: use receive().")
      .def(
          "get",
          [](const ComplaintsHandle& h, py::object id, py::object actor) {
            const auto cid = to_id<ComplaintId>(id, "id");
            return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.complaints().get(who, cid); });
          },
          py::arg("id"), py::kw_only(), py::arg("actor") = py::none())
      .def(
          "list",
          [](const ComplaintsHandle& h, py::object customer, py::object status, py::object department, py::object assignee,
             py::object received_from, py::object received_to, std::int64_t after, std::size_t limit, py::object actor) {
            const auto q = query_from(customer, status, department, assignee, received_from, received_to, after, limit);
            return to_list(call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.complaints().list(who, q); }));
          },
          py::kw_only(), py::arg("customer") = py::none(), py::arg("status") = py::none(), py::arg("department") = py::none(),
          py::arg("assignee") = py::none(), py::arg("received_from") = py::none(), py::arg("received_to") = py::none(),
          py::arg("after") = 0, py::arg("limit") = 1000, py::arg("actor") = py::none(),
          "One page of complaints in id order; status is a name or a list of names.")
      .def(
          "history",
          [](const ComplaintsHandle& h, py::object id, py::object actor) {
            const auto cid = to_id<ComplaintId>(id, "id");
            return to_list(call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.complaints().history(who, cid); }));
          },
          py::arg("id"), py::kw_only(), py::arg("actor") = py::none(), "Every step with actor and time, oldest first.")
      .def(
          "deadlines",
          [](const ComplaintsHandle& h, py::object id, py::object actor) {
            const auto cid = to_id<ComplaintId>(id, "id");
            return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.complaints().deadlines(who, cid); });
          },
          py::arg("id"), py::kw_only(), py::arg("actor") = py::none(),
          "The acknowledge and resolve deadlines under the SLA policy in force now, and whether they were missed.")
      .def(
          "statistics",
          [](const ComplaintsHandle& h, py::object start, py::object end, py::object actor) {
            const auto from = to_instant(start, "start");
            const auto to = to_instant(end, "end");
            return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.complaints().statistics(who, from, to); });
          },
          py::arg("start"), py::arg("end"), py::kw_only(), py::arg("actor") = py::none(),
          "Statistics over the complaints received in [start, end) (dates are their midnight UTC), as of now.")
      .def(
          "set_sla_policy",
          [](const ComplaintsHandle& h, const SlaPolicy& policy, py::object actor) {
            call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.complaints().set_sla_policy(who, policy); });
          },
          py::arg("policy"), py::kw_only(), py::arg("actor") = py::none(),
          "Replaces the complaint SLA policy: every open deadline moves; breaches already recorded stay.")
      .def(
          "set_assignment_rules",
          [](const ComplaintsHandle& h, std::vector<AssignmentRule> rules, py::object actor) {
            call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
              return crm.complaints().set_assignment_rules(who, std::move(rules));
            });
          },
          py::arg("rules"), py::kw_only(), py::arg("actor") = py::none(), "Replaces the assignment rules of every department.")
      .def(
          "sla_policy", [](const ComplaintsHandle& h) { return h.state->live().complaints().sla_policy(); },
          "The complaint SLA policy in force.")
      .def("__repr__", [](const ComplaintsHandle& h) { return "<inscrm.ComplaintService of " + repr_text(h.state->uri) + ">"; });
}

}  // namespace inscrm::python
