// The audit chain in the SQL adapters (storage/audit_records.hpp, migration 0005_audit).
#include "storage/sql/dialect.hpp"
#include "storage/sql/sql_transaction_impl.hpp"

namespace inscrm::storage::sql {
namespace {

constexpr const char* kAuditColumns = "seq, actor, action, entity, entity_id, at, digest, prev_hash, hash";

// One audit_log row as SOCI binds it.
struct AuditRow {
  long long seq = 0, entity_id = 0, at = 0;
  std::string actor, action, entity, digest, prev_hash, hash;

  void into(soci::statement& st) {
    st.exchange(soci::into(seq));
    st.exchange(soci::into(actor));
    st.exchange(soci::into(action));
    st.exchange(soci::into(entity));
    st.exchange(soci::into(entity_id));
    st.exchange(soci::into(at));
    st.exchange(soci::into(digest));
    st.exchange(soci::into(prev_hash));
    st.exchange(soci::into(hash));
  }
  AuditRecord record() const {
    return AuditRecord{seq, actor, action, entity, entity_id, Instant{std::chrono::microseconds{at}}, digest,
                       prev_hash, hash};
  }
};

}  // namespace

Result<std::optional<AuditRecord>> SqlTransaction::audit_head() {
  return run<std::optional<AuditRecord>>(Access::Read, [&]() -> Result<std::optional<AuditRecord>> {
    // The head must stay the head until this transaction commits: on PostgreSQL take the writers'
    // lock (the outbox's: one lock, so that no two transactions can take the two in opposite orders).
    if (mode_ == TxMode::Write && c_.backend() == Backend::Postgresql && !outbox_locked_) {
      c_.exec(fmt::format("SELECT pg_advisory_xact_lock({})", kOutboxLockKey));
      outbox_locked_ = true;
    }
    AuditRow row;
    soci::statement st(c_.sql());
    row.into(st);
    prepare(st, fmt::format("SELECT {} FROM audit_log ORDER BY seq DESC LIMIT 1", kAuditColumns), false);
    if (!st.execute(true)) return std::optional<AuditRecord>{};
    return std::optional<AuditRecord>{row.record()};
  });
}

Result<void> SqlTransaction::append_audit(const AuditRecord& r) {
  return run<void>(Access::Write, [&]() -> Result<void> {
    long long seq = r.seq, entity_id = r.entity_id, at = r.at.time_since_epoch().count();
    std::string actor = r.actor, action = r.action, entity = r.entity, digest = r.digest, prev = r.prev_hash,
                hash = r.hash;
    soci::statement st(c_.sql());
    st.exchange(soci::use(seq));
    st.exchange(soci::use(actor));
    st.exchange(soci::use(action));
    st.exchange(soci::use(entity));
    st.exchange(soci::use(entity_id));
    st.exchange(soci::use(at));
    st.exchange(soci::use(digest));
    st.exchange(soci::use(prev));
    st.exchange(soci::use(hash));
    // ON CONFLICT DO NOTHING: a taken seq is reported, not an error that aborts a PostgreSQL transaction.
    prepare(st,
            fmt::format("INSERT INTO audit_log ({}) VALUES (:seq, :actor, :action, :entity, :entity_id, :at, :digest, "
                        ":prev_hash, :hash) ON CONFLICT DO NOTHING",
                        kAuditColumns),
            false);
    st.execute(true);
    if (st.get_affected_rows() != 1)
      return Error::already_exists("seq", fmt::format("audit record {} exists", r.seq));
    return ok();
  });
}

Result<std::vector<AuditRecord>> SqlTransaction::audit_records(std::int64_t after, std::size_t limit) {
  return run<std::vector<AuditRecord>>(Access::Read, [&]() -> Result<std::vector<AuditRecord>> {
    long long from = after;
    long long n = sql_limit(limit);
    AuditRow row;
    soci::statement st(c_.sql());
    row.into(st);
    st.exchange(soci::use(from));
    st.exchange(soci::use(n));
    prepare(st, fmt::format("SELECT {} FROM audit_log WHERE seq > :after ORDER BY seq LIMIT :n", kAuditColumns), false);
    std::vector<AuditRecord> out;
    INSCRM_TRYV(for_each_row(st, [&]() -> Result<void> {
      out.push_back(row.record());
      return ok();
    }));
    return out;
  });
}

}  // namespace inscrm::storage::sql
