#pragma once
// Who may do what (domain.md C12): a fixed table from Role to Entity × Action. The facade asks
// Engine::allow(actor, entity, action) at the top of every service call; a denial is a typed
// PermissionDenied whose field names what was denied ("customer.update"), recorded in the audit log.
// Row-level scoping (org unit subtree, assigned agent, a customer's own records) is applied by
// the facade on top of this table, where it knows the record (security/scope.hpp).

#include <inscrm/core/enum_text.hpp>
#include <inscrm/security/actor.hpp>

namespace inscrm {

enum class Entity {
  Customer,
  PersonalData,  // identity number, phones, e-mails, addresses, income: unmasked only with Read
  Policy,
  Payment,
  Claim,
  ServiceRequest,
  Complaint,
  Interaction,
  Survey,
  Product,
  Organisation,
  Segment,
  Analytics,  // summary, KPIs, portfolio snapshots
  Settings,   // service settings, SLA policies, assignment rules
  DailyRun,   // the calendar rules and SLA watchdog
  Audit,      // reading and verifying the audit chain
  Loyalty,    // points ledger and tier accounts (earning rules and tier settings are Settings)
  Consent,    // a customer's consent per purpose and channel
  CareTask,   // care-calendar tasks (producing them is DailyRun)
  Campaign,   // marketing campaigns, their members and responses
};
INSCRM_ENUM_TEXT(Entity, "customer", "personal_data", "policy", "payment", "claim", "service_request", "complaint",
                 "interaction", "survey", "product", "organisation", "segment", "analytics", "settings",
                 "daily_run", "audit", "loyalty", "consent", "care_task", "campaign")

enum class Action { Read, Create, Update };
INSCRM_ENUM_TEXT(Action, "read", "create", "update")

// Whether `role` grants `action` on `entity` (the role table, permissions.cpp).
bool role_allows(Role role, Entity entity, Action action) noexcept;

// Whether any of the actor's roles grants it. An actor without roles may do nothing.
inline bool allows(const Actor& actor, Entity entity, Action action) noexcept {
  for (Role r : actor.roles)
    if (role_allows(r, entity, action)) return true;
  return false;
}

// Roles that see every record regardless of org unit or assigned agent.
inline bool sees_everything(const Actor& actor) noexcept {
  return actor.has(Role::Administrator) || actor.has(Role::System) || actor.has(Role::Auditor) ||
         actor.has(Role::Analyst);
}

}  // namespace inscrm
