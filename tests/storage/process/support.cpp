#include "support.hpp"

#include <doctest/doctest.h>

#include <fmt/format.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <thread>

extern char** environ;

namespace inscrm::process_tests {
namespace {

Adapter g_adapter = Adapter::Sqlite;
std::atomic<int> g_counter{0};

constexpr int kToParentFd = 3;
constexpr int kFromParentFd = 4;

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

// Empty on success, else the server's message. For CREATE/DROP DATABASE on the maintenance database.
std::string pg_admin_exec(const std::string& uri, const std::string& sql) {
  PGconn* conn = PQconnectdb(uri.c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PGresult* result = PQexec(conn, sql.c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK) error = PQresultErrorMessage(result);
    PQclear(result);
  }
  PQfinish(conn);
  return error;
}

void ignore_notice(void*, const char*) {}

int move_high(int fd) {
  // Away from 0..9, so that dup2 onto 3 and 4 in the child never meets an fd already there.
  const int high = ::fcntl(fd, F_DUPFD_CLOEXEC, 10);
  REQUIRE_MESSAGE(high >= 0, "fcntl(F_DUPFD_CLOEXEC) failed: " << std::strerror(errno));
  ::close(fd);
  return high;
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::optional<std::string> take_line(std::string& buffer) {
  const auto nl = buffer.find('\n');
  if (nl == std::string::npos) return std::nullopt;
  std::string line = buffer.substr(0, nl);
  buffer.erase(0, nl + 1);
  return line;
}

}  // namespace

Adapter adapter_under_test() noexcept { return g_adapter; }
void set_adapter_under_test(Adapter adapter) noexcept { g_adapter = adapter; }

std::string_view adapter_name(Adapter adapter) noexcept {
  return adapter == Adapter::Sqlite ? "sqlite" : "postgresql";
}

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string{value} : std::string{};
}

long long env_int(const char* name, long long fallback) {
  const std::string text = env(name);
  if (text.empty()) return fallback;
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  REQUIRE_MESSAGE((ec == std::errc{} && end == text.data() + text.size() && value > 0),
                  name << " must be a positive integer, not '" << text << "'");
  return value;
}

std::uint64_t test_seed() {
  return static_cast<std::uint64_t>(env_int("INSCRM_TEST_SEED", 20240611));
}

std::string describe(const Error& e) { return e.to_string(); }

// ---- TempDir -------------------------------------------------------------------------------------

TempDir::TempDir(std::string_view label) {
  std::string pattern = (std::filesystem::temp_directory_path() /
                         fmt::format("inscrm-{}_{}_{}-XXXXXX", label, ::getpid(), g_counter++))
                            .string();
  REQUIRE_MESSAGE(::mkdtemp(pattern.data()) != nullptr, "mkdtemp failed: " << std::strerror(errno));
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

// ---- TestDatabase --------------------------------------------------------------------------------

TestDatabase::TestDatabase(std::string_view label) : adapter_(g_adapter) {
  const std::string unique = fmt::format("{}_{}_{}", label, ::getpid(), g_counter++);
  if (adapter_ == Adapter::Sqlite) {
    std::string pattern = (std::filesystem::temp_directory_path() / ("inscrm-" + unique + "-XXXXXX")).string();
    REQUIRE_MESSAGE(::mkdtemp(pattern.data()) != nullptr, "mkdtemp failed: " << std::strerror(errno));
    dir_ = pattern;
    target_ = dir_ + "/" + std::string{label} + ".db";
    uri_ = "sqlite:" + target_;
    return;
  }
  const std::string admin_uri = env("INSCRM_PG_URI");
  REQUIRE_MESSAGE(!admin_uri.empty(), "INSCRM_PG_URI is not set");
  const std::string database = "inscrm_proc_" + unique;
  const auto uri = with_database(admin_uri, database);
  REQUIRE_MESSAGE(uri.has_value(), "INSCRM_PG_URI must be a postgresql:// URI, not " << admin_uri);
  const std::string error = pg_admin_exec(admin_uri, fmt::format("CREATE DATABASE \"{}\"", database));
  REQUIRE_MESSAGE(error.empty(), "cannot create test database " << database << ": " << error);
  database_ = database;
  uri_ = *uri;
  // SOCI's PostgreSQL connect-string parser mangles a URI without '=' (sql_store.cpp): give it one.
  target_ = uri_.find('?') == std::string::npos ? uri_ + "?application_name=inscrm_process_tests" : uri_;
}

TestDatabase::~TestDatabase() {
  if (adapter_ == Adapter::Sqlite) {
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
    return;
  }
  if (database_.empty()) return;
  // FORCE: a worker killed mid-transaction may leave a backend behind for a moment.
  const std::string error =
      pg_admin_exec(env("INSCRM_PG_URI"), fmt::format("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", database_));
  if (!error.empty()) std::fprintf(stderr, "warning: cannot drop %s: %s\n", database_.c_str(), error.c_str());
}

// ---- RawDb ---------------------------------------------------------------------------------------

RawDb::RawDb(Adapter adapter, const std::string& target) : adapter_(adapter) {
  if (adapter_ == Adapter::Sqlite) {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(target.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    handle_ = db;
    REQUIRE_MESSAGE(rc == SQLITE_OK, "sqlite3_open_v2(" << target << "): " << sqlite3_errstr(rc));
    sqlite3_busy_timeout(db, 10'000);
    return;
  }
  PGconn* conn = PQconnectdb(target.c_str());
  handle_ = conn;
  REQUIRE_MESSAGE(PQstatus(conn) == CONNECTION_OK, "PQconnectdb(" << target << "): " << PQerrorMessage(conn));
  PQsetNoticeProcessor(conn, ignore_notice, nullptr);
}

RawDb::~RawDb() {
  if (adapter_ == Adapter::Sqlite)
    sqlite3_close_v2(static_cast<sqlite3*>(handle_));
  else
    PQfinish(static_cast<PGconn*>(handle_));
}

void RawDb::exec(const std::string& sql) { (void)query(sql); }

std::vector<std::vector<std::string>> RawDb::query(const std::string& sql) {
  std::vector<std::vector<std::string>> rows;
  if (adapter_ == Adapter::Sqlite) {
    auto* db = static_cast<sqlite3*>(handle_);
    const char* tail = sql.c_str();
    while (*tail) {
      sqlite3_stmt* st = nullptr;
      int rc = sqlite3_prepare_v2(db, tail, -1, &st, &tail);
      REQUIRE_MESSAGE(rc == SQLITE_OK, "sqlite: " << sql << ": " << sqlite3_errmsg(db));
      if (!st) break;  // trailing blanks or a comment
      while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        std::vector<std::string> row;
        for (int i = 0; i < sqlite3_column_count(st); ++i) {
          const auto* text = sqlite3_column_text(st, i);
          row.emplace_back(text ? reinterpret_cast<const char*>(text) : "NULL");
        }
        rows.push_back(std::move(row));
      }
      const std::string error = rc == SQLITE_DONE ? "" : sqlite3_errmsg(db);
      sqlite3_finalize(st);
      REQUIRE_MESSAGE(error.empty(), "sqlite: " << sql << ": " << error);
    }
    return rows;
  }
  auto* conn = static_cast<PGconn*>(handle_);
  PGresult* result = PQexec(conn, sql.c_str());
  const auto status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    const std::string error = PQresultErrorMessage(result);
    PQclear(result);
    FAIL("postgresql: " << sql << ": " << error);
  }
  for (int r = 0; r < PQntuples(result); ++r) {
    std::vector<std::string> row;
    for (int c = 0; c < PQnfields(result); ++c)
      row.emplace_back(PQgetisnull(result, r, c) ? "NULL" : PQgetvalue(result, r, c));
    rows.push_back(std::move(row));
  }
  PQclear(result);
  return rows;
}

std::string RawDb::scalar(const std::string& sql) {
  const auto rows = query(sql);
  REQUIRE_MESSAGE((rows.size() == 1 && rows[0].size() == 1), sql << ": expected one value, got " << rows.size()
                                                                   << " rows");
  return rows[0][0];
}

// ---- Worker --------------------------------------------------------------------------------------

Worker::Worker(std::string_view name, const std::vector<std::string>& args) {
  int to_child[2];
  int from_child[2];
  REQUIRE(::pipe2(to_child, O_CLOEXEC) == 0);
  REQUIRE(::pipe2(from_child, O_CLOEXEC) == 0);
  for (int* fd : {&to_child[0], &to_child[1], &from_child[0], &from_child[1]}) *fd = move_high(*fd);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // dup2 clears FD_CLOEXEC on the copy: the child keeps exactly fds 0, 1, 2, 3 and 4.
  posix_spawn_file_actions_adddup2(&actions, from_child[1], kToParentFd);
  posix_spawn_file_actions_adddup2(&actions, to_child[0], kFromParentFd);

  const std::string exe = std::filesystem::read_symlink("/proc/self/exe").string();
  std::vector<std::string> argv_text{exe, fmt::format("--worker={}", name)};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);

  const int rc = ::posix_spawn(&pid_, exe.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(to_child[0]);
  ::close(from_child[1]);
  to_worker_ = to_child[1];
  from_worker_ = from_child[0];
  if (rc != 0) {
    ::close(to_worker_);
    ::close(from_worker_);
    FAIL("posix_spawn(" << exe << ") failed: " << std::strerror(rc));
  }
}

Worker::~Worker() {
  if (!reaped_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (to_worker_ >= 0) ::close(to_worker_);
  if (from_worker_ >= 0) ::close(from_worker_);
}

void Worker::send(std::string_view line) {
  std::string text{line};
  text += '\n';
  // A worker that died already shows as its exit status; EPIPE here adds nothing (SIGPIPE is ignored).
  (void)write_all(to_worker_, text);
}

std::optional<std::string> Worker::read_line(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (auto line = take_line(buffer_)) return line;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() < 0) return std::nullopt;
    pollfd p{from_worker_, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return take_line(buffer_);
    char chunk[4096];
    const ssize_t n = ::read(from_worker_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;  // EOF: the worker is gone
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

std::optional<std::string> Worker::poll_line() { return read_line(std::chrono::milliseconds{0}); }

void Worker::kill(int signal) {
  if (!reaped_ && pid_ > 0) ::kill(pid_, signal);
}

std::optional<int> Worker::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      reaped_ = true;
      return status;
    }
    if (r < 0 && errno != EINTR) return std::nullopt;
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds{2});
  }
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) return fmt::format("exited with {}", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return fmt::format("killed by signal {}", WTERMSIG(status));
  return fmt::format("ended with status {:#x}", status);
}

// ---- the worker side -----------------------------------------------------------------------------

void worker_write_line(std::string_view line) {
  std::string text{line};
  text += '\n';
  (void)write_all(kToParentFd, text);
}

std::optional<std::string> worker_read_line() {
  static std::string buffer;
  for (;;) {
    if (auto line = take_line(buffer)) return line;
    char chunk[256];
    const ssize_t n = ::read(kFromParentFd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
}

}  // namespace inscrm::process_tests
