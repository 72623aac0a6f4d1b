#pragma once
// Every facade call runs as an Actor: who is asking, in which roles, from which org unit. The
// actor is recorded on every lifecycle transition and event.

#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/id.hpp>

#include <optional>
#include <string>
#include <vector>

namespace inscrm {

enum class Role { Administrator, Agent, ServiceRep, ComplaintHandler, Analyst, Auditor, Customer, System };
INSCRM_ENUM_TEXT(Role, "administrator", "agent", "service_rep", "complaint_handler", "analyst", "auditor",
                 "customer", "system")

struct Actor {
  std::string user;                 // the host's user id, recorded verbatim
  std::vector<Role> roles;
  OrgUnitId org_unit;               // the unit the actor works in (0 = head office / unscoped)
  std::optional<AgentId> agent;     // set when the actor is an agent
  std::optional<CustomerId> customer;  // set for self-service

  bool has(Role r) const noexcept {
    for (Role x : roles)
      if (x == r) return true;
    return false;
  }

  // The library's own scheduled work (run_daily) when the host names no one.
  static Actor system() { return Actor{"system", {Role::System}, OrgUnitId{}, std::nullopt, std::nullopt}; }
};

}  // namespace inscrm
