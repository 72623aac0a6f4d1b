// Consent, care calendar and campaigns module (domain.md C7, C12): consent record/list/allows,
// the care run, its tasks and their completion, campaigns with members, outcomes and evaluation.

#include "guard.hpp"
#include "handle.hpp"
#include "input.hpp"
#include "output.hpp"

#include <inscrm/crm.hpp>

using namespace inscrm;

namespace {

template <class T>
void put(T* out, T value) noexcept {
  if (out != nullptr) *out = value;
}

static_assert(capi::names_are_c_strings<ConsentPurpose>());
static_assert(capi::names_are_c_strings<Channel>());
static_assert(capi::names_are_c_strings<CareKind>());
static_assert(capi::names_are_c_strings<CareTaskStatus>());

void fill(inscrm_campaign& o, const Campaign& c, capi::Arena& a) {
  o.id = c.id.value;
  o.name = a.str(c.name);
  o.objective = a.str(c.objective);
  o.target_rule = a.str(c.target_rule);
  o.channel = capi::name_of(c.channel);
  o.starts_on = a.date(c.starts_on);
  o.ends_on = a.date(c.ends_on);
  o.budget = capi::to_c(c.budget);
}

}  // namespace

inscrm_status inscrm_consent_record(inscrm_db* db, const inscrm_actor* actor, int64_t customer_id,
                                    const char* purpose, const char* channel, int granted, const char* source,
                                    int64_t* out_consent_id) {
  return capi::guard([&]() -> Result<void> {
    put(out_consent_id, int64_t{0});
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(purpose, "purpose"));
    INSCRM_TRYV(capi::require(channel, "channel"));
    ConsentRecord r;
    r.customer = CustomerId{customer_id};
    INSCRM_TRY(r.purpose, capi::enum_named(purpose, ConsentPurpose::Care, "purpose"));
    INSCRM_TRY(r.channel, capi::enum_named(channel, Channel::Sms, "channel"));
    r.granted = granted != 0;
    r.source = capi::text_or_empty(source);
    INSCRM_TRY(auto stored, capi::from_handle(db).crm.consents().record(who, std::move(r)));
    put(out_consent_id, stored.id.value);
    return ok();
  });
}

inscrm_status inscrm_consents_list(inscrm_db* db, const inscrm_actor* actor, int64_t customer_id,
                                     inscrm_consent_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto records, capi::from_handle(db).crm.consents().list(who, CustomerId{customer_id}));
    *out = capi::make_output<inscrm_consent_list>([&](inscrm_consent_list& o, capi::Arena& a) {
      auto* items = a.array<inscrm_consent>(records.size());
      for (std::size_t i = 0; i < records.size(); ++i) {
        const auto& r = records[i];
        items[i].id = r.id.value;
        items[i].customer_id = r.customer.value;
        items[i].purpose = capi::name_of(r.purpose);
        items[i].channel = capi::name_of(r.channel);
        items[i].granted = r.granted ? 1 : 0;
        items[i].at_micros = capi::to_c(r.at);
        items[i].source = a.str(r.source);
        items[i].actor = a.str(r.actor);
      }
      o.count = records.size();
      o.items = items;
    });
    return ok();
  });
}

void inscrm_consent_list_free(inscrm_consent_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}

inscrm_status inscrm_consent_allows(inscrm_db* db, const inscrm_actor* actor, int64_t customer_id,
                                    const char* purpose, const char* channel, int* out_allowed) {
  return capi::guard([&]() -> Result<void> {
    put(out_allowed, 0);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(purpose, "purpose"));
    INSCRM_TRYV(capi::require(channel, "channel"));
    INSCRM_TRY(auto p, capi::enum_named(purpose, ConsentPurpose::Care, "purpose"));
    INSCRM_TRY(auto ch, capi::enum_named(channel, Channel::Sms, "channel"));
    INSCRM_TRY(auto yes, capi::from_handle(db).crm.consents().allows(who, CustomerId{customer_id}, p, ch));
    put(out_allowed, yes ? 1 : 0);
    return ok();
  });
}

inscrm_status inscrm_care_run(inscrm_db* db, const inscrm_actor* actor, const char* day,
                              inscrm_care_run_report* out) {
  return capi::guard([&]() -> Result<void> {
    if (out != nullptr) *out = inscrm_care_run_report{};
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto on, capi::opt_date(day, "day"));
    auto care = capi::from_handle(db).crm.care();
    INSCRM_TRY(auto run, on ? care.run(who, *on) : care.run(who));
    if (out != nullptr) {
      out->produced = static_cast<int64_t>(run.produced);
      out->already_produced = static_cast<int64_t>(run.already_produced);
      out->without_consent = static_cast<int64_t>(run.without_consent);
    }
    return ok();
  });
}

inscrm_status inscrm_care_tasks_list(inscrm_db* db, const inscrm_actor* actor, const char* due, int64_t agent_id,
                                const char* status, int64_t after, size_t limit, inscrm_care_task_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    storage::CareTaskQuery q;
    INSCRM_TRY(q.due, capi::opt_date(due, "due"));
    if (agent_id != 0) q.agent = AgentId{agent_id};
    if (status != nullptr) {
      INSCRM_TRY(auto s, capi::enum_named(status, CareTaskStatus::Open, "status"));
      q.status = s;
    }
    q.after = CareTaskId{after};
    q.limit = limit == 0 ? 1000 : limit;
    INSCRM_TRY(auto tasks, capi::from_handle(db).crm.care().tasks(who, q));
    *out = capi::make_output<inscrm_care_task_list>([&](inscrm_care_task_list& o, capi::Arena& a) {
      auto* items = a.array<inscrm_care_task>(tasks.size());
      for (std::size_t i = 0; i < tasks.size(); ++i) {
        const auto& t = tasks[i];
        auto& x = items[i];
        x.id = t.id.value;
        x.kind = capi::name_of(t.kind);
        x.customer_id = t.customer.value;
        x.agent_id = t.agent ? t.agent->value : 0;
        x.channel = capi::name_of(t.channel);
        x.due = a.date(t.due);
        x.about = a.date(t.about);
        x.policy_id = t.policy ? t.policy->value : 0;
        x.subject_id = t.subject;
        x.holiday = a.str(t.holiday);
        x.status = capi::name_of(t.status);
        x.done_on = a.opt_date(t.done_on);
        x.outcome = a.str(t.outcome);
      }
      o.count = tasks.size();
      o.items = items;
    });
    return ok();
  });
}

void inscrm_care_task_list_free(inscrm_care_task_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}

inscrm_status inscrm_care_complete(inscrm_db* db, const inscrm_actor* actor, int64_t task_id, const char* outcome,
                                   const char* on) {
  return capi::guard([&]() -> Result<void> {
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto day, capi::opt_date(on, "on"));
    INSCRM_TRYV(capi::from_handle(db).crm.care().complete(who, CareTaskId{task_id}, capi::text_or_empty(outcome), day));
    return ok();
  });
}

inscrm_status inscrm_campaign_create(inscrm_db* db, const inscrm_actor* actor, const char* name,
                                     const char* objective, const char* target_rule, const char* channel,
                                     const char* starts_on, const char* ends_on, const inscrm_money* budget,
                                     int64_t* out_campaign_id) {
  return capi::guard([&]() -> Result<void> {
    put(out_campaign_id, int64_t{0});
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    Campaign c;
    INSCRM_TRY(c.name, capi::text(name, "name"));
    c.objective = capi::text_or_empty(objective);
    INSCRM_TRY(c.target_rule, capi::text(target_rule, "target_rule"));
    INSCRM_TRYV(capi::require(channel, "channel"));
    INSCRM_TRY(c.channel, capi::enum_named(channel, Channel::Sms, "channel"));
    INSCRM_TRY(c.starts_on, capi::date(starts_on, "starts_on"));
    INSCRM_TRY(c.ends_on, capi::date(ends_on, "ends_on"));
    INSCRM_TRYV(capi::require(budget, "budget"));
    INSCRM_TRY(c.budget, capi::money(*budget, "budget"));
    INSCRM_TRY(auto stored, capi::from_handle(db).crm.campaigns().create(who, std::move(c)));
    put(out_campaign_id, stored.id.value);
    return ok();
  });
}

inscrm_status inscrm_campaign_get(inscrm_db* db, const inscrm_actor* actor, int64_t campaign_id,
                                  inscrm_campaign** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto c, capi::from_handle(db).crm.campaigns().get(who, CampaignId{campaign_id}));
    *out = capi::make_output<inscrm_campaign>([&](inscrm_campaign& o, capi::Arena& a) { fill(o, c, a); });
    return ok();
  });
}

void inscrm_campaign_free(inscrm_campaign** campaign) {
  capi::guard_void([&] { capi::free_output(campaign); });
}

inscrm_status inscrm_campaigns_list(inscrm_db* db, const inscrm_actor* actor, inscrm_campaign_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto all, capi::from_handle(db).crm.campaigns().list(who));
    *out = capi::make_output<inscrm_campaign_list>([&](inscrm_campaign_list& o, capi::Arena& a) {
      auto* items = a.array<inscrm_campaign>(all.size());
      for (std::size_t i = 0; i < all.size(); ++i) fill(items[i], all[i], a);
      o.count = all.size();
      o.items = items;
    });
    return ok();
  });
}

void inscrm_campaign_list_free(inscrm_campaign_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}

inscrm_status inscrm_campaign_add_members(inscrm_db* db, const inscrm_actor* actor, int64_t campaign_id,
                                          const char* as_of, int64_t* out_matched, int64_t* out_without_consent,
                                          int64_t* out_added) {
  return capi::guard([&]() -> Result<void> {
    put(out_matched, int64_t{0});
    put(out_without_consent, int64_t{0});
    put(out_added, int64_t{0});
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto day, capi::opt_date(as_of, "as_of"));
    INSCRM_TRY(auto m, capi::from_handle(db).crm.campaigns().add_members(who, CampaignId{campaign_id}, day));
    put(out_matched, static_cast<int64_t>(m.matched));
    put(out_without_consent, static_cast<int64_t>(m.without_consent));
    put(out_added, static_cast<int64_t>(m.added));
    return ok();
  });
}

inscrm_status inscrm_campaign_record_outcome(inscrm_db* db, const inscrm_actor* actor, int64_t campaign_id,
                                             int64_t customer_id, const char* outcome, const char* on) {
  return capi::guard([&]() -> Result<void> {
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(outcome, "outcome"));
    INSCRM_TRY(auto what, capi::enum_named(outcome, CampaignOutcome::Contacted, "outcome"));
    INSCRM_TRY(auto day, capi::opt_date(on, "on"));
    INSCRM_TRYV(capi::from_handle(db).crm.campaigns().record_outcome(who, CampaignId{campaign_id},
                                                                     CustomerId{customer_id}, what, day));
    return ok();
  });
}

inscrm_status inscrm_campaign_evaluate(inscrm_db* db, const inscrm_actor* actor, int64_t campaign_id,
                                       inscrm_campaign_evaluation* out) {
  return capi::guard([&]() -> Result<void> {
    INSCRM_TRYV(capi::require(out, "out"));
    *out = inscrm_campaign_evaluation{};
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto e, capi::from_handle(db).crm.campaigns().evaluate(who, CampaignId{campaign_id}));
    out->members = static_cast<int64_t>(e.members);
    out->contacted = static_cast<int64_t>(e.contacted);
    out->responded = static_cast<int64_t>(e.responded);
    out->converted = static_cast<int64_t>(e.converted);
    out->response_rate = e.response_rate;
    out->conversion_rate = e.conversion_rate;
    out->has_cost_per_conversion = e.cost_per_conversion ? 1 : 0;
    if (e.cost_per_conversion) out->cost_per_conversion = capi::to_c(*e.cost_per_conversion);
    out->has_satisfaction = e.satisfaction ? 1 : 0;
    out->satisfaction = e.satisfaction.value_or(0.0);
    out->satisfaction_responses = static_cast<int64_t>(e.satisfaction_responses);
    return ok();
  });
}
