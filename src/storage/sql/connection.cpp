#include "storage/sql/connection.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <libpq-fe.h>

#include <charconv>
#include <chrono>
#include <string>
#include <thread>

namespace inscrm::storage::sql {
namespace {

// The library is embedded: PostgreSQL NOTICEs ("relation … already exists, skipping") must not
// land on the host's stderr, which is libpq's default.
void ignore_notice(void*, const char*) {}

// inscrm_as_of() on SQLite: the connection's facts day (user data), or NULL.
void facts_day_function(sqlite_api::sqlite3_context* context, int, sqlite_api::sqlite3_value**) {
  const auto* day = static_cast<const std::optional<int>*>(sqlite_api::sqlite3_user_data(context));
  if (*day)
    sqlite_api::sqlite3_result_int(context, **day);
  else
    sqlite_api::sqlite3_result_null(context);
}

}  // namespace

// The native handles sit in SOCI's backend objects. no_sanitize("vptr"): UBSan would check the
// downcast against typeinfo SOCI does not export, and the sanitizer build would not link.
// Null when there is no backend: a failed session::reconnect() (the server still down) leaves
// SOCI's session without one until the next reconnect succeeds. libpq treats a null PGconn as a
// bad connection, so alive() then says false instead of crashing (faults.cpp restarts a server).
__attribute__((no_sanitize("vptr"))) sqlite_api::sqlite3* Connection::sqlite_handle() const noexcept {
  auto* backend = static_cast<soci::sqlite3_session_backend*>(sql_.get_backend());
  return backend ? backend->conn_ : nullptr;
}

__attribute__((no_sanitize("vptr"))) PGconn* Connection::pg_handle() const noexcept {
  auto* backend = static_cast<soci::postgresql_session_backend*>(sql_.get_backend());
  return backend ? backend->conn_ : nullptr;
}

void Connection::configure() {
  if (backend_ == Backend::Sqlite) {
    // busy_timeout first: switching to WAL itself needs a lock another process may hold.
    // WAL lets readers run beside the one writer; synchronous=NORMAL is durable in WAL except for
    // the last transactions before a power cut, never corrupting; foreign keys are off by default.
    // A 16 MiB page cache (default 2 MiB) keeps the customer indexes of a large import in memory:
    // about 1.6x faster at a million customers. It is per connection and filled only as used.
    exec("PRAGMA busy_timeout = 5000");
    // SQLite answers this pragma with SQLITE_BUSY at once, without the busy handler, when another
    // connection holds the write lock of a database not yet in WAL mode (a new file another process
    // is converting): the pragma holds a read lock while it asks for the write lock, and waiting
    // in that state could deadlock. So retry it for as long as busy_timeout would have waited.
    for (const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{5};;) {
      try {
        exec("PRAGMA journal_mode = WAL");
        break;
      } catch (const soci::sqlite3_soci_error& e) {
        if ((e.result() & 0xFF) != SQLITE_BUSY || std::chrono::steady_clock::now() >= deadline) throw;
        std::this_thread::sleep_for(std::chrono::milliseconds{10});
      }
    }
    exec("PRAGMA synchronous = NORMAL");
    exec("PRAGMA foreign_keys = ON");
    exec("PRAGMA cache_size = -16384");
    // Erasure (crypto-shredding) must leave no copy of a destroyed data key in the file: freed and
    // overwritten cell content is zeroed, not left on the page (sql_crypto.cpp erase_customer).
    exec("PRAGMA secure_delete = ON");
    // Not SQLITE_DETERMINISTIC: the value changes between statements. Innocuous: it reads no data,
    // so the customer_facts view may call it even where the schema is not trusted.
    const int rc = sqlite_api::sqlite3_create_function_v2(sqlite_handle(), "inscrm_as_of", 0,
                                                          SQLITE_UTF8 | SQLITE_INNOCUOUS, &facts_day_,
                                                          facts_day_function, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
      throw soci::sqlite3_soci_error(sqlite_api::sqlite3_errmsg(sqlite_handle()), rc);
  } else {
    PQsetNoticeProcessor(pg_handle(), ignore_notice, nullptr);
    // COPY text and every string the library binds are UTF-8, whatever the server's default is.
    exec("SET client_encoding = 'UTF8'");
  }
  // The incomes a rule needs, decrypted in the library for one statement (sql_crypto.cpp,
  // decrypted_incomes): per connection, so that a READ ONLY transaction may still fill it.
  exec(backend_ == Backend::Sqlite
           ? "CREATE TEMP TABLE IF NOT EXISTS inscrm_income (customer_id INTEGER PRIMARY KEY, income INTEGER)"
           : "CREATE TEMP TABLE IF NOT EXISTS inscrm_income (customer_id BIGINT PRIMARY KEY, income BIGINT)");
}

void Connection::set_facts_day(int epoch_days) {
  if (backend_ == Backend::Sqlite) {
    facts_day_ = epoch_days;
    return;
  }
  exec("SELECT set_config('inscrm.as_of', '" + std::to_string(epoch_days) + "', true)");
}

void Connection::exec(std::string_view sql) {
  const std::string text{sql};
  if (backend_ == Backend::Sqlite) {
    auto* db = sqlite_handle();
    char* message = nullptr;
    const int rc = sqlite_api::sqlite3_exec(db, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      std::string what = message ? message : sqlite_api::sqlite3_errmsg(db);
      sqlite_api::sqlite3_free(message);
      throw soci::sqlite3_soci_error(what, sqlite_api::sqlite3_extended_errcode(db));
    }
    return;
  }
  PGresult* result = PQexec(pg_handle(), text.c_str());
  const auto status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw_pg("", result);
  PQclear(result);
}

void Connection::throw_pg(std::string_view what, PGresult* result) const {
  std::string message{what};
  const char* state = nullptr;
  if (result) {
    message += PQresultErrorMessage(result);
    state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  }
  if (message.empty() || message == what) message += PQerrorMessage(pg_handle());
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  // No SQLSTATE means libpq never got an answer: report it as a lost connection (class 08).
  std::string code = state && std::char_traits<char>::length(state) == 5 ? state : "08006";
  if (result) PQclear(result);
  throw soci::postgresql_soci_error(message, code.c_str());
}

bool Connection::alive() const noexcept {
  if (backend_ == Backend::Sqlite) return true;
  return PQstatus(pg_handle()) == CONNECTION_OK;
}

void Connection::reconnect() {
  statements_.clear();
  sql_.reconnect();
  configure();
}

std::vector<long long> Connection::query_integers(const std::string& sql) {
  PGresult* result = PQexec(pg_handle(), sql.c_str());
  if (PQresultStatus(result) != PGRES_TUPLES_OK) throw_pg("", result);
  const int rows = PQntuples(result);
  std::vector<long long> out(static_cast<std::size_t>(rows));
  for (int i = 0; i < rows; ++i) {
    const char* text = PQgetvalue(result, i, 0);
    const int len = PQgetlength(result, i, 0);
    std::from_chars(text, text + len, out[static_cast<std::size_t>(i)]);
  }
  PQclear(result);
  return out;
}

void Connection::copy_in(const std::string& copy_sql, std::string_view data) {
  PGconn* conn = pg_handle();
  PGresult* start = PQexec(conn, copy_sql.c_str());
  if (PQresultStatus(start) != PGRES_COPY_IN) throw_pg("", start);
  PQclear(start);
  // libpq takes int lengths: hand the buffer over in pieces well below 2 GiB.
  constexpr std::size_t kPiece = 1 << 20;
  bool sent = true;
  for (std::size_t off = 0; off < data.size() && sent; off += kPiece) {
    const auto n = std::min(kPiece, data.size() - off);
    sent = PQputCopyData(conn, data.data() + off, static_cast<int>(n)) == 1;
  }
  if (PQputCopyEnd(conn, sent ? nullptr : "inscrm: sending COPY data failed") != 1)
    throw_pg("COPY failed: ", nullptr);
  // Drain every result so that the connection is ready for the next command even on error.
  PGresult* failed = nullptr;
  while (PGresult* r = PQgetResult(conn)) {
    if (PQresultStatus(r) != PGRES_COMMAND_OK && !failed) {
      failed = r;
    } else {
      PQclear(r);
    }
  }
  if (failed) throw_pg("", failed);
  if (!sent) throw_pg("COPY failed: ", nullptr);
}

long long Connection::sqlite_changes() const noexcept { return sqlite_api::sqlite3_changes(sqlite_handle()); }

long long Connection::sqlite_last_rowid() const noexcept {
  return sqlite_api::sqlite3_last_insert_rowid(sqlite_handle());
}

bool Connection::sqlite_autocommit() const noexcept {
  return sqlite_api::sqlite3_get_autocommit(sqlite_handle()) != 0;
}

}  // namespace inscrm::storage::sql
