#pragma once
// Versioned schema migrations: src/storage/migrations/NNNN_name[.sqlite|.postgresql].sql, embedded
// into the library at build time (embed_migrations.cmake) so that a host ships no SQL files.
// A file without a dialect suffix serves both backends; a suffixed one serves only its own.

#include "storage/sql/dialect.hpp"

#include <inscrm/core/result.hpp>

#include <span>
#include <string_view>

namespace inscrm::storage::sql {

class Connection;

struct EmbeddedMigration {
  int version;
  std::string_view name;
  std::string_view dialect;  // "", "sqlite" or "postgresql"
  std::string_view sql;
};

// Defined in the generated source, in file-name order.
std::span<const EmbeddedMigration> embedded_migrations() noexcept;

// Brings the database to `target` inside one transaction and returns the version it is at
// afterwards. Several processes opening a new database at once are safe: SQLite serialises them on
// its write lock, PostgreSQL on an advisory lock. A database newer than `target` is left alone:
// SchemaTooNew. Throws what the database throws; the caller translates.
Result<int> migrate(Connection& c, int target);

}  // namespace inscrm::storage::sql
