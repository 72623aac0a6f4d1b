#include <inscrm/storage/store.hpp>

#include "storage/memory/memory_store.hpp"
#include "storage/sql/sql_store.hpp"

#include <fmt/format.h>

namespace inscrm::storage {

Result<std::unique_ptr<Store>> open_store(std::string_view uri) {
  if (uri == "memory:" || uri == "memory") return make_memory_store();
  if (uri.starts_with("sqlite:")) {
    auto path = uri.substr(7);
    if (path.starts_with("//")) path.remove_prefix(2);  // accept sqlite://path as well
    if (path.empty()) return Error::invalid_argument("uri", "sqlite: needs a file path, e.g. sqlite:crm.db");
    return open_sqlite_store(path);
  }
  if (uri.starts_with("postgresql://") || uri.starts_with("postgres://")) return open_postgresql_store(uri);
  return Error::invalid_argument(
      "uri", fmt::format("unknown storage URI '{}': use memory:, sqlite:path/file.db or postgresql://…", uri));
}

}  // namespace inscrm::storage
