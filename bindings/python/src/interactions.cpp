// crm.interactions: the contact log (domain.md C4) — one entry from keyword arguments, and pages
// of the log by customer, agent and time.

#include "common.hpp"

#include <inscrm/crm/interactions.hpp>

namespace inscrm::python {

void register_interactions(py::module_& m) {
  const Interaction defaults{};
  py::class_<InteractionsHandle>(m, "InteractionService", "crm.interactions: the contact log, append-only.")
      .def(
          "log",
          [](const InteractionsHandle& h, py::object customer, py::object channel, py::object direction, py::object purpose,
             py::object agent, py::object org_unit, py::object started_at, py::object duration, py::object outcome,
             py::object visit_kind, std::string notes, py::object external_ref, py::object actor) {
            Interaction i;
            i.customer = to_id<CustomerId>(customer, "customer");
            i.channel = to_enum<Channel>(channel, "channel");
            i.direction = to_enum<Direction>(direction, "direction");
            i.purpose = to_enum<InteractionPurpose>(purpose, "purpose");
            i.agent = to_optional_id<AgentId>(agent, "agent");
            if (!is_missing(org_unit)) i.org_unit = to_id<OrgUnitId>(org_unit, "org_unit");
            if (!is_missing(started_at)) i.started_at = to_instant(started_at, "started_at");
            if (!is_missing(duration))
              i.duration = std::chrono::duration_cast<std::chrono::seconds>(to_duration(duration, "duration"));
            i.outcome = to_enum<InteractionOutcome>(outcome, "outcome");
            if (!is_missing(visit_kind)) i.visit_kind = to_enum<VisitKind>(visit_kind, "visit_kind");
            i.notes = std::move(notes);
            i.external_ref = to_optional_text(external_ref, "external_ref");
            return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
              return crm.interactions().log(who, std::move(i));
            });
          },
          py::arg("customer"), py::kw_only(), py::arg("channel") = from_enum(defaults.channel),
          py::arg("direction") = from_enum(defaults.direction), py::arg("purpose") = from_enum(defaults.purpose),
          py::arg("agent") = py::none(), py::arg("org_unit") = py::none(), py::arg("started_at") = py::none(),
          py::arg("duration") = py::none(), py::arg("outcome") = from_enum(defaults.outcome),
          py::arg("visit_kind") = py::none(), py::arg("notes") = "", py::arg("external_ref") = py::none(),
          py::arg("actor") = py::none(),
          "Logs one contact. started_at defaults to now; duration is a timedelta (0 for a message);\n"
          "an agent visit needs an agent, and visit_kind ('cold', 'referral', 'follow_up') is for visits only.")
      .def(
          "list",
          [](const InteractionsHandle& h, py::object customer, py::object agent, py::object started_from,
             py::object started_to, std::int64_t after, std::size_t limit, py::object actor) {
            storage::InteractionQuery q;
            q.customer = to_optional_id<CustomerId>(customer, "customer");
            q.agent = to_optional_id<AgentId>(agent, "agent");
            if (!is_missing(started_from)) q.from = to_instant(started_from, "started_from");
            if (!is_missing(started_to)) q.to = to_instant(started_to, "started_to");
            q.after = InteractionId{after};
            q.limit = limit;
            return to_list(call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
              return crm.interactions().list(who, q);
            }));
          },
          py::kw_only(), py::arg("customer") = py::none(), py::arg("agent") = py::none(),
          py::arg("started_from") = py::none(), py::arg("started_to") = py::none(), py::arg("after") = 0,
          py::arg("limit") = 1000, py::arg("actor") = py::none(),
          "One page of the log in id order; started_from ≤ started_at < started_to when given.")
      .def("__repr__", [](const InteractionsHandle& h) { return "<inscrm.InteractionService of " + repr_text(h.state->uri) + ">"; });
}

}  // namespace inscrm::python
