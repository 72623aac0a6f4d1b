#pragma once
// One pooled database connection: the SOCI session, its backend, the native handle for what SOCI
// does slowly or not at all (transaction control, multi-statement scripts, COPY), and the
// statements prepared on it. A Connection is used by one thread at a time: the one whose
// transaction leased it from the pool.

#include "storage/sql/dialect.hpp"
#include "storage/sql/statements.hpp"

#include <soci/soci.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
namespace sqlite_api {
struct sqlite3;
}

namespace inscrm::storage::sql {

class Connection {
 public:
  Connection(Backend backend, soci::session& session) : backend_(backend), sql_(session) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Backend backend() const noexcept { return backend_; }
  soci::session& sql() noexcept { return sql_; }
  StatementCache& statements() noexcept { return statements_; }

  // Sets the per-connection options after (re)connecting: SQLite pragmas, PostgreSQL notice
  // handling. Throws what SOCI/SQLite/libpq report.
  void configure();

  // Runs SQL text through the native API: no statement is prepared and kept, and a script of
  // several statements runs whole. Throws soci::sqlite3_soci_error / soci::postgresql_soci_error.
  void exec(std::string_view sql);

  // PostgreSQL: whether libpq still has a working connection. SQLite connections do not break.
  bool alive() const noexcept;
  // Re-opens a broken PostgreSQL connection (prepared statements die with it).
  void reconnect();

  // PostgreSQL bulk path: `SELECT nextval(...)`-style query returning one integer column.
  std::vector<long long> query_integers(const std::string& sql);
  // PostgreSQL bulk path: COPY … FROM STDIN with `data` in COPY text format.
  void copy_in(const std::string& copy_sql, std::string_view data);

  // The day the customer_facts view (migration 0003) computes its facts as of, which a view cannot
  // take as an argument: on SQLite the value of the inscrm_as_of() function configure() registers
  // on this connection; on PostgreSQL a transaction-local setting that inscrm_as_of() reads, so
  // it must be set inside the transaction that queries the view.
  void set_facts_day(int epoch_days);

  sqlite_api::sqlite3* sqlite_handle() const noexcept;
  PGconn* pg_handle() const noexcept;

  // SQLite: rows changed by the last statement and the rowid it inserted.
  long long sqlite_changes() const noexcept;
  long long sqlite_last_rowid() const noexcept;
  // SQLite: true when no transaction is open (SQLite rolls a transaction back by itself after
  // some errors, e.g. SQLITE_FULL; the adapter must then not pretend it is still open).
  bool sqlite_autocommit() const noexcept;

 private:
  // Throws soci::postgresql_soci_error for a failed libpq call, taking ownership of `result`.
  [[noreturn]] void throw_pg(std::string_view what, PGresult* result) const;

  Backend backend_;
  soci::session& sql_;
  StatementCache statements_;
  std::optional<int> facts_day_;  // SQLite: what inscrm_as_of() returns; unset = NULL
};

}  // namespace inscrm::storage::sql
