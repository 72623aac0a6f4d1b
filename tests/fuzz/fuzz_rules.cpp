// Fuzz harness: the rule language (domain.md C9). The input is rule text. Whatever it is:
//   - compile() either succeeds or fails with InvalidArgument on field "rule" (never a crash, a
//     hang or another error);
//   - a rule that compiles selects the same rows three ways: columnar evaluate(), row by row
//     evaluate_row(), and pushed down with to_sql() into SQLite over the same facts. A mismatch
//     aborts, so the fuzzer reports it like a crash.
// The portfolio is small (64 rows) but holds every fact type with nulls, zeros, negatives, quotes,
// mixed case and Chinese text, so the comparisons have something to disagree about.

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/rules/evaluate.hpp>
#include <inscrm/rules/rule.hpp>
#include <inscrm/rules/sql.hpp>

#include <sqlite3.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

using namespace inscrm;
using namespace std::chrono_literals;

namespace {

constexpr Date kAsOf = 2026y / 1 / 31;

[[noreturn]] void fail(std::string_view rule, const std::string& what) {
  std::fprintf(stderr, "fuzz_rules: %s\nrule: %.*s\n", what.c_str(), static_cast<int>(rule.size()), rule.data());
  std::abort();
}

void must(const Result<void>& r) {
  if (!r) fail("", "building the portfolio: " + r.error().to_string());
}

Portfolio make_portfolio() {
  constexpr std::size_t n = 64;
  std::vector<CustomerId> ids;
  for (std::size_t r = 0; r < n; ++r) ids.emplace_back(static_cast<std::int64_t>(1 + r));
  Portfolio p(ids, kAsOf);
  const FactId city = p.register_fact("city", FactType::String).value();
  const FactId score = p.register_fact("score", FactType::Decimal).value();
  const FactId vip = p.register_fact("vip", FactType::Bool).value();
  const FactId birthday = p.register_fact("birthday", FactType::Day).value();
  const std::array<const char*, 6> regions{"310000", "310115", "110000", "440300", "330100", "500000"};
  const std::array<const char*, 4> products{"WL-2024", "CI-2023", "MED-1", "ACC-7"};
  const std::array<const char*, 7> cities{"Shanghai", "shanghai", "上海", "O'Brien", "", "a|b", "Zürich"};
  const std::array<const char*, 3> genders{"male", "female", "unknown"};
  const std::array<const char*, 3> stages{"prospect", "active", "lapsed"};
  std::uint64_t x = 88172645463325252ull;  // xorshift: the same portfolio on every run
  const auto next = [&](std::uint64_t bound) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x % bound;
  };
  const auto null_or = [&](FactValue v) { return next(5) == 0 ? FactValue{} : v; };
  const auto i64 = [](std::uint64_t v) { return FactValue{static_cast<std::int64_t>(v)}; };
  for (std::size_t r = 0; r < n; ++r) {
    must(p.set(fact::age, r, null_or(i64(18 + next(70)))));
    must(p.set(fact::gender, r, FactValue{std::string{genders[next(genders.size())]}}));
    const std::string region = regions[next(regions.size())];
    must(p.set(fact::region, r, null_or(FactValue{region})));
    must(p.set(fact::province, r, FactValue{region.substr(0, 2) + "0000"}));
    must(p.set(fact::annual_income, r, null_or(FactValue{Money::cny(static_cast<std::int64_t>(next(10'000'000)))})));
    must(p.set(fact::tenure_years, r, null_or(i64(next(30)))));
    must(p.set(fact::policies_in_force, r, i64(next(4))));
    std::vector<std::string> held;
    for (const char* code : products)
      if (next(3) == 0) held.emplace_back(code);
    must(p.set(fact::products_held, r, null_or(FactValue{held})));
    must(p.set(fact::annual_premium, r, FactValue{Money::cny(static_cast<std::int64_t>(next(3) * 500'000 + next(2)))}));
    must(p.set(fact::days_since_last_payment, r, null_or(i64(next(800)))));
    must(p.set(fact::stage, r, FactValue{std::string{stages[next(stages.size())]}}));
    must(p.set(fact::has_lapsed_policy, r, null_or(FactValue{next(4) == 0})));
    must(p.set(fact::open_complaints, r, i64(next(3))));
    must(p.set(fact::nps, r, null_or(i64(next(11)))));
    must(p.set(fact::last_contact, r, null_or(FactValue{add_days(2024y / 1 / 1, static_cast<int>(next(800)))})));
    must(p.set(city, r, null_or(FactValue{std::string{cities[next(cities.size())]}})));
    must(p.set(score, r, null_or(FactValue{(static_cast<double>(next(41)) - 20.0) / 8.0})));
    must(p.set(vip, r, null_or(FactValue{next(2) == 0})));
    must(p.set(birthday, r, null_or(FactValue{add_days(1940y / 1 / 1, static_cast<int>(next(25'000)))})));
  }
  return p;
}

void exec(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK)
    fail("", "sqlite: " + std::string{message ? message : "?"} + " in " + sql);
}

// The customer_facts relation of rules/sql.hpp, filled from the portfolio.
sqlite3* facts_table(const Portfolio& p) {
  sqlite3* db = nullptr;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) fail("", "sqlite3_open");
  std::string create = "CREATE TABLE customer_facts (row_id INTEGER PRIMARY KEY";
  std::string insert = "INSERT INTO customer_facts VALUES (?";
  for (const auto& f : p.registry().facts()) {
    const char* type = "INTEGER";
    if (f.type == FactType::Decimal) type = "REAL";
    if (f.type == FactType::String || f.type == FactType::StringSet) type = "TEXT";
    create += ", \"" + f.name + "\" " + type;
    insert += ", ?";
  }
  exec(db, create + ")");
  sqlite3_stmt* ins = nullptr;
  if (sqlite3_prepare_v2(db, (insert + ")").c_str(), -1, &ins, nullptr) != SQLITE_OK) fail("", "prepare insert");
  for (std::size_t r = 0; r < p.size(); ++r) {
    sqlite3_reset(ins);
    sqlite3_bind_int64(ins, 1, static_cast<sqlite3_int64>(r));
    for (FactId f = 0; f < p.registry().size(); ++f) {
      const int at = static_cast<int>(f) + 2;
      const FactValue v = p.value(f, r);
      if (std::holds_alternative<std::monostate>(v)) {
        sqlite3_bind_null(ins, at);
      } else if (const auto* b = std::get_if<bool>(&v)) {
        sqlite3_bind_int64(ins, at, *b ? 1 : 0);
      } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
        sqlite3_bind_int64(ins, at, *i);
      } else if (const auto* d = std::get_if<double>(&v)) {
        sqlite3_bind_double(ins, at, *d);
      } else if (const auto* day = std::get_if<Date>(&v)) {
        sqlite3_bind_int64(ins, at, to_epoch_days(*day));
      } else if (const auto* m = std::get_if<Money>(&v)) {
        sqlite3_bind_int64(ins, at, m->minor);
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        sqlite3_bind_text(ins, at, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
      } else {
        const std::string set = rules::encode_string_set(std::get<std::vector<std::string>>(v));
        sqlite3_bind_text(ins, at, set.data(), static_cast<int>(set.size()), SQLITE_TRANSIENT);
      }
    }
    if (sqlite3_step(ins) != SQLITE_DONE) fail("", "insert row");
  }
  sqlite3_finalize(ins);
  return db;
}

// Rows the pushed-down clause selects; nullopt when SQLite itself refuses to run the statement
// (e.g. an expression tree deeper than its limit), which is not a disagreement about meaning.
std::optional<std::vector<std::uint32_t>> sql_rows(sqlite3* db, const rules::SqlWhere& where) {
  sqlite3_stmt* s = nullptr;
  const std::string sql = "SELECT row_id FROM customer_facts WHERE " + where.text + " ORDER BY row_id";
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) return std::nullopt;
  for (std::size_t k = 0; k < where.params.size(); ++k) {
    const int at = sqlite3_bind_parameter_index(s, (":p" + std::to_string(k + 1)).c_str());
    const auto& v = where.params[k];
    if (const auto* b = std::get_if<bool>(&v)) {
      sqlite3_bind_int64(s, at, *b ? 1 : 0);
    } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
      sqlite3_bind_int64(s, at, *i);
    } else if (const auto* d = std::get_if<double>(&v)) {
      sqlite3_bind_double(s, at, *d);
    } else {
      const auto& text = std::get<std::string>(v);
      sqlite3_bind_text(s, at, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    }
  }
  std::vector<std::uint32_t> out;
  int rc = 0;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) out.push_back(static_cast<std::uint32_t>(sqlite3_column_int64(s, 0)));
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) return std::nullopt;
  return out;
}

// Integer arithmetic past 64 bits is where the evaluators are known to part: the columnar engine
// wraps (two's complement), SQLite turns the value into a REAL, PostgreSQL raises "bigint out of
// range". The rule language leaves it undefined (rules/sql.hpp), so the SQL comparison skips rules
// that could get there on this portfolio, whose integer facts stay below 2^15 (dates as epoch
// days, five digits): a literal of 2^31 or more, three or more multiplications, or products whose
// operands could have 18 or more digits together — the significant digits of every literal plus
// five per multiplication (a fact on one side). (A product of literals alone, as in
// `877778807*877771*87390`, found by libFuzzer, overflows with only two multiplications.)
bool may_overflow(std::string_view text) {
  std::size_t stars = 0, digits = 0, significant = 0, literal_digits = 0;
  for (const char c : text) {
    if (c == '*') ++stars;
    const bool digit = c >= '0' && c <= '9';
    digits = digit ? digits + 1 : 0;
    if (digit && (significant > 0 || c != '0')) ++significant;
    if (!digit) {
      literal_digits += significant;
      significant = 0;
    }
    if (digits >= 10) return true;
  }
  literal_digits += significant;
  return stars >= 3 || (stars > 0 && literal_digits + 5 * stars >= 18);
}

std::string rows_text(const std::vector<std::uint32_t>& rows) {
  std::string out;
  for (auto r : rows) out += std::to_string(r) + " ";
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return -1;  // longer rules add nothing but time per run
  static const Portfolio portfolio = make_portfolio();
  static sqlite3* const db = facts_table(portfolio);
  const std::string_view text{reinterpret_cast<const char*>(data), size};

  const auto rule = rules::compile(text, portfolio.registry());
  if (!rule) {
    if (rule.error().code() != Errc::InvalidArgument || rule.error().field() != "rule")
      fail(text, "compile failed with an unexpected error: " + rule.error().to_string());
    return 0;
  }
  const auto selected = rules::evaluate(rule.value(), portfolio);
  if (!selected) fail(text, "evaluate failed on a compiled rule: " + selected.error().to_string());
  const auto columnar = selected.value().rows();
  std::vector<std::uint32_t> by_row;
  for (std::size_t r = 0; r < portfolio.size(); ++r) {
    const auto v = rules::evaluate_row(rule.value(), portfolio, r);
    if (!v) fail(text, "evaluate_row failed on a compiled rule: " + v.error().to_string());
    if (v.value() == std::optional<bool>{true}) by_row.push_back(static_cast<std::uint32_t>(r));
  }
  if (columnar != by_row) fail(text, "columnar selects " + rows_text(columnar) + "but row by row " + rows_text(by_row));

  rules::SqlOptions options;
  options.as_of = kAsOf;
  const auto where = rules::to_sql(rule.value(), options);
  if (!where) {
    // Documented refusals only: text that cannot be written safely into SQL.
    if (where.error().code() != Errc::InvalidArgument) fail(text, "to_sql: " + where.error().to_string());
    return 0;
  }
  if (const auto pushed = sql_rows(db, where.value()); pushed && *pushed != columnar && !may_overflow(text))
    fail(text, "columnar selects " + rows_text(columnar) + "but SQLite " + rows_text(*pushed) + "\nsql: " +
                   where.value().text);
  // The PostgreSQL text is only generated here (no server in a fuzz run): it must not fail where
  // the SQLite text did not.
  options.dialect = rules::SqlDialect::PostgreSql;
  options.placeholder = rules::SqlPlaceholder::Dollar;
  if (const auto pg = rules::to_sql(rule.value(), options); !pg) fail(text, "PostgreSQL to_sql: " + pg.error().to_string());
  return 0;
}
