// Load and soak (issue #10): a bounded mixed workload from several processes, each with several
// threads, for a fixed time against one database; afterwards the parent checks the invariants on a
// fresh Crm and reports operations per second and p50/p99 latency per kind of call.
//
// Each thread owns what it creates (its customers, policies, complaints), so that every call it
// makes has a known expected outcome and its acknowledgements can be checked exactly:
//  - every acknowledged write is present: each customer with the version and value of its last
//    acknowledged update, each policy with the status of its last acknowledged step and every
//    acknowledged payment, each complaint in the status of its last acknowledged step;
//  - nothing unacknowledged is present: the database holds exactly the customers, policies,
//    payments and complaints that were acknowledged (a refused or failed call left nothing);
//  - every policy's state is reachable through its recorded transitions (each one a legal step of
//    the lifecycle table, each starting where the previous ended, the last ending in the status);
//    the same for every complaint's steps;
//  - every customer's points balance is what its acknowledged earnings and redemptions add up to,
//    a replayed earning paid nothing, and the ledger check proves balance = sum of entries;
//  - the outbox holds one "customer.created" event per customer;
//  - the audit chain verifies from its first record to its last.
// The only refusal a call may get is StorageUnavailable (SQLite stayed busy past its timeout); it
// is counted, and must have left nothing behind. Any other error fails the run.
//
// INSCRM_SOAK_SECONDS (default 8), INSCRM_SOAK_PROCESSES (3) and INSCRM_SOAK_THREADS (3) size the
// run; scripts/soak runs it longer. INSCRM_TEST_SEED repeats the random choices.

#include <doctest/doctest.h>

#include "support.hpp"

#include <inscrm/crm.hpp>

#include <fmt/format.h>

#include <sys/wait.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace inscrm::process_tests {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr const char* kProduct = "SOAK-LIFE";

// The kinds of call the workload makes, in the order the report prints them.
enum Op { CreateCustomer, UpdateCustomer, ReadCustomer, IssuePolicy, RecordPayment, PolicyStep, ReceiveComplaint,
          ComplaintStep, EarnPoints, RedeemPoints, kOps };
constexpr const char* kOpNames[kOps] = {"create customer", "update customer", "read customer", "issue policy",
                                        "record payment", "policy step", "receive complaint", "complaint step",
                                        "earn points", "redeem points"};

Actor soak_actor(int worker, int thread) {
  return Actor{fmt::format("soak-{}-{}", worker, thread), {Role::Administrator}, OrgUnitId{}, std::nullopt,
               std::nullopt};
}

long long to_ll(std::string_view text) {
  long long v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size()) return -1;
  return v;
}

// What one thread owns and what it was told about it.
struct OwnPolicy {
  PolicyId id;
  std::size_t holder = 0;  // index into the thread's customers
  std::vector<PaymentId> unearned;  // acknowledged payments whose points are not yet earned
  int payments = 0;  // instalments paid, so the next due is effective + payments months
  Date effective{};
  bool open = true;  // not cancelled or surrendered
};
struct OwnComplaint {
  ComplaintId id;
  ComplaintStatus status = ComplaintStatus::Received;
};

// One thread's run: its acknowledgements go to `log` as lines, its latencies to `latencies`.
struct ThreadResult {
  std::ostringstream log;
  std::vector<std::vector<std::uint32_t>> latencies = std::vector<std::vector<std::uint32_t>>(kOps);  // microseconds
  long long busy = 0;
  std::string error;  // the first unexpected error
};

void run_thread(const Crm& crm, OrgUnitId unit, int worker, int thread, std::uint64_t seed,
                Clock::time_point until, ThreadResult& out) {
  const Actor actor = soak_actor(worker, thread);
  std::mt19937_64 rng{seed * 1'000'003 + static_cast<std::uint64_t>(worker * 100 + thread)};
  struct OwnCustomer {
    CustomerId id;
    std::int64_t version = 0;  // as last acknowledged
    std::string industry;      // as last acknowledged
    std::int64_t points = 0;   // the balance its acknowledged earnings and redemptions add up to
  };
  std::vector<std::pair<EarnEvent, PointsEntryId>> earned;  // for replays: the event and what it paid
  std::vector<OwnCustomer> customers;
  std::vector<OwnPolicy> policies;
  std::vector<OwnComplaint> complaints;
  std::uniform_int_distribution<int> percent{0, 99};
  long long sequence = 0;

  // Runs one call, times it, and sorts its outcome: true = acknowledged, false = busy (counted);
  // any other error ends the thread with the error recorded.
  auto timed = [&](Op op, auto&& call) -> std::optional<decltype(call())> {
    const auto t0 = Clock::now();
    auto r = call();
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count();
    if (r) {
      out.latencies[op].push_back(static_cast<std::uint32_t>(std::min<long long>(us, UINT32_MAX)));
      return r;
    }
    if (r.error().code() == Errc::StorageUnavailable) {
      ++out.busy;
      return std::nullopt;
    }
    if (out.error.empty()) out.error = fmt::format("{}: {}", kOpNames[op], describe(r.error()));
    return std::nullopt;
  };

  while (Clock::now() < until && out.error.empty()) {
    const int dice = percent(rng);
    ++sequence;
    if (customers.empty() || dice < 18) {
      Customer draft;
      draft.name = fmt::format("Soak {}-{}-{}", worker, thread, sequence);
      draft.gender = dice % 2 ? Gender::Female : Gender::Male;
      draft.birth_date = Date{std::chrono::year{1960 + static_cast<int>(sequence % 40)} / 3 / 14};
      draft.region = dice % 3 ? "310000" : "110000";
      draft.industry = "initial";
      draft.org_unit = unit;
      if (auto r = timed(CreateCustomer, [&] { return crm.customers().create(actor, draft); })) {
        customers.push_back(OwnCustomer{(*r).value().id, (*r).value().version, "initial", 0});
        out.log << fmt::format("C {} {}\n", (*r).value().id.value, (*r).value().version);
      }
    } else if (dice < 28) {
      auto& [id, version, industry, points] = customers[rng() % customers.size()];
      auto got = timed(ReadCustomer, [&] { return crm.customers().get(actor, id); });
      if (!got) continue;
      Customer c = std::move(*got).value();
      // Read your own writes. (The version may have moved on since: issuing a policy or receiving
      // a complaint refreshes the customer's stage, which is an update too.)
      if (c.version < version || c.industry != industry) {
        out.error = fmt::format("customer {} read at version {} '{}', last acknowledged {} '{}'", id.value, c.version,
                                c.industry, version, industry);
        break;
      }
      c.industry = fmt::format("w{}-t{}-s{}", worker, thread, sequence);
      if (auto r = timed(UpdateCustomer, [&] { return crm.customers().update(actor, c); })) {
        version = (*r).value().version;
        industry = c.industry;
        out.log << fmt::format("U {} {} {}\n", id.value, version, c.industry);
      }
    } else if (dice < 40) {
      const std::size_t holder_index = rng() % customers.size();
      const CustomerId holder = customers[holder_index].id;
      PolicyApplication app{.product = kProduct, .holder = holder, .sum_insured = Money::cny(100'000'00),
                            .premium = Money::cny(500'00), .frequency = Frequency::Monthly};
      if (auto r = timed(IssuePolicy, [&] { return crm.policies().issue(actor, app); })) {
        const Policy& p = (*r).value();
        policies.push_back(OwnPolicy{p.id, holder_index, {}, 0, *p.effective_date, true});
        out.log << fmt::format("P {} {} {}\n", p.id.value, holder.value, to_string(p.status));
      }
    } else if (dice < 62 && !policies.empty()) {
      auto& p = policies[rng() % policies.size()];
      if (!p.open || p.payments >= 200) continue;
      const Date due = add_months(p.effective, p.payments);  // how the schedule counts instalments
      if (auto r = timed(RecordPayment, [&] { return crm.policies().record_payment(actor, p.id, {.due = due}); })) {
        ++p.payments;
        p.unearned.push_back((*r).value().id);
        out.log << fmt::format("Y {} {}\n", p.id.value, to_string(due));
      }
    } else if (dice < 66 && !policies.empty()) {
      // A policy step: cancelled in its free look before any premium, surrendered after some.
      auto& p = policies[rng() % policies.size()];
      if (!p.open) continue;
      const bool free_look = p.payments == 0;
      auto r = timed(PolicyStep, [&] {
        return free_look ? crm.policies().cancel_in_free_look(actor, p.id, "soak: changed mind")
                         : crm.policies().surrender(actor, p.id, "soak: surrender");
      });
      if (r) {
        p.open = false;
        out.log << fmt::format("S {} {}\n", p.id.value, to_string((*r).value().status));
      }
    } else if (dice < 70 && !policies.empty()) {
      // Points for a paid premium, as the core system would report it — sometimes delivered again.
      auto& p = policies[rng() % policies.size()];
      const bool replay = !earned.empty() && (p.unearned.empty() || dice % 2 == 0);
      if (!replay && p.unearned.empty()) continue;
      auto& holder = customers[p.holder];
      const EarnEvent event = replay ? earned[rng() % earned.size()].first
                                     : EarnEvent{.customer = holder.id,
                                                 .type = EarnEventType::PremiumPaid,
                                                 .amount = Money::cny(500'00),
                                                 .policy = p.id,
                                                 .source = fmt::format("payment:{}", p.unearned.back().value)};
      auto r = timed(EarnPoints, [&] { return crm.loyalty().earn(actor, event); });
      if (!r) continue;
      const auto& result = (*r).value();
      if (result.entries.size() != 1) {
        out.error = fmt::format("earn {}: {} entries, expected one (one rule)", event.source, result.entries.size());
        break;
      }
      if (replay) {
        const auto& first = *std::find_if(earned.begin(), earned.end(),
                                          [&](const auto& e) { return e.first.source == event.source; });
        if (!result.replayed || result.entries[0].id != first.second) {
          out.error = fmt::format("replayed {} paid again (entry {}, first {})", event.source,
                                  result.entries[0].id.value, first.second.value);
          break;
        }
        continue;
      }
      p.unearned.pop_back();
      earned.emplace_back(event, result.entries[0].id);
      const auto owner = std::find_if(customers.begin(), customers.end(),
                                      [&](const auto& c) { return c.id == event.customer; });
      owner->points += result.entries[0].points;
      out.log << fmt::format("E {} {}\n", event.customer.value, result.entries[0].points);
    } else if (dice < 73) {
      auto& c = customers[rng() % customers.size()];
      if (c.points < 10) continue;
      const std::int64_t spend = 1 + static_cast<std::int64_t>(rng() % 10);
      const auto key = fmt::format("soak-redeem-{}-{}-{}", worker, thread, sequence);
      if (auto r = timed(RedeemPoints, [&] { return crm.loyalty().redeem(actor, c.id, spend, key, "soak gift"); })) {
        c.points -= spend;
        out.log << fmt::format("R {} {}\n", c.id.value, spend);
      }
    } else if (dice < 80) {
      Complaint draft;
      draft.customer = customers[rng() % customers.size()].id;
      draft.matter = fmt::format("soak complaint {}", sequence);
      draft.subcategory = "delay";
      draft.org_unit = unit;
      if (auto r = timed(ReceiveComplaint, [&] { return crm.complaints().receive(actor, draft); })) {
        complaints.push_back(OwnComplaint{(*r).value().id, (*r).value().status});
        out.log << fmt::format("K {} {}\n", (*r).value().id.value, to_string((*r).value().status));
      }
    } else if (!complaints.empty()) {
      // The next step of one of this thread's open complaints, along the whole handling path.
      auto& k = complaints[rng() % complaints.size()];
      if (k.status == ComplaintStatus::Closed) continue;
      auto r = timed(ComplaintStep, [&]() -> Result<Complaint> {
        switch (k.status) {
          case ComplaintStatus::Received: return crm.complaints().assign(actor, k.id, "service", "handler-1");
          case ComplaintStatus::Assigned: return crm.complaints().start_investigation(actor, k.id);
          case ComplaintStatus::Investigating: return crm.complaints().propose_solution(actor, k.id, "refund the fee");
          case ComplaintStatus::SolutionProposed: return crm.complaints().inform_customer(actor, k.id);
          default: return crm.complaints().close(actor, k.id, RootCause::Process, 4);
        }
      });
      if (r) {
        k.status = (*r).value().status;
        out.log << fmt::format("K {} {}\n", k.id.value, to_string(k.status));
      }
    }
  }
}

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const auto end = std::min(text.find(sep, begin), text.size());
    parts.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return parts;
}

}  // namespace

// The worker: soak <uri> <worker> <threads> <seconds> <seed> <result file>
// Says "ready" once its Crm is open, starts at "go", runs its threads until the time is up, writes
// every acknowledgement and latency to the result file (renamed into place when complete) and ends
// with "finished <acks> <busy>" — or "error <what>" at the first unexpected error.
int soak_worker(std::span<char* const> args) {
  if (args.size() != 6) {
    std::fprintf(stderr, "usage: --worker=soak <uri> <worker> <threads> <seconds> <seed> <file>\n");
    return 2;
  }
  const std::string uri = args[0];
  const int worker = static_cast<int>(to_ll(args[1]));
  const int threads = static_cast<int>(to_ll(args[2]));
  const long long seconds = to_ll(args[3]);
  const auto seed = static_cast<std::uint64_t>(to_ll(args[4]));
  const std::string result_path = args[5];

  auto opened = Crm::open(uri);
  if (!opened) {
    worker_write_line("error open: " + describe(opened.error()));
    return 1;
  }
  const Crm crm = std::move(opened).value();
  auto units = crm.organisation().units(soak_actor(worker, 0));
  if (!units || units.value().empty()) {
    worker_write_line("error no org unit: " + (units ? std::string{"none"} : describe(units.error())));
    return 1;
  }
  const OrgUnitId unit = units.value().front().id;
  worker_write_line("ready");
  if (worker_read_line() != std::optional<std::string>{"go"}) return 1;

  const auto until = Clock::now() + std::chrono::seconds{seconds};
  std::vector<ThreadResult> results(static_cast<std::size_t>(threads));
  {
    std::vector<std::jthread> pool;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&, t] { run_thread(crm, unit, worker, t, seed, until, results[static_cast<std::size_t>(t)]); });
  }

  long long busy = 0;
  std::string error;
  std::ofstream file{result_path + ".tmp"};
  for (auto& r : results) {
    busy += r.busy;
    if (error.empty()) error = r.error;
    file << r.log.str();
    for (int op = 0; op < kOps; ++op)
      for (auto us : r.latencies[static_cast<std::size_t>(op)]) file << fmt::format("L {} {}\n", op, us);
  }
  file.close();
  if (!file || std::rename((result_path + ".tmp").c_str(), result_path.c_str()) != 0) {
    worker_write_line("error cannot write " + result_path);
    return 1;
  }
  if (!error.empty()) {
    worker_write_line("error " + error);
    return 1;
  }
  worker_write_line(fmt::format("finished {}", busy));
  return 0;
}

TEST_SUITE("soak") {

TEST_CASE("mixed workload from several processes and threads: no lost write, no broken invariant") {
  const long long seconds = env_int("INSCRM_SOAK_SECONDS", 8);
  const int processes = static_cast<int>(env_int("INSCRM_SOAK_PROCESSES", 3));
  const int threads = static_cast<int>(env_int("INSCRM_SOAK_THREADS", 3));
  const auto seed = test_seed();
  TestDatabase db{"soak"};
  TempDir results{"soak-results"};
  {
    auto crm = Crm::open(db.uri());
    REQUIRE_MESSAGE(crm, "open: " << describe(crm.error()));
    auto product = crm.value().products().create(
        soak_actor(0, 0), {.code = kProduct, .name = "Soak Whole Life", .line = LineOfBusiness::Life,
                           .free_look_days = 15, .grace_days = 60, .term_years = 20});
    REQUIRE_MESSAGE(product, "product: " << describe(product.error()));
    auto unit = crm.value().organisation().create_unit(
        soak_actor(0, 0), {.code = "HO", .name = "Head Office", .kind = OrgUnitKind::HeadOffice});
    REQUIRE_MESSAGE(unit, "org unit: " << describe(unit.error()));
    EarningRule rule;  // one point per 10 yuan of premium, kept a year
    rule.name = "soak_premium";
    rule.event = EarnEventType::PremiumPaid;
    rule.points_per_unit = 1;
    rule.unit_minor = 10'00;
    rule.expiry_months = 12;
    auto added = crm.value().loyalty().add_rule(soak_actor(0, 0), rule);
    REQUIRE_MESSAGE(added, "earning rule: " << describe(added.error()));
  }

  std::vector<std::unique_ptr<Worker>> workers;
  std::vector<std::string> files;
  for (int w = 0; w < processes; ++w) {
    files.push_back(fmt::format("{}/worker-{}.txt", results.path(), w));
    workers.push_back(std::make_unique<Worker>(
        "soak", std::vector<std::string>{db.uri(), std::to_string(w), std::to_string(threads), std::to_string(seconds),
                                         std::to_string(seed), files.back()}));
  }
  for (auto& w : workers) {
    const auto line = w->read_line(60s);
    REQUIRE_MESSAGE(line == std::optional<std::string>{"ready"}, "worker: " << line.value_or("<nothing>"));
  }
  const auto t0 = Clock::now();
  for (auto& w : workers) w->send("go");
  long long busy = 0;
  for (int w = 0; w < processes; ++w) {
    const auto line = workers[static_cast<std::size_t>(w)]->read_line(std::chrono::seconds{seconds + 120});
    const auto status = workers[static_cast<std::size_t>(w)]->wait(30s);
    REQUIRE_MESSAGE(status, "worker " << w << " did not end");
    REQUIRE_MESSAGE((WIFEXITED(*status) && WEXITSTATUS(*status) == 0),
                    "worker " << w << " " << describe_status(*status) << ": " << line.value_or("<nothing>"));
    busy += to_ll(line.value_or("finished -1").substr(9));
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();

  // What the workers were told, the last word per record.
  struct CustomerAck { std::int64_t version; std::string industry; };
  std::map<long long, CustomerAck> customers;
  std::map<long long, std::string> policy_status;     // policy → status of its last acknowledged step
  std::map<long long, std::set<std::string>> payments;  // policy → acknowledged due dates
  std::map<long long, std::string> complaint_status;
  std::map<long long, std::int64_t> points;  // customer → acknowledged earnings minus redemptions
  long long earnings = 0, redemptions = 0;
  std::vector<std::vector<std::uint32_t>> latencies(kOps);
  long long acks = 0;
  for (const auto& path : files) {
    std::ifstream in{path};
    REQUIRE_MESSAGE(in, "no result file " << path);
    std::string line;
    while (std::getline(in, line)) {
      const auto f = split(line, ' ');
      REQUIRE(f.size() >= 2);
      const long long id = to_ll(f[1]);
      if (f[0] == "L") {
        latencies[static_cast<std::size_t>(id)].push_back(static_cast<std::uint32_t>(to_ll(f[2])));
        continue;
      }
      ++acks;
      if (f[0] == "C") customers[id] = {to_ll(f[2]), "initial"};
      else if (f[0] == "U") customers[id] = {to_ll(f[2]), std::string{f[3]}};
      else if (f[0] == "P" || f[0] == "S") policy_status[id] = std::string{f[f[0] == "P" ? 3 : 2]};
      else if (f[0] == "Y") payments[id].insert(std::string{f[2]});
      else if (f[0] == "K") complaint_status[id] = std::string{f[2]};
      else if (f[0] == "E") points[id] += to_ll(f[2]), ++earnings;
      else if (f[0] == "R") points[id] -= to_ll(f[2]), ++redemptions;
      else FAIL("unknown record: " << line);
    }
  }

  auto opened = Crm::open(db.uri());
  REQUIRE_MESSAGE(opened, "open: " << describe(opened.error()));
  const Crm& crm = opened.value();
  const Actor auditor = soak_actor(99, 0);
  long long lost = 0, broken = 0;
  auto lost_write = [&](const std::string& what) {
    if (++lost <= 10) MESSAGE("lost write: " << what);
  };
  auto broken_invariant = [&](const std::string& what) {
    if (++broken <= 10) MESSAGE("broken invariant: " << what);
  };

  // Customers: exactly the acknowledged ones, each with the value of its last acknowledged update
  // (and a version no older: stage refreshes update customers too).
  std::size_t stored_customers = 0;
  for (CustomerId after{};;) {
    auto page = crm.customers().list(auditor, {.after = after, .limit = 1000});
    REQUIRE_MESSAGE(page, describe(page.error()));
    if (page.value().empty()) break;
    for (const auto& c : page.value()) {
      ++stored_customers;
      const auto it = customers.find(c.id.value);
      if (it == customers.end()) broken_invariant(fmt::format("customer {} was never acknowledged", c.id.value));
      else if (c.version < it->second.version || c.industry != it->second.industry)
        lost_write(fmt::format("customer {} is at version {} '{}', acknowledged {} '{}'", c.id.value, c.version,
                               c.industry, it->second.version, it->second.industry));
    }
    after = page.value().back().id;
  }
  if (stored_customers != customers.size())
    lost_write(fmt::format("{} customers stored, {} acknowledged", stored_customers, customers.size()));

  // Policies: exactly the acknowledged ones, in the acknowledged status, with the acknowledged
  // payments, and a history that reaches the status through legal steps.
  std::size_t stored_policies = 0, stored_payments = 0, acked_payments = 0;
  for (const auto& [id, dues] : payments) acked_payments += dues.size();
  for (PolicyId after{};;) {
    auto page = crm.policies().list(auditor, {.after = after, .limit = 1000});
    REQUIRE_MESSAGE(page, describe(page.error()));
    if (page.value().empty()) break;
    for (const auto& p : page.value()) {
      ++stored_policies;
      const auto it = policy_status.find(p.id.value);
      if (it == policy_status.end()) {
        broken_invariant(fmt::format("policy {} was never acknowledged", p.id.value));
        continue;
      }
      if (to_string(p.status) != it->second)
        lost_write(fmt::format("policy {} is {}, acknowledged {}", p.id.value, to_string(p.status), it->second));
      auto paid = crm.policies().payments(auditor, p.id);
      REQUIRE_MESSAGE(paid, describe(paid.error()));
      std::set<std::string> stored;
      for (const auto& pay : paid.value()) stored.insert(to_string(pay.due_date));
      stored_payments += stored.size();
      if (stored != payments[p.id.value])
        lost_write(fmt::format("policy {} holds {} payments, {} acknowledged", p.id.value, stored.size(),
                               payments[p.id.value].size()));
      auto history = crm.policies().history(auditor, p.id);
      REQUIRE_MESSAGE(history, describe(history.error()));
      const auto& steps = history.value();
      if (steps.empty()) {
        broken_invariant(fmt::format("policy {} has no recorded transitions", p.id.value));
        continue;
      }
      for (std::size_t i = 0; i < steps.size(); ++i) {
        if (transition_target(steps[i].from, steps[i].event) != steps[i].to)
          broken_invariant(fmt::format("policy {} step {}: {} --{}--> {} is not in the lifecycle table", p.id.value, i,
                                       to_string(steps[i].from), to_string(steps[i].event), to_string(steps[i].to)));
        if (i > 0 && steps[i].from != steps[i - 1].to)
          broken_invariant(fmt::format("policy {} step {} starts at {}, the previous ended at {}", p.id.value, i,
                                       to_string(steps[i].from), to_string(steps[i - 1].to)));
      }
      if (steps.back().to != p.status)
        broken_invariant(fmt::format("policy {} is {} but its history ends at {}", p.id.value, to_string(p.status),
                                     to_string(steps.back().to)));
    }
    after = page.value().back().id;
  }
  if (stored_policies != policy_status.size())
    lost_write(fmt::format("{} policies stored, {} acknowledged", stored_policies, policy_status.size()));
  if (stored_payments != acked_payments)
    lost_write(fmt::format("{} payments stored, {} acknowledged", stored_payments, acked_payments));

  // Complaints: exactly the acknowledged ones, each in its acknowledged status, reached by legal steps.
  std::size_t stored_complaints = 0;
  for (ComplaintId after{};;) {
    auto page = crm.complaints().list(auditor, {.after = after, .limit = 1000});
    REQUIRE_MESSAGE(page, describe(page.error()));
    if (page.value().empty()) break;
    for (const auto& k : page.value()) {
      ++stored_complaints;
      const auto it = complaint_status.find(k.id.value);
      if (it == complaint_status.end()) {
        broken_invariant(fmt::format("complaint {} was never acknowledged", k.id.value));
        continue;
      }
      if (to_string(k.status) != it->second)
        lost_write(fmt::format("complaint {} is {}, acknowledged {}", k.id.value, to_string(k.status), it->second));
      auto steps = crm.complaints().history(auditor, k.id);
      REQUIRE_MESSAGE(steps, describe(steps.error()));
      ComplaintStatus at = ComplaintStatus::Received;
      for (std::size_t i = 0; i < steps.value().size(); ++i) {
        const auto& s = steps.value()[i];
        if (i == 0 && s.event == ComplaintEvent::Receive && s.to == ComplaintStatus::Received) continue;  // intake
        if (s.from != at || transition_target(s.from, s.event) != s.to)
          broken_invariant(fmt::format("complaint {}: step {} --{}--> {} does not follow {}", k.id.value,
                                       to_string(s.from), to_string(s.event), to_string(s.to), to_string(at)));
        at = s.to;
      }
      if (at != k.status)
        broken_invariant(fmt::format("complaint {} is {} but its steps end at {}", k.id.value, to_string(k.status),
                                     to_string(at)));
    }
    after = page.value().back().id;
  }
  if (stored_complaints != complaint_status.size())
    lost_write(fmt::format("{} complaints stored, {} acknowledged", stored_complaints, complaint_status.size()));

  // The outbox: one customer.created per customer, no more, no fewer.
  std::size_t created_events = 0;
  for (EventId after{};;) {
    auto page = crm.events().poll(1000, after);
    REQUIRE_MESSAGE(page, describe(page.error()));
    if (page.value().empty()) break;
    for (const auto& e : page.value()) created_events += e.type == "customer.created";
    after = page.value().back().id;
  }
  if (created_events != customers.size())
    broken_invariant(fmt::format("{} customer.created events for {} customers", created_events, customers.size()));

  // Points: every balance is what was acknowledged; the ledger proves balance = sum of entries.
  for (const auto& [id, expected] : points) {
    auto balance = crm.loyalty().balance(auditor, CustomerId{id});
    REQUIRE_MESSAGE(balance, describe(balance.error()));
    if (balance.value().balance != expected)
      lost_write(fmt::format("customer {} holds {} points, acknowledged {}", id, balance.value().balance, expected));
  }
  auto ledger = crm.loyalty().check_balances(auditor);
  REQUIRE_MESSAGE(ledger, describe(ledger.error()));
  for (const auto& m : ledger.value().mismatches)
    broken_invariant(fmt::format("customer {}: balance is not the sum of its entries", m.customer.value));

  // The audit chain: every record links to the one before it.
  auto audit = crm.verify_audit(auditor);
  REQUIRE_MESSAGE(audit, describe(audit.error()));
  if (!audit.value().ok())
    broken_invariant(fmt::format("audit chain broken at seq {}: {}", audit.value().broken->seq,
                                 audit.value().broken->reason));

  // The report.
  std::string table;
  long long calls = 0;
  for (int op = 0; op < kOps; ++op) {
    auto& v = latencies[static_cast<std::size_t>(op)];
    calls += static_cast<long long>(v.size());
    if (v.empty()) continue;
    std::sort(v.begin(), v.end());
    const auto pct = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * v.size()))]; };
    table += fmt::format("\n  {:<18} {:>8} calls  p50 {:>7.2f} ms  p99 {:>7.2f} ms", kOpNames[op], v.size(),
                         pct(0.50) / 1000.0, pct(0.99) / 1000.0);
  }
  MESSAGE(fmt::format("soak on {}: {} processes x {} threads for {} s (seed {}): {} calls, {:.0f} calls/s, "
                      "{} acknowledged writes, {} busy refusals, {} audit records verified;{}\n"
                      "  {} lost writes, {} broken invariants",
                      adapter_name(adapter_under_test()), processes, threads, seconds, seed, calls, calls / elapsed,
                      acks, busy, audit.value().checked, table, lost, broken));
  CHECK(lost == 0);
  CHECK(broken == 0);
  CHECK(customers.size() > 0);
  CHECK(policy_status.size() > 0);
  CHECK(acked_payments > 0);
  CHECK(complaint_status.size() > 0);
  CHECK(earnings > 0);
  CHECK(redemptions > 0);
  CHECK(audit.value().checked > 0);
}

}  // TEST_SUITE("soak")

}  // namespace inscrm::process_tests
