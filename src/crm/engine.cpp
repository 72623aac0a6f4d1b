// The engine's security steps: the audit chain append, the permission check and row-level scope.
#include "crm/engine.hpp"

#include <inscrm/security/audit.hpp>

#include <fmt/format.h>

#include <unordered_map>

namespace inscrm::detail {

Result<void> Engine::audit(storage::Transaction& tx, const Actor& actor, std::string_view action,
                           std::string_view entity, std::int64_t entity_id, std::string_view what) const {
  auto& chain = tx.audit();
  INSCRM_TRY(auto head, chain.audit_head());  // takes the head for this transaction (audit_records.hpp)
  storage::AuditRecord r;
  r.seq = head ? head->seq + 1 : 1;
  r.actor = actor.user;
  r.action = std::string{action};
  r.entity = std::string{entity};
  r.entity_id = entity_id;
  r.at = clock->now();
  r.digest = audit_digest(what);
  if (head) r.prev_hash = head->hash;
  r.hash = audit_hash(r);
  return chain.append_audit(r);
}

void Engine::record_denial(const Actor& actor, std::string_view what) {
  // Best effort by design: the denial is already the caller's answer; a store that cannot record
  // it (unreachable, read-only) must not turn a PermissionDenied into a storage error.
  (void)write([&](storage::Transaction& tx) { return audit(tx, actor, "permission.denied", what, 0, what); });
}

Result<void> Engine::allow(const Actor& actor, Entity entity, Action action) {
  if (allows(actor, entity, action)) return ok();
  auto what = fmt::format("{}.{}", to_string(entity), to_string(action));
  record_denial(actor, what);
  return Error{Errc::PermissionDenied,
               fmt::format("actor '{}' may not {} {} records", actor.user, to_string(action), to_string(entity)),
               std::move(what)};
}

namespace {

// Whether `unit` is `root` or below it, walking parents through the store's org units.
Result<bool> within_unit(storage::Transaction& tx, OrgUnitId root, OrgUnitId unit) {
  for (int depth = 0; unit.valid() && depth < 64; ++depth) {  // 64: a guard against a cycle in bad data
    if (unit == root) return true;
    INSCRM_TRY(auto u, tx.org_unit(unit));
    if (!u.parent) return false;
    unit = *u.parent;
  }
  return false;
}

}  // namespace

Result<void> Engine::in_scope(storage::Transaction& tx, const Actor& actor, const Customer& c,
                              std::string_view what) const {
  if (sees_everything(actor)) return ok();
  if (actor.has(Role::Customer) && actor.customer && *actor.customer == c.id) return ok();
  if (actor.has(Role::Agent) && actor.agent && c.agent == actor.agent) return ok();
  // Staff working a unit see its subtree; staff at head office (no unit) see every unit. An
  // agent with an agent id is scoped to their own book above, not to the unit.
  const bool unit_staff = actor.has(Role::ServiceRep) || actor.has(Role::ComplaintHandler) ||
                          (actor.has(Role::Agent) && !actor.agent);
  if (unit_staff) {
    if (!actor.org_unit.valid()) return ok();
    INSCRM_TRY(const bool inside, within_unit(tx, actor.org_unit, c.org_unit));
    if (inside) return ok();
  }
  return Error{Errc::PermissionDenied,
               fmt::format("customer {} is outside actor '{}''s scope", c.id.value, actor.user), std::string{what}};
}

Result<void> Engine::in_scope(storage::Transaction& tx, const Actor& actor, CustomerId customer,
                              std::string_view what) const {
  if (sees_everything(actor)) return ok();
  if (actor.has(Role::Customer) && actor.customer && *actor.customer == customer) return ok();
  INSCRM_TRY(const auto c, tx.customer(customer));
  return in_scope(tx, actor, c, what);
}

}  // namespace inscrm::detail
