// Rule benchmark (issue 5, Performance). Side by side in one run, on the same generated customers:
// a 5-predicate segment rule with a count of members per region, evaluated
//   1. by the columnar engine (rules::evaluate + rules::count_by on an analytics::Portfolio), on
//      the caller's thread only (the default) and with every hardware thread (EvalOptions),
//   2. by a hand-written C++ struct-of-arrays loop: the memory-bandwidth limit;   target <= 4x it,
//   3. by SQLite (in memory) on a customer_facts table with the rule's columns, using the WHERE
//      clause rules::to_sql writes for the same rule;                              target >= 100x faster,
//   4. by pandas (bench_rules_pandas.py, run by /usr/bin/python3) on the same columns;  target >= 20x.
// Also the Portfolio's memory per customer with the 23 standard facts filled; target <= 64 bytes.
// Every side must find the same members per region, or the benchmark fails.
// pandas and SQLite are measured as they are: where they are fast enough that the 20x / 100x
// targets would need the engine to beat the hand loop, the line says MISSED rather than hide it.
// The portfolio is built column by column (set / set_ints / set_days), not through storage: the
// benchmark is of evaluation, bench_storage measures the adapters.
// Usage: bench_rules [--rows N] [--repeat N]     (each figure is the best of N runs, default 5: the
//        machine is shared, and the best run is the one least disturbed; SQLite runs at most twice)
// Reproduce: cmake -S . -B build/bench -DINSCRM_BUILD_BENCH=ON && cmake --build build/bench --target bench_rules
//            build/bench/bench/bench_rules --rows 10000000

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/rules/evaluate.hpp>
#include <inscrm/rules/rule.hpp>
#include <inscrm/rules/sql.hpp>

#include <fmt/format.h>
#include <sqlite3.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#ifndef INSCRM_BENCH_PANDAS_SCRIPT
#error "INSCRM_BENCH_PANDAS_SCRIPT must name bench_rules_pandas.py (bench/CMakeLists.txt defines it)"
#endif

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// The rule under test and its hand-written equivalent in hand_loop(): keep the two in step.
constexpr const char* kRule =
    "age between 30 and 55 and gender = 'female' and annual_income >= 150000 "
    "and policies_in_force >= 1 and days_since(last_contact) <= 180";
constexpr std::int64_t kIncomeFloorFen = 150'000 * 100;
constexpr int kContactWindowDays = 180;

const inscrm::Date kAsOf = inscrm::Date{std::chrono::year{2026}, std::chrono::month{6}, std::chrono::day{30}};

// Deterministic and cheap: splitmix64, so that generating 10 million rows does not dominate.
struct Rng {
  std::uint64_t state;
  std::uint64_t next() noexcept {
    std::uint64_t z = (state += 0x9E37'79B9'7F4A'7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58'476D'1CE4'E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D0'49BB'1331'11EBULL;
    return z ^ (z >> 31);
  }
  std::int64_t below(std::int64_t n) noexcept { return static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(n)); }
  bool percent(int p) noexcept { return below(100) < p; }
};

const std::array<const char*, 8> kProvinces{"11", "12", "31", "32", "33", "42", "44", "51"};
constexpr int kDistrictsPerProvince = 5;
const std::array<const char*, 3> kGenders{"male", "female", "unknown"};
const std::array<const char*, 4> kStages{"prospect", "active", "dormant", "lost"};
const std::array<const char*, 4> kSources{"referral", "cold_visit", "walk_in", "online"};
const std::array<const char*, 4> kTiers{"standard", "silver", "gold", "platinum"};
const std::array<const char*, 6> kProducts{"WL-2024", "TL-2023", "CI-2023", "AC-2022", "HE-2024", "AN-2021"};
const std::array<const char*, 6> kLines{"life", "life", "health", "accident", "health", "annuity"};

// The facts the rule reads (and region), one array each with sentinels for null: the hand loop's
// input, and the source every other side is filled from.
struct Facts {
  std::vector<std::int8_t> age;            // -1 = null
  std::vector<std::uint8_t> gender;        // index into kGenders
  std::vector<std::int16_t> region;        // index into regions(), -1 = null
  std::vector<std::int32_t> income_fen;    // -1 = null
  std::vector<std::int8_t> policies;       // in force
  std::vector<std::int32_t> last_contact;  // epoch days, INT32_MIN = null
};

std::vector<std::string> regions() {
  std::vector<std::string> out;
  for (const char* p : kProvinces)
    for (int d = 1; d <= kDistrictsPerProvince; ++d) out.push_back(fmt::format("{}01{:02}", p, d));
  return out;
}

Facts generate(std::size_t n) {
  Facts f;
  f.age.resize(n);
  f.gender.resize(n);
  f.region.resize(n);
  f.income_fen.resize(n);
  f.policies.resize(n);
  f.last_contact.resize(n);
  const int today = inscrm::to_epoch_days(kAsOf);
  const auto region_count = static_cast<std::int64_t>(kProvinces.size() * kDistrictsPerProvince);
  Rng rng{42};
  for (std::size_t r = 0; r < n; ++r) {
    f.age[r] = rng.percent(3) ? std::int8_t{-1} : static_cast<std::int8_t>(18 + rng.below(70));
    f.gender[r] = static_cast<std::uint8_t>(rng.percent(2) ? 2 : rng.below(2));
    f.region[r] = rng.percent(2) ? std::int16_t{-1} : static_cast<std::int16_t>(rng.below(region_count));
    f.income_fen[r] = rng.percent(10) ? -1 : static_cast<std::int32_t>(rng.below(1'000'000) * 100);
    f.policies[r] = static_cast<std::int8_t>(rng.below(5));
    f.last_contact[r] = rng.percent(25) ? std::numeric_limits<std::int32_t>::min()
                                        : static_cast<std::int32_t>(today - rng.below(1'000));
  }
  return f;
}

template <class T>
std::optional<std::int64_t> unless(T v, T null) {
  return v == null ? std::nullopt : std::optional<std::int64_t>{v};
}

void check(const inscrm::Result<void>& r, const char* what) {
  if (!r) {
    fmt::print(stderr, "{}: {}\n", what, r.error().to_string());
    std::exit(1);
  }
}

// Every one of the 23 standard facts gets a value (nulls where the fact's documentation allows
// them), so that memory_bytes() is what a real book costs.
inscrm::Portfolio build_portfolio(const Facts& f) {
  namespace fact = inscrm::fact;
  const std::size_t n = f.age.size();
  std::vector<inscrm::CustomerId> ids(n);
  for (std::size_t r = 0; r < n; ++r) ids[r] = inscrm::CustomerId{static_cast<std::int64_t>(r + 1)};
  inscrm::Portfolio p(std::move(ids), kAsOf);
  const auto all_regions = regions();
  Rng rng{7};

  std::vector<std::optional<std::int64_t>> ints(n);
  const auto int_column = [&](inscrm::FactId id, auto&& value_of) {
    for (std::size_t r = 0; r < n; ++r) ints[r] = value_of(r);
    check(p.set_ints(id, ints), "set_ints");
  };
  int_column(fact::age, [&](std::size_t r) { return unless<std::int8_t>(f.age[r], -1); });
  int_column(fact::policies_in_force, [&](std::size_t r) { return std::optional<std::int64_t>{f.policies[r]}; });
  int_column(fact::tenure_years, [&](std::size_t r) {
    return f.policies[r] == 0 ? std::optional<std::int64_t>{} : std::optional<std::int64_t>{rng.below(30)};
  });
  int_column(fact::days_since_last_payment, [&](std::size_t r) {
    return f.policies[r] == 0 ? std::optional<std::int64_t>{} : std::optional<std::int64_t>{rng.below(400)};
  });
  int_column(fact::org_unit, [&](std::size_t) { return std::optional<std::int64_t>{1 + rng.below(200)}; });
  int_column(fact::agent, [&](std::size_t) {
    return rng.percent(5) ? std::optional<std::int64_t>{} : std::optional<std::int64_t>{1 + rng.below(20'000)};
  });
  int_column(fact::open_complaints, [&](std::size_t) { return std::optional<std::int64_t>{rng.percent(97) ? 0 : 1}; });
  int_column(fact::nps, [&](std::size_t) {
    return rng.percent(70) ? std::optional<std::int64_t>{} : std::optional<std::int64_t>{rng.below(11)};
  });
  int_column(fact::points, [&](std::size_t) { return std::optional<std::int64_t>{rng.below(50'000)}; });
  int_column(fact::value_tier, [&](std::size_t) { return std::optional<std::int64_t>{1 + rng.below(5)}; });

  std::vector<std::optional<inscrm::Date>> days(n);
  for (std::size_t r = 0; r < n; ++r)
    if (f.last_contact[r] != std::numeric_limits<std::int32_t>::min()) days[r] = inscrm::from_epoch_days(f.last_contact[r]);
  check(p.set_days(fact::last_contact, days), "set_days");

  // Per-row facts: the FactValues of dictionary texts are made once, not per row.
  const auto texts = [](auto const& list) {
    std::vector<inscrm::FactValue> out;
    for (const auto& t : list) out.emplace_back(std::string{t});
    return out;
  };
  const auto genders = texts(kGenders), stages = texts(kStages), sources = texts(kSources), tiers = texts(kTiers);
  const auto region_values = texts(all_regions);
  std::vector<inscrm::FactValue> province_values;
  for (const auto& reg : all_regions) province_values.emplace_back(reg.substr(0, 2) + "0000");
  const inscrm::FactValue null{};
  for (std::size_t r = 0; r < n; ++r) {
    const auto reg = f.region[r];
    const auto reg_index = static_cast<std::size_t>(reg);
    check(p.set(fact::gender, r, genders[f.gender[r]]), "gender");
    check(p.set(fact::region, r, reg < 0 ? null : region_values[reg_index]), "region");
    check(p.set(fact::province, r, reg < 0 ? null : province_values[reg_index]), "province");
    check(p.set(fact::annual_income, r,
                f.income_fen[r] < 0 ? null : inscrm::FactValue{inscrm::Money::cny(f.income_fen[r])}), "income");
    std::vector<std::string> products, lines;
    std::int64_t premium = 0;
    for (int k = 0; k < f.policies[r]; ++k) {
      const auto which = static_cast<std::size_t>(rng.below(static_cast<std::int64_t>(kProducts.size())));
      products.emplace_back(kProducts[which]);
      lines.emplace_back(kLines[which]);
      premium += 100'000 + rng.below(2'000'000);
    }
    check(p.set(fact::products_held, r, std::move(products)), "products_held");
    check(p.set(fact::lines_held, r, std::move(lines)), "lines_held");
    check(p.set(fact::annual_premium, r, inscrm::Money::cny(premium)), "annual_premium");
    check(p.set(fact::total_premium_paid, r, inscrm::Money::cny(premium * (1 + rng.below(10)))), "total_premium_paid");
    check(p.set(fact::stage, r, stages[static_cast<std::size_t>(rng.below(4))]), "stage");
    check(p.set(fact::source, r, sources[static_cast<std::size_t>(rng.below(4))]), "source");
    check(p.set(fact::tier, r, tiers[static_cast<std::size_t>(rng.below(4))]), "tier");
    check(p.set(fact::has_lapsed_policy, r, f.policies[r] > 0 && rng.percent(5)), "has_lapsed_policy");
  }
  return p;
}

// Members per region code; index regions().size() counts the rows whose region is null.
using Counts = std::vector<std::size_t>;

// The memory-bandwidth limit: the five tests branch-free over a block of rows into a byte each
// (a loop GCC vectorises: fixed trip count, no aliasing), then a count per region of the few
// selected rows. Nulls are sentinels that fail every test, which a hand loop can afford.
Counts hand_loop(const Facts& f, std::size_t region_count) {
  constexpr std::size_t kBlock = 1024;
  Counts counts(region_count + 1, 0);
  const std::int32_t contact_from = inscrm::to_epoch_days(kAsOf) - kContactWindowDays;
  const std::size_t n = f.age.size();
  const auto null_bucket = static_cast<std::uint16_t>(region_count);
  std::array<std::uint8_t, kBlock> member{};
  for (std::size_t row0 = 0; row0 < n; row0 += kBlock) {
    const std::size_t m = std::min(kBlock, n - row0);
    const std::int8_t* age = f.age.data() + row0;
    const std::uint8_t* gender = f.gender.data() + row0;
    const std::int32_t* income = f.income_fen.data() + row0;
    const std::int8_t* policies = f.policies.data() + row0;
    const std::int32_t* contact = f.last_contact.data() + row0;
    const auto test = [&](std::size_t k) {
      member[k] = static_cast<std::uint8_t>((static_cast<std::uint8_t>(age[k] - 30) <= 25) & (gender[k] == 1) &
                                            (income[k] >= kIncomeFloorFen) & (policies[k] >= 1) &
                                            (contact[k] >= contact_from));
    };
    if (m == kBlock) {
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC ivdep
#endif
      for (std::size_t k = 0; k < kBlock; ++k) test(k);
    } else {
      for (std::size_t k = 0; k < m; ++k) test(k);
    }
    for (std::size_t k = 0; k < m; ++k) {
      if (!member[k]) continue;
      const std::int16_t reg = f.region[row0 + k];
      ++counts[reg < 0 ? null_bucket : static_cast<std::uint16_t>(reg)];
    }
  }
  return counts;
}

Counts engine_counts(const inscrm::rules::Rule& rule, const inscrm::Portfolio& p, const std::vector<std::string>& names,
                     const inscrm::rules::EvalOptions& options) {
  auto selected = inscrm::rules::evaluate(rule, p, options);
  if (!selected) {
    fmt::print(stderr, "evaluate: {}\n", selected.error().to_string());
    std::exit(1);
  }
  auto groups = inscrm::rules::count_by(selected.value(), p, "region", options);
  if (!groups) {
    fmt::print(stderr, "count_by: {}\n", groups.error().to_string());
    std::exit(1);
  }
  Counts counts(names.size() + 1, 0);
  for (const auto& g : groups.value()) {
    if (std::holds_alternative<std::monostate>(g.key)) {
      counts[names.size()] = g.count;
    } else {
      const auto& key = std::get<std::string>(g.key);
      counts[static_cast<std::size_t>(std::find(names.begin(), names.end(), key) - names.begin())] = g.count;
    }
  }
  return counts;
}

void check_sqlite(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    fmt::print(stderr, "sqlite3 {}: {}\n", what, sqlite3_errmsg(db));
    std::exit(1);
  }
}

// The facts as a customer_facts table (rules/sql.hpp: Int and Money INTEGER, Day INTEGER epoch
// days, String TEXT, NULL for null), only the columns the query reads: the narrowest table is
// the fastest one for SQLite to scan.
sqlite3* load_sqlite(const Facts& f, const std::vector<std::string>& names) {
  sqlite3* db = nullptr;
  check_sqlite(sqlite3_open(":memory:", &db), db, "open");
  check_sqlite(sqlite3_exec(db,
                            "CREATE TABLE customer_facts (id INTEGER PRIMARY KEY, age INTEGER, gender TEXT, region TEXT, "
                            "annual_income INTEGER, policies_in_force INTEGER, last_contact INTEGER)",
                            nullptr, nullptr, nullptr),
               db, "schema");
  check_sqlite(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
  sqlite3_stmt* st = nullptr;
  check_sqlite(sqlite3_prepare_v2(db, "INSERT INTO customer_facts VALUES (?,?,?,?,?,?,?)", -1, &st, nullptr), db, "prepare");
  for (std::size_t r = 0; r < f.age.size(); ++r) {
    sqlite3_bind_int64(st, 1, static_cast<sqlite3_int64>(r + 1));
    if (f.age[r] < 0) sqlite3_bind_null(st, 2); else sqlite3_bind_int64(st, 2, f.age[r]);
    sqlite3_bind_text(st, 3, kGenders[f.gender[r]], -1, SQLITE_STATIC);
    if (f.region[r] < 0) sqlite3_bind_null(st, 4);
    else sqlite3_bind_text(st, 4, names[static_cast<std::size_t>(f.region[r])].c_str(), -1, SQLITE_STATIC);
    if (f.income_fen[r] < 0) sqlite3_bind_null(st, 5); else sqlite3_bind_int64(st, 5, f.income_fen[r]);
    sqlite3_bind_int64(st, 6, f.policies[r]);
    if (f.last_contact[r] == std::numeric_limits<std::int32_t>::min()) sqlite3_bind_null(st, 7);
    else sqlite3_bind_int64(st, 7, f.last_contact[r]);
    check_sqlite(sqlite3_step(st), db, "insert");
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  check_sqlite(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
  return db;
}

Counts sqlite_counts(sqlite3_stmt* st, const std::vector<std::string>& names) {
  Counts counts(names.size() + 1, 0);
  while (sqlite3_step(st) == SQLITE_ROW) {
    const auto n = static_cast<std::size_t>(sqlite3_column_int64(st, 1));
    if (sqlite3_column_type(st, 0) == SQLITE_NULL) {
      counts[names.size()] = n;
    } else {
      const std::string key = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      counts[static_cast<std::size_t>(std::find(names.begin(), names.end(), key) - names.begin())] = n;
    }
  }
  sqlite3_reset(st);
  return counts;
}

sqlite3_stmt* prepare_query(sqlite3* db, const inscrm::rules::Rule& rule) {
  inscrm::rules::SqlOptions options;
  options.placeholder = inscrm::rules::SqlPlaceholder::Question;
  options.as_of = kAsOf;
  auto where = inscrm::rules::to_sql(rule, options);
  if (!where) {
    fmt::print(stderr, "to_sql: {}\n", where.error().to_string());
    std::exit(1);
  }
  const std::string sql = "SELECT region, count(*) FROM customer_facts WHERE " + where.value().text + " GROUP BY region";
  sqlite3_stmt* st = nullptr;
  check_sqlite(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), db, "prepare query");
  int i = 1;
  for (const auto& param : where.value().params) {
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, bool>) sqlite3_bind_int(st, i, v ? 1 : 0);
          else if constexpr (std::is_same_v<T, std::int64_t>) sqlite3_bind_int64(st, i, v);
          else if constexpr (std::is_same_v<T, double>) sqlite3_bind_double(st, i, v);
          else sqlite3_bind_text(st, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        },
        param);
    ++i;
  }
  return st;
}

template <class T>
void write_column(const std::filesystem::path& path, const std::vector<T>& values) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(T)));
}

// The columns as raw arrays for pandas, nulls as pandas holds them: NaN in float columns and
// code -1 in categoricals. Returns the best query time pandas reported, and its counts.
std::pair<double, Counts> run_pandas(const Facts& f, const std::vector<std::string>& names, int repeat) {
  const auto dir = std::filesystem::temp_directory_path() / "inscrm-bench-rules";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::size_t n = f.age.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> real(n);
  for (std::size_t r = 0; r < n; ++r) real[r] = f.age[r] < 0 ? nan : f.age[r];
  write_column(dir / "age.f8", real);
  for (std::size_t r = 0; r < n; ++r) real[r] = f.income_fen[r] < 0 ? nan : f.income_fen[r] / 100.0;
  write_column(dir / "annual_income.f8", real);
  for (std::size_t r = 0; r < n; ++r)
    real[r] = f.last_contact[r] == std::numeric_limits<std::int32_t>::min() ? nan : f.last_contact[r];
  write_column(dir / "last_contact.f8", real);
  write_column(dir / "policies_in_force.i1", f.policies);
  write_column(dir / "gender.u1", f.gender);
  write_column(dir / "region.i2", f.region);
  {
    std::ofstream meta(dir / "meta.txt");
    meta << n << '\n' << inscrm::to_epoch_days(kAsOf) << '\n';
    for (const char* g : kGenders) meta << g << ' ';
    meta << '\n';
    for (const auto& r : names) meta << r << ' ';
    meta << '\n';
  }
  const std::string cmd = fmt::format("/usr/bin/python3 {} {} {}", INSCRM_BENCH_PANDAS_SCRIPT, dir.string(), repeat);
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) {
    fmt::print(stderr, "cannot run {}\n", cmd);
    std::exit(1);
  }
  double seconds = -1;
  Counts counts(names.size() + 1, 0);
  std::array<char, 256> buf{};
  while (std::fgets(buf.data(), static_cast<int>(buf.size()), pipe)) {
    const std::string line = buf.data();
    if (line.starts_with("pandas_seconds=")) {
      seconds = std::stod(line.substr(15));
    } else if (line.starts_with("count ")) {
      const auto space = line.find(' ', 6);
      const std::string key = line.substr(6, space - 6);
      const auto n_members = static_cast<std::size_t>(std::stoull(line.substr(space + 1)));
      const auto it = std::find(names.begin(), names.end(), key);
      counts[static_cast<std::size_t>(it - names.begin())] = n_members;  // "NULL" lands on the null bucket
    }
  }
  const int rc = pclose(pipe);
  std::filesystem::remove_all(dir);
  if (rc != 0 || seconds < 0) {
    fmt::print(stderr, "{} failed (status {})\n", cmd, rc);
    std::exit(1);
  }
  return {seconds, counts};
}

template <class F>
double best_of(int repeat, F&& run) {
  double best = std::numeric_limits<double>::max();
  for (int i = 0; i < repeat; ++i) {
    const auto start = Clock::now();
    run();
    best = std::min(best, seconds_since(start));
  }
  return best;
}

void require_same(const char* who, const Counts& got, const Counts& want) {
  if (got != want) {
    fmt::print(stderr, "{} disagrees with the hand-written loop on the members per region\n", who);
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t rows = 10'000'000;
  int repeat = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    if (arg == "--rows") rows = std::strtoull(argv[i + 1], nullptr, 10);
    else if (arg == "--repeat") repeat = std::max(1, std::atoi(argv[i + 1]));
  }
  const auto names = regions();
  fmt::print("inscrm rule benchmark: {} customers, best of {} runs\nrule: {}   (count per region)\n", rows, repeat, kRule);
  constexpr std::array<const char*, 3> kKernelNames{"x86-64 (baseline)", "AVX2", "AVX-512"};
  fmt::print("engine kernels on this CPU: {}\n",
             kKernelNames[static_cast<std::size_t>(inscrm::rules::resolve_kernels(inscrm::rules::Kernels::Best))]);

  auto start = Clock::now();
  const Facts facts = generate(rows);
  const inscrm::Portfolio portfolio = build_portfolio(facts);
  fmt::print("portfolio built in {:.1f} s ({} facts)\n", seconds_since(start), portfolio.registry().size());
  auto rule = inscrm::rules::compile(kRule, portfolio.registry());
  if (!rule) {
    fmt::print(stderr, "compile: {}\n", rule.error().to_string());
    return 1;
  }

  Counts hand, engine, engine_mt;
  inscrm::rules::EvalOptions all_threads;
  all_threads.threads = 0;
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  const double t_hand = best_of(repeat, [&] { hand = hand_loop(facts, names.size()); });
  const double t_engine = best_of(repeat, [&] { engine = engine_counts(rule.value(), portfolio, names, {}); });
  const double t_engine_mt = best_of(repeat, [&] { engine_mt = engine_counts(rule.value(), portfolio, names, all_threads); });
  require_same("the columnar engine", engine, hand);
  require_same("the columnar engine on every thread", engine_mt, hand);
  // The narrower kernel builds this CPU also runs, on one thread: what the run-time dispatch buys.
  struct Narrower {
    const char* name;
    double seconds;
  };
  std::vector<Narrower> narrower;
  const auto best = inscrm::rules::resolve_kernels(inscrm::rules::Kernels::Best);
  for (const auto& [k, name] : {std::pair{inscrm::rules::Kernels::Baseline, "engine, 1 thread, x86-64 kernels"},
                                std::pair{inscrm::rules::Kernels::Avx2, "engine, 1 thread, AVX2 kernels"}}) {
    if (inscrm::rules::resolve_kernels(k) != k || k == best) continue;
    inscrm::rules::EvalOptions options;
    options.kernels = k;
    Counts counts;
    narrower.push_back({name, best_of(repeat, [&] { counts = engine_counts(rule.value(), portfolio, names, options); })});
    require_same(name, counts, hand);
  }

  start = Clock::now();
  sqlite3* db = load_sqlite(facts, names);
  fmt::print("SQLite table loaded in {:.1f} s\n", seconds_since(start));
  sqlite3_stmt* query = prepare_query(db, rule.value());
  Counts sql;
  const double t_sqlite = best_of(std::min(repeat, 2), [&] { sql = sqlite_counts(query, names); });
  sqlite3_finalize(query);
  sqlite3_close(db);
  require_same("SQLite", sql, hand);

  const auto [t_pandas, pandas] = run_pandas(facts, names, repeat);
  require_same("pandas", pandas, hand);

  std::size_t members = 0;
  for (auto c : hand) members += c;
  const double n = static_cast<double>(rows);
  const auto per_row = [&](double s) { return 1e9 * s / n; };
  fmt::print("members: {} in {} regions (+ null)\n", members, names.size());
  fmt::print("{:<34} {:>9.4f} s  {:>6.2f} ns/customer\n", "hand-written struct-of-arrays loop", t_hand, per_row(t_hand));
  // The engine's lines, each beside the hand loop; then each baseline beside both engine lines.
  const std::string mt_name = fmt::format("columnar engine, {} threads", threads);
  const auto engine_line = [&](const std::string& name, double t) {
    fmt::print("{:<34} {:>9.4f} s  {:>6.2f} ns/customer  = {:5.2f}x the hand loop (target <= 4)     {}\n", name, t,
               per_row(t), t / t_hand, t <= 4 * t_hand ? "ok" : "MISSED");
  };
  engine_line("columnar engine, 1 thread", t_engine);
  engine_line(mt_name, t_engine_mt);
  for (const Narrower& e : narrower) engine_line(e.name, e.seconds);
  const auto baseline_line = [&](const char* name, double t, double target) {
    for (const auto& [engine_name, t_e] : {std::pair{std::string{"1 thread"}, t_engine}, std::pair{fmt::format("{} threads", threads), t_engine_mt}})
      fmt::print("{:<34} {:>9.4f} s  {:>6.2f} ns/customer  engine {:7.1f}x faster (target >= {:3}) {}  [engine, {}]\n", name,
                 t, per_row(t), t / t_e, target, t >= target * t_e ? "ok" : "MISSED", engine_name);
  };
  baseline_line("SQLite (in memory)", t_sqlite, 100);
  baseline_line("pandas", t_pandas, 20);
  const double bytes = static_cast<double>(portfolio.memory_bytes()) / n;
  fmt::print("portfolio memory: {:.1f} bytes/customer for {} facts (target <= 64) {}\n", bytes,
             portfolio.registry().size(), bytes <= 64 ? "ok" : "MISSED");
  return 0;
}
