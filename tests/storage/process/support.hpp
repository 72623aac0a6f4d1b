#pragma once
// Support for the storage tests that need several processes (crash safety, concurrency across
// processes, concurrent first open): the adapter under test, a throwaway database, raw access to it
// that bypasses the library (sqlite3 C API / libpq), and worker processes.
//
// A worker is this same test binary started again (fork + exec of /proc/self/exe) as
//   inscrm_storage_process_tests --worker=<name> <args...>
// so that it shares nothing with the parent but the database: no inherited connections, locks or
// doctest state. It talks to the parent over two pipes: it writes lines to fd 3 and reads lines
// from fd 4. EOF on fd 4 means the parent is gone, and a worker then exits.

#include <inscrm/core/result.hpp>

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace inscrm::process_tests {

enum class Adapter { Sqlite, Postgresql };

Adapter adapter_under_test() noexcept;
void set_adapter_under_test(Adapter adapter) noexcept;
std::string_view adapter_name(Adapter adapter) noexcept;

// The value of an environment variable, empty when unset.
std::string env(const char* name);
// A positive integer from the environment, or `fallback` when unset; a malformed value fails.
long long env_int(const char* name, long long fallback);
// The seed of every "random" choice of a run: INSCRM_TEST_SEED, else a fixed default, so that a
// run can be repeated exactly.
std::uint64_t test_seed();

// One clean database of the adapter under test for one test case, removed at the end: a new SQLite
// file in a private temp directory, or a new PostgreSQL database next to INSCRM_PG_URI's. Close every
// Crm opened on it first (declare it before them).
class TestDatabase {
 public:
  explicit TestDatabase(std::string_view label);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  Adapter adapter() const noexcept { return adapter_; }
  // What Crm::open is given: "sqlite:<file>" or "postgresql://…".
  const std::string& uri() const noexcept { return uri_; }
  // SQLite: the database file. PostgreSQL: a libpq URI of the database (for RawDb and SOCI: it
  // always has a query part, which SOCI's connect-string parser needs).
  const std::string& target() const noexcept { return target_; }

 private:
  Adapter adapter_;
  std::string uri_;
  std::string target_;
  std::string dir_;       // SQLite: the directory holding the file
  std::string database_;  // PostgreSQL: the database to drop
};

// A private directory under the temp directory, removed with everything in it at the end.
class TempDir {
 public:
  explicit TempDir(std::string_view label);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

// A connection that bypasses inscrm: the sqlite3 C API or libpq. Every call fails the test case on
// an error (these are the test's own statements).
class RawDb {
 public:
  RawDb(Adapter adapter, const std::string& target);
  ~RawDb();
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  void exec(const std::string& sql);
  // Every row as text; NULL reads as "NULL".
  std::vector<std::vector<std::string>> query(const std::string& sql);
  // The single value of a one-row, one-column query.
  std::string scalar(const std::string& sql);

 private:
  Adapter adapter_;
  void* handle_ = nullptr;  // sqlite3* or PGconn*
};

// A worker process (see the top of this file). The destructor kills and reaps it if still running.
class Worker {
 public:
  Worker(std::string_view name, const std::vector<std::string>& args);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  pid_t pid() const noexcept { return pid_; }
  // Sends one line (a '\n' is added).
  void send(std::string_view line);
  // The next line the worker wrote, without its '\n'; nullopt at EOF or when `timeout` passes.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  // A line that is ready now, without waiting.
  std::optional<std::string> poll_line();
  void kill(int signal);
  // Waits for the worker to end and returns its waitpid status; nullopt if it is still running
  // after `timeout` (it is then left running: the destructor kills it).
  std::optional<int> wait(std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  int to_worker_ = -1;
  int from_worker_ = -1;
  std::string buffer_;
  bool reaped_ = false;
};

// "exited with 0", "killed by signal 9", … for messages.
std::string describe_status(int status);

// The worker side of the pipes.
void worker_write_line(std::string_view line);
// The next line from the parent; nullopt at EOF (the parent is gone).
std::optional<std::string> worker_read_line();

// The workers, each defined beside the test that starts it. They return the process exit code.
int crash_import_worker(std::span<char* const> args);
int concurrency_update_worker(std::span<char* const> args);
int migrations_open_worker(std::span<char* const> args);
int faults_disk_full_worker(std::span<char* const> args);
int soak_worker(std::span<char* const> args);
int outbox_worker(std::span<char* const> args);

// A printable error for a failed Result.
std::string describe(const Error& e);

}  // namespace inscrm::process_tests
