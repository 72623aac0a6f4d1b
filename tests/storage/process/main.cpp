// The storage tests that need several processes: crash safety of a bulk import (crash.cpp),
// optimistic concurrency across processes (concurrency.cpp) and schema migrations, including
// several processes creating a schema at once (migrations.cpp).
//
//   inscrm_storage_process_tests --adapter=sqlite|postgresql [doctest options]
//   inscrm_storage_process_tests --worker=<name> <args...>      (started by the tests themselves)
//
// postgresql needs INSCRM_PG_URI (scripts/pg sets it). Without it the run fails — a PostgreSQL
// test that silently passes on a machine with no database would hide a broken adapter — unless
// INSCRM_TEST_PG=0 says so explicitly; then it exits with 77, which CTest reports as skipped.
// INSCRM_TEST_SEED fixes every random choice (kill delays, worker choices) to repeat a run.

#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "support.hpp"

#include <csignal>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr int kSkipExitCode = 77;  // CMakeLists.txt: SKIP_RETURN_CODE

int run_worker(std::string_view name, std::span<char* const> args) {
  using namespace inscrm::process_tests;
  if (name == "crash-import") return crash_import_worker(args);
  if (name == "concurrency-update") return concurrency_update_worker(args);
  if (name == "migrations-open") return migrations_open_worker(args);
  if (name == "faults-disk-full") return faults_disk_full_worker(args);
  if (name == "soak") return soak_worker(args);
  if (name == "outbox") return outbox_worker(args);
  std::fprintf(stderr, "unknown worker '%.*s'\n", static_cast<int>(name.size()), name.data());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using inscrm::process_tests::Adapter;
  // A worker that dies makes our writes to its pipe fail with EPIPE instead of killing us.
  std::signal(SIGPIPE, SIG_IGN);

  if (argc >= 2 && std::string_view{argv[1]}.starts_with("--worker=")) {
    const std::span<char* const> rest{argv + 2, static_cast<std::size_t>(argc - 2)};
    return run_worker(std::string_view{argv[1]}.substr(9), rest);
  }

  std::string adapter_text = "sqlite";
  std::vector<const char*> doctest_args{argv[0]};
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("--adapter="))
      adapter_text = arg.substr(10);
    else if (arg == "--adapter" && i + 1 < argc)
      adapter_text = argv[++i];
    else
      doctest_args.push_back(argv[i]);
  }
  if (adapter_text == "sqlite") {
    inscrm::process_tests::set_adapter_under_test(Adapter::Sqlite);
  } else if (adapter_text == "postgresql" || adapter_text == "postgres" || adapter_text == "pg") {
    inscrm::process_tests::set_adapter_under_test(Adapter::Postgresql);
    if (inscrm::process_tests::env("INSCRM_PG_URI").empty()) {
      if (inscrm::process_tests::env("INSCRM_TEST_PG") == "0") {
        std::fprintf(stderr, "skipped: INSCRM_TEST_PG=0 and no INSCRM_PG_URI\n");
        return kSkipExitCode;
      }
      std::fprintf(stderr,
                   "INSCRM_PG_URI is not set: run under scripts/pg (scripts/pg -- ctest ...), or set "
                   "INSCRM_TEST_PG=0 to skip the PostgreSQL tests\n");
      return 1;
    }
  } else {
    std::fprintf(stderr, "unknown adapter '%s': use --adapter=sqlite|postgresql\n", adapter_text.c_str());
    return 2;
  }

  doctest::Context context(static_cast<int>(doctest_args.size()), doctest_args.data());
  return context.run();
}
