// inscrm.open(), the Crm object (a context manager with a settable default actor), Actor and the
// clocks.

#include "common.hpp"
#include "portfolio.hpp"

#include <pybind11/numpy.h>

namespace inscrm::python {

Actor State::actor_for(const py::object& given) const {
  if (given.is_none()) return actor;
  if (!py::isinstance<Actor>(given))
    throw py::type_error(std::string{"actor must be an inscrm.Actor, not "} + Py_TYPE(given.ptr())->tp_name);
  return given.cast<Actor>();
}

namespace {

std::vector<Role> roles_from(py::handle h) {
  std::vector<Role> roles;
  if (is_missing(h)) return roles;
  if (PyUnicode_Check(h.ptr())) {  // one role given bare, not its characters
    roles.push_back(to_enum<Role>(h, "roles[0]"));
    return roles;
  }
  std::size_t i = 0;
  for (auto item : py::reinterpret_borrow<py::iterable>(h)) {
    const auto field = "roles[" + std::to_string(i++) + "]";
    roles.push_back(to_enum<Role>(item, field.c_str()));
  }
  return roles;
}

std::string repr_actor(const Actor& a) {
  std::string roles;
  for (Role r : a.roles) roles += (roles.empty() ? "'" : ", '") + std::string{to_string(r)} + "'";
  std::string out = "Actor(user=" + py::repr(py::str(a.user)).cast<std::string>() + ", roles=[" + roles + "]";
  if (a.org_unit.valid()) out += ", org_unit=" + std::to_string(a.org_unit.value);
  if (a.agent) out += ", agent=" + std::to_string(a.agent->value);
  if (a.customer) out += ", customer=" + std::to_string(a.customer->value);
  return out + ")";
}

// Closing drops the Crm; when it was the last reference, the store is freed here, which for a
// memory database of a million customers takes a noticeable while. That happens without the GIL
// (the Crm holds no Python object: its clock is a C++ object the Python one merely shares), so a
// thread closing its database does not stall the others.
void close_crm(State& s) {
  if (!s.crm) return;
  Crm closing = std::move(*s.crm);
  s.crm.reset();
  without_gil([&] { [[maybe_unused]] const Crm dropped = std::move(closing); });
}

}  // namespace

void register_crm(py::module_& m) {
  py::class_<Actor>(m, "Actor",
                    "Who a call runs as: the host's user id, roles, org unit, and the agent or customer it is.\n"
                    "Every call takes an optional actor=; without one the Crm's default actor (crm.actor) is used.")
      .def(py::init([](std::string user, py::object roles, py::object org_unit, py::object agent, py::object customer) {
             Actor a;
             a.user = std::move(user);
             a.roles = roles_from(roles);
             a.org_unit = is_missing(org_unit) ? OrgUnitId{} : to_id<OrgUnitId>(org_unit, "org_unit");
             a.agent = to_optional_id<AgentId>(agent, "agent");
             a.customer = to_optional_id<CustomerId>(customer, "customer");
             return a;
           }),
           py::arg("user"), py::kw_only(), py::arg("roles") = py::tuple(), py::arg("org_unit") = 0,
           py::arg("agent") = py::none(), py::arg("customer") = py::none())
      .def_static("system", &Actor::system, "The library's own scheduled work, when the host names no one.")
      .def_readonly("user", &Actor::user)
      .def_property_readonly("roles", [](const Actor& a) {
        py::list out;
        for (Role r : a.roles) out.append(from_enum(r));
        return py::tuple(out);
      })
      .def_property_readonly("org_unit", [](const Actor& a) { return a.org_unit.value; })
      .def_property_readonly("agent", [](const Actor& a) { return from_optional_id(a.agent); })
      .def_property_readonly("customer", [](const Actor& a) { return from_optional_id(a.customer); })
      .def("has", [](const Actor& a, py::object role) { return a.has(to_enum<Role>(role, "role")); }, py::arg("role"))
      .def("__eq__", [](const Actor& a, const Actor& b) {
        return a.user == b.user && a.roles == b.roles && a.org_unit == b.org_unit && a.agent == b.agent &&
               a.customer == b.customer;
      })
      .def("__repr__", &repr_actor);

  // Clocks: only the library's own implementations cross, never a Python subclass, so that the
  // engine can read the time without the GIL from any thread.
  py::class_<Clock, std::shared_ptr<Clock>>(m, "Clock", "Where the library reads the time; instants are UTC.")
      .def("now", [](const Clock& c) { return from_instant(c.now()); }, "The current instant (aware UTC datetime).")
      .def("today", [](const Clock& c) { return from_date(c.today()); }, "The current UTC calendar date.")
      .def("__repr__", [](const Clock& c) { return "<inscrm.Clock now=" + to_string(c.now()) + ">"; });

  py::class_<ManualClock, Clock, std::shared_ptr<ManualClock>>(
      m, "ManualClock",
      "A clock that moves only when told: for tests, simulations and replaying history. Thread-safe.\n"
      "start: a date (its midnight UTC) or a datetime (aware, or naive taken as UTC).")
      .def(py::init([](py::object start) { return std::make_shared<ManualClock>(to_instant(start, "start")); }),
           py::arg("start"))
      .def("set", [](ManualClock& c, py::object to) { c.set(to_instant(to, "to")); }, py::arg("to"),
           "Moves the clock to a date (midnight UTC) or datetime.")
      .def("advance",
           [](ManualClock& c, py::object by, int days) {
             auto step = std::chrono::microseconds{std::chrono::days{days}};
             if (!by.is_none()) step += to_duration(by, "by");
             c.advance(step);
           },
           py::arg("by") = py::none(), py::kw_only(), py::arg("days") = 0,
           "Moves the clock forward by a timedelta and/or a number of days.")
      .def("__repr__", [](const ManualClock& c) { return "ManualClock(" + to_string(c.now()) + ")"; });

  m.def("system_clock", &system_clock, "The system clock (the default of inscrm.open).");

  py::class_<AuditVerification>(m, "AuditVerification",
                                "The audit chain checked link by link: ok, or the first broken record and why.")
      .def_readonly("checked", &AuditVerification::checked, "Records read.")
      .def_property_readonly("ok", &AuditVerification::ok)
      .def_property_readonly("broken_seq",
                             [](const AuditVerification& v) -> py::object {
                               return v.broken ? py::cast(v.broken->seq) : py::none();
                             },
                             "The first record that does not verify (or the first missing one); None when intact.")
      .def_property_readonly("reason",
                             [](const AuditVerification& v) -> py::object {
                               return v.broken ? py::cast(v.broken->reason) : py::none();
                             })
      .def("__repr__", [](const AuditVerification& v) {
        return v.broken ? "<inscrm.AuditVerification broken at " + std::to_string(v.broken->seq) + ": " +
                              v.broken->reason + ">"
                        : "<inscrm.AuditVerification ok, " + std::to_string(v.checked) + " records>";
      });

  py::class_<State, std::shared_ptr<State>>(
      m, "Crm",
      "An open CRM: services as properties (customers, products, organisation, policies, events,\n"
      "interactions, complaints, claims, service_requests, surveys, segments), the portfolio snapshot,\n"
      "the KPIs, "
      "the calendar run and the summary. Use it as a context manager, or call close().\n"
      "Safe to share between threads; calls release the GIL while the library works.")
      .def_property_readonly("customers", [](const StatePtr& s) { return CustomersHandle{s}; })
      .def_property_readonly("products", [](const StatePtr& s) { return ProductsHandle{s}; })
      .def_property_readonly("organisation", [](const StatePtr& s) { return OrganisationHandle{s}; })
      .def_property_readonly("policies", [](const StatePtr& s) { return PoliciesHandle{s}; })
      .def_property_readonly("events", [](const StatePtr& s) { return EventsHandle{s}; })
      .def_property_readonly("interactions", [](const StatePtr& s) { return InteractionsHandle{s}; })
      .def_property_readonly("complaints", [](const StatePtr& s) { return ComplaintsHandle{s}; })
      .def_property_readonly("claims", [](const StatePtr& s) { return ClaimsHandle{s}; })
      .def_property_readonly("service_requests", [](const StatePtr& s) { return ServiceRequestsHandle{s}; })
      .def_property_readonly("surveys", [](const StatePtr& s) { return SurveysHandle{s}; })
      .def_property_readonly("loyalty", [](const StatePtr& s) { return LoyaltyHandle{s}; })
      .def_property_readonly("imports", [](const StatePtr& s) { return ImportsHandle{s}; },
                             "File import of customers, policies and payments (CSV or JSON).")
      .def_property_readonly("exports", [](const StatePtr& s) { return ExportsHandle{s}; },
                             "Export of customers (CSV or JSON), masked for roles without personal-data rights.")
      .def_property_readonly("duplicates", [](const StatePtr& s) { return DuplicatesHandle{s}; },
                             "Duplicate candidates: pairs of customers with the reasons they matched.")
      .def_property_readonly("consents", [](const StatePtr& s) { return ConsentsHandle{s}; })
      .def_property_readonly("care", [](const StatePtr& s) { return CareHandle{s}; })
      .def_property_readonly("campaigns", [](const StatePtr& s) { return CampaignsHandle{s}; })
      .def_property_readonly("segments", [](const StatePtr& s) { return SegmentsHandle{s}; })
      .def(
          "portfolio",
          [](const StatePtr& s, py::object as_of, py::object actor) {
            PortfolioHandle h{s, s->actor_for(actor), nullptr};
            const auto day = to_date(as_of, "as_of");
            h.portfolio = std::make_shared<Portfolio>(
                call_service(s, actor, [&](const Crm& crm, const Actor& who) { return crm.portfolio(who, day); }));
            return h;
          },
          py::arg("as_of"), py::kw_only(), py::arg("actor") = py::none(),
          "The columnar snapshot of the whole book as of a day (an inscrm.Portfolio), read in one transaction.")
      .def(
          "kpis",
          [](const StatePtr& s, py::object start, py::object end, py::object org_unit, py::object agent,
             py::object customers, py::object actor) {
            KpiQuery q;
            q.from = to_date(start, "start");
            q.to = to_date(end, "end");
            q.org_unit = to_optional_id<OrgUnitId>(org_unit, "org_unit");
            q.agent = to_optional_id<AgentId>(agent, "agent");
            if (!is_missing(customers)) {
              // A segment's members: any int array or sequence, read as one int64 buffer.
              auto ids = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(customers);
              if (!ids || ids.ndim() != 1) raise_invalid("customers", "expected a one-dimensional array of customer ids");
              std::vector<CustomerId> members;
              for (py::ssize_t i = 0; i < ids.size(); ++i) members.push_back(CustomerId{ids.data()[i]});
              q.customers = std::move(members);
            }
            return call_service(s, actor, [&](const Crm& crm, const Actor& who) { return crm.kpis(who, q); });
          },
          py::arg("start"), py::arg("end"), py::kw_only(), py::arg("org_unit") = py::none(), py::arg("agent") = py::none(),
          py::arg("customers") = py::none(), py::arg("actor") = py::none(),
          "The KPIs of [start, end) (an inscrm.Kpis) for the company, an org unit (with the units under it),\n"
          "an agent and/or a set of customers (a segment's members), as of the clock's now.")
      .def_property_readonly("service_settings", [](const State& s) { return s.live().service_settings(); },
                             "The service settings in force: calendar, SLA policies, assignment rules.")
      .def(
          "set_service_settings",
          [](const StatePtr& s, const ServiceSettings& settings, py::object actor) {
            call_service(s, actor, [&](const Crm& crm, const Actor& who) { return crm.set_service_settings(who, settings); });
          },
          py::arg("settings"), py::kw_only(), py::arg("actor") = py::none(),
          "Replaces the service settings for every later call (validated whole; InvalidArgument naming\n"
          "the field, e.g. 'calendar.hours[1][0]').")
      .def_property(
          "actor", [](const State& s) { return s.actor; },
          [](State& s, py::object actor) { s.actor = actor.is_none() ? Actor::system() : s.actor_for(actor); },
          "The default actor of calls made without actor= (initially Actor.system()). None resets it.")
      .def_property_readonly("clock", [](const State& s) { return s.clock; })
      .def("today", [](const State& s) { return from_date(s.live().clock().today()); }, "Today by the Crm's clock.")
      .def_property_readonly("storage_kind", [](const State& s) { return std::string{s.live().storage_kind()}; },
                             "'memory', 'sqlite' or 'postgresql'.")
      .def_property_readonly("schema_version", [](const State& s) { return s.live().schema_version(); })
      .def_property_readonly("uri", [](const State& s) { return s.uri; })
      .def_property_readonly("closed", [](const State& s) { return !s.crm.has_value(); })
      .def(
          "run_daily",
          [](const State& s, py::object day, py::object actor) {
            auto crm = s.live();
            const auto who = s.actor_for(actor);
            const auto on = to_optional_date(day, "day");
            return unwrap(without_gil([&] { return on ? crm.run_daily(who, *on) : crm.run_daily(who); }));
          },
          py::arg("day") = py::none(), py::kw_only(), py::arg("actor") = py::none(),
          "Fires every calendar rule due on `day` (default: today by the clock): policies taking effect,\n"
          "premiums missed, grace expired, maturity, expiry; refreshes customer stages. Idempotent.\n"
          "Also the SLA watchdog at the clock's now: complaints past a deadline are escalated and service\n"
          "requests past one marked breached, each missed deadline once.")
      .def(
          "summary",
          [](const State& s, py::object actor) {
            auto crm = s.live();
            const auto who = s.actor_for(actor);
            return unwrap(without_gil([&] { return crm.summary(who); }));
          },
          py::kw_only(), py::arg("actor") = py::none(), "Policies by status, premium collected, customers by stage.")
      .def(
          "verify_audit",
          [](const State& s, py::object actor) {
            auto crm = s.live();
            const auto who = s.actor_for(actor);
            return unwrap(without_gil([&] { return crm.verify_audit(who); }));
          },
          py::kw_only(), py::arg("actor") = py::none(),
          "Walks the audit chain (every change and every read of personal data, hash-chained) and\n"
          "reports the first broken link: an altered or a missing record. Needs the auditor or\n"
          "administrator role (else inscrm.PermissionDenied).")
      .def("close", &close_crm,
           "Releases the storage. Calls already running finish; later calls raise inscrm.InvalidArgument.")
      .def("__enter__", [](const StatePtr& s) { return s; })
      .def("__exit__", [](State& s, py::args) {
        close_crm(s);
        return false;
      })
      .def("__repr__", [](const State& s) {
        return "<inscrm.Crm " + py::repr(py::str(s.uri)).cast<std::string>() + (s.crm ? "" : " closed") + ">";
      });

  m.def(
      "open",
      [](std::string uri, py::object clock, py::object actor, py::object thresholds, py::object service,
         py::object master_key, py::object key_file, py::object care) {
        OpenOptions options;
        options.keys = master_key_options(master_key, key_file);
        auto state = std::make_shared<State>();
        if (clock.is_none()) {
          options.clock = system_clock();
          state->clock = py::cast(options.clock);
        } else {
          if (!py::isinstance<Clock>(clock))
            throw py::type_error(std::string{"clock must be an inscrm.ManualClock (or None), not "} + Py_TYPE(clock.ptr())->tp_name);
          options.clock = clock.cast<std::shared_ptr<Clock>>();
          state->clock = clock;
        }
        if (!thresholds.is_none()) options.stage_thresholds = thresholds.cast<StageThresholds>();
        if (!service.is_none()) options.service = service.cast<ServiceSettings>();
        options.care = care_settings_from(care);
        state->actor = state->actor_for(actor);
        state->uri = uri;
        state->crm = unwrap(without_gil([&] { return Crm::open(uri, std::move(options)); }));
        return state;
      },
      py::arg("uri"), py::kw_only(), py::arg("clock") = py::none(), py::arg("actor") = py::none(),
      py::arg("stage_thresholds") = py::none(), py::arg("service") = py::none(), py::arg("master_key") = py::none(),
      py::arg("key_file") = py::none(), py::arg("care") = py::none(),
      "Opens a CRM: 'memory:', 'sqlite:path/file.db' or 'postgresql://user@host/db'.\n"
      "clock: an inscrm.ManualClock for tests (default: the system clock); actor: the default actor\n"
      "(default: Actor.system()); stage_thresholds: an inscrm.StageThresholds; service: an\n"
      "inscrm.ServiceSettings (business calendar, SLA policies, assignment rules).\n"
      "master_key: the key that protects personal data (32 bytes, or 64 hex digits), or key_file: a\n"
      "file holding it; neither: SQLite makes '<db>.key' (0600) beside the database, PostgreSQL reads\n"
      "$INSCRM_KEY_FILE, memory uses a random key. A key that does not open the database raises\n"
      "inscrm.PermissionDenied.\n"
      "care: a dict of care calendar settings — holidays [(date, name)], premium_due_lead_days,\n"
      "grace_warning_lead_days, maturity_lead_days, follow_up_after_days, long_term_min_days,\n"
      "kinds {kind: {enabled, channel}}.");

  m.def("library_version", [] { return std::string{Crm::library_version()}; });
}

}  // namespace inscrm::python
