#pragma once

#include <inscrm/core/result.hpp>
#include <inscrm/crm/service_base.hpp>
#include <inscrm/domain/agent.hpp>
#include <inscrm/domain/org_unit.hpp>
#include <inscrm/security/actor.hpp>

#include <optional>
#include <vector>

namespace inscrm {

// Org units (head office → branches → teams) and the agents who work in them.
class OrganisationService : detail::ServiceBase {
 public:
  Result<OrgUnit> create_unit(const Actor& actor, OrgUnit draft) const;
  Result<OrgUnit> unit(const Actor& actor, OrgUnitId id) const;
  Result<std::vector<OrgUnit>> units(const Actor& actor) const;
  Result<Agent> create_agent(const Actor& actor, Agent draft) const;
  Result<Agent> agent(const Actor& actor, AgentId id) const;
  Result<std::vector<Agent>> agents(const Actor& actor, std::optional<OrgUnitId> unit = std::nullopt) const;

 private:
  friend class Crm;
  using ServiceBase::ServiceBase;
};

}  // namespace inscrm
