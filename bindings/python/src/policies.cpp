// crm.policies: quote/issue from keyword arguments, lifecycle events by name, payments, history,
// schedule, paging, export, and the migration import.

#include "columns.hpp"
#include "common.hpp"
#include "values.hpp"

#include <inscrm/crm/policies.hpp>

#include <pybind11/numpy.h>

#include <unordered_map>

namespace inscrm::python {
namespace {

// What the keyword arguments of quote()/issue() (or one import row) build up.
struct Draft {
  PolicyApplication app;
  Currency currency = Currency::cny();
  PolicyStatus status = PolicyStatus::InForce;  // import rows only
  std::vector<PaymentInput> payments;           // import rows only
  unsigned seen = 0;                            // which required fields were given
};

enum Required : unsigned { kProduct = 1, kHolder = 2, kSumInsured = 4, kPremium = 8 };

PaymentInput payment_from(py::handle h, const std::string& field, Currency currency) {
  PaymentInput in;
  if (PyDict_Check(h.ptr())) {
    auto d = py::reinterpret_borrow<py::dict>(h);
    for (auto item : d) {
      const auto key = py::str(item.first).cast<std::string>();
      const auto path = field + "." + key;
      if (key == "due")
        in.due = to_date(item.second, path.c_str());
      else if (key == "paid")
        in.paid = to_optional_date(item.second, path.c_str());
      else if (key == "amount") {
        if (!is_missing(item.second)) in.amount = to_money(item.second, currency, path.c_str());
      } else if (key == "channel")
        in.channel = to_enum<PayChannel>(item.second, path.c_str());
      else
        raise_invalid(path, "unknown key; a payment has due, paid, amount and channel");
    }
    if (!in.due.ok()) raise_invalid(field + ".due", "a payment needs its due date");
    return in;
  }
  in.due = to_date(h, field.c_str());  // a bare date: the instalment due then, paid on time
  return in;
}

using Setter = void (*)(Draft&, py::handle, const char* field);
struct Field {
  const char* name;
  int pass;  // amounts (pass 1) are read in the currency given (pass 0)
  Setter set;
  bool import_only;
};

const Field kFields[] = {
    {"currency", 0, [](Draft& d, py::handle v, const char* f) { d.currency = to_currency(v, f); }, false},
    {"product", 0, [](Draft& d, py::handle v, const char* f) { d.app.product = to_text(v, f); d.seen |= kProduct; }, false},
    {"holder", 0, [](Draft& d, py::handle v, const char* f) { d.app.holder = to_id<CustomerId>(v, f); d.seen |= kHolder; }, false},
    {"insured", 0,
     [](Draft& d, py::handle v, const char* f) {
       d.app.insured = list_from<CustomerId>(v, f, [](py::handle h, const std::string& path) { return to_id<CustomerId>(h, path.c_str()); });
     },
     false},
    {"beneficiaries", 0, [](Draft& d, py::handle v, const char* f) { d.app.beneficiaries = list_from<Beneficiary>(v, f, beneficiary_from); }, false},
    {"sum_insured", 1, [](Draft& d, py::handle v, const char* f) { d.app.sum_insured = to_money(v, d.currency, f); d.seen |= kSumInsured; }, false},
    {"premium", 1, [](Draft& d, py::handle v, const char* f) { d.app.premium = to_money(v, d.currency, f); d.seen |= kPremium; }, false},
    {"frequency", 0, [](Draft& d, py::handle v, const char* f) { d.app.frequency = to_enum<Frequency>(v, f); }, false},
    {"premium_years", 0,
     [](Draft& d, py::handle v, const char* f) {
       d.app.premium_years.reset();
       if (!is_missing(v)) d.app.premium_years = static_cast<int>(to_int(v, f));
     },
     false},
    {"agent", 0, [](Draft& d, py::handle v, const char* f) { d.app.agent = to_optional_id<AgentId>(v, f); }, false},
    {"org_unit", 0,
     [](Draft& d, py::handle v, const char* f) { d.app.org_unit = is_missing(v) ? OrgUnitId{} : to_id<OrgUnitId>(v, f); }, false},
    {"application_date", 0, [](Draft& d, py::handle v, const char* f) { d.app.application_date = to_optional_date(v, f); }, false},
    {"effective_date", 0, [](Draft& d, py::handle v, const char* f) { d.app.effective_date = to_optional_date(v, f); }, false},
    {"expiry_date", 0, [](Draft& d, py::handle v, const char* f) { d.app.expiry_date = to_optional_date(v, f); }, false},
    {"number", 0, [](Draft& d, py::handle v, const char* f) { d.app.number = to_optional_text(v, f).value_or(""); }, false},
    {"external_ref", 0, [](Draft& d, py::handle v, const char* f) { d.app.external_ref = to_optional_text(v, f); }, false},
    {"whole_life", 0, [](Draft& d, py::handle v, const char* f) { d.app.whole_life = to_bool(v, f); }, false},
    {"status", 0, [](Draft& d, py::handle v, const char* f) { d.status = to_enum<PolicyStatus>(v, f); }, true},
    {"payments", 1,
     [](Draft& d, py::handle v, const char* f) {
       const Currency currency = d.currency;
       d.payments = list_from<PaymentInput>(v, f, [currency](py::handle h, const std::string& path) { return payment_from(h, path, currency); });
     },
     true},
};

const Field* find_field(std::string_view name, bool import_row) {
  for (const auto& f : kFields)
    if (name == f.name && (import_row || !f.import_only)) return &f;
  return nullptr;
}

// Keyword arguments (TypeError for an unknown one, as Python does) or an import row
// (InvalidArgument naming "[row].field", as the facade's policy import names its errors).
Draft draft_from(py::handle mapping, const char* what, std::optional<std::size_t> row) {
  const std::string prefix = row ? "[" + std::to_string(*row) + "]." : "";
  if (!PyDict_Check(mapping.ptr())) raise_invalid(prefix.empty() ? "" : prefix.substr(0, prefix.size() - 1), "row is not a dict");
  Draft d;
  std::vector<std::pair<const Field*, py::handle>> pending;
  for (auto item : py::reinterpret_borrow<py::dict>(mapping)) {
    const auto name = py::str(item.first).cast<std::string>();
    const Field* f = find_field(name, row.has_value());
    if (!f) {
      if (!row) throw py::type_error(std::string{what} + "() got an unexpected keyword argument '" + name + "'");
      raise_invalid(prefix + name, "unknown policy field");
    }
    pending.emplace_back(f, item.second);
  }
  for (int pass = 0; pass < 2; ++pass)
    for (auto& [f, v] : pending)
      if (f->pass == pass) f->set(d, v, (prefix + f->name).c_str());
  for (auto [bit, name] : {std::pair{kProduct, "product"}, {kHolder, "holder"}, {kSumInsured, "sum_insured"}, {kPremium, "premium"}}) {
    if (d.seen & bit) continue;
    if (!row) throw py::type_error(std::string{what} + "() missing required keyword argument: '" + name + "'");
    raise_invalid(prefix + name, "required");
  }
  return d;
}

storage::PolicyQuery query_from(py::handle holder, py::handle status, std::int64_t after, std::size_t limit) {
  storage::PolicyQuery q;
  if (!is_missing(holder)) q.holder = to_id<CustomerId>(holder, "holder");
  if (!is_missing(status)) {
    if (PyUnicode_Check(status.ptr()))
      q.statuses.push_back(to_enum<PolicyStatus>(status, "status"));
    else
      q.statuses = list_from<PolicyStatus>(status, "status", [](py::handle h, const std::string& f) { return to_enum<PolicyStatus>(h, f.c_str()); });
  }
  q.after = PolicyId{after};
  q.limit = limit;
  return q;
}

struct PolicyPager {
  StatePtr state;
  Actor actor;
  storage::PolicyQuery query;
  std::vector<Policy> page;
  std::size_t pos = 0;
  bool done = false;

  py::object next() {
    if (pos == page.size()) {
      if (done) throw py::stop_iteration();
      auto crm = state->live();
      page = unwrap(without_gil([&] { return crm.policies().list(actor, query); }));
      pos = 0;
      done = page.size() < query.limit;
      if (page.empty()) throw py::stop_iteration();
      query.after = page.back().id;
    }
    return py::cast(std::move(page[pos++]));
  }
};

py::array_t<std::int64_t> int64_array(const std::vector<std::int64_t>& v) {
  py::array_t<std::int64_t> a(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

constexpr std::int64_t kNaT = std::numeric_limits<std::int64_t>::min();
std::int64_t days_or_nat(const std::optional<Date>& d) { return d ? to_epoch_days(*d) : kNaT; }

// The named business actions: each is apply_event with a fixed event. Without `on` the facade's
// named method runs (the clock's today); with it, apply_event on that date.
using Action = Result<Policy> (PolicyService::*)(const Actor&, PolicyId, std::string) const;
struct NamedAction {
  const char* name;
  Action action;
  PolicyEvent event;
  const char* doc;
};
const NamedAction kActions[] = {
    {"reinstate", &PolicyService::reinstate, PolicyEvent::Reinstate, "Lapsed → Reinstated, within the reinstatement window."},
    {"surrender", &PolicyService::surrender, PolicyEvent::Surrender, "The holder gives the policy up (退保)."},
    {"cancel_in_free_look", &PolicyService::cancel_in_free_look, PolicyEvent::CancelFreeLook,
     "Cancelled within the free-look (cooling-off) window."},
    {"renew", &PolicyService::renew, PolicyEvent::Renew, "A renewable short-term policy continues for another term."},
};

}  // namespace

void register_policies(py::module_& m) {
  py::class_<PolicyPager>(m, "PolicyIterator")
      .def("__iter__", [](py::object self) { return self; })
      .def("__next__", &PolicyPager::next);

  py::class_<PoliciesHandle> cls(m, "PolicyService", "crm.policies: issue policies, drive their lifecycle, take premiums.");
  for (const char* name : {"quote", "issue"}) {
    const bool issue = std::string_view{name} == "issue";
    cls.def(
        name,
        [issue, name](const PoliciesHandle& h, py::object actor, py::kwargs application) {
          auto d = draft_from(application, name, std::nullopt);
          auto crm = h.state->live();
          const auto who = h.state->actor_for(actor);
          return unwrap(without_gil([&] { return issue ? crm.policies().issue(who, d.app) : crm.policies().quote(who, d.app); }));
        },
        py::kw_only(), py::arg("actor") = py::none(),
        issue ? "Quote, apply, underwrite and issue in one call (each step in the history). Keyword arguments:\n"
                "product (code), holder, sum_insured, premium (int fen or Decimal yuan) required; insured,\n"
                "beneficiaries=[(customer_id, share_percent)], currency='CNY', frequency='annual', premium_years,\n"
                "agent, org_unit, application_date, effective_date, expiry_date, number, external_ref, whole_life."
              : "A quote (status 'quoted'), to be taken through apply_event. Same arguments as issue().");
  }
  cls.def(
         "apply_event",
         [](const PoliciesHandle& h, py::object id, py::object event, std::string reason, py::object on, py::object actor) {
           const auto pid = to_id<PolicyId>(id, "id");
           const auto ev = to_enum<PolicyEvent>(event, "event");
           const auto day = to_optional_date(on, "on");
           auto crm = h.state->live();
           const auto who = h.state->actor_for(actor);
           return unwrap(without_gil([&] { return crm.policies().apply_event(who, pid, ev, std::move(reason), day); }));
         },
         py::arg("id"), py::arg("event"), py::arg("reason") = "", py::kw_only(), py::arg("on") = py::none(),
         py::arg("actor") = py::none(),
         "Applies one lifecycle event by name ('reinstate', 'surrender', …) on the clock's today or `on`.\n"
         "An event the lifecycle does not allow raises inscrm.IllegalTransition.");
  for (const auto& a : kActions) {
    cls.def(
        a.name,
        [a](const PoliciesHandle& h, py::object id, std::string reason, py::object on, py::object actor) {
          const auto pid = to_id<PolicyId>(id, "id");
          const auto day = to_optional_date(on, "on");
          auto crm = h.state->live();
          const auto who = h.state->actor_for(actor);
          return unwrap(without_gil([&] {
            auto service = crm.policies();
            return day ? service.apply_event(who, pid, a.event, std::move(reason), day) : (service.*a.action)(who, pid, std::move(reason));
          }));
        },
        py::arg("id"), py::arg("reason") = "", py::kw_only(), py::arg("on") = py::none(), py::arg("actor") = py::none(), a.doc);
  }
  cls.def(
         "terminate",
         [](const PoliciesHandle& h, py::object id, std::string reason, py::object on, py::object actor) {
           const auto pid = to_id<PolicyId>(id, "id");
           const auto day = to_optional_date(on, "on");
           auto crm = h.state->live();
           const auto who = h.state->actor_for(actor);
           return unwrap(without_gil([&] {
             auto service = crm.policies();
             return day ? service.apply_event(who, pid, PolicyEvent::Terminate, std::move(reason), day)
                        : service.terminate(who, pid, std::move(reason));
           }));
         },
         py::arg("id"), py::arg("reason"), py::kw_only(), py::arg("on") = py::none(), py::arg("actor") = py::none(),
         "Ends cover for a reason (e.g. a death claim paid).")
      .def(
          "record_payment",
          [](const PoliciesHandle& h, py::object id, py::object due, py::object paid, py::object amount, py::object currency,
             py::object channel, py::object actor) {
            const auto pid = to_id<PolicyId>(id, "id");
            PaymentInput in;
            in.due = to_date(due, "due");
            in.paid = to_optional_date(paid, "paid");
            if (!is_missing(amount)) in.amount = to_money(amount, to_currency(currency, "currency"), "amount");
            in.channel = to_enum<PayChannel>(channel, "channel");
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            return unwrap(without_gil([&] { return crm.policies().record_payment(who, pid, in); }));
          },
          py::arg("id"), py::arg("due"), py::kw_only(), py::arg("paid") = py::none(), py::arg("amount") = py::none(),
          py::arg("currency") = "CNY", py::arg("channel") = "bank_counter", py::arg("actor") = py::none(),
          "Records the premium for the instalment due on `due` (paid: default today; amount: default the\n"
          "policy's premium). Clearing the last arrears brings a policy in grace back in force.")
      .def(
          "get",
          [](const PoliciesHandle& h, py::object id, py::object actor) {
            const auto pid = to_id<PolicyId>(id, "id");
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            return unwrap(without_gil([&] { return crm.policies().get(who, pid); }));
          },
          py::arg("id"), py::kw_only(), py::arg("actor") = py::none())
      .def(
          "by_number",
          [](const PoliciesHandle& h, std::string number, py::object actor) {
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            return unwrap(without_gil([&] { return crm.policies().by_number(who, number); }));
          },
          py::arg("number"), py::kw_only(), py::arg("actor") = py::none())
      .def(
          "list",
          [](const PoliciesHandle& h, py::object holder, py::object status, std::int64_t after, std::size_t limit, py::object actor) {
            const auto q = query_from(holder, status, after, limit);
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            return to_list(unwrap(without_gil([&] { return crm.policies().list(who, q); })));
          },
          py::kw_only(), py::arg("holder") = py::none(), py::arg("status") = py::none(), py::arg("after") = 0,
          py::arg("limit") = 1000, py::arg("actor") = py::none(),
          "One page of policies in id order; status is a name or a list of names.")
      .def(
          "iter",
          [](const PoliciesHandle& h, py::object holder, py::object status, std::size_t page_size, py::object actor) {
            if (page_size == 0) raise_invalid("page_size", "must be at least 1");
            return PolicyPager{h.state, h.state->actor_for(actor), query_from(holder, status, 0, page_size), {}, 0, false};
          },
          py::kw_only(), py::arg("holder") = py::none(), py::arg("status") = py::none(), py::arg("page_size") = 1000,
          py::arg("actor") = py::none())
      .def("__iter__", [](const PoliciesHandle& h) {
        return PolicyPager{h.state, h.state->actor, query_from(py::none(), py::none(), 0, 1000), {}, 0, false};
      })
      .def(
          "history",
          [](const PoliciesHandle& h, py::object id, py::object actor) {
            const auto pid = to_id<PolicyId>(id, "id");
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            return to_list(unwrap(without_gil([&] { return crm.policies().history(who, pid); })));
          },
          py::arg("id"), py::kw_only(), py::arg("actor") = py::none(), "Every lifecycle transition, oldest first.")
      .def(
          "payments",
          [](const PoliciesHandle& h, py::object id, py::object actor) {
            const auto pid = to_id<PolicyId>(id, "id");
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            return to_list(unwrap(without_gil([&] { return crm.policies().payments(who, pid); })));
          },
          py::arg("id"), py::kw_only(), py::arg("actor") = py::none())
      .def(
          "schedule",
          [](const PoliciesHandle& h, py::object id, py::object through, py::object actor) {
            const auto pid = to_id<PolicyId>(id, "id");
            const auto day = to_date(through, "through");
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            return to_list(unwrap(without_gil([&] { return crm.policies().schedule(who, pid, day); })));
          },
          py::arg("id"), py::arg("through"), py::kw_only(), py::arg("actor") = py::none(),
          "Instalments due up to `through`, each with the payment covering it, if any.")
      .def(
          "import_rows",
          [](const PoliciesHandle& h, py::object rows, py::object actor) {
            auto seq = py::reinterpret_steal<py::object>(PySequence_Fast(rows.ptr(), "rows must be a list of dicts"));
            if (!seq) throw py::error_already_set();
            const auto n = static_cast<std::size_t>(PySequence_Fast_GET_SIZE(seq.ptr()));
            std::vector<PolicyImportRow> in;
            in.reserve(n);
            for (std::size_t i = 0; i < n; ++i) {
              auto d = draft_from(PySequence_Fast_GET_ITEM(seq.ptr(), static_cast<Py_ssize_t>(i)), "import_rows", i);
              in.push_back(PolicyImportRow{std::move(d.app), d.status, std::move(d.payments)});
            }
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            auto ids = unwrap(without_gil([&] { return crm.policies().import(who, std::move(in)); }));
            std::vector<std::int64_t> raw(ids.size());
            for (std::size_t i = 0; i < ids.size(); ++i) raw[i] = ids[i].value;
            return int64_array(raw);
          },
          py::arg("rows"), py::kw_only(), py::arg("actor") = py::none(),
          "Migrates policies from a core system, all or nothing: each row is issue()'s arguments plus\n"
          "status (default 'in_force') and payments=[{due, paid, amount, channel} or a due date]. Returns the\n"
          "new ids as a NumPy int64 array; a bad row raises with field '[row].name'.")
      .def(
          "export_arrays",
          [](const PoliciesHandle& h, py::object holder, py::object status, py::object actor) {
            auto q = query_from(holder, status, 0, 5000);
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            std::vector<std::int64_t> id, version, product, holder_id, agent, org_unit, premium, sum_insured, premium_years,
                renewals, status_since, application_date, issue_date, effective_date, expiry_date, created_at, updated_at;
            py::list number, external_ref, status_name, frequency, currency;
            for (;;) {
              auto page = unwrap(without_gil([&] { return crm.policies().list(who, q); }));
              for (const auto& p : page) {
                id.push_back(p.id.value);
                version.push_back(p.version);
                number.append(py::str(p.number));
                external_ref.append(p.external_ref ? py::object(py::str(*p.external_ref)) : py::object(py::none()));
                product.push_back(p.product.value);
                holder_id.push_back(p.holder.value);
                agent.push_back(p.agent ? p.agent->value : 0);
                org_unit.push_back(p.org_unit.value);
                status_name.append(from_enum(p.status));
                status_since.push_back(to_epoch_days(p.status_since));
                frequency.append(from_enum(p.frequency));
                premium.push_back(p.premium.minor);
                sum_insured.push_back(p.sum_insured.minor);
                currency.append(currency_text(p.premium.currency));
                premium_years.push_back(p.premium_years);
                renewals.push_back(p.renewals);
                application_date.push_back(to_epoch_days(p.application_date));
                issue_date.push_back(days_or_nat(p.issue_date));
                effective_date.push_back(days_or_nat(p.effective_date));
                expiry_date.push_back(days_or_nat(p.expiry_date));
                created_at.push_back(to_epoch_micros(p.created_at));
                updated_at.push_back(to_epoch_micros(p.updated_at));
              }
              if (page.size() < q.limit) break;
              q.after = page.back().id;
            }
            auto np = py::module_::import("numpy");
            auto objects = [&np](const py::list& l) { return np.attr("array")(l, py::arg("dtype") = "object"); };
            auto days = [](const std::vector<std::int64_t>& v) { return int64_array(v).attr("view")("datetime64[D]"); };
            auto micros = [](const std::vector<std::int64_t>& v) { return int64_array(v).attr("view")("datetime64[us]"); };
            py::dict out;
            out["id"] = int64_array(id);
            out["version"] = int64_array(version);
            out["number"] = objects(number);
            out["external_ref"] = objects(external_ref);
            out["product"] = int64_array(product);
            out["holder"] = int64_array(holder_id);
            out["agent"] = int64_array(agent);
            out["org_unit"] = int64_array(org_unit);
            out["status"] = objects(status_name);
            out["status_since"] = days(status_since);
            out["frequency"] = objects(frequency);
            out["premium"] = int64_array(premium);
            out["sum_insured"] = int64_array(sum_insured);
            out["currency"] = objects(currency);
            out["premium_years"] = int64_array(premium_years);
            out["renewals"] = int64_array(renewals);
            out["application_date"] = days(application_date);
            out["issue_date"] = days(issue_date);
            out["effective_date"] = days(effective_date);
            out["expiry_date"] = days(expiry_date);
            out["created_at"] = micros(created_at);
            out["updated_at"] = micros(updated_at);
            return out;
          },
          py::kw_only(), py::arg("holder") = py::none(), py::arg("status") = py::none(), py::arg("actor") = py::none(),
          "Every matching policy as a dict of NumPy arrays (amounts int64 minor units, dates datetime64[D]).")
      .def(
          "dataframe",
          [](py::object self, py::object holder, py::object status, py::object actor) {
            auto arrays = self.attr("export_arrays")(py::arg("holder") = holder, py::arg("status") = status, py::arg("actor") = actor);
            return py::module_::import("inscrm._frames").attr("dataframe")(arrays);
          },
          py::kw_only(), py::arg("holder") = py::none(), py::arg("status") = py::none(), py::arg("actor") = py::none(),
          "export_arrays() as a pandas DataFrame.")
      .def("__repr__", [](const PoliciesHandle& h) { return "<inscrm.PolicyService of " + py::repr(py::str(h.state->uri)).cast<std::string>() + ">"; });

  // (product, /, **application): taken as *args because pybind11 2.10 will not pass a keyword
  // named like a positional-only parameter ("product", the code) on to **kwargs.
  m.def(
      "validate_application",
      [](py::args args, py::kwargs application) {
        if (args.size() != 1 || !py::isinstance<Product>(args[0]))
          throw py::type_error("validate_application() takes one positional argument, an inscrm.Product");
        const auto product = args[0].cast<Product>();
        auto d = draft_from(application, "validate_application", std::nullopt);
        unwrap(without_gil([&] { return validate_application(d.app, product); }));
      },
      "validate_application(product, /, **application)\n"
      "Applies the checks quote()/issue() apply to an application against a product, without storing;\n"
      "raises inscrm.InvalidArgument naming the field.");
}

}  // namespace inscrm::python
