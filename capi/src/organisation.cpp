// Org units and agents module.

#include "guard.hpp"
#include "handle.hpp"
#include "input.hpp"
#include "output.hpp"

#include <inscrm/crm.hpp>

using namespace inscrm;

namespace {

void fill_unit(inscrm_org_unit& o, capi::Arena& a, const OrgUnit& u) {
  o.id = u.id.value;
  o.version = u.version;
  o.code = a.str(u.code);
  o.name = a.str(u.name);
  o.kind = capi::name_of(u.kind);
  o.parent = u.parent ? u.parent->value : 0;
  o.created_at_unix_micros = capi::to_c(u.created_at);
}

void fill_agent(inscrm_agent& o, capi::Arena& a, const Agent& g) {
  o.id = g.id.value;
  o.version = g.version;
  o.code = a.str(g.code);
  o.name = a.str(g.name);
  o.org_unit = g.org_unit.value;
  o.hired_on = a.opt_date(g.hired_on);
  o.active = g.active ? 1 : 0;
  o.created_at_unix_micros = capi::to_c(g.created_at);
}

}  // namespace

inscrm_status inscrm_org_unit_input_init(inscrm_org_unit_input* input, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(input, version, "input"); });
}

inscrm_status inscrm_org_unit_create(inscrm_db* db, const inscrm_actor* actor, const inscrm_org_unit_input* input,
                                     int64_t* out_id) {
  return capi::guard([&]() -> Result<void> {
    if (out_id) *out_id = 0;
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto in, capi::read_struct(input, "input"));
    OrgUnit draft;
    INSCRM_TRY(draft.code, capi::text(in.code, "code"));
    INSCRM_TRY(draft.name, capi::text(in.name, "name"));
    INSCRM_TRY(draft.kind, capi::enum_named(in.kind, OrgUnitKind::Branch, "kind"));
    draft.parent = capi::opt_id<OrgUnitId>(in.parent);
    INSCRM_TRY(auto unit, capi::from_handle(db).crm.organisation().create_unit(who, std::move(draft)));
    if (out_id) *out_id = unit.id.value;
    return ok();
  });
}

inscrm_status inscrm_org_unit_get(inscrm_db* db, const inscrm_actor* actor, int64_t id, inscrm_org_unit** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto unit, capi::from_handle(db).crm.organisation().unit(who, OrgUnitId{id}));
    *out = capi::make_output<inscrm_org_unit>([&](inscrm_org_unit& o, capi::Arena& a) { fill_unit(o, a, unit); });
    return ok();
  });
}

void inscrm_org_unit_free(inscrm_org_unit** unit) {
  capi::guard_void([&] { capi::free_output(unit); });
}

inscrm_status inscrm_org_units_list(inscrm_db* db, const inscrm_actor* actor, inscrm_org_unit_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto units, capi::from_handle(db).crm.organisation().units(who));
    *out = capi::make_output<inscrm_org_unit_list>([&](inscrm_org_unit_list& l, capi::Arena& a) {
      capi::fill_list<inscrm_org_unit_list, inscrm_org_unit>(l, a, units, fill_unit);
    });
    return ok();
  });
}

void inscrm_org_unit_list_free(inscrm_org_unit_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}

inscrm_status inscrm_agent_input_init(inscrm_agent_input* input, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(input, version, "input"); });
}

inscrm_status inscrm_agent_create(inscrm_db* db, const inscrm_actor* actor, const inscrm_agent_input* input,
                                  int64_t* out_id) {
  return capi::guard([&]() -> Result<void> {
    if (out_id) *out_id = 0;
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto in, capi::read_struct(input, "input"));
    Agent draft;
    INSCRM_TRY(draft.code, capi::text(in.code, "code"));
    INSCRM_TRY(draft.name, capi::text(in.name, "name"));
    draft.org_unit = OrgUnitId{in.org_unit};
    INSCRM_TRY(draft.hired_on, capi::opt_date(in.hired_on, "hired_on"));
    draft.active = in.active != 0;
    INSCRM_TRY(auto agent, capi::from_handle(db).crm.organisation().create_agent(who, std::move(draft)));
    if (out_id) *out_id = agent.id.value;
    return ok();
  });
}

inscrm_status inscrm_agent_get(inscrm_db* db, const inscrm_actor* actor, int64_t id, inscrm_agent** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto agent, capi::from_handle(db).crm.organisation().agent(who, AgentId{id}));
    *out = capi::make_output<inscrm_agent>([&](inscrm_agent& o, capi::Arena& a) { fill_agent(o, a, agent); });
    return ok();
  });
}

void inscrm_agent_free(inscrm_agent** agent) {
  capi::guard_void([&] { capi::free_output(agent); });
}

inscrm_status inscrm_agents_list(inscrm_db* db, const inscrm_actor* actor, int64_t org_unit, inscrm_agent_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto agents, capi::from_handle(db).crm.organisation().agents(who, capi::opt_id<OrgUnitId>(org_unit)));
    *out = capi::make_output<inscrm_agent_list>([&](inscrm_agent_list& l, capi::Arena& a) {
      capi::fill_list<inscrm_agent_list, inscrm_agent>(l, a, agents, fill_agent);
    });
    return ok();
  });
}

void inscrm_agent_list_free(inscrm_agent_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}
