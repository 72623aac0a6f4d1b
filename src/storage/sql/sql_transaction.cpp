#include "storage/sql/sql_transaction_impl.hpp"

namespace inscrm::storage::sql {

SqlTransaction::SqlTransaction(Lease lease, TxMode mode) noexcept
    : lease_(std::move(lease)),
      c_(lease_.connection()),
      mode_(mode),
      // Taken after BEGIN: on SQLite a write transaction then already holds the write lock, so it
      // cannot see the key ring from before a rotation that committed ahead of it.
      cipher_(lease_.pool().keys ? lease_.pool().keys->current() : nullptr) {}

SqlTransaction::~SqlTransaction() {
  if (!finished_) rollback();
}

Error SqlTransaction::fail(const std::exception& e) {
  const bool lost = !c_.alive();
  Error err = translate_exception(e, c_.backend(), lost);
  // A statement that threw may be left mid-step: prepare afresh next time.
  c_.statements().clear();
  // PostgreSQL aborts the transaction on any error; SQLite only on some, and then it has already
  // rolled back. Either way later statements would fail or, worse, run outside any transaction.
  if (c_.backend() == Backend::Postgresql || lost || c_.sqlite_autocommit()) {
    const Errc code = err.code() == Errc::StorageUnavailable ? Errc::StorageUnavailable : Errc::StorageError;
    failed_ = Error{code, "the transaction was aborted by an earlier error: " + err.message()};
  }
  return err;
}

void SqlTransaction::rollback() noexcept {
  finished_ = true;
  try {
    if (c_.backend() == Backend::Sqlite && c_.sqlite_autocommit()) return;
    if (!c_.alive()) return;  // the server ended it; the pool reconnects on the next lease
    c_.exec("ROLLBACK");
  } catch (const std::exception&) {
    // Nothing was committed; a broken connection is repaired when next leased.
  }
}

Result<void> SqlTransaction::commit() {
  if (finished_) return Error::internal("transaction already finished");
  if (failed_) {
    rollback();
    return *failed_;
  }
  // A rotation's new key goes in before COMMIT releases the write lock, so the next writer in
  // this process already wraps under it; a failed commit puts the old one back.
  if (rotated_) lease_.pool().keys->install(rotated_);
  try {
    c_.exec("COMMIT");
    finished_ = true;
    if (erased_ && c_.backend() == Backend::Sqlite) {
      // The WAL still holds the page images from before the erasure, the wrapped data key among
      // them: copy the new pages into the file and truncate the WAL to nothing. Best effort — a
      // reader still in an old snapshot holds the checkpoint back; the next erasure retries.
      try {
        c_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
      } catch (const std::exception&) {
      }
    }
    return ok();
  } catch (const std::exception& e) {
    if (rotated_) lease_.pool().keys->install(cipher_);
    Error err = translate_exception(e, c_.backend(), !c_.alive());
    rollback();  // SQLite keeps a transaction open after a failed COMMIT
    return err;
  }
}

// ---- org units -------------------------------------------------------------------------------

Result<void> SqlTransaction::insert_org_unit(OrgUnit& unit) {
  return run<void>(Access::Write, [&]() -> Result<void> {
    auto& ins = stmt<PreparedInsert<OrgUnitRow>>();
    to_row(unit, ins.row);
    put(ins.row.version, 1);
    const auto id = ins.run(c_);
    if (!id) return Error::already_exists("code", fmt::format("org unit code '{}' is taken", unit.code));
    unit.id = OrgUnitId{*id};
    unit.version = 1;
    return ok();
  });
}

Result<OrgUnit> SqlTransaction::org_unit(OrgUnitId id) {
  return run<OrgUnit>(Access::Read, [&] { return load<OrgUnitRow>(id.value, "org unit"); });
}

Result<std::vector<OrgUnit>> SqlTransaction::org_units() {
  return run<std::vector<OrgUnit>>(Access::Read,
                                   [&] { return select_rows<OrgUnitRow>("ORDER BY id", [](soci::statement&) {}); });
}

// ---- agents ----------------------------------------------------------------------------------

Result<void> SqlTransaction::insert_agent(Agent& agent) {
  return run<void>(Access::Write, [&]() -> Result<void> {
    auto& ins = stmt<PreparedInsert<AgentRow>>();
    to_row(agent, ins.row);
    put(ins.row.version, 1);
    const auto id = ins.run(c_);
    if (!id) return Error::already_exists("code", fmt::format("agent code '{}' is taken", agent.code));
    agent.id = AgentId{*id};
    agent.version = 1;
    return ok();
  });
}

Result<void> SqlTransaction::update_agent(Agent& agent) {
  return run<void>(Access::Write, [&] {
    return update<AgentRow>(agent, "agent", [&] {
      return Error::already_exists("code", fmt::format("agent code '{}' is taken", agent.code));
    });
  });
}

Result<Agent> SqlTransaction::agent(AgentId id) {
  return run<Agent>(Access::Read, [&] { return load<AgentRow>(id.value, "agent"); });
}

Result<std::vector<Agent>> SqlTransaction::agents(std::optional<OrgUnitId> org_unit) {
  return run<std::vector<Agent>>(Access::Read, [&] {
    long long unit = org_unit ? org_unit->value : 0;
    return select_rows<AgentRow>(org_unit ? "WHERE org_unit_id = :unit ORDER BY id" : "ORDER BY id",
                                 [&](soci::statement& st) {
                                   if (org_unit) st.exchange(soci::use(unit));
                                 });
  });
}

// ---- products --------------------------------------------------------------------------------

Result<void> SqlTransaction::insert_product(Product& product) {
  return run<void>(Access::Write, [&]() -> Result<void> {
    auto& ins = stmt<PreparedInsert<ProductRow>>();
    to_row(product, ins.row);
    put(ins.row.version, 1);
    const auto id = ins.run(c_);
    if (!id) return Error::already_exists("code", fmt::format("product code '{}' is taken", product.code));
    product.id = ProductId{*id};
    product.version = 1;
    return ok();
  });
}

Result<void> SqlTransaction::update_product(Product& product) {
  return run<void>(Access::Write, [&] {
    return update<ProductRow>(product, "product", [&] {
      return Error::already_exists("code", fmt::format("product code '{}' is taken", product.code));
    });
  });
}

Result<Product> SqlTransaction::product(ProductId id) {
  return run<Product>(Access::Read, [&] { return load<ProductRow>(id.value, "product"); });
}

Result<std::optional<Product>> SqlTransaction::product_by_code(std::string_view code) {
  return run<std::optional<Product>>(Access::Read, [&]() -> Result<std::optional<Product>> {
    std::string wanted{code};
    INSCRM_TRY(auto found, select_rows<ProductRow>("WHERE code = :code",
                                                   [&](soci::statement& st) { st.exchange(soci::use(wanted)); }));
    if (found.empty()) return std::optional<Product>{};
    return std::optional<Product>{std::move(found.front())};
  });
}

Result<std::vector<Product>> SqlTransaction::products() {
  return run<std::vector<Product>>(Access::Read,
                                   [&] { return select_rows<ProductRow>("ORDER BY id", [](soci::statement&) {}); });
}

// ---- lifecycle history -----------------------------------------------------------------------

Result<void> SqlTransaction::append_transition(PolicyTransition& transition) {
  return run<void>(Access::Write, [&]() -> Result<void> {
    auto& ins = stmt<PreparedInsert<TransitionRow>>();
    to_row(transition, ins.row);
    const auto id = ins.run(c_);
    if (!id) return Error::storage("policy transition was not recorded");
    transition.id = TransitionId{*id};
    return ok();
  });
}

Result<std::vector<PolicyTransition>> SqlTransaction::transitions(PolicyId policy) {
  return run<std::vector<PolicyTransition>>(Access::Read, [&] {
    long long id = policy.value;
    return select_rows<TransitionRow>("WHERE policy_id = :policy ORDER BY id",
                                      [&](soci::statement& st) { st.exchange(soci::use(id)); });
  });
}

// ---- outbox ----------------------------------------------------------------------------------

Result<void> SqlTransaction::append_event(DomainEvent& event) {
  return run<void>(Access::Write, [&]() -> Result<void> {
    if (c_.backend() == Backend::Postgresql && !outbox_locked_) {
      c_.exec(fmt::format("SELECT pg_advisory_xact_lock({})", kOutboxLockKey));
      outbox_locked_ = true;
    }
    auto& ins = stmt<PreparedInsert<EventRow>>();
    to_row(event, ins.row);
    const auto id = ins.run(c_);
    if (!id) return Error::storage("event was not recorded");
    event.id = EventId{*id};
    return ok();
  });
}

Result<std::vector<DomainEvent>> SqlTransaction::pending_events(EventId after, std::size_t limit) {
  return run<std::vector<DomainEvent>>(Access::Read, [&] {
    long long from = after.value;
    long long n = sql_limit(limit);
    return select_rows<EventRow>("WHERE id > :after ORDER BY id LIMIT :n", [&](soci::statement& st) {
      st.exchange(soci::use(from));
      st.exchange(soci::use(n));
    });
  });
}

// Delivered events are deleted, as in the memory adapter: the outbox stays as small as the
// backlog. Ids are never reused (AUTOINCREMENT / identity), so consumers' cursors stay valid.
Result<void> SqlTransaction::ack_events(EventId up_to) {
  return run<void>(Access::Write, [&]() -> Result<void> {
    long long last = up_to.value;
    soci::statement st(c_.sql());
    st.exchange(soci::use(last));
    prepare(st, "DELETE FROM outbox WHERE id <= :up_to", false);
    st.execute(true);
    return ok();
  });
}

}  // namespace inscrm::storage::sql
