#pragma once
// What differs between the two SQL backends. Kept small on purpose: the schema, the statements
// and the row mapping are shared; only id generation, transaction start, locking and the bulk
// path depend on the backend.

#include <inscrm/storage/store.hpp>

#include <cstdint>
#include <string_view>

namespace inscrm::storage::sql {

enum class Backend { Sqlite, Postgresql };

constexpr std::string_view backend_name(Backend b) noexcept {
  return b == Backend::Sqlite ? "sqlite" : "postgresql";
}

// SQLite: a write transaction takes the write lock up front, so that concurrent writers queue on
// busy_timeout instead of failing at their first write (or at commit) with SQLITE_BUSY.
// PostgreSQL: READ COMMITTED is enough because every update is version-checked.
constexpr const char* begin_statement(Backend b, TxMode mode) noexcept {
  if (b == Backend::Sqlite) return mode == TxMode::Write ? "BEGIN IMMEDIATE" : "BEGIN";
  return mode == TxMode::Write ? "BEGIN" : "BEGIN READ ONLY";
}

// PostgreSQL hands out ids through RETURNING; SQLite reports them through
// sqlite3_last_insert_rowid, which avoids leaving a RETURNING statement mid-step (a pending write
// statement makes COMMIT fail).
constexpr bool ids_by_returning(Backend b) noexcept { return b == Backend::Postgresql; }

// Transaction-scoped advisory lock keys (PostgreSQL). ASCII "inscrm" in the high bytes keeps them
// clear of a host's own keys.
inline constexpr std::int64_t kMigrationLockKey = 0x696E7363726D0001;
// Serialises outbox writers from their first event to commit, so that event ids increase in commit
// order (event.hpp) and a consumer reading "id > last seen" never skips a late committer. SQLite
// needs no lock: its writers are serialised already.
inline constexpr std::int64_t kOutboxLockKey = 0x696E7363726D0002;

}  // namespace inscrm::storage::sql
