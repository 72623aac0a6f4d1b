// crm.consents, crm.care, crm.campaigns: consent per purpose and channel, the care calendar and
// campaigns (domain.md C7, C12). Results cross as plain dicts and lists (ids as ints, dates as
// datetime.date, money as decimal.Decimal yuan), like crm.loyalty; the care settings of
// inscrm.open(care=…) arrive as a dict (care_settings_from below).

#include "common.hpp"

#include <inscrm/crm.hpp>

namespace inscrm::python {
namespace {

py::dict consent_dict(const ConsentRecord& r) {
  py::dict d;
  d["id"] = r.id.value;
  d["customer"] = r.customer.value;
  d["purpose"] = from_enum(r.purpose);
  d["channel"] = from_enum(r.channel);
  d["granted"] = r.granted;
  d["at"] = from_instant(r.at);
  d["source"] = r.source;
  d["actor"] = r.actor;
  return d;
}

py::dict task_dict(const CareTask& t) {
  py::dict d;
  d["id"] = t.id.value;
  d["kind"] = from_enum(t.kind);
  d["customer"] = t.customer.value;
  d["agent"] = from_optional_id(t.agent);
  d["channel"] = from_enum(t.channel);
  d["due"] = from_date(t.due);
  d["about"] = from_date(t.about);
  d["policy"] = from_optional_id(t.policy);
  d["subject"] = t.subject;
  d["holiday"] = t.holiday;
  d["status"] = from_enum(t.status);
  d["done_on"] = from_date(t.done_on);
  d["outcome"] = t.outcome;
  return d;
}

py::dict campaign_dict(const Campaign& c) {
  py::dict d;
  d["id"] = c.id.value;
  d["name"] = c.name;
  d["objective"] = c.objective;
  d["target_rule"] = c.target_rule;
  d["channel"] = from_enum(c.channel);
  d["starts_on"] = from_date(c.starts_on);
  d["ends_on"] = from_date(c.ends_on);
  d["budget"] = yuan(c.budget.minor);
  return d;
}

py::dict member_dict(const CampaignMember& m) {
  py::dict d;
  d["campaign"] = m.campaign.value;
  d["customer"] = m.customer.value;
  d["added_on"] = from_date(m.added_on);
  d["contacted_on"] = from_date(m.contacted_on);
  d["responded_on"] = from_date(m.responded_on);
  d["converted_on"] = from_date(m.converted_on);
  return d;
}

}  // namespace

CareSettings care_settings_from(py::handle h) {
  CareSettings s;
  if (is_missing(h)) return s;
  if (!py::isinstance<py::dict>(h)) throw py::type_error("care must be a dict (or None)");
  const auto d = py::reinterpret_borrow<py::dict>(h);
  auto int_of = [&](const char* key, int& into) {
    if (d.contains(key)) into = static_cast<int>(to_int(d[key], key));
  };
  int_of("premium_due_lead_days", s.premium_due_lead_days);
  int_of("grace_warning_lead_days", s.grace_warning_lead_days);
  int_of("maturity_lead_days", s.maturity_lead_days);
  int_of("follow_up_after_days", s.follow_up_after_days);
  int_of("long_term_min_days", s.long_term_min_days);
  if (d.contains("holidays")) {
    for (auto item : d["holidays"]) {
      const auto pair = py::reinterpret_borrow<py::sequence>(item);
      if (pair.size() != 2) throw py::value_error("care['holidays'] holds (date, name) pairs");
      s.holidays.push_back({to_date(pair[0], "holidays"), to_text(pair[1], "holidays")});
    }
  }
  if (d.contains("kinds")) {
    for (auto [key, value] : py::reinterpret_borrow<py::dict>(d["kinds"])) {
      auto& k = s[to_enum<CareKind>(key, "kinds")];
      const auto v = py::reinterpret_borrow<py::dict>(value);
      if (v.contains("enabled")) k.enabled = to_bool(v["enabled"], "enabled");
      if (v.contains("channel")) k.channel = to_enum<Channel>(v["channel"], "channel");
    }
  }
  return s;
}

void register_care(py::module_& m) {
  py::class_<ConsentsHandle>(m, "ConsentService", "crm.consents: consent per purpose and channel.")
      .def(
          "record",
          [](const ConsentsHandle& h, py::object customer, py::object purpose, py::object channel, std::string source,
             bool granted, py::object actor) {
            ConsentRecord r;
            r.customer = to_id<CustomerId>(customer, "customer");
            r.purpose = to_enum<ConsentPurpose>(purpose, "purpose");
            r.channel = to_enum<Channel>(channel, "channel");
            r.granted = granted;
            r.source = std::move(source);
            return consent_dict(call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
              return crm.consents().record(who, std::move(r));
            }));
          },
          py::arg("customer"), py::arg("purpose"), py::arg("channel"), py::kw_only(), py::arg("source"),
          py::arg("granted") = true, py::arg("actor") = py::none(),
          "Records a consent (granted=True) or its withdrawal, now. purpose: 'care', 'marketing' or\n"
          "'survey'; channel: an interaction channel ('sms', 'call_centre', …); source: where it was given.")
      .def(
          "list",
          [](const ConsentsHandle& h, py::object customer, py::object actor) {
            const auto c = to_id<CustomerId>(customer, "customer");
            const auto records =
                call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.consents().list(who, c); });
            py::list out;
            for (const auto& r : records) out.append(consent_dict(r));
            return out;
          },
          py::arg("customer"), py::kw_only(), py::arg("actor") = py::none(), "The customer's history, oldest first.")
      .def(
          "allows",
          [](const ConsentsHandle& h, py::object customer, py::object purpose, py::object channel, py::object actor) {
            const auto c = to_id<CustomerId>(customer, "customer");
            const auto p = to_enum<ConsentPurpose>(purpose, "purpose");
            const auto ch = to_enum<Channel>(channel, "channel");
            return call_service(h.state, actor,
                                [&](const Crm& crm, const Actor& who) { return crm.consents().allows(who, c, p, ch); });
          },
          py::arg("customer"), py::arg("purpose"), py::arg("channel"), py::kw_only(), py::arg("actor") = py::none(),
          "Whether the latest record for (purpose, channel) grants; False with none.");

  py::class_<CareHandle>(m, "CareService", "crm.care: the care calendar and its tasks.")
      .def(
          "run",
          [](const CareHandle& h, py::object day, py::object actor) {
            const auto on = to_optional_date(day, "day");
            const auto run = call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
              return on ? crm.care().run(who, *on) : crm.care().run(who);
            });
            py::dict d;
            d["day"] = from_date(run.day);
            d["produced"] = run.produced;
            d["already_produced"] = run.already_produced;
            d["without_consent"] = run.without_consent;
            py::dict by_kind;
            for (int k = 0; k < kCareKinds; ++k)
              by_kind[from_enum(static_cast<CareKind>(k))] = run.by_kind[static_cast<std::size_t>(k)];
            d["by_kind"] = by_kind;
            return d;
          },
          py::arg("day") = py::none(), py::kw_only(), py::arg("actor") = py::none(),
          "Produces the care tasks due on `day` (default today), each occasion once; returns the counts.")
      .def(
          "tasks",
          [](const CareHandle& h, py::object due, py::object agent, py::object customer, py::object status,
             py::object after, std::size_t limit, py::object actor) {
            storage::CareTaskQuery q;
            q.due = to_optional_date(due, "due");
            q.agent = to_optional_id<AgentId>(agent, "agent");
            q.customer = to_optional_id<CustomerId>(customer, "customer");
            if (!is_missing(status)) q.status = to_enum<CareTaskStatus>(status, "status");
            if (auto a = to_optional_id<CareTaskId>(after, "after")) q.after = *a;
            q.limit = limit;
            const auto tasks =
                call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.care().tasks(who, q); });
            py::list out;
            for (const auto& t : tasks) out.append(task_dict(t));
            return out;
          },
          py::kw_only(), py::arg("due") = py::none(), py::arg("agent") = py::none(), py::arg("customer") = py::none(),
          py::arg("status") = py::none(), py::arg("after") = py::none(), py::arg("limit") = 1000,
          py::arg("actor") = py::none(), "Care tasks in id order, filtered by due day, agent, customer and status.")
      .def(
          "complete",
          [](const CareHandle& h, py::object task, std::string outcome, py::object on, py::object actor) {
            const auto id = to_id<CareTaskId>(task, "task");
            const auto day = to_optional_date(on, "on");
            return task_dict(call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
              return crm.care().complete(who, id, std::move(outcome), day);
            }));
          },
          py::arg("task"), py::arg("outcome") = "", py::kw_only(), py::arg("on") = py::none(),
          py::arg("actor") = py::none(), "Marks an open task done (inscrm.InvalidArgument when it is not open).");

  py::class_<CampaignsHandle>(m, "CampaignService", "crm.campaigns: campaigns, members, outcomes, evaluation.")
      .def(
          "create",
          [](const CampaignsHandle& h, std::string name, std::string target_rule, py::object channel, py::object starts_on,
             py::object ends_on, py::object budget, std::string objective, py::object actor) {
            Campaign c;
            c.name = std::move(name);
            c.target_rule = std::move(target_rule);
            c.channel = to_enum<Channel>(channel, "channel");
            c.starts_on = to_date(starts_on, "starts_on");
            c.ends_on = to_date(ends_on, "ends_on");
            c.budget = to_money(budget, Currency::cny(), "budget");
            c.objective = std::move(objective);
            return campaign_dict(call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
              return crm.campaigns().create(who, std::move(c));
            }));
          },
          py::arg("name"), py::kw_only(), py::arg("target_rule"), py::arg("channel"), py::arg("starts_on"),
          py::arg("ends_on"), py::arg("budget"), py::arg("objective") = "", py::arg("actor") = py::none(),
          "Creates a campaign; target_rule is a rule-language segment. budget: int fen or Decimal yuan.")
      .def(
          "get",
          [](const CampaignsHandle& h, py::object id, py::object actor) {
            const auto c = to_id<CampaignId>(id, "id");
            return campaign_dict(
                call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.campaigns().get(who, c); }));
          },
          py::arg("id"), py::kw_only(), py::arg("actor") = py::none())
      .def(
          "list",
          [](const CampaignsHandle& h, py::object actor) {
            const auto all =
                call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.campaigns().list(who); });
            py::list out;
            for (const auto& c : all) out.append(campaign_dict(c));
            return out;
          },
          py::kw_only(), py::arg("actor") = py::none())
      .def(
          "add_members",
          [](const CampaignsHandle& h, py::object id, py::object as_of, py::object actor) {
            const auto c = to_id<CampaignId>(id, "id");
            const auto day = to_optional_date(as_of, "as_of");
            const auto r = call_service(h.state, actor,
                                        [&](const Crm& crm, const Actor& who) { return crm.campaigns().add_members(who, c, day); });
            py::dict d;
            d["matched"] = r.matched;
            d["without_consent"] = r.without_consent;
            d["added"] = r.added;
            return d;
          },
          py::arg("id"), py::kw_only(), py::arg("as_of") = py::none(), py::arg("actor") = py::none(),
          "Adds the customers the rule selects who consented to marketing by the campaign's channel.")
      .def(
          "members",
          [](const CampaignsHandle& h, py::object id, py::object actor) {
            const auto c = to_id<CampaignId>(id, "id");
            const auto all =
                call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.campaigns().members(who, c); });
            py::list out;
            for (const auto& x : all) out.append(member_dict(x));
            return out;
          },
          py::arg("id"), py::kw_only(), py::arg("actor") = py::none())
      .def(
          "record_outcome",
          [](const CampaignsHandle& h, py::object id, py::object customer, py::object outcome, py::object on,
             py::object actor) {
            const auto c = to_id<CampaignId>(id, "id");
            const auto who_ = to_id<CustomerId>(customer, "customer");
            const auto what = to_enum<CampaignOutcome>(outcome, "outcome");
            const auto day = to_optional_date(on, "on");
            return member_dict(call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
              return crm.campaigns().record_outcome(who, c, who_, what, day);
            }));
          },
          py::arg("id"), py::arg("customer"), py::arg("outcome"), py::kw_only(), py::arg("on") = py::none(),
          py::arg("actor") = py::none(), "outcome: 'contacted', 'responded' or 'converted' (each implies the ones before).")
      .def(
          "evaluate",
          [](const CampaignsHandle& h, py::object id, py::object actor) {
            const auto c = to_id<CampaignId>(id, "id");
            const auto e =
                call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.campaigns().evaluate(who, c); });
            py::dict d;
            d["members"] = e.members;
            d["contacted"] = e.contacted;
            d["responded"] = e.responded;
            d["converted"] = e.converted;
            d["response_rate"] = e.response_rate;
            d["conversion_rate"] = e.conversion_rate;
            d["cost_per_conversion"] = e.cost_per_conversion ? yuan(e.cost_per_conversion->minor) : py::none();
            d["satisfaction"] = e.satisfaction ? py::object(py::float_(*e.satisfaction)) : py::none();
            d["satisfaction_responses"] = e.satisfaction_responses;
            return d;
          },
          py::arg("id"), py::kw_only(), py::arg("actor") = py::none(),
          "Response and conversion rates, cost per conversion (Decimal yuan) and participants' satisfaction.");
}

}  // namespace inscrm::python
