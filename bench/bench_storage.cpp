// Storage benchmark (issue: storage adapters). Side by side in one run, the same rows:
//   1. bulk import of N customers through the facade into SQLite  vs  raw sqlite3 (prepared
//      statement, one transaction, WAL) into the same table layout;        target >= 50 % of raw
//   2. the same through the facade into PostgreSQL  vs  libpq COPY;       target >= 60 % of COPY
//   3. point read of a customer by id through the facade  vs  a raw prepared SELECT; target >= 50 %
// Usage: bench_storage [--rows N] [--reads N] [--pg URI]   (PostgreSQL part needs --pg or INSCRM_PG_URI)
// Reproduce: scripts/pg -- build/bench/bench/bench_storage --rows 1000000

#include "sample_portfolio.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

const inscrm::Actor kAdmin{.user = "bench", .roles = {inscrm::Role::Administrator}};

// The customer row as the SQL adapters store it, precomputed so the raw baselines pay only for
// the database work: that is the limit the facade is measured against.
struct RawRow {
  std::string external_ref, name, gender, id_number, occupation, region, phones, source;
  long long birth_days = 0, income = 0, org_unit = 0, agent = 0;
};

std::vector<RawRow> raw_rows(const std::vector<inscrm::Customer>& customers) {
  std::vector<RawRow> out;
  out.reserve(customers.size());
  for (const auto& c : customers) {
    RawRow r;
    r.external_ref = *c.external_ref;
    r.name = c.name;
    r.id_number = c.identity->number;
    r.gender = r.id_number[16] % 2 ? "male" : "female";
    r.birth_days = std::atoll(r.id_number.substr(6, 8).c_str());
    r.occupation = c.occupation;
    r.region = c.region;
    r.phones = fmt::format(R"([{{"number":"{}","primary":true,"verified":false}}])", c.phones[0].number);
    r.source = std::string{inscrm::to_string(c.source)};
    r.income = c.annual_income->minor;
    r.org_unit = c.org_unit.value;
    r.agent = c.agent->value;
    out.push_back(std::move(r));
  }
  return out;
}

constexpr const char* kRawTable = R"(CREATE TABLE customers (
  id INTEGER PRIMARY KEY, version INTEGER NOT NULL, external_ref TEXT, kind TEXT NOT NULL, name TEXT NOT NULL,
  gender TEXT NOT NULL, birth_date INTEGER, id_type TEXT, id_number TEXT, marital_status TEXT NOT NULL,
  occupation TEXT NOT NULL, industry TEXT NOT NULL, income_minor INTEGER, income_currency TEXT, region TEXT NOT NULL,
  phones TEXT NOT NULL, emails TEXT NOT NULL, addresses TEXT NOT NULL, relationships TEXT NOT NULL, needs TEXT NOT NULL,
  source TEXT NOT NULL, org_unit_id INTEGER NOT NULL, agent_id INTEGER, stage TEXT NOT NULL, stage_since INTEGER,
  verified_on INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE UNIQUE INDEX customers_external_ref_key ON customers (external_ref);
CREATE INDEX customers_id_number_idx ON customers (id_number);
CREATE INDEX customers_agent_idx ON customers (agent_id);)";

void check_sqlite(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    fmt::print(stderr, "sqlite3 {}: {}\n", what, sqlite3_errmsg(db));
    std::exit(1);
  }
}

double raw_sqlite_insert(const std::string& path, const std::vector<RawRow>& rows) {
  sqlite3* db = nullptr;
  check_sqlite(sqlite3_open(path.c_str(), &db), db, "open");
  check_sqlite(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", nullptr, nullptr, nullptr), db, "pragma");
  check_sqlite(sqlite3_exec(db, kRawTable, nullptr, nullptr, nullptr), db, "schema");
  const auto start = Clock::now();
  check_sqlite(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), db, "begin");
  sqlite3_stmt* st = nullptr;
  check_sqlite(sqlite3_prepare_v2(db,
                                  "INSERT INTO customers VALUES (NULL,1,?,'person',?,?,?,'resident_id',?,'unknown',?,'',?,"
                                  "'CNY',?,?,'[]','[]','[]','[]',?,?,?,'prospect',?,NULL,?,?)",
                                  -1, &st, nullptr),
               db, "prepare");
  const long long now = 1'790'000'000'000'000;
  for (const auto& r : rows) {
    int i = 1;
    sqlite3_bind_text(st, i++, r.external_ref.c_str(), static_cast<int>(r.external_ref.size()), SQLITE_STATIC);
    sqlite3_bind_text(st, i++, r.name.c_str(), static_cast<int>(r.name.size()), SQLITE_STATIC);
    sqlite3_bind_text(st, i++, r.gender.c_str(), static_cast<int>(r.gender.size()), SQLITE_STATIC);
    sqlite3_bind_int64(st, i++, r.birth_days);
    sqlite3_bind_text(st, i++, r.id_number.c_str(), static_cast<int>(r.id_number.size()), SQLITE_STATIC);
    sqlite3_bind_text(st, i++, r.occupation.c_str(), static_cast<int>(r.occupation.size()), SQLITE_STATIC);
    sqlite3_bind_int64(st, i++, r.income);
    sqlite3_bind_text(st, i++, r.region.c_str(), static_cast<int>(r.region.size()), SQLITE_STATIC);
    sqlite3_bind_text(st, i++, r.phones.c_str(), static_cast<int>(r.phones.size()), SQLITE_STATIC);
    sqlite3_bind_text(st, i++, r.source.c_str(), static_cast<int>(r.source.size()), SQLITE_STATIC);
    sqlite3_bind_int64(st, i++, r.org_unit);
    sqlite3_bind_int64(st, i++, r.agent);
    sqlite3_bind_int64(st, i++, 20'000);
    sqlite3_bind_int64(st, i++, now);
    sqlite3_bind_int64(st, i++, now);
    check_sqlite(sqlite3_step(st), db, "insert");
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  check_sqlite(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
  const double s = seconds_since(start);
  sqlite3_close(db);
  return s;
}

// Reads `ids` one by one with a prepared SELECT of every column, as the adapter's get does.
double raw_sqlite_reads(const std::string& path, const std::vector<long long>& ids) {
  sqlite3* db = nullptr;
  check_sqlite(sqlite3_open(path.c_str(), &db), db, "open");
  sqlite3_stmt* st = nullptr;
  check_sqlite(sqlite3_prepare_v2(db, "SELECT * FROM customers WHERE id = ?", -1, &st, nullptr), db, "prepare");
  const auto start = Clock::now();
  long long sink = 0;
  for (auto id : ids) {
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW) {
      const int n = sqlite3_column_count(st);
      for (int c = 0; c < n; ++c) {
        if (sqlite3_column_type(st, c) == SQLITE_TEXT) {
          std::string v(reinterpret_cast<const char*>(sqlite3_column_text(st, c)),
                        static_cast<std::size_t>(sqlite3_column_bytes(st, c)));
          sink += static_cast<long long>(v.size());
        } else {
          sink += sqlite3_column_int64(st, c);
        }
      }
    }
    sqlite3_reset(st);
  }
  const double s = seconds_since(start);
  sqlite3_finalize(st);
  sqlite3_close(db);
  if (sink == 42) fmt::print(" ");
  return s;
}

// The facade's tables go into a database of their own, dropped and recreated on each run, so that
// the benchmark can be run again on the same server (a second import would collide with the
// first one's external refs). Returns the URI of that database.
std::string fresh_pg_database(const std::string& uri) {
  PGconn* conn = PQconnectdb(uri.c_str());
  for (const char* sql : {"DROP DATABASE IF EXISTS inscrm_bench", "CREATE DATABASE inscrm_bench"}) {
    PGresult* r = PQexec(conn, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
      fmt::print(stderr, "libpq {}: {}\n", sql, PQerrorMessage(conn));
      std::exit(1);
    }
    PQclear(r);
  }
  PQfinish(conn);
  const auto query = uri.find('?');
  const auto slash = uri.rfind('/', query);
  return uri.substr(0, slash + 1) + "inscrm_bench" + (query == std::string::npos ? "" : uri.substr(query));
}

// Flushes the server's dirty pages, so that neither side of a comparison pays for a checkpoint
// the other one's writes caused (the PostgreSQL parts run one after the other on one server).
void pg_checkpoint(const std::string& uri) {
  PGconn* conn = PQconnectdb(uri.c_str());
  PGresult* r = PQexec(conn, "CHECKPOINT");
  if (PQresultStatus(r) != PGRES_COMMAND_OK) fmt::print(stderr, "CHECKPOINT: {}\n", PQerrorMessage(conn));
  PQclear(r);
  PQfinish(conn);
}

double raw_pg_copy(const std::string& uri, const std::vector<RawRow>& rows) {
  PGconn* conn = PQconnectdb(uri.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    fmt::print(stderr, "libpq: {}\n", PQerrorMessage(conn));
    std::exit(1);
  }
  auto exec = [&](const char* sql) {
    PGresult* r = PQexec(conn, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_COPY_IN) {
      fmt::print(stderr, "libpq {}: {}\n", sql, PQerrorMessage(conn));
      std::exit(1);
    }
    PQclear(r);
  };
  exec("DROP SCHEMA IF EXISTS raw_bench CASCADE");
  exec("CREATE SCHEMA raw_bench");
  exec(R"(CREATE TABLE raw_bench.customers (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, version BIGINT NOT NULL, external_ref TEXT, kind TEXT NOT NULL,
    name TEXT NOT NULL, gender TEXT NOT NULL, birth_date BIGINT, id_type TEXT, id_number TEXT, marital_status TEXT NOT NULL,
    occupation TEXT NOT NULL, industry TEXT NOT NULL, income_minor BIGINT, income_currency TEXT, region TEXT NOT NULL,
    phones TEXT NOT NULL, emails TEXT NOT NULL, addresses TEXT NOT NULL, relationships TEXT NOT NULL, needs TEXT NOT NULL,
    source TEXT NOT NULL, org_unit_id BIGINT NOT NULL, agent_id BIGINT, stage TEXT NOT NULL, stage_since BIGINT,
    verified_on BIGINT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL))");
  exec("CREATE UNIQUE INDEX ON raw_bench.customers (external_ref)");
  exec("CREATE INDEX ON raw_bench.customers (id_number)");
  exec("CREATE INDEX ON raw_bench.customers (agent_id)");
  pg_checkpoint(uri);
  const auto start = Clock::now();
  exec("BEGIN");
  exec("COPY raw_bench.customers (version, external_ref, kind, name, gender, birth_date, id_type, id_number, "
       "marital_status, occupation, industry, income_minor, income_currency, region, phones, emails, addresses, "
       "relationships, needs, source, org_unit_id, agent_id, stage, created_at, updated_at) FROM STDIN");
  std::string buffer;
  for (const auto& r : rows) {
    fmt::format_to(std::back_inserter(buffer),
                   "1\t{}\tperson\t{}\t{}\t{}\tresident_id\t{}\tunknown\t{}\t\t{}\tCNY\t{}\t{}\t[]\t[]\t[]\t[]\t{}\t{}\t{}\tprospect\t1\t1\n",
                   r.external_ref, r.name, r.gender, r.birth_days, r.id_number, r.occupation, r.income, r.region,
                   r.phones, r.source, r.org_unit, r.agent);
    if (buffer.size() > (1 << 20)) {
      PQputCopyData(conn, buffer.data(), static_cast<int>(buffer.size()));
      buffer.clear();
    }
  }
  PQputCopyData(conn, buffer.data(), static_cast<int>(buffer.size()));
  PQputCopyEnd(conn, nullptr);
  PGresult* r = PQgetResult(conn);
  if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    fmt::print(stderr, "COPY: {}\n", PQerrorMessage(conn));
    std::exit(1);
  }
  PQclear(r);
  exec("COMMIT");
  const double s = seconds_since(start);
  exec("DROP SCHEMA raw_bench CASCADE");
  PQfinish(conn);
  return s;
}

double facade_import(const std::string& uri, std::vector<inscrm::Customer> customers, inscrm::Crm* keep = nullptr) {
  auto crm = inscrm::Crm::open(uri);
  if (!crm) {
    fmt::print(stderr, "open {}: {}\n", uri, crm.error().to_string());
    std::exit(1);
  }
  const auto start = Clock::now();
  auto report = crm.value().customers().import(kAdmin, std::move(customers));
  const double s = seconds_since(start);
  if (!report || !report.value().errors.empty()) {
    fmt::print(stderr, "import: {}\n",
               report ? report.value().errors.front().error.to_string() : report.error().to_string());
    std::exit(1);
  }
  if (keep) *keep = std::move(crm).value();
  return s;
}

void line(const char* what, std::size_t n, double ours, double base, const char* base_name, double target) {
  const double ratio = base / ours;
  fmt::print("{:<38} {:>9.0f}/s   {:<22} {:>9.0f}/s   ratio {:5.2f}  (target >= {:.2f}) {}\n", what,
             static_cast<double>(n) / ours, base_name, static_cast<double>(n) / base, ratio, target,
             ratio >= target ? "ok" : "BELOW TARGET");
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t rows = 1'000'000, reads = 200'000;
  std::string pg = std::getenv("INSCRM_PG_URI") ? std::getenv("INSCRM_PG_URI") : "";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    if (arg == "--rows") rows = std::strtoull(argv[i + 1], nullptr, 10);
    else if (arg == "--reads") reads = std::strtoull(argv[i + 1], nullptr, 10);
    else if (arg == "--pg") pg = argv[i + 1];
  }
  const auto dir = std::filesystem::temp_directory_path() / "inscrm-bench";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);

  // Reference data comes from a scratch memory store; the customers point at its ids.
  auto scratch = inscrm::Crm::open("memory:").value();
  inscrm::sample::Organisation org = inscrm::sample::create_organisation(scratch, kAdmin).value();
  for (auto& a : org.agents) a.org_unit = org.units[1].id;
  inscrm::sample::Options options;
  options.customers = rows;
  auto customers = inscrm::sample::generate_customers(options, org);
  // References are checked by the facade; the benchmark store has no org units, so drop them.
  for (auto& c : customers) {
    c.org_unit = inscrm::OrgUnitId{};
    c.agent.reset();
  }
  const auto raw = raw_rows(customers);
  fmt::print("inscrm {} storage benchmark: {} customers, {} point reads\n", inscrm::Crm::library_version(), rows, reads);

  const double t_raw = raw_sqlite_insert((dir / "raw.db").string(), raw);
  inscrm::Crm crm = scratch;
  const double t_facade = facade_import("sqlite:" + (dir / "facade.db").string(), customers, &crm);
  line("bulk import, facade -> SQLite", rows, t_facade, t_raw, "raw sqlite3", 0.5);

  std::mt19937_64 rng(7);
  std::vector<long long> ids(reads);
  for (auto& id : ids) id = 1 + static_cast<long long>(rng() % rows);
  const double t_raw_reads = raw_sqlite_reads((dir / "raw.db").string(), ids);
  const auto start = Clock::now();
  for (auto id : ids) {
    auto c = crm.customers().get(kAdmin, inscrm::CustomerId{id});
    if (!c) {
      fmt::print(stderr, "get {}: {}\n", id, c.error().to_string());
      return 1;
    }
  }
  const double t_reads = seconds_since(start);
  line("point read by id, facade (SQLite)", reads, t_reads, t_raw_reads, "raw prepared SELECT", 0.5);

  if (pg.empty()) {
    fmt::print("PostgreSQL part skipped: pass --pg URI or set INSCRM_PG_URI (scripts/pg sets it)\n");
  } else {
    const std::string facade_db = fresh_pg_database(pg);
    const double t_copy = raw_pg_copy(pg, raw);
    pg_checkpoint(pg);
    const double t_pg = facade_import(facade_db, customers);
    line("bulk import, facade -> PostgreSQL", rows, t_pg, t_copy, "libpq COPY", 0.6);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
