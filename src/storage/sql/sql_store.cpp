#include "storage/sql/sql_store.hpp"

#include "storage/sql/dialect.hpp"
#include "storage/sql/errors.hpp"
#include "storage/sql/migrations.hpp"
#include "storage/sql/pool.hpp"
#include "storage/sql/prepared.hpp"
#include "storage/sql/sql_transaction.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <fmt/format.h>

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <thread>

namespace inscrm::storage {
namespace {

using sql::Backend;
using sql::ConnectionPool;

// One session per thread that works at the same time. SQLite has one writer however many
// connections there are, but readers run beside it under WAL; PostgreSQL connections cost the
// server a process each, so the pool stays modest.
std::size_t pool_size() {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return std::clamp<std::size_t>(cores, 4, 8);
}

// SOCI 4.0.3's PostgreSQL factory re-splits the connect string at blanks and '=' while looking for
// its own "singlerow" option: a URI without '=' reaches libpq as "…/dbname=", and a value with a
// blank (a password, options='-c …') is torn apart. So every conninfo, URI or key=value, is
// rewritten as a URI that carries each setting as a percent-encoded query parameter: no blanks,
// at least one '=', and libpq reads it back exactly.
Result<std::string> soci_safe_conninfo(std::string_view conninfo) {
  char* message = nullptr;
  PQconninfoOption* options = PQconninfoParse(std::string{conninfo}.c_str(), &message);
  if (!options) {
    std::string what = message ? message : "out of memory";
    PQfreemem(message);
    while (!what.empty() && what.back() == '\n') what.pop_back();
    return Error::invalid_argument("uri", fmt::format("invalid PostgreSQL connection string: {}", what));
  }
  std::string out = "postgresql://";
  char sep = '?';
  for (const PQconninfoOption* o = options; o->keyword; ++o) {
    if (!o->val) continue;
    out += sep;
    sep = '&';
    out += o->keyword;
    out += '=';
    for (const char* p = o->val; *p; ++p) {
      const auto u = static_cast<unsigned char>(*p);
      if (std::isalnum(u) || u == '-' || u == '.' || u == '_' || u == '~') out += *p;
      else out += fmt::format("%{:02X}", u);
    }
  }
  PQconninfoFree(options);
  if (sep == '?') out += "?application_name=inscrm";  // "postgresql://" alone would gain an '='
  return out;
}

// How long begin() waits for a free connection before reporting StorageUnavailable — longer than
// any sane transaction, so it only fires when transactions leak or nest on one thread.
constexpr int kLeaseTimeoutMs = 30'000;

class SqlStore final : public Store {
 public:
  SqlStore(std::shared_ptr<ConnectionPool> pool, int schema_version)
      : pool_(std::move(pool)), schema_version_(schema_version) {}

  Result<std::unique_ptr<Transaction>> begin(TxMode mode) override {
    std::size_t slot = 0;
    if (!pool_->sessions.try_lease(slot, kLeaseTimeoutMs))
      return Error::storage_unavailable(fmt::format("all {} {} connections stayed busy for {} s",
                                                    pool_->connections.size(), kind(), kLeaseTimeoutMs / 1000));
    sql::Lease lease{pool_, slot};
    sql::Connection& c = lease.connection();
    for (int attempt = 0;; ++attempt) {
      try {
        if (!c.alive()) c.reconnect();
        c.exec(sql::begin_statement(pool_->backend, mode));
        break;
      } catch (const std::exception& e) {
        // A pooled connection the server dropped while it sat idle (a restart, an idle timeout)
        // shows only now; nothing has happened yet, so reconnect and try once more.
        const bool lost = !c.alive();
        if (lost && attempt == 0) continue;
        return sql::translate_exception(e, pool_->backend, lost);
      }
    }
    return std::unique_ptr<Transaction>{std::make_unique<sql::SqlTransaction>(std::move(lease), mode)};
  }

  std::string_view kind() const noexcept override { return sql::backend_name(pool_->backend); }
  int schema_version() const noexcept override { return schema_version_; }

 private:
  std::shared_ptr<ConnectionPool> pool_;
  int schema_version_;
};

// The database's key material (crypto_keys, migration 0007): made on the first open — the mode
// fixed for life and, when encrypted, a fresh index key wrapped by the master key — and checked on
// every later one: a wrong master key is PermissionDenied "master_key" here, before any call.
// Like migrate(), opening a database that has its keys reads only: no write lock, so a crowd of
// processes opening at once, or one opening beside a busy writer, costs nothing.
Result<std::shared_ptr<crypto::KeyRing>> open_keys(sql::Connection& c, KeyProvider* provider, bool encrypt) {
  std::string mode, index_key;
  auto read = [&] {
    soci::indicator ind = soci::i_ok;
    mode.clear(), index_key.clear();
    sql::run_once(c.sql(), "SELECT value FROM crypto_keys WHERE name = 'mode'", soci::into(mode, ind));
    if (ind == soci::i_null) mode.clear();
    sql::run_once(c.sql(), "SELECT value FROM crypto_keys WHERE name = 'index_key'", soci::into(index_key, ind));
    if (ind == soci::i_null) index_key.clear();
  };
  read();
  std::optional<MasterKey> master;
  auto master_key = [&]() -> Result<MasterKey> {
    if (!master) {
      if (!provider) return Error::invalid_argument("master_key", "an encrypted database needs a master key");
      INSCRM_TRY(master, provider->master_key());
    }
    return *master;
  };
  if (mode.empty()) {
    // The first open: under the write lock (SQLite) or the migration lock (PostgreSQL), looking
    // again, since another process may have been first.
    c.exec(sql::begin_statement(c.backend(), TxMode::Write));
    struct Rollback {
      sql::Connection& c;
      bool done = false;
      ~Rollback() {
        if (!done) try {
            c.exec("ROLLBACK");
          } catch (...) {
          }
      }
    } guard{c};
    if (c.backend() == Backend::Postgresql) c.exec(fmt::format("SELECT pg_advisory_xact_lock({})", sql::kMigrationLockKey));
    read();
    if (mode.empty()) {
      mode = encrypt ? "encrypted" : "plain";
      sql::run_once(c.sql(), "INSERT INTO crypto_keys (name, value) VALUES ('mode', :m)", soci::use(mode));
      if (encrypt) {
        INSCRM_TRY(const MasterKey key, master_key());
        std::string created;
        INSCRM_TRYV(crypto::PersonalCipher::open(key, {}, &created));
        index_key = created;
        sql::run_once(c.sql(), "INSERT INTO crypto_keys (name, value) VALUES ('index_key', :k)", soci::use(created));
      }
    }
    c.exec("COMMIT");
    guard.done = true;
  }
  if ((mode == "encrypted") != encrypt)
    return Error::invalid_argument("master_key", fmt::format("this database was created {}; open it so",
                                                             encrypt ? "without encryption" : "encrypted"));
  std::shared_ptr<const crypto::PersonalCipher> cipher;
  if (encrypt) {
    if (index_key.empty()) return Error::storage("crypto_keys has no index key");
    INSCRM_TRY(const MasterKey key, master_key());
    INSCRM_TRY(cipher, crypto::PersonalCipher::open(key, index_key, nullptr));
  }
  return std::make_shared<crypto::KeyRing>(std::move(cipher));
}

// Opens every session of the pool; the first one migrates before the others connect, so that they
// never see a half-built schema.
template <class Open>
Result<std::unique_ptr<Store>> open_pool(Backend backend, std::size_t size, std::shared_ptr<KeyProvider> provider,
                                         bool encrypt, Open&& open_session) {
  try {
    auto pool = std::make_shared<ConnectionPool>(backend, size);
    open_session(pool->sessions.at(0));
    pool->connections[0]->configure();
    INSCRM_TRY(int version, sql::migrate(*pool->connections[0], kSchemaVersion));
    INSCRM_TRY(pool->keys, open_keys(*pool->connections[0], provider.get(), encrypt));
    for (std::size_t i = 1; i < size; ++i) {
      open_session(pool->sessions.at(i));
      pool->connections[i]->configure();
    }
    return std::unique_ptr<Store>{std::make_unique<SqlStore>(std::move(pool), version)};
  } catch (const std::exception& e) {
    return sql::translate_exception(e, backend, false);
  }
}

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(std::string_view path, std::shared_ptr<KeyProvider> provider,
                                                 bool encrypt) {
  if (path.empty()) return Error::invalid_argument("uri", "sqlite: needs a file path, e.g. sqlite:crm.db");
  if (path.find('"') != std::string_view::npos)
    return Error::invalid_argument("uri", "an SQLite path must not contain '\"'");
  // Each connection to ":memory:" would be a database of its own: one connection only.
  const bool in_memory = path == ":memory:";
  // Quoted, so that SOCI's connect-string parser keeps spaces and '=' in the path.
  const std::string connect = fmt::format("db=\"{}\"", path);
  return open_pool(Backend::Sqlite, in_memory ? 1 : pool_size(), std::move(provider), encrypt,
                   [&](soci::session& s) { s.open(soci::sqlite3, connect); });
}

Result<std::unique_ptr<Store>> open_postgresql_store(std::string_view conninfo, std::shared_ptr<KeyProvider> provider,
                                                     bool encrypt) {
  INSCRM_TRY(const std::string connect, soci_safe_conninfo(conninfo));
  return open_pool(Backend::Postgresql, pool_size(), std::move(provider), encrypt, [&](soci::session& s) { s.open(soci::postgresql, connect); });
}

}  // namespace inscrm::storage
