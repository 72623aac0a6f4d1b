// crm.loyalty: the loyalty programme (domain.md C7) — earning rules, the points ledger and tiers.
// Results cross as plain dicts and lists (ids and points as ints, dates as datetime.date, money as
// decimal.Decimal yuan), so that a host can hand them straight to pandas or JSON.

#include "common.hpp"

#include <inscrm/crm/loyalty.hpp>

namespace inscrm::python {
namespace {

py::dict entry_dict(const PointsEntry& e) {
  py::dict d;
  d["id"] = e.id.value;
  d["customer"] = e.customer.value;
  d["kind"] = std::string{to_string(e.kind)};
  d["points"] = e.points;
  d["on"] = from_date(e.on);
  d["expires_on"] = from_date(e.expires_on);
  d["idempotency_key"] = e.idempotency_key;
  d["rule"] = e.rule ? py::object(py::int_(e.rule->value)) : py::none();
  d["rule_version"] = e.rule_version;
  d["source"] = e.source;
  d["policy"] = e.policy ? py::object(py::int_(e.policy->value)) : py::none();
  d["reverses"] = e.reverses ? py::object(py::int_(e.reverses->value)) : py::none();
  d["note"] = e.note;
  return d;
}

py::list entry_list(const std::vector<PointsEntry>& entries) {
  py::list out;
  for (const auto& e : entries) out.append(entry_dict(e));
  return out;
}

py::dict rule_dict(const EarningRule& r) {
  py::dict d;
  d["id"] = r.id.value;
  d["version"] = r.version;
  d["name"] = r.name;
  d["event"] = std::string{to_string(r.event)};
  d["condition"] = r.condition;
  d["fixed_points"] = r.fixed_points;
  d["points_per_unit"] = r.points_per_unit;
  d["unit_minor"] = r.unit_minor;
  d["valid_from"] = from_date(r.valid_from);
  d["valid_to"] = from_date(r.valid_to);
  d["expiry_months"] = r.expiry_months;
  d["active"] = r.active;
  return d;
}

}  // namespace

void register_loyalty(py::module_& m) {
  py::class_<LoyaltyHandle>(m, "LoyaltyService", "crm.loyalty: points ledger, earning rules and tiers.")
      .def(
          "add_rule",
          [](const LoyaltyHandle& h, std::string name, py::object event, std::string condition, std::int64_t fixed_points,
             std::int64_t points_per_unit, std::int64_t unit_minor, py::object valid_from, py::object valid_to,
             int expiry_months, py::object actor) {
            EarningRule r;
            r.name = std::move(name);
            r.event = to_enum<EarnEventType>(event, "event");
            r.condition = std::move(condition);
            r.fixed_points = fixed_points;
            r.points_per_unit = points_per_unit;
            r.unit_minor = unit_minor;
            if (auto day = to_optional_date(valid_from, "valid_from")) r.valid_from = *day;
            r.valid_to = to_optional_date(valid_to, "valid_to");
            r.expiry_months = expiry_months;
            return rule_dict(call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
              return crm.loyalty().add_rule(who, std::move(r));
            }));
          },
          py::arg("name"), py::arg("event"), py::kw_only(), py::arg("condition") = "", py::arg("fixed_points") = 0,
          py::arg("points_per_unit") = 0, py::arg("unit_minor") = 0, py::arg("valid_from") = py::none(),
          py::arg("valid_to") = py::none(), py::arg("expiry_months") = 24, py::arg("actor") = py::none(),
          "Adds an earning rule (version 1): fixed_points plus points_per_unit per whole unit_minor of the\n"
          "event amount, when the rule-language condition holds. valid_from defaults to today.")
      .def(
          "rules",
          [](const LoyaltyHandle& h, py::object actor) {
            const auto rules = call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.loyalty().rules(who); });
            py::list out;
            for (const auto& r : rules) out.append(rule_dict(r));
            return out;
          },
          py::kw_only(), py::arg("actor") = py::none(), "The latest version of every earning rule.")
      .def(
          "earn",
          [](const LoyaltyHandle& h, py::object customer, py::object type, py::object on, py::object amount, py::object policy,
             std::string source, std::string idempotency_key, py::object actor) {
            EarnEvent e;
            e.customer = to_id<CustomerId>(customer, "customer");
            e.type = to_enum<EarnEventType>(type, "type");
            if (auto day = to_optional_date(on, "on")) e.on = *day;
            if (!is_missing(amount)) e.amount = to_money(amount, Currency::cny(), "amount");
            e.policy = to_optional_id<PolicyId>(policy, "policy");
            e.source = std::move(source);
            e.idempotency_key = std::move(idempotency_key);
            const auto result = call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.loyalty().earn(who, e); });
            py::dict d;
            std::int64_t points = 0;
            for (const auto& x : result.entries) points += x.points;
            d["points"] = points;
            d["replayed"] = result.replayed;
            d["entries"] = entry_list(result.entries);
            return d;
          },
          py::arg("customer"), py::arg("type"), py::kw_only(), py::arg("on") = py::none(), py::arg("amount") = py::none(),
          py::arg("policy") = py::none(), py::arg("source") = "", py::arg("idempotency_key") = "",
          py::arg("actor") = py::none(),
          "Pays the rules in force for the event; a replayed key pays nothing more ({'replayed': True}).\n"
          "amount: int fen or decimal.Decimal yuan.")
      .def(
          "redeem",
          [](const LoyaltyHandle& h, py::object customer, std::int64_t points, std::string key, std::string note, py::object actor) {
            const auto c = to_id<CustomerId>(customer, "customer");
            return entry_dict(call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
              return crm.loyalty().redeem(who, c, points, key, note);
            }));
          },
          py::arg("customer"), py::arg("points"), py::arg("idempotency_key"), py::kw_only(), py::arg("note") = "",
          py::arg("actor") = py::none(), "Spends points, oldest expiry first; a replayed key returns the first entry.")
      .def(
          "adjust",
          [](const LoyaltyHandle& h, py::object customer, std::int64_t points, std::string key, std::string note,
             int expiry_months, py::object actor) {
            const auto c = to_id<CustomerId>(customer, "customer");
            return entry_dict(call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
              return crm.loyalty().adjust(who, c, points, key, note, expiry_months);
            }));
          },
          py::arg("customer"), py::arg("points"), py::arg("idempotency_key"), py::arg("note"), py::kw_only(),
          py::arg("expiry_months") = 24, py::arg("actor") = py::none(), "A manual correction, positive or negative.")
      .def(
          "reverse_source",
          [](const LoyaltyHandle& h, py::object customer, std::string source, std::string note, py::object actor) {
            const auto c = to_id<CustomerId>(customer, "customer");
            return entry_list(call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
              return crm.loyalty().reverse_source(who, c, source, note);
            }));
          },
          py::arg("customer"), py::arg("source"), py::kw_only(), py::arg("note") = "", py::arg("actor") = py::none(),
          "Takes back what is left of every grant the source earned; each grant once.")
      .def(
          "expire",
          [](const LoyaltyHandle& h, py::object as_of, py::object actor) {
            const auto day = to_optional_date(as_of, "as_of");
            const auto run = call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
              return day ? crm.loyalty().expire(who, *day) : crm.loyalty().expire(who);
            });
            py::dict d;
            d["as_of"] = from_date(run.as_of);
            d["customers"] = run.customers;
            d["points_expired"] = run.points_expired;
            return d;
          },
          py::arg("as_of") = py::none(), py::kw_only(), py::arg("actor") = py::none(),
          "Expires every grant due by as_of (default today); idempotent for a day.")
      .def(
          "balance",
          [](const LoyaltyHandle& h, py::object customer, py::object actor) {
            const auto c = to_id<CustomerId>(customer, "customer");
            const auto b = call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.loyalty().balance(who, c); });
            py::dict d;
            d["balance"] = b.balance;
            d["available"] = b.available;
            d["next_expiry"] = from_date(b.next_expiry);
            d["expiring_next"] = b.expiring_next;
            return d;
          },
          py::arg("customer"), py::kw_only(), py::arg("actor") = py::none(), "The ledger's sum and what is spendable today.")
      .def(
          "statement",
          [](const LoyaltyHandle& h, py::object customer, py::object actor) {
            const auto c = to_id<CustomerId>(customer, "customer");
            return entry_list(call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.loyalty().statement(who, c); }));
          },
          py::arg("customer"), py::kw_only(), py::arg("actor") = py::none(), "The customer's entries in order.")
      .def(
          "check_balances",
          [](const LoyaltyHandle& h, py::object actor) {
            const auto check = call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.loyalty().check_balances(who); });
            py::dict d;
            d["ok"] = check.ok();
            d["customers"] = check.customers;
            d["entries"] = check.entries;
            d["points_outstanding"] = check.points_outstanding;
            py::list problems;
            for (const auto& x : check.mismatches) problems.append(py::make_tuple(x.customer.value, x.problem));
            d["mismatches"] = problems;
            return d;
          },
          py::kw_only(), py::arg("actor") = py::none(), "Proves balance = sum of entries for every customer.")
      .def(
          "evaluate_tiers",
          [](const LoyaltyHandle& h, py::object as_of, py::object actor) {
            const auto day = to_date(as_of, "as_of");
            const auto run = call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.loyalty().evaluate_tiers(who, day); });
            py::dict d;
            d["customers"] = run.customers;
            d["upgrades"] = run.upgrades;
            d["downgrades"] = run.downgrades;
            d["grace_started"] = run.grace_started;
            d["grace_cleared"] = run.grace_cleared;
            py::list changes;
            for (const auto& c : run.changes) changes.append(py::make_tuple(c.customer.value, c.from, c.to));
            d["changes"] = changes;
            return d;
          },
          py::arg("as_of"), py::kw_only(), py::arg("actor") = py::none(),
          "Evaluates every customer's tier; each move is a loyalty.tier_changed event.")
      .def(
          "tier_distribution",
          [](const LoyaltyHandle& h, py::object actor) {
            const auto dist = call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.loyalty().tier_distribution(who); });
            py::dict tiers;
            for (const auto& t : dist.tiers) tiers[py::str(t.tier)] = t.customers;
            py::dict d;
            d["tiers"] = tiers;
            d["points_outstanding"] = dist.points_outstanding;
            d["outstanding_value"] = yuan(dist.outstanding_value.minor);
            return d;
          },
          py::kw_only(), py::arg("actor") = py::none(),
          "Customers per tier (programme order), points outstanding and their value in yuan.")
      .def("__repr__", [](const LoyaltyHandle& h) { return "<inscrm.LoyaltyService of " + repr_text(h.state->uri) + ">"; });
}

}  // namespace inscrm::python
