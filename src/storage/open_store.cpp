#include <inscrm/storage/store.hpp>

#include "storage/memory/memory_store.hpp"
#include "storage/sql/sql_store.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace inscrm::storage {
namespace {

// The host's provider, else its key file; nullptr when neither (the caller picks the default).
std::shared_ptr<KeyProvider> host_key(const KeyOptions& keys) {
  if (keys.provider) return keys.provider;
  if (!keys.key_file.empty()) return key_from_file(keys.key_file);
  return nullptr;
}

}  // namespace

Result<std::unique_ptr<Store>> open_store(std::string_view uri, const KeyOptions& keys) {
  auto provider = host_key(keys);
  if (uri == "memory:" || uri == "memory") return make_memory_store();
  if (uri.starts_with("sqlite:")) {
    auto path = uri.substr(7);
    if (path.starts_with("//")) path.remove_prefix(2);  // accept sqlite://path as well
    if (path.empty()) return Error::invalid_argument("uri", "sqlite: needs a file path, e.g. sqlite:crm.db");
    // The embedded default: a key file beside the database, made on first open, readable by its
    // owner only. A private in-memory database lives no longer than a random key.
    if (!provider) provider = path == ":memory:" ? ephemeral_key() : key_from_file(std::string{path} + ".key", true);
    return open_sqlite_store(path, std::move(provider), keys.encrypt);
  }
  if (uri.starts_with("postgresql://") || uri.starts_with("postgres://")) {
    // A shared server gets no key made up on the spot: one process's fresh key would lock every
    // other process out. The host must say where the key is.
    if (!provider && keys.encrypt) {
      const char* file = std::getenv("INSCRM_KEY_FILE");
      if (!file || !*file)
        return Error::invalid_argument("master_key",
                                       "a PostgreSQL database needs a master key: give a key provider or key file in "
                                       "the open options, or set INSCRM_KEY_FILE");
      provider = key_from_file(file);
    }
    return open_postgresql_store(uri, std::move(provider), keys.encrypt);
  }
  return Error::invalid_argument(
      "uri", fmt::format("unknown storage URI '{}': use memory:, sqlite:path/file.db or postgresql://…", uri));
}

}  // namespace inscrm::storage
