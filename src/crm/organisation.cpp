#include <inscrm/crm/organisation.hpp>

#include <inscrm/core/validation.hpp>

#include "crm/engine.hpp"
#include "crm/json.hpp"

#include <fmt/format.h>

namespace inscrm {

Result<OrgUnit> OrganisationService::create_unit(const Actor& actor, OrgUnit u) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Organisation, Action::Create));
  auto& engine = *engine_;
  u.code = std::string{trim(u.code)};
  u.name = std::string{trim(u.name)};
  if (u.code.empty()) return Error::invalid_argument("code", "org unit code must not be empty");
  if (u.name.empty()) return Error::invalid_argument("name", "org unit name must not be empty");
  if (u.kind == OrgUnitKind::HeadOffice && u.parent)
    return Error::invalid_argument("parent", "the head office has no parent unit");
  if (u.kind != OrgUnitKind::HeadOffice && !u.parent)
    return Error::invalid_argument("parent", "branches, sub-branches and teams need a parent unit");
  u.created_at = engine.clock->now();
  return engine.write([&](storage::Transaction& tx) -> Result<OrgUnit> {
    if (u.parent) {
      if (auto parent = tx.org_unit(*u.parent); !parent)
        return parent.error().is_not_found()
                   ? Error::not_found("parent", fmt::format("org unit {} does not exist", u.parent->value))
                   : parent.error();
    }
    INSCRM_TRYV(tx.insert_org_unit(u));
    INSCRM_TRYV(engine.emit(tx, actor, "org_unit.created", "org_unit", u.id.value,
                            fmt::format(R"({{"org_unit_id":{},"code":{}}})", u.id.value, detail::json_string(u.code))));
    return u;
  });
}

Result<OrgUnit> OrganisationService::unit(const Actor& actor, OrgUnitId id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Organisation, Action::Read));
  return engine_->read([&](storage::Transaction& tx) { return tx.org_unit(id); });
}

Result<std::vector<OrgUnit>> OrganisationService::units(const Actor& actor) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Organisation, Action::Read));
  return engine_->read([&](storage::Transaction& tx) { return tx.org_units(); });
}

Result<Agent> OrganisationService::create_agent(const Actor& actor, Agent a) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Organisation, Action::Create));
  auto& engine = *engine_;
  a.code = std::string{trim(a.code)};
  a.name = std::string{trim(a.name)};
  if (a.code.empty()) return Error::invalid_argument("code", "agent code must not be empty");
  if (a.name.empty()) return Error::invalid_argument("name", "agent name must not be empty");
  a.created_at = engine.clock->now();
  return engine.write([&](storage::Transaction& tx) -> Result<Agent> {
    if (auto unit = tx.org_unit(a.org_unit); !unit)
      return unit.error().is_not_found()
                 ? Error::not_found("org_unit", fmt::format("org unit {} does not exist", a.org_unit.value))
                 : unit.error();
    INSCRM_TRYV(tx.insert_agent(a));
    INSCRM_TRYV(engine.emit(tx, actor, "agent.created", "agent", a.id.value,
                            fmt::format(R"({{"agent_id":{},"code":{}}})", a.id.value, detail::json_string(a.code))));
    return a;
  });
}

Result<Agent> OrganisationService::agent(const Actor& actor, AgentId id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Organisation, Action::Read));
  return engine_->read([&](storage::Transaction& tx) { return tx.agent(id); });
}

Result<std::vector<Agent>> OrganisationService::agents(const Actor& actor, std::optional<OrgUnitId> unit) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Organisation, Action::Read));
  return engine_->read([&](storage::Transaction& tx) { return tx.agents(unit); });
}

}  // namespace inscrm
