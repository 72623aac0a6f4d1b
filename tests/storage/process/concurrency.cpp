// Optimistic concurrency across processes (architecture.md "Concurrency"): K worker processes, each
// with its own Crm on one database (an SQLite file, or one PostgreSQL database), race read → change →
// update on a small shared set of customers. A worker sets `industry` to "w<worker>-i<iteration>",
// so every stored value names the one update that wrote it, and records in its own result file
// every update that was acknowledged (with the version read and the version returned) and every
// one that was refused.
//
// The parent then proves that no acknowledged write was silently overwritten:
//  - per customer, the acknowledged new versions are exactly 2, 3, …, final version — each once
//    (two workers were never both told they wrote version v) — and each is the version read + 1;
//  - the stored value is the one of the acknowledged update with the highest version;
//  - every refusal is Conflict (or StorageUnavailable when SQLite stayed busy, counted apart), and
//    a Conflict on version r means someone was acknowledged for r + 1; nothing else went wrong;
//  - the outbox holds exactly one "customer.updated" event per acknowledged update, and per customer
//    their versions rise in event-id order (events are ordered by commit);
//  - there were conflicts: the workers really raced.
//
// INSCRM_CONCURRENCY_ITERATIONS (default 300 per worker) sizes the run; INSCRM_TEST_SEED repeats one.

#include <doctest/doctest.h>

#include "support.hpp"

#include <inscrm/crm.hpp>

#include <fmt/format.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace inscrm::process_tests {
namespace {

using namespace std::chrono_literals;

constexpr int kWorkers = 4;
constexpr int kCustomers = 20;

Actor clerk(int worker) {
  return Actor{fmt::format("worker-{}", worker), {Role::Administrator}, OrgUnitId{}, std::nullopt, std::nullopt};
}

long long to_ll(std::string_view text) {
  long long v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size()) return -1;
  return v;
}

std::vector<std::string> split(const std::string& line, char sep, std::size_t max_fields = 0) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    if (max_fields && out.size() + 1 == max_fields) {
      out.push_back(line.substr(start));
      break;
    }
    const auto pos = line.find(sep, start);
    out.push_back(line.substr(start, pos - start));
    if (pos == std::string::npos) break;
    start = pos + 1;
  }
  return out;
}

struct Ack {
  int worker = 0;
  long long read_version = 0;
  long long new_version = 0;
  std::string value;
};

struct PerCustomer {
  std::vector<Ack> acks;
  std::vector<long long> conflicts;  // the versions read
  int busy = 0;
};

// A number after `"key":` in a flat JSON payload; -1 when absent.
long long json_number(const std::string& payload, std::string_view key) {
  const std::string needle = fmt::format("\"{}\":", key);
  const auto at = payload.find(needle);
  if (at == std::string::npos) return -1;
  auto begin = at + needle.size();
  auto end = begin;
  while (end < payload.size() && payload[end] >= '0' && payload[end] <= '9') ++end;
  return to_ll(std::string_view{payload}.substr(begin, end - begin));
}

}  // namespace

// The worker: concurrency-update <uri> <worker> <iterations> <seed> <result file> <id,id,…>
// Says "ready" once its Crm is open, starts at "go", writes one line per attempt to the result file
// (renamed into place when complete) and ends with "finished <acks> <conflicts> <busy> <errors>".
int concurrency_update_worker(std::span<char* const> args) {
  if (args.size() != 6) {
    std::fprintf(stderr, "usage: --worker=concurrency-update <uri> <worker> <iterations> <seed> <file> <ids>\n");
    return 2;
  }
  const std::string uri = args[0];
  const int worker = static_cast<int>(to_ll(args[1]));
  const long long iterations = to_ll(args[2]);
  const auto seed = static_cast<std::uint64_t>(to_ll(args[3]));
  const std::string result_path = args[4];
  std::vector<CustomerId> ids;
  for (const auto& id : split(args[5], ',')) ids.emplace_back(to_ll(id));

  auto opened = Crm::open(uri);
  if (!opened) {
    worker_write_line("error open: " + describe(opened.error()));
    return 1;
  }
  const Crm crm = std::move(opened).value();
  const Actor actor = clerk(worker);
  std::mt19937_64 rng{seed * 1'000'003 + static_cast<std::uint64_t>(worker)};
  std::uniform_int_distribution<std::size_t> pick{0, ids.size() - 1};
  std::uniform_int_distribution<int> pause_us{0, 200};

  worker_write_line("ready");
  if (worker_read_line() != std::optional<std::string>{"go"}) return 1;

  std::ostringstream log;
  long long acks = 0, conflicts = 0, busy = 0, errors = 0;
  for (long long i = 0; i < iterations; ++i) {
    const CustomerId id = ids[pick(rng)];
    auto got = crm.customers().get(actor, id);
    if (!got) {
      if (got.error().code() == Errc::StorageUnavailable) {
        ++busy;
        log << fmt::format("busy {} 0 get {}\n", id.value, got.error().message());
      } else {
        ++errors;
        log << fmt::format("error {} get {}\n", id.value, describe(got.error()));
      }
      continue;
    }
    Customer c = std::move(got).value();
    const long long read_version = c.version;
    c.industry = fmt::format("w{}-i{}", worker, i);
    // A moment between read and write widens the window another process can write in.
    std::this_thread::sleep_for(std::chrono::microseconds{pause_us(rng)});
    auto updated = crm.customers().update(actor, c);
    if (updated) {
      ++acks;
      log << fmt::format("ack {} {} {} {}\n", id.value, read_version, updated.value().version, c.industry);
    } else if (updated.error().code() == Errc::Conflict) {
      ++conflicts;
      log << fmt::format("conflict {} {}\n", id.value, read_version);
    } else if (updated.error().code() == Errc::StorageUnavailable) {
      ++busy;
      log << fmt::format("busy {} {} update {}\n", id.value, read_version, updated.error().message());
    } else {
      ++errors;
      log << fmt::format("error {} update {}\n", id.value, describe(updated.error()));
    }
  }

  {
    std::ofstream file{result_path + ".tmp"};
    file << log.str();
    file.close();
    if (!file || std::rename((result_path + ".tmp").c_str(), result_path.c_str()) != 0) {
      worker_write_line("error cannot write " + result_path);
      return 1;
    }
  }
  worker_write_line(fmt::format("finished {} {} {} {}", acks, conflicts, busy, errors));
  return 0;
}

TEST_SUITE("concurrency") {

TEST_CASE("updates racing from several processes: no acknowledged write is lost") {
  const long long iterations = env_int("INSCRM_CONCURRENCY_ITERATIONS", 300);
  const auto seed = test_seed();
  MESSAGE(fmt::format("{}: {} worker processes x {} iterations over {} customers, seed {}",
                      adapter_name(adapter_under_test()), kWorkers, iterations, kCustomers, seed));

  TestDatabase db{"concurrency"};
  TempDir results{"concurrency-results"};

  // The shared customers, created before any worker starts; this Crm is closed before they do.
  std::vector<CustomerId> ids;
  {
    auto crm = Crm::open(db.uri());
    REQUIRE_MESSAGE(crm, "open: " << describe(crm.error()));
    for (int i = 0; i < kCustomers; ++i) {
      Customer draft;
      draft.name = fmt::format("Shared Customer {}", i);
      draft.industry = "initial";
      auto created = crm.value().customers().create(clerk(0), draft);
      REQUIRE_MESSAGE(created, "create: " << describe(created.error()));
      REQUIRE(created.value().version == 1);
      ids.push_back(created.value().id);
    }
  }
  std::string id_list;
  for (const auto id : ids) id_list += (id_list.empty() ? "" : ",") + std::to_string(id.value);

  std::vector<std::unique_ptr<Worker>> workers;
  std::vector<std::string> files;
  for (int w = 0; w < kWorkers; ++w) {
    files.push_back(fmt::format("{}/worker-{}.txt", results.path(), w));
    workers.push_back(std::make_unique<Worker>(
        "concurrency-update", std::vector<std::string>{db.uri(), std::to_string(w), std::to_string(iterations),
                                                        std::to_string(seed), files.back(), id_list}));
  }
  // Start them together, once every one has its database open.
  for (auto& w : workers) {
    const auto line = w->read_line(60s);
    REQUIRE_MESSAGE(line == std::optional<std::string>{"ready"}, "worker: " << line.value_or("<nothing>"));
  }
  const auto t0 = std::chrono::steady_clock::now();
  for (auto& w : workers) w->send("go");
  for (int w = 0; w < kWorkers; ++w) {
    const auto line = workers[w]->read_line(120s);
    const auto status = workers[w]->wait(30s);
    REQUIRE_MESSAGE(status, "worker " << w << " did not end");
    REQUIRE_MESSAGE((WIFEXITED(*status) && WEXITSTATUS(*status) == 0),
                    "worker " << w << " " << describe_status(*status) << ": " << line.value_or("<nothing>"));
    MESSAGE(fmt::format("worker {}: {} (acks conflicts busy errors)", w, line.value_or("?")));
  }
  const double elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // What the workers were told.
  std::map<long long, PerCustomer> seen;
  long long total_acks = 0, total_conflicts = 0, total_busy = 0, total_errors = 0;
  for (int w = 0; w < kWorkers; ++w) {
    std::ifstream file{files[w]};
    REQUIRE_MESSAGE(file, "no result file from worker " << w);
    std::string line;
    long long lines = 0;
    while (std::getline(file, line)) {
      ++lines;
      const auto f = split(line, ' ', 5);
      REQUIRE(f.size() >= 2);
      const long long id = to_ll(f[1]);
      if (f[0] == "ack") {
        REQUIRE(f.size() == 5);
        seen[id].acks.push_back(Ack{w, to_ll(f[2]), to_ll(f[3]), f[4]});
        ++total_acks;
      } else if (f[0] == "conflict") {
        seen[id].conflicts.push_back(to_ll(f[2]));
        ++total_conflicts;
      } else if (f[0] == "busy") {
        ++seen[id].busy;
        ++total_busy;
      } else {
        ++total_errors;
        FAIL_CHECK("worker " << w << " got an error other than Conflict/StorageUnavailable: " << line);
      }
    }
    CHECK_MESSAGE(lines == iterations, "worker " << w << " recorded " << lines << " of " << iterations << " attempts");
  }

  // What the database says.
  auto opened = Crm::open(db.uri());
  REQUIRE_MESSAGE(opened, "reopen: " << describe(opened.error()));
  const Crm crm = std::move(opened).value();
  for (const auto id : ids) {
    CAPTURE(id.value);
    auto stored = crm.customers().get(clerk(0), id);
    REQUIRE_MESSAGE(stored, "get: " << describe(stored.error()));
    PerCustomer& per = seen[id.value];
    std::sort(per.acks.begin(), per.acks.end(),
              [](const Ack& a, const Ack& b) { return a.new_version < b.new_version; });

    CHECK_MESSAGE(stored.value().version == 1 + static_cast<long long>(per.acks.size()),
                  "version " << stored.value().version << " after " << per.acks.size() << " acknowledged updates");
    for (std::size_t k = 0; k < per.acks.size(); ++k) {
      const Ack& a = per.acks[k];
      // Versions 2, 3, … in order, each acknowledged once: a duplicate or a gap shows here.
      CHECK_MESSAGE(a.new_version == static_cast<long long>(k) + 2,
                    "acknowledged versions are not 2..n once each: found " << a.new_version << " at position " << k
                                                                            << " (worker " << a.worker << ")");
      CHECK_MESSAGE(a.new_version == a.read_version + 1,
                    "worker " << a.worker << " read version " << a.read_version << " and was acknowledged for "
                              << a.new_version);
    }
    const std::string expected = per.acks.empty() ? std::string{"initial"} : per.acks.back().value;
    CHECK_MESSAGE(stored.value().industry == expected, "stored '" << stored.value().industry
                                                                  << "', last acknowledged '" << expected << "'");
    for (const long long r : per.conflicts) {
      const bool superseded = std::any_of(per.acks.begin(), per.acks.end(),
                                          [&](const Ack& a) { return a.new_version == r + 1; });
      CHECK_MESSAGE(superseded, "Conflict on version " << r << " but nobody was acknowledged for " << r + 1);
    }
  }

  // The outbox: one customer.updated per acknowledged update, in commit order per customer.
  auto events = crm.events().poll(1'000'000);
  REQUIRE_MESSAGE(events, "events: " << describe(events.error()));
  std::map<long long, std::vector<long long>> event_versions;  // customer → versions, by event id
  for (const auto& e : events.value()) {
    if (e.type != "customer.updated") continue;
    event_versions[json_number(e.payload, "customer_id")].push_back(json_number(e.payload, "version"));
  }
  long long updated_events = 0;
  for (const auto id : ids) {
    CAPTURE(id.value);
    const auto& versions = event_versions[id.value];
    updated_events += static_cast<long long>(versions.size());
    std::vector<long long> expected;
    for (const auto& a : seen[id.value].acks) expected.push_back(a.new_version);
    CHECK_MESSAGE(versions == expected, "customer.updated versions in event order differ from the acknowledged ones");
  }
  CHECK(updated_events == total_acks);

  MESSAGE(fmt::format("{}: {} attempts in {:.2f} s: {} acknowledged, {} Conflict, {} StorageUnavailable, {} other",
                      adapter_name(adapter_under_test()), kWorkers * iterations, elapsed_s, total_acks,
                      total_conflicts, total_busy, total_errors));
  CHECK(total_errors == 0);
  CHECK(total_acks + total_conflicts + total_busy == kWorkers * iterations);
  CHECK_MESSAGE(total_conflicts > 0, "no Conflict at all: the workers never raced");
  CHECK(total_acks > 0);
}

}  // TEST_SUITE("concurrency")

}  // namespace inscrm::process_tests
