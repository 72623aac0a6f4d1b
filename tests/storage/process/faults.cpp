// Storage faults a host meets in production (issue: reliability, "fault injection"):
//  - SQLite running out of space in the middle of a bulk import. A worker process lowers its own
//    file-size limit (RLIMIT_FSIZE, so writes past it fail with EFBIG as on a full disk) and
//    imports a batch far larger than the limit allows. The import must fail with a typed storage
//    error and a message, nothing of the batch may be stored, the file must pass
//    PRAGMA integrity_check, and the same Crm must take a small write afterwards.
//  - PostgreSQL stopped under a running Crm (scripts/pg exports INSCRM_PG_STOP / INSCRM_PG_START):
//    calls fail with StorageUnavailable while it is down and succeed again once it is back, on the
//    same Crm, without reopening it. This case stops the shared test server: CTest runs it alone
//    (RUN_SERIAL in CMakeLists.txt).

#include <doctest/doctest.h>

#include "support.hpp"

#include <inscrm/crm.hpp>
#include <inscrm/storage/store.hpp>

#include <fmt/format.h>

#include <sys/resource.h>

#include <charconv>
#include <cstring>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace inscrm::process_tests {
namespace {

using namespace std::chrono_literals;

Actor admin() { return Actor{"fault-test", {Role::Administrator}, OrgUnitId{}, std::nullopt, std::nullopt}; }

Customer customer(std::string_view prefix, long long i) {
  Customer c;
  c.external_ref = fmt::format("{}-{:07}", prefix, i);
  c.name = fmt::format("Fault Test Customer {}", i);
  c.occupation = "engineer";
  c.region = "310000";
  c.phones.push_back(Phone{fmt::format("139{:08}", i), true, false});
  return c;
}

// Through the storage port, on a store of its own.
long long count_customers(const std::string& uri) {
  auto store = storage::open_store(uri);
  REQUIRE_MESSAGE(store, "open_store: " << (store ? "" : describe(store.error())));
  auto tx = store.value()->begin(storage::TxMode::Read);
  REQUIRE_MESSAGE(tx, "begin: " << (tx ? "" : describe(tx.error())));
  auto n = tx.value()->count_customers();
  REQUIRE_MESSAGE(n, "count_customers: " << (n ? "" : describe(n.error())));
  return static_cast<long long>(n.value());
}

}  // namespace

// --worker=faults-disk-full <uri> <limit-bytes> <rows>
int faults_disk_full_worker(std::span<char* const> args) {
  if (args.size() != 3) {
    std::fprintf(stderr, "usage: --worker=faults-disk-full <uri> <limit-bytes> <rows>\n");
    return 2;
  }
  long long limit = 0, rows = 0;
  std::from_chars(args[1], args[1] + std::strlen(args[1]), limit);
  std::from_chars(args[2], args[2] + std::strlen(args[2]), rows);
  auto crm = Crm::open(args[0]);
  if (!crm) {
    worker_write_line("error open: " + describe(crm.error()));
    return 1;
  }
  std::vector<Customer> batch;
  for (long long i = 0; i < rows; ++i) batch.push_back(customer("full", i));
  // From here on a write past `limit` bytes into any file fails with EFBIG, as on a full disk;
  // the signal the kernel would also send is ignored so that the error reaches SQLite.
  std::signal(SIGXFSZ, SIG_IGN);
  const rlimit cap{static_cast<rlim_t>(limit), static_cast<rlim_t>(limit)};
  if (setrlimit(RLIMIT_FSIZE, &cap) != 0) {
    worker_write_line("error setrlimit");
    return 1;
  }
  auto report = crm.value().customers().import(admin(), std::move(batch));
  if (report) {
    worker_write_line(fmt::format("imported {}", report.value().imported));
  } else {
    worker_write_line(fmt::format("failed {} {}", to_string(report.error().code()), report.error().message()));
  }
  auto small = crm.value().customers().create(admin(), customer("after-full", 1));
  worker_write_line(small ? "small ok" : "small failed " + describe(small.error()));
  return 0;
}

TEST_SUITE("faults") {

TEST_CASE("SQLite out of space: a bulk import fails cleanly and the file stays consistent") {
  REQUIRE(adapter_under_test() == Adapter::Sqlite);
  TestDatabase db("faults-disk-full");
  {
    auto crm = Crm::open(db.uri());
    REQUIRE_MESSAGE(crm, "open: " << (crm ? "" : describe(crm.error())));
    std::vector<Customer> before;
    for (long long i = 0; i < 200; ++i) before.push_back(customer("before", i));
    auto report = crm.value().customers().import(admin(), std::move(before));
    REQUIRE(report);
    REQUIRE(report.value().imported == 200);
  }
  // Room for a little more than the database holds now: the WAL of 20,000 customers (several MB)
  // cannot fit, a single customer's can.
  const auto size = std::filesystem::file_size(db.target());
  const auto limit = static_cast<long long>(size) + 256 * 1024;
  Worker worker("faults-disk-full", {db.uri(), std::to_string(limit), "20000"});
  const auto outcome = worker.read_line(120s);
  REQUIRE_MESSAGE(outcome, "the worker reported nothing");
  MESSAGE("bulk import with a file-size limit of " << limit << " bytes: " << *outcome);
  REQUIRE_MESSAGE(outcome->starts_with("failed "), *outcome);
  // A typed storage error, with SQLite's reason in the message.
  CHECK((outcome->starts_with("failed storage_error ") || outcome->starts_with("failed storage_unavailable ")));
  CHECK(outcome->size() > std::string_view{"failed storage_error "}.size());
  const auto small = worker.read_line(60s);
  REQUIRE(small);
  CHECK_MESSAGE(*small == "small ok", *small);
  const auto status = worker.wait(60s);
  REQUIRE(status);
  CHECK_MESSAGE(*status == 0, describe_status(*status));

  RawDb raw(Adapter::Sqlite, db.target());
  CHECK(raw.scalar("PRAGMA integrity_check") == "ok");
  CHECK(raw.scalar("SELECT count(*) FROM customers WHERE external_ref LIKE 'full-%'") == "0");
  CHECK(raw.scalar("SELECT count(*) FROM customers") == "201");
  auto crm = Crm::open(db.uri());
  REQUIRE(crm);
  CHECK(count_customers(db.uri()) == 201);
  CHECK(crm.value().customers().create(admin(), customer("reopened", 1)));
}

TEST_CASE("PostgreSQL restarted under a running Crm: StorageUnavailable, then success without reopening") {
  REQUIRE(adapter_under_test() == Adapter::Postgresql);
  const std::string stop = env("INSCRM_PG_STOP"), start = env("INSCRM_PG_START");
  REQUIRE_MESSAGE(!stop.empty(), "INSCRM_PG_STOP is not set: run under scripts/pg, which exports it");
  REQUIRE_MESSAGE(!start.empty(), "INSCRM_PG_START is not set: run under scripts/pg, which exports it");
  TestDatabase db("faults-restart");
  auto opened = Crm::open(db.uri());
  REQUIRE_MESSAGE(opened, "open: " << (opened ? "" : describe(opened.error())));
  const Crm& crm = opened.value();
  REQUIRE(crm.customers().create(admin(), customer("up", 1)));

  REQUIRE_MESSAGE(std::system((stop + " >/dev/null").c_str()) == 0, "stopping the server failed: " << stop);
  // The server is down: every call fails with StorageUnavailable (a retry may help), whether the
  // pooled connection notices on write or on read.
  auto write = crm.customers().create(admin(), customer("down", 1));
  REQUIRE_FALSE(write);
  CHECK_MESSAGE(write.error().code() == Errc::StorageUnavailable, describe(write.error()));
  auto read = crm.customers().get(admin(), CustomerId{1});
  REQUIRE_FALSE(read);
  CHECK_MESSAGE(read.error().code() == Errc::StorageUnavailable, describe(read.error()));

  REQUIRE_MESSAGE(std::system((start + " >/dev/null").c_str()) == 0, "restarting the server failed: " << start);
  // The same Crm works again: its pool replaces the broken connections.
  Result<Customer> again = Error::storage_unavailable("not tried yet");
  for (int attempt = 0; attempt < 50 && !again; ++attempt) {
    again = crm.customers().create(admin(), customer("up-again", 1));
    if (!again) std::this_thread::sleep_for(100ms);
  }
  REQUIRE_MESSAGE(again, "no write succeeded after the restart: " << describe(again.error()));
  CHECK(count_customers(db.uri()) == 2);
  auto first = crm.customers().get(admin(), CustomerId{1});
  CHECK_MESSAGE(first, (first ? "" : describe(first.error())));
}

}  // TEST_SUITE("faults")

}  // namespace inscrm::process_tests
