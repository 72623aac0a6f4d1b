#pragma once
// The SQL adapters (SQLite, the embedded default; PostgreSQL, the scale-out path) behind the
// storage port. Internal: hosts reach them through open_store("sqlite:…" / "postgresql://…").

#include <inscrm/core/result.hpp>
#include <inscrm/storage/store.hpp>

#include <memory>
#include <string_view>

namespace inscrm::storage {

// The newest schema this library writes; a database at a higher version is refused (SchemaTooNew).
// Must equal the highest NNNN of src/storage/migrations/NNNN_*.sql.
inline constexpr int kSchemaVersion = 6;

// `path` is what follows "sqlite:"; ":memory:" gives a private in-memory database (one connection).
Result<std::unique_ptr<Store>> open_sqlite_store(std::string_view path);
// A full "postgresql://…" URI or a libpq key=value conninfo string.
Result<std::unique_ptr<Store>> open_postgresql_store(std::string_view conninfo);

}  // namespace inscrm::storage
