// Care calendar benchmark (issue #6 item 4 and its performance note): one day's care run plus the
// loyalty tier evaluation over N customers (default 1,000,000) on SQLite, through the facade.
// Target: under 10 s together. Also reported: how much of the care run is spent in SQL — the
// storage-port calls the run makes (due queries, consent probes, task inserts), replayed and timed
// on their own in a transaction that is then dropped — against the library's share (the schedule
// check, building tasks, the outbox event, the transaction).
//
// The book: N customers (sample generator), 4 policies per 3 customers with effective dates over
// 2012–2026, a quarter monthly, some in grace, some maturing; one payment per policy; two thirds of
// the customers consent to care by SMS, half by phone. It is loaded through the storage port's
// bulk inserts and kept in $TMPDIR/inscrm-bench-care/ (reused when its size matches: --fresh
// reloads).
// Usage: bench_care [--customers N] [--day YYYY-MM-DD] [--fresh]
// Reproduce: build/dev/bench/bench_care --customers 1000000

#include "sample_portfolio.hpp"

#include <inscrm/crm.hpp>
#include <inscrm/domain/payment.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace {

using Stopwatch = std::chrono::steady_clock;
double seconds_since(Stopwatch::time_point t) { return std::chrono::duration<double>(Stopwatch::now() - t).count(); }

const inscrm::Actor kAdmin{.user = "bench", .roles = {inscrm::Role::Administrator}};

template <class T>
T must(inscrm::Result<T> r, const char* what) {
  if (!r) {
    fmt::print(stderr, "{}: {}\n", what, r.error().to_string());
    std::exit(1);
  }
  return std::move(r).value();
}
void must(inscrm::Result<void> r, const char* what) {
  if (!r) {
    fmt::print(stderr, "{}: {}\n", what, r.error().to_string());
    std::exit(1);
  }
}

// Loads the book through the storage port (bulk inserts, one transaction per kind of record).
void load(const std::string& uri, std::size_t n, inscrm::Date day) {
  using namespace inscrm;
  Stopwatch::time_point t = Stopwatch::now();
  sample::Organisation org;
  {
    auto crm = must(Crm::open(uri), "open");
    org = must(sample::create_organisation(crm, kAdmin), "organisation");
  }
  sample::Options options;
  options.customers = n;
  auto customers = sample::generate_customers(options, org);
  auto store = must(storage::open_store(uri), "open store");
  {
    auto tx = must(store->begin(storage::TxMode::Write), "begin");
    must(tx->insert_customers(customers), "customers");
    must(tx->commit(), "commit customers");
  }
  fmt::print("  {} customers loaded in {:.1f} s\n", customers.size(), seconds_since(t));

  t = Stopwatch::now();
  std::mt19937_64 rng(20261207);
  std::vector<Policy> policies;
  policies.reserve(n * 4 / 3 + 1);
  const int first = to_epoch_days(Date{std::chrono::year{2012} / 1 / 1});
  const int last = to_epoch_days(add_days(day, -1));
  for (std::size_t i = 0; i < n * 4 / 3; ++i) {
    const auto& holder = customers[i % n];
    Policy p;
    p.number = fmt::format("B{:09}", i);
    p.product = org.products[i % org.products.size()].id;
    p.holder = holder.id;
    p.agent = holder.agent;
    p.org_unit = holder.org_unit;
    p.sum_insured = Money::cny(500'000'00);
    p.premium = Money::cny(3'000'00);
    const auto r = rng();
    p.frequency = r % 4 == 0 ? Frequency::Monthly : (r % 4 == 1 ? Frequency::Quarterly : Frequency::Annual);
    p.premium_years = 20;
    const Date effective = from_epoch_days(first + static_cast<int>(rng() % static_cast<unsigned>(last - first)));
    p.application_date = add_days(effective, -7);
    p.issue_date = add_days(effective, -2);
    p.effective_date = effective;
    if (r % 3 != 0) p.expiry_date = add_years(effective, 5 + static_cast<int>(r % 30));  // else whole life
    p.status = r % 50 == 0 ? PolicyStatus::GracePeriod : (r % 17 == 0 ? PolicyStatus::Lapsed : PolicyStatus::InForce);
    p.status_since = r % 50 == 0 ? add_days(day, -static_cast<int>(rng() % 60)) : effective;
    if (p.expiry_date && *p.expiry_date <= day) p.status = PolicyStatus::Matured;
    policies.push_back(std::move(p));
  }
  {
    auto tx = must(store->begin(storage::TxMode::Write), "begin");
    must(tx->insert_policies(policies), "policies");
    must(tx->commit(), "commit policies");
  }
  std::vector<Payment> payments;
  payments.reserve(policies.size());
  for (const auto& p : policies) {
    // The last instalment due before the day, paid on its due date.
    const auto due = instalments_through(p, add_days(day, -1));
    if (due.empty()) continue;
    Payment pay;
    pay.policy = p.id;
    pay.due_date = due.back().due_date;
    pay.paid_on = pay.due_date;
    pay.amount = p.premium;
    pay.policy_year = due.back().policy_year;
    payments.push_back(pay);
  }
  {
    auto tx = must(store->begin(storage::TxMode::Write), "begin");
    must(tx->insert_payments(payments), "payments");
    must(tx->commit(), "commit payments");
  }
  fmt::print("  {} policies and {} payments loaded in {:.1f} s\n", policies.size(), payments.size(),
             seconds_since(t));

  t = Stopwatch::now();
  std::size_t consents = 0;
  {
    auto tx = must(store->begin(storage::TxMode::Write), "begin");
    for (const auto& c : customers) {
      for (auto [purpose, channel, keep] :
           {std::tuple{ConsentPurpose::Care, Channel::Sms, c.id.value % 3 != 0},
            std::tuple{ConsentPurpose::Care, Channel::CallCentre, c.id.value % 2 == 0}}) {
        if (!keep) continue;
        ConsentRecord r{ConsentId{}, c.id, purpose, channel, true, start_of(Date{std::chrono::year{2025} / 1 / 1}),
                        "bench", "bench", start_of(Date{std::chrono::year{2025} / 1 / 1})};
        must(tx->care().append_consent(r), "consent");
        ++consents;
      }
    }
    must(tx->commit(), "commit consents");
  }
  fmt::print("  {} consents loaded in {:.1f} s\n", consents, seconds_since(t));
}

// The storage-port calls a care run makes for `day` (CareService::run), timed alone: the SQL share.
double replay_care_sql(const std::string& uri, inscrm::Date day, const inscrm::CareSettings& s, std::size_t* rows) {
  using namespace inscrm;
  auto store = must(storage::open_store(uri), "open store");
  auto tx = must(store->begin(storage::TxMode::Write), "begin");
  auto& care = tx->care();
  const auto t = Stopwatch::now();
  std::vector<storage::CareCandidate> all;
  auto add = [&](std::vector<storage::CareCandidate> c) { all.insert(all.end(), c.begin(), c.end()); };
  const bool feb29 = day.month() == std::chrono::February && day.day() == std::chrono::day{28} && !day.year().is_leap();
  add(must(care.born_on(static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()), feb29), "born_on"));
  add(must(care.anniversaries(day, feb29), "anniversaries"));
  const auto due = must(care.instalments_due(add_days(day, s.premium_due_lead_days)), "instalments_due");
  for (const auto& d : due) all.push_back({d.holder, d.agent, d.policy, 0, day});
  add(must(care.grace_ending(add_days(day, s.grace_warning_lead_days)), "grace_ending"));
  add(must(care.maturing(add_days(day, s.maturity_lead_days)), "maturing"));
  const Date event_day = add_days(day, -s.follow_up_after_days);
  add(must(care.issued_long_term(event_day, s.long_term_min_days), "issued_long_term"));
  add(must(care.claims_settled(event_day), "claims_settled"));
  add(must(care.complaints_closed(event_day), "complaints_closed"));
  std::vector<CustomerId> ids;
  for (const auto& c : all) ids.push_back(c.customer);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  const auto yes = must(care.consenting(ConsentPurpose::Care, Channel::Sms, ids), "consenting");
  std::vector<CareTask> tasks;
  for (const auto& c : all) {
    if (!std::binary_search(yes.begin(), yes.end(), c.customer)) continue;
    CareTask task;
    task.customer = c.customer;
    task.due = day;
    task.about = day;
    task.key = fmt::format("replay:{}:{}:{}", c.customer.value, c.policy ? c.policy->value : 0, tasks.size());
    tasks.push_back(std::move(task));
  }
  must(care.insert_care_tasks(tasks), "insert");
  *rows = all.size();
  return seconds_since(t);  // the transaction is dropped: nothing of the replay stays
}

}  // namespace

int main(int argc, char** argv) {
  using namespace inscrm;
  std::size_t n = 1'000'000;
  Date day{std::chrono::year{2026} / 12 / 7};
  bool fresh = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--customers" && i + 1 < argc) n = std::strtoull(argv[++i], nullptr, 10);
    else if (arg == "--day" && i + 1 < argc) day = parse_date(argv[++i]).value_or(day);
    else if (arg == "--fresh") fresh = true;
    else {
      fmt::print(stderr, "usage: bench_care [--customers N] [--day YYYY-MM-DD] [--fresh]\n");
      return 2;
    }
  }
  const auto dir = std::filesystem::temp_directory_path() / "inscrm-bench-care";
  const auto db = dir / fmt::format("care-{}.db", n);
  const auto uri = "sqlite:" + db.string();
  fmt::print("inscrm {} care calendar benchmark: {} customers on SQLite, day {}\n", Crm::library_version(), n,
             to_string(day));
  if (fresh || !std::filesystem::exists(dir / fmt::format("care-{}.ok", n))) {
    std::filesystem::create_directories(dir);
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
    fmt::print("loading the book into {}\n", db.string());
    load(uri, n, day);
    std::ofstream(dir / fmt::format("care-{}.ok", n)) << "loaded\n";
  } else {
    fmt::print("reusing the book in {} (--fresh reloads)\n", db.string());
  }

  auto clock = std::make_shared<ManualClock>(day);
  OpenOptions options;
  options.clock = clock;
  const CareSettings settings = options.care;
  auto crm = must(Crm::open(uri, options), "open");

  std::size_t replay_rows = 0;
  const double t_sql = replay_care_sql(uri, day, settings, &replay_rows);

  auto t = Stopwatch::now();
  const auto run = must(crm.care().run(kAdmin, day), "care run");
  const double t_care = seconds_since(t);
  t = Stopwatch::now();
  const auto again = must(crm.care().run(kAdmin, day), "care run again");
  const double t_again = seconds_since(t);
  t = Stopwatch::now();
  const auto tiers = must(crm.loyalty().evaluate_tiers(kAdmin, day), "evaluate tiers");
  const double t_tiers = seconds_since(t);

  fmt::print("care run:        {:7.3f} s  {} tasks produced ({} skipped without consent; {} due rows)\n", t_care,
             run.produced, run.without_consent, replay_rows);
  for (int k = 0; k < kCareKinds; ++k)
    fmt::print("    {:<20} {:>7}\n", to_string(static_cast<CareKind>(k)), run.by_kind[static_cast<std::size_t>(k)]);
  fmt::print("  of which SQL:  {:7.3f} s  ({:.0f} %: due queries, consent probes and task inserts replayed alone)\n",
             t_sql, 100.0 * t_sql / t_care);
  fmt::print("  library:       {:7.3f} s  ({:.0f} %)\n", t_care - t_sql, 100.0 * (t_care - t_sql) / t_care);
  fmt::print("care run again:  {:7.3f} s  {} new (idempotent: {} already produced)\n", t_again, again.produced,
             again.already_produced);
  fmt::print("tier evaluation: {:7.3f} s  {} customers, {} upgrades\n", t_tiers, tiers.customers, tiers.upgrades);
  const double total = t_care + t_tiers;
  fmt::print("care run + tier evaluation: {:.2f} s (target < 10 s): {}\n", total, total < 10.0 ? "met" : "MISSED");
  return 0;
}
