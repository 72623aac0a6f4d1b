#include "storage/sql/migrations.hpp"

#include "storage/sql/connection.hpp"
#include "storage/sql/prepared.hpp"

#include <inscrm/core/clock.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <exception>

namespace inscrm::storage::sql {
namespace {

const EmbeddedMigration* find_migration(int version, Backend backend) {
  const EmbeddedMigration* shared = nullptr;
  for (const auto& m : embedded_migrations()) {
    if (m.version != version) continue;
    if (m.dialect == backend_name(backend)) return &m;
    if (m.dialect.empty()) shared = &m;
  }
  return shared;
}

// Rolls back unless released: every early return leaves the database as it was.
class MigrationTransaction {
 public:
  explicit MigrationTransaction(Connection& c) : c_(c) {
    c_.exec(begin_statement(c_.backend(), TxMode::Write));
    open_ = true;
    if (c_.backend() == Backend::Postgresql)
      c_.exec(fmt::format("SELECT pg_advisory_xact_lock({})", kMigrationLockKey));
  }
  ~MigrationTransaction() {
    if (!open_) return;
    try {
      c_.exec("ROLLBACK");
    } catch (const std::exception&) {
      // The connection is broken or the transaction already gone; nothing was committed.
    }
  }
  MigrationTransaction(const MigrationTransaction&) = delete;
  MigrationTransaction& operator=(const MigrationTransaction&) = delete;

  void commit() {
    open_ = false;
    c_.exec("COMMIT");
  }

 private:
  Connection& c_;
  bool open_ = false;
};

// The version recorded so far, read outside any transaction and without locks; 0 when the table
// is not there yet (or cannot be read now — the locked path then finds out properly).
long long recorded_version(Connection& c) {
  try {
    long long v = 0;
    soci::indicator ind = soci::i_ok;
    run_once(c.sql(), "SELECT MAX(version) FROM schema_version", soci::into(v, ind));
    return ind == soci::i_null ? 0 : v;
  } catch (const std::exception&) {
    return 0;
  }
}

Error too_new(long long current, int target) {
  return Error{Errc::SchemaTooNew,
               fmt::format("database schema version {} is newer than this library supports ({}); upgrade inscrm",
                           current, target),
               ""};
}

// A number with no migration for any backend is one that branches developed side by side have
// reserved (0006 belongs to the care work while 0007_crypto is built beside it): recorded as
// applied with nothing to run. Once every reserved number has its files this never fires.
bool reserved_gap(int version) {
  int newest = 0;
  for (const auto& m : embedded_migrations()) {
    if (m.version == version) return false;
    newest = std::max(newest, m.version);
  }
  return version < newest;
}

}  // namespace

Result<int> migrate(Connection& c, int target) {
  for (int v = 1; v <= target; ++v)
    if (!find_migration(v, c.backend()) && !reserved_gap(v))
      return Error::internal(
          fmt::format("no {} migration for schema version {} is built in", backend_name(c.backend()), v));

  // Opening a current database takes no write lock: a busy SQLite writer or a crowd of processes
  // opening one PostgreSQL database at once then costs nothing.
  if (const long long seen = recorded_version(c); seen >= target) {
    if (seen > target) return too_new(seen, target);
    return target;
  }

  MigrationTransaction tx{c};
  c.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
  long long current = 0;
  soci::indicator ind = soci::i_ok;
  run_once(c.sql(), "SELECT MAX(version) FROM schema_version", soci::into(current, ind));
  if (ind == soci::i_null) current = 0;

  if (current > target) return too_new(current, target);

  for (int v = static_cast<int>(current) + 1; v <= target; ++v) {
    if (const EmbeddedMigration* m = find_migration(v, c.backend())) c.exec(m->sql);
    // Metadata for people reading the database, not a business time: the system clock is right.
    long long version = v;
    long long applied_at = to_epoch_micros(SystemClock{}.now());
    run_once(c.sql(), "INSERT INTO schema_version (version, applied_at) VALUES (:v, :at)", soci::use(version),
             soci::use(applied_at));
  }
  tx.commit();
  return std::max(static_cast<int>(current), target);
}

}  // namespace inscrm::storage::sql
