#pragma once
// The SQL adapters (SQLite, the embedded default; PostgreSQL, the scale-out path) behind the
// storage port. Internal: hosts reach them through open_store("sqlite:…" / "postgresql://…").

#include <inscrm/core/result.hpp>
#include <inscrm/security/key_provider.hpp>
#include <inscrm/storage/store.hpp>

#include <memory>
#include <string_view>

namespace inscrm::storage {

// The newest schema this library writes; a database at a higher version is refused (SchemaTooNew).
// Must equal the highest NNNN of src/storage/migrations/NNNN_*.sql.
inline constexpr int kSchemaVersion = 9;

// `path` is what follows "sqlite:"; ":memory:" gives a private in-memory database (one connection).
// `provider` gives the master key (open_store resolves the default); it is asked only when the
// database is, or is about to become, an encrypted one.
Result<std::unique_ptr<Store>> open_sqlite_store(std::string_view path, std::shared_ptr<KeyProvider> provider = {},
                                                 bool encrypt = true);
// A full "postgresql://…" URI or a libpq key=value conninfo string.
Result<std::unique_ptr<Store>> open_postgresql_store(std::string_view conninfo,
                                                     std::shared_ptr<KeyProvider> provider = {}, bool encrypt = true);

}  // namespace inscrm::storage
