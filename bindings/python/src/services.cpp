// crm.products, crm.organisation and crm.events.

#include "common.hpp"

#include <inscrm/crm/events.hpp>
#include <inscrm/crm/organisation.hpp>
#include <inscrm/crm/products.hpp>

namespace inscrm::python {
namespace {

EventId event_id_from(py::handle h, const char* field) {
  if (py::isinstance<DomainEvent>(h)) return h.cast<const DomainEvent&>().id;
  return to_id<EventId>(h, field);
}

}  // namespace

void register_services(py::module_& m) {
  const Product defaults{};
  py::class_<ProductsHandle>(m, "ProductService", "crm.products: the product catalogue.")
      .def(
          "create",
          [](const ProductsHandle& h, std::string code, std::string name, py::object line, py::object term, bool renewable,
             int free_look_days, int grace_days, int reinstatement_days, int term_years, py::object currency, bool active,
             py::object actor) {
            Product p;
            p.code = std::move(code);
            p.name = std::move(name);
            p.line = to_enum<LineOfBusiness>(line, "line");
            p.term = to_enum<ProductTerm>(term, "term");
            p.renewable = renewable;
            p.free_look_days = free_look_days;
            p.grace_days = grace_days;
            p.reinstatement_days = reinstatement_days;
            p.term_years = term_years;
            p.currency = to_currency(currency, "currency");
            p.active = active;
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            return unwrap(without_gil([&] { return crm.products().create(who, std::move(p)); }));
          },
          py::arg("code"), py::arg("name"), py::kw_only(), py::arg("line") = "life", py::arg("term") = "long_term",
          py::arg("renewable") = defaults.renewable, py::arg("free_look_days") = defaults.free_look_days,
          py::arg("grace_days") = defaults.grace_days, py::arg("reinstatement_days") = defaults.reinstatement_days,
          py::arg("term_years") = defaults.term_years, py::arg("currency") = "CNY", py::arg("active") = defaults.active,
          py::arg("actor") = py::none(),
          "Adds a product. Its free-look, grace and reinstatement windows drive its policies' lifecycle.")
      .def(
          "get",
          [](const ProductsHandle& h, py::object id, py::object actor) {
            const auto pid = to_id<ProductId>(id, "id");
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            return unwrap(without_gil([&] { return crm.products().get(who, pid); }));
          },
          py::arg("id"), py::kw_only(), py::arg("actor") = py::none())
      .def(
          "by_code",
          [](const ProductsHandle& h, std::string code, py::object actor) {
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            return unwrap(without_gil([&] { return crm.products().by_code(who, code); }));
          },
          py::arg("code"), py::kw_only(), py::arg("actor") = py::none(), "The product with this code; inscrm.NotFound if none.")
      .def(
          "list",
          [](const ProductsHandle& h, py::object actor) {
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            return to_list(unwrap(without_gil([&] { return crm.products().list(who); })));
          },
          py::kw_only(), py::arg("actor") = py::none())
      .def("__iter__", [](py::object self) { return py::iter(self.attr("list")()); });

  py::class_<OrganisationHandle>(m, "OrganisationService", "crm.organisation: org units and agents.")
      .def(
          "create_unit",
          [](const OrganisationHandle& h, std::string code, std::string name, py::object kind, py::object parent, py::object actor) {
            OrgUnit u;
            u.code = std::move(code);
            u.name = std::move(name);
            u.kind = to_enum<OrgUnitKind>(kind, "kind");
            u.parent = to_optional_id<OrgUnitId>(parent, "parent");
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            return unwrap(without_gil([&] { return crm.organisation().create_unit(who, std::move(u)); }));
          },
          py::arg("code"), py::arg("name"), py::kw_only(), py::arg("kind") = "branch", py::arg("parent") = py::none(),
          py::arg("actor") = py::none(), "Adds an org unit; every kind but 'head_office' needs a parent.")
      .def(
          "unit",
          [](const OrganisationHandle& h, py::object id, py::object actor) {
            const auto uid = to_id<OrgUnitId>(id, "id");
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            return unwrap(without_gil([&] { return crm.organisation().unit(who, uid); }));
          },
          py::arg("id"), py::kw_only(), py::arg("actor") = py::none())
      .def(
          "units",
          [](const OrganisationHandle& h, py::object actor) {
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            return to_list(unwrap(without_gil([&] { return crm.organisation().units(who); })));
          },
          py::kw_only(), py::arg("actor") = py::none())
      .def(
          "create_agent",
          [](const OrganisationHandle& h, std::string code, std::string name, py::object org_unit, py::object hired_on, bool active,
             py::object actor) {
            Agent a;
            a.code = std::move(code);
            a.name = std::move(name);
            a.org_unit = to_id<OrgUnitId>(org_unit, "org_unit");
            a.hired_on = to_optional_date(hired_on, "hired_on");
            a.active = active;
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            return unwrap(without_gil([&] { return crm.organisation().create_agent(who, std::move(a)); }));
          },
          py::arg("code"), py::arg("name"), py::kw_only(), py::arg("org_unit"), py::arg("hired_on") = py::none(),
          py::arg("active") = true, py::arg("actor") = py::none(), "Adds an agent working in an org unit.")
      .def(
          "agent",
          [](const OrganisationHandle& h, py::object id, py::object actor) {
            const auto aid = to_id<AgentId>(id, "id");
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            return unwrap(without_gil([&] { return crm.organisation().agent(who, aid); }));
          },
          py::arg("id"), py::kw_only(), py::arg("actor") = py::none())
      .def(
          "agents",
          [](const OrganisationHandle& h, py::object org_unit, py::object actor) {
            const auto unit = to_optional_id<OrgUnitId>(org_unit, "org_unit");
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            return to_list(unwrap(without_gil([&] { return crm.organisation().agents(who, unit); })));
          },
          py::kw_only(), py::arg("org_unit") = py::none(), py::arg("actor") = py::none(),
          "Agents, all or those of one org unit.");

  py::class_<EventsHandle>(m, "EventService",
                           "crm.events: the outbox. Delivery is at least once: an event stays pending until acked.")
      .def(
          "poll",
          [](const EventsHandle& h, std::size_t max, py::object after) {
            const auto from = event_id_from(after, "after");
            auto crm = h.state->live();
            return to_list(unwrap(without_gil([&] { return crm.events().poll(max, from); })));
          },
          py::arg("max") = 100, py::kw_only(), py::arg("after") = 0,
          "Up to `max` pending events, oldest first, after id `after` (an int or an Event).")
      .def(
          "ack",
          [](const EventsHandle& h, py::object up_to) {
            const auto id = event_id_from(up_to, "up_to");
            auto crm = h.state->live();
            unwrap(without_gil([&] { return crm.events().ack(id); }));
          },
          py::arg("up_to"), "Marks every event up to and including `up_to` (an id or an Event) delivered.")
      .def(
          "drain",
          [](const EventsHandle& h, py::function callback, std::size_t max) {
            auto crm = h.state->live();
            // The handler runs on this thread while the library waits for it: it takes the GIL back
            // for each event. A Python exception stops the drain (that event stays pending, the
            // ones before it are acked) and is re-raised here once the library has returned.
            std::optional<py::error_already_set> failure;
            auto handled = without_gil([&] {
              return crm.events().drain(
                  [&](const DomainEvent& e) {
                    py::gil_scoped_acquire gil;
                    try {
                      py::object r = callback(e);
                      if (r.is_none()) return true;
                      const int truth = PyObject_IsTrue(r.ptr());
                      if (truth < 0) throw py::error_already_set();
                      return truth == 1;
                    } catch (py::error_already_set& err) {
                      failure.emplace(std::move(err));
                      return false;
                    }
                  },
                  max);
            });
            if (failure) throw std::move(*failure);
            return unwrap(std::move(handled));
          },
          py::arg("callback"), py::arg("max") = 1000,
          "Calls callback(event) for pending events in order and acks the handled ones. A callback that\n"
          "returns False (not None) stops the drain; so does one that raises, and the exception propagates.\n"
          "Returns how many were handled.");
}

}  // namespace inscrm::python
