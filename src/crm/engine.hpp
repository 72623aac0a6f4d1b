#pragma once
// The shared engine behind a Crm and its services, and the one place that runs a service call as
// a transaction: begin, do the work, commit only if every step succeeded.

#include <inscrm/core/clock.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/crm/care.hpp>
#include <inscrm/crm/loyalty.hpp>
#include <inscrm/crm/service_settings.hpp>
#include <inscrm/domain/customer_stage.hpp>
#include <inscrm/domain/event.hpp>
#include <inscrm/security/actor.hpp>
#include <inscrm/security/permissions.hpp>
#include <inscrm/storage/store.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>

namespace inscrm::detail {

struct Engine {
  std::unique_ptr<storage::Store> store;
  std::shared_ptr<Clock> clock;
  StageThresholds stage_thresholds;
  LoyaltySettings loyalty;  // fixed at open (OpenOptions::loyalty)
  CareSettings care;        // fixed at open (OpenOptions::care)

  // Service and complaints configuration (service_settings.hpp): replaced whole at run time, read
  // as an immutable snapshot, so a call sees one consistent set from start to end.
  std::shared_ptr<const ServiceSettings> service_settings() const {
    std::lock_guard lock{settings_mutex_};
    return settings_;
  }
  // Copies the current settings, lets `change` edit the copy and installs it, under the lock, so
  // two host threads replacing different parts do not lose each other's change.
  template <class Change>
  void change_service_settings(Change&& change) {
    std::lock_guard lock{settings_mutex_};
    auto next = std::make_shared<ServiceSettings>(*settings_);
    change(*next);
    settings_ = std::move(next);
  }

  // Runs fn(tx) in one write transaction; commits when fn succeeds, rolls back otherwise.
  template <class Fn>
  auto write(Fn&& fn) -> std::invoke_result_t<Fn&, storage::Transaction&> {
    auto tx = store->begin(storage::TxMode::Write);
    if (!tx) return tx.error();
    auto result = fn(*tx.value());
    if (!result) return result;  // the transaction's destructor rolls back
    if (auto committed = tx.value()->commit(); !committed) return committed.error();
    return result;
  }

  template <class Fn>
  auto read(Fn&& fn) -> std::invoke_result_t<Fn&, storage::Transaction&> {
    auto tx = store->begin(storage::TxMode::Read);
    if (!tx) return tx.error();
    auto result = fn(*tx.value());
    if (result) (void)tx.value()->commit();  // ends the read; nothing to make durable
    return result;
  }

  // Appends a domain event to the outbox inside the caller's transaction, and the matching record
  // to the audit chain: every change emits an event, so every change is audited the same way. The
  // audit digest covers `before_after` when given (the record before and after the change), else
  // the event's payload.
  Result<void> emit(storage::Transaction& tx, const Actor& actor, std::string type, std::string entity,
                    std::int64_t entity_id, std::string payload, std::string_view before_after = {}) const {
    DomainEvent e{EventId{}, std::move(type), std::move(entity), entity_id, std::move(payload), actor.user,
                  clock->now()};
    INSCRM_TRYV(tx.append_event(e));
    return audit(tx, actor, e.type, e.entity, entity_id, before_after.empty() ? e.payload : before_after);
  }

  // Appends (actor, action, entity, time, digest of `what`) to the audit chain in the caller's
  // write transaction, linked to the chain's head (security/audit.hpp). engine.cpp.
  Result<void> audit(storage::Transaction& tx, const Actor& actor, std::string_view action, std::string_view entity,
                     std::int64_t entity_id, std::string_view what) const;

  // The permission check at the top of every service call (security/permissions.hpp): ok, or
  // PermissionDenied with field "<entity>.<action>", the denial recorded in the audit chain in a
  // transaction of its own. Call it before the call's own transaction begins.
  Result<void> allow(const Actor& actor, Entity entity, Action action);

  // Row-level scope (org unit subtree, assigned agent, a customer's own record) of a customer and
  // what hangs off it: ok, or PermissionDenied "<what>". Inside the call's transaction; the caller
  // passes the call's result through recorded() once that transaction is over.
  Result<void> in_scope(storage::Transaction& tx, const Actor& actor, const Customer& customer,
                        std::string_view what = "customer") const;
  Result<void> in_scope(storage::Transaction& tx, const Actor& actor, CustomerId customer,
                        std::string_view what) const;
  // Records a scope denial found inside a finished transaction, and passes the result on.
  template <class T>
  Result<T> recorded(const Actor& actor, Result<T> result) {
    if (!result && result.error().code() == Errc::PermissionDenied) record_denial(actor, result.error().field());
    return result;
  }
  void record_denial(const Actor& actor, std::string_view what);

 private:
  mutable std::mutex settings_mutex_;
  std::shared_ptr<const ServiceSettings> settings_ = std::make_shared<const ServiceSettings>();
};

}  // namespace inscrm::detail
