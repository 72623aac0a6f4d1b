// The conformance suite's main: picks the adapter under test, then hands the rest of the command
// line to doctest.
//
//   inscrm_storage_tests --adapter=memory|sqlite|postgresql [doctest options]
//
// Without --adapter the INSCRM_STORAGE_ADAPTER environment variable decides, else memory.
// postgresql needs INSCRM_PG_URI (scripts/pg sets it). Without it the run fails — a PostgreSQL
// suite that silently passes on a machine with no database would hide a broken adapter — unless
// INSCRM_TEST_PG=0 says so explicitly; then it exits with 77, which CTest reports as skipped.
//
// Instants are UTC and dates civil (architecture.md "Time"), whatever the zone of the host or the
// database server. So the suite runs in a zone far from UTC — the process (TZ, unless set) and each
// PostgreSQL test database (its timezone setting) — where a conversion through local time shows.

#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "harness.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace inscrm::conformance {
namespace {

constexpr int kSkipExitCode = 77;  // tests/storage/CMakeLists.txt: SKIP_RETURN_CODE
constexpr const char* kTimeZone = "Asia/Shanghai";  // UTC+8, no daylight saving

Adapter g_adapter = Adapter::Memory;
std::atomic<int> g_database_counter{0};

std::optional<Adapter> parse_adapter(std::string_view name) {
  if (name == "memory") return Adapter::Memory;
  if (name == "sqlite") return Adapter::Sqlite;
  if (name == "postgresql" || name == "postgres" || name == "pg") return Adapter::Postgresql;
  return std::nullopt;
}

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string{value} : std::string{};
}

// A unique name per test case and process: ctest -j runs many processes at once on one server.
std::string unique_name(std::string_view prefix) {
  const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
  return fmt::format("{}_{}_{}_{}", prefix, ::getpid(), g_database_counter++, ticks % 1'000'000);
}

// INSCRM_PG_URI names a maintenance database; test databases live next to it on the same server.
// Replaces the URI's database path, keeping user, host, port and query parameters.
std::optional<std::string> with_database(std::string_view uri, std::string_view database) {
  const auto scheme = uri.find("://");
  if (scheme == std::string_view::npos) return std::nullopt;
  const auto path = uri.find_first_of("/?", scheme + 3);
  std::string out{uri.substr(0, path)};
  out += '/';
  out += database;
  if (path != std::string_view::npos) {
    const auto query = uri.find('?', path);
    if (query != std::string_view::npos) out += uri.substr(query);
  }
  return out;
}

// One libpq connection to the maintenance database, for CREATE/DROP DATABASE (which cannot run
// inside the adapter's transactions anyway).
class PgAdmin {
 public:
  explicit PgAdmin(const std::string& uri) : conn_(PQconnectdb(uri.c_str())) {}
  ~PgAdmin() { PQfinish(conn_); }
  PgAdmin(const PgAdmin&) = delete;
  PgAdmin& operator=(const PgAdmin&) = delete;

  // Empty on success, else the server's message.
  std::string exec(const std::string& sql) {
    if (PQstatus(conn_) != CONNECTION_OK) return PQerrorMessage(conn_);
    PGresult* result = PQexec(conn_, sql.c_str());
    std::string error;
    if (PQresultStatus(result) != PGRES_COMMAND_OK) error = PQresultErrorMessage(result);
    PQclear(result);
    return error;
  }

 private:
  PGconn* conn_;
};

void remove_sqlite_files(const std::string& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal", ".key"})  // .key: the default key file
    std::filesystem::remove(path + suffix, ignored);
}

}  // namespace

Adapter adapter_under_test() noexcept { return g_adapter; }

std::string_view adapter_name(Adapter adapter) noexcept {
  switch (adapter) {
    case Adapter::Memory: return "memory";
    case Adapter::Sqlite: return "sqlite";
    case Adapter::Postgresql: return "postgresql";
  }
  return "?";
}

TestDatabase::TestDatabase() : adapter_(g_adapter) {
  switch (adapter_) {
    case Adapter::Memory:
      uri_ = "memory:";
      break;
    case Adapter::Sqlite: {
      resource_ = (std::filesystem::temp_directory_path() / (unique_name("inscrm-conformance") + ".db")).string();
      remove_sqlite_files(resource_);
      uri_ = "sqlite:" + resource_;
      break;
    }
    case Adapter::Postgresql: {
      const std::string admin_uri = env("INSCRM_PG_URI");
      REQUIRE_MESSAGE(!admin_uri.empty(), "INSCRM_PG_URI is not set");
      const std::string database = unique_name("inscrm_conf");
      const auto uri = with_database(admin_uri, database);
      REQUIRE_MESSAGE(uri.has_value(), "INSCRM_PG_URI must be a postgresql:// URI, not " << admin_uri);
      PgAdmin admin{admin_uri};
      std::string error = admin.exec(fmt::format("CREATE DATABASE \"{}\"", database));
      REQUIRE_MESSAGE(error.empty(), "cannot create test database " << database << ": " << error);
      error = admin.exec(fmt::format("ALTER DATABASE \"{}\" SET timezone TO '{}'", database, kTimeZone));
      if (!error.empty()) {
        // A constructor that throws gets no destructor call: drop it here.
        admin.exec(fmt::format("DROP DATABASE IF EXISTS \"{}\"", database));
        FAIL("cannot set the time zone of " << database << ": " << error);
      }
      resource_ = database;
      uri_ = *uri;
      break;
    }
  }
}

TestDatabase::~TestDatabase() {
  switch (adapter_) {
    case Adapter::Memory: break;
    case Adapter::Sqlite: remove_sqlite_files(resource_); break;
    case Adapter::Postgresql: {
      if (resource_.empty()) break;
      // FORCE: a store that leaked a pooled connection must not leave databases behind.
      PgAdmin admin{env("INSCRM_PG_URI")};
      const std::string error = admin.exec(fmt::format("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", resource_));
      if (!error.empty()) std::fprintf(stderr, "warning: cannot drop %s: %s\n", resource_.c_str(), error.c_str());
      break;
    }
  }
}

std::unique_ptr<storage::Store> TestDatabase::open() const {
  auto store = storage::open_store(uri_);
  if (!store) FAIL("open_store(\"" << uri_ << "\") failed: " << store.error().to_string());
  REQUIRE(store.value() != nullptr);
  return std::move(store).value();
}

}  // namespace inscrm::conformance

namespace {

// Options that only ask doctest something (ctest's test discovery runs --list-test-cases): they
// need no database.
bool is_query_option(std::string_view arg) {
  if (arg.starts_with("--dt-")) arg.remove_prefix(5);
  else if (arg.starts_with("-dt-")) arg.remove_prefix(4);
  else if (arg.starts_with("--")) arg.remove_prefix(2);
  else if (arg.starts_with("-")) arg.remove_prefix(1);
  arg = arg.substr(0, arg.find('='));
  static constexpr std::array<std::string_view, 13> kQueries{
      "?", "h", "help", "v", "version", "c", "count", "ltc", "list-test-cases", "lts", "list-test-suites",
      "lr", "list-reporters"};
  return std::find(kQueries.begin(), kQueries.end(), arg) != kQueries.end();
}

}  // namespace

int main(int argc, char** argv) {
  using inscrm::conformance::Adapter;
  ::setenv("TZ", inscrm::conformance::kTimeZone, 0);
  ::tzset();
  std::string adapter_text = inscrm::conformance::env("INSCRM_STORAGE_ADAPTER");
  std::vector<const char*> doctest_args{argv[0]};
  bool query_only = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("--adapter=")) {
      adapter_text = arg.substr(10);
    } else if (arg == "--adapter" && i + 1 < argc) {
      adapter_text = argv[++i];
    } else {
      query_only = query_only || is_query_option(arg);
      doctest_args.push_back(argv[i]);
    }
  }
  if (adapter_text.empty()) adapter_text = "memory";
  const auto adapter = inscrm::conformance::parse_adapter(adapter_text);
  if (!adapter) {
    std::fprintf(stderr, "unknown adapter '%s': use --adapter=memory|sqlite|postgresql\n", adapter_text.c_str());
    return 2;
  }
  inscrm::conformance::g_adapter = *adapter;

  if (!query_only && *adapter == Adapter::Postgresql && inscrm::conformance::env("INSCRM_PG_URI").empty()) {
    if (inscrm::conformance::env("INSCRM_TEST_PG") == "0") {
      std::fprintf(stderr, "skipped: INSCRM_TEST_PG=0 and no INSCRM_PG_URI\n");
      return inscrm::conformance::kSkipExitCode;
    }
    std::fprintf(stderr,
                 "INSCRM_PG_URI is not set: run under scripts/pg (scripts/pg -- ctest ...), or set "
                 "INSCRM_TEST_PG=0 to skip the PostgreSQL conformance tests\n");
    return 1;
  }

  doctest::Context context(static_cast<int>(doctest_args.size()), doctest_args.data());
  return context.run();
}
