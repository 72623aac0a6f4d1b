// to_sql against evaluate(): the same corpus of rules run over the same facts, once as columns and
// once as SQL in an in-memory SQLite, must select the same customers (nulls included).
#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/rules/evaluate.hpp>
#include <inscrm/rules/rule.hpp>
#include <inscrm/rules/sql.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace inscrm;
using namespace inscrm::rules;
using namespace std::chrono_literals;

namespace {

constexpr Date kAsOf = 2026y / 1 / 31;
using Rows = std::vector<std::uint32_t>;

struct Rng {
  std::uint64_t seed = 2026;
  std::uint64_t operator()(std::uint64_t bound) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (seed >> 11) % bound;
  }
  bool chance(int percent) { return (*this)(100) < static_cast<std::uint64_t>(percent); }
  template <class T, std::size_t N>
  const T& pick(const std::array<T, N>& xs) {
    return xs[(*this)(N)];
  }
};

// Standard facts plus host facts of every type, with nulls, zeros, negatives, mixed-case and
// Chinese strings, quotes, and values on the boundaries the rules test. 3,000 rows: two full
// chunks of the columnar evaluator and a short one.
Portfolio sample_portfolio() {
  constexpr std::size_t n = 3000;
  std::vector<CustomerId> ids;
  for (std::size_t r = 0; r < n; ++r) ids.emplace_back(static_cast<std::int64_t>(1000 + r));
  Portfolio p(ids, kAsOf);
  const FactId city = p.register_fact("city", FactType::String).value();
  const FactId score = p.register_fact("score", FactType::Decimal).value();
  const FactId vip = p.register_fact("vip", FactType::Bool).value();
  const FactId birthday = p.register_fact("birthday", FactType::Day).value();

  const std::array<const char*, 9> regions{"310000", "310115", "110000", "110105", "440300", "440100", "330100", "510100",
                                           "500000"};
  const std::array<const char*, 6> products{"WL-2024", "CI-2023", "MED-1", "ACC-7", "ANN-X", "TRV_1"};
  const std::array<const char*, 5> lines{"life", "health", "critical_illness", "accident", "annuity"};
  const std::array<const char*, 9> cities{"Shanghai", "shanghai", "SHANGHAI", "上海", "O'Brien", "Zürich", "", "beijing",
                                          "北京"};
  const std::array<const char*, 3> genders{"male", "female", "unknown"};
  const std::array<const char*, 6> stages{"prospect", "new", "active", "at_risk", "lapsed", "won_back"};
  const std::array<const char*, 4> sources{"unknown", "internet", "agent_referral", "agent_cold_visit"};
  const std::array<const char*, 4> tiers{"standard", "silver", "gold", "platinum"};
  const std::array<std::int64_t, 6> round_premiums{0, 8'000'00, 10'000'00, 10'000'01, 12'000'00, 24'000'50};

  Rng rng;
  const auto set = [&](FactId f, std::size_t r, const FactValue& v) { REQUIRE(p.set(f, r, v)); };
  const auto maybe = [&](int null_percent, FactValue v) { return rng.chance(null_percent) ? FactValue{} : v; };
  const auto i64 = [](std::uint64_t v) { return FactValue{static_cast<std::int64_t>(v)}; };
  const auto subset = [&](const auto& xs) {
    std::vector<std::string> out;
    for (const char* x : xs)
      if (rng.chance(30)) out.emplace_back(x);
    return FactValue{out};
  };
  for (std::size_t r = 0; r < n; ++r) {
    set(fact::age, r, maybe(10, i64(18 + rng(73))));
    set(fact::gender, r, FactValue{std::string{rng.pick(genders)}});
    if (rng.chance(90)) {
      const std::string region = rng.pick(regions);
      set(fact::region, r, FactValue{region});
      set(fact::province, r, FactValue{region.substr(0, 2) + "0000"});
    }
    set(fact::annual_income, r, maybe(20, FactValue{Money::cny(static_cast<std::int64_t>(rng(100'000'000)))}));
    set(fact::tenure_years, r, maybe(30, i64(rng(31))));
    set(fact::policies_in_force, r, i64(rng(5)));
    set(fact::products_held, r, rng.chance(5) ? FactValue{} : subset(products));
    set(fact::lines_held, r, subset(lines));
    const std::int64_t premium = rng.chance(30) ? rng.pick(round_premiums) : static_cast<std::int64_t>(rng(6'000'000));
    set(fact::annual_premium, r, FactValue{Money::cny(premium)});
    set(fact::total_premium_paid, r, FactValue{Money::cny(static_cast<std::int64_t>(rng(50'000'000)))});
    set(fact::days_since_last_payment, r, maybe(20, i64(rng(800))));
    set(fact::stage, r, FactValue{std::string{rng.pick(stages)}});
    set(fact::source, r, FactValue{std::string{rng.pick(sources)}});
    set(fact::org_unit, r, maybe(5, i64(1 + rng(5))));
    set(fact::agent, r, maybe(30, i64(1 + rng(50))));
    set(fact::has_lapsed_policy, r, maybe(5, FactValue{rng.chance(20)}));
    set(fact::open_complaints, r, i64(rng.chance(80) ? 0 : 1 + rng(3)));
    set(fact::nps, r, maybe(40, i64(rng(11))));
    set(fact::points, r, i64(rng(10'000)));
    set(fact::tier, r, FactValue{std::string{rng.pick(tiers)}});
    set(fact::last_contact, r, maybe(30, FactValue{add_days(2023y / 1 / 1, static_cast<int>(rng(1127)))}));
    set(fact::value_tier, r, maybe(20, i64(1 + rng(5))));
    set(city, r, maybe(10, FactValue{std::string{rng.pick(cities)}}));
    const double s = rng.chance(10) ? 0.0 : (static_cast<double>(rng(4001)) - 2000.0) / 1000.0;
    set(score, r, maybe(20, FactValue{s}));
    set(vip, r, maybe(20, FactValue{rng.chance(30)}));
    set(birthday, r, maybe(10, FactValue{add_days(1930y / 1 / 1, static_cast<int>(rng(29'000)))}));
  }
  return p;
}

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using Db = std::unique_ptr<sqlite3, Closer>;
struct Finalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, Finalizer>;

Stmt prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  const int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr);
  INFO(sql);
  INFO(sqlite3_errmsg(db));
  REQUIRE(rc == SQLITE_OK);
  return Stmt{s};
}

void exec(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  INFO(sql);
  INFO((message ? message : ""));
  sqlite3_free(message);
  REQUIRE(rc == SQLITE_OK);
}

// The customer_facts table an adapter provides (sql.hpp), filled from the portfolio.
Db facts_table(const Portfolio& p) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(":memory:", &raw) == SQLITE_OK);
  Db db{raw};
  std::string create = "CREATE TABLE customer_facts (row_id INTEGER PRIMARY KEY";
  std::string insert = "INSERT INTO customer_facts VALUES (?";
  for (const auto& f : p.registry().facts()) {
    const char* type = "INTEGER";
    if (f.type == FactType::Decimal) type = "REAL";
    if (f.type == FactType::String || f.type == FactType::StringSet) type = "TEXT";
    create += fmt::format(", \"{}\" {}", f.name, type);
    insert += ", ?";
  }
  exec(db.get(), create + ")");
  exec(db.get(), "BEGIN");
  const Stmt ins = prepare(db.get(), insert + ")");
  for (std::size_t r = 0; r < p.size(); ++r) {
    sqlite3_reset(ins.get());
    sqlite3_bind_int64(ins.get(), 1, static_cast<sqlite3_int64>(r));
    for (FactId f = 0; f < p.registry().size(); ++f) {
      const int at = static_cast<int>(f) + 2;
      const FactValue v = p.value(f, r);
      if (std::holds_alternative<std::monostate>(v)) {
        sqlite3_bind_null(ins.get(), at);
      } else if (const auto* b = std::get_if<bool>(&v)) {
        sqlite3_bind_int64(ins.get(), at, *b ? 1 : 0);
      } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
        sqlite3_bind_int64(ins.get(), at, *i);
      } else if (const auto* d = std::get_if<double>(&v)) {
        sqlite3_bind_double(ins.get(), at, *d);
      } else if (const auto* day = std::get_if<Date>(&v)) {
        sqlite3_bind_int64(ins.get(), at, to_epoch_days(*day));
      } else if (const auto* m = std::get_if<Money>(&v)) {
        sqlite3_bind_int64(ins.get(), at, m->minor);
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        sqlite3_bind_text(ins.get(), at, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
      } else {
        const std::string set = encode_string_set(std::get<std::vector<std::string>>(v));
        sqlite3_bind_text(ins.get(), at, set.data(), static_cast<int>(set.size()), SQLITE_TRANSIENT);
      }
    }
    REQUIRE(sqlite3_step(ins.get()) == SQLITE_DONE);
  }
  exec(db.get(), "COMMIT");
  return db;
}

Rows sql_rows(sqlite3* db, const SqlWhere& where, SqlPlaceholder style) {
  const Stmt s = prepare(db, "SELECT row_id FROM customer_facts WHERE " + where.text + " ORDER BY row_id");
  REQUIRE(sqlite3_bind_parameter_count(s.get()) == static_cast<int>(where.params.size()));
  for (std::size_t k = 0; k < where.params.size(); ++k) {
    int at = static_cast<int>(k) + 1;
    if (style == SqlPlaceholder::Named) at = sqlite3_bind_parameter_index(s.get(), fmt::format(":p{}", k + 1).c_str());
    REQUIRE(at > 0);
    const SqlParam& v = where.params[k];
    if (const auto* b = std::get_if<bool>(&v)) {
      sqlite3_bind_int64(s.get(), at, *b ? 1 : 0);
    } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
      sqlite3_bind_int64(s.get(), at, *i);
    } else if (const auto* d = std::get_if<double>(&v)) {
      sqlite3_bind_double(s.get(), at, *d);
    } else {
      const auto& text = std::get<std::string>(v);
      sqlite3_bind_text(s.get(), at, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    }
  }
  Rows out;
  int rc = 0;
  while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) out.push_back(static_cast<std::uint32_t>(sqlite3_column_int64(s.get(), 0)));
  INFO(sqlite3_errmsg(db));
  REQUIRE(rc == SQLITE_DONE);
  return out;
}

// Rules over every construct of the language, each with nulls in play.
const std::vector<std::string>& corpus() {
  static const std::vector<std::string> rules{
      R"(age >= 30 and region in ("310000", "110000") and annual_premium > 10000 and not has_lapsed_policy)",
      "age between 30 and 45",
      "age not between 30 and 45",
      "age in (18, 30, 500) or age < 20",
      "age > 30.5 and age <= 40",
      "region not in ('310000', '440300')",
      "province = '310000' or province = '110000'",
      "region = '310000' or region is null",
      "annual_income >= 200000.50",
      "annual_premium > 0.295 and annual_premium < 100.001",
      "annual_premium = 10000 or annual_premium = 10000.01",
      "annual_premium in (12000, 24000.5, 0)",
      "annual_premium + total_premium_paid > 250000",
      "annual_premium * 2 >= annual_income",
      "annual_premium / 12 > 1000",
      "total_premium_paid / policies_in_force > 30000",
      "annual_income / annual_premium between 5 and 20",
      "annual_premium - points > 20000",
      "days_since(last_contact) > 90 and days_since(last_contact) <= 400",
      "last_contact >= date'2025-06-01'",
      "last_contact < '2024-01-01'",
      "year(last_contact) = 2025 and month(last_contact) in (1, 2, 3)",
      "year(birthday) between 1960 and 1970 or month(birthday) = 2",
      "last_contact + 30 > date'2025-12-31'",
      "last_contact - date'2025-01-01' between 0 and 31",
      "last_contact is null and nps is not null",
      "nps is not null and nps >= 9",
      "not (nps <= 6)",
      "not (age > 60 and nps < 5)",
      "has_product('WL-2024') and not has_product('CI-2023')",
      "has_product('TRV_1') or has_product('NOPE')",
      "not has_product('NOPE')",
      "has_line('health') or has_line('accident')",
      "size(products_held) >= 2",
      "size(lines_held) = 0",
      "contains(lines_held, 'life') and products_held is not null",
      "lower(city) = 'shanghai'",
      "city > 'M'",
      "city < lower(city)",
      R"(city = "O'Brien" or city = '上海' or city = '')",
      "city in ('Zürich', '北京') or city is null",
      "gender = 'female' and age < 40 or gender = 'male' and age >= 60",
      "tier in ('gold', 'platinum') or points > 9000",
      "vip",
      "not vip",
      "vip = false",
      "(age > 60) = vip",
      "score > 0.5",
      "score * 100 + age > 120",
      "-score < -0.25",
      "1 / score > 1",
      "(1 / score) is null",
      "agent is null or org_unit = 3",
      "value_tier >= 4 and tenure_years >= 5 and open_complaints = 0",
      "days_since_last_payment > 365 or days_since_last_payment is null",
      "stage = 'active' and source in ('agent_referral', 'agent_cold_visit')",
      "province <> region",
      "region >= province and city is not null",
      "age / 0 > 1 or age = 44",
      "true and age = 50",
      "false or points - 100 > age * 100",
      "has_lapsed_policy = true or has_lapsed_policy is null",
  };
  return rules;
}

}  // namespace

TEST_CASE("rules sql: the corpus selects the same customers as columns and as SQLite") {
  const Portfolio p = sample_portfolio();
  const Db db = facts_table(p);
  std::size_t informative = 0;
  for (const std::string& text : corpus()) {
    INFO(text);
    const auto rule = compile(text, p.registry());
    REQUIRE_MESSAGE(rule, (rule ? "" : rule.error().message()));
    const Rows columnar = evaluate(rule.value(), p).value().rows();
    Rows by_row;
    for (std::size_t r = 0; r < p.size(); ++r)
      if (evaluate_row(rule.value(), p, r).value() == std::optional<bool>{true}) by_row.push_back(static_cast<std::uint32_t>(r));
    CHECK(columnar == by_row);

    for (const bool inline_literals : {true, false}) {
      for (const SqlPlaceholder style : {SqlPlaceholder::Named, SqlPlaceholder::Question, SqlPlaceholder::Dollar}) {
        if (inline_literals && style != SqlPlaceholder::Named) continue;
        if (style == SqlPlaceholder::Dollar) continue;  // libpq's form; SQLite reads "$1" as a name, covered by Named
        SqlOptions o;
        o.inline_literals = inline_literals;
        o.placeholder = style;
        o.as_of = kAsOf;
        const auto where = to_sql(rule.value(), o);
        REQUIRE(where);
        INFO(where.value().text);
        CHECK(sql_rows(db.get(), where.value(), style) == columnar);
      }
    }
    if (!columnar.empty() && columnar.size() < p.size()) ++informative;
  }
  MESSAGE(fmt::format("{} rules, {} of them select some but not all of {} customers", corpus().size(), informative, p.size()));
  CHECK(corpus().size() >= 30);
  CHECK(informative >= 30);
}

TEST_CASE("rules sql: a table alias and renamed columns") {
  const FactRegistry r = FactRegistry::standard();
  SqlOptions o;
  o.inline_literals = true;
  o.table_alias = "f";
  o.columns = {{"age", "age_years"}};
  CHECK(to_sql(compile("age > 30 and region = 'x'", r).value(), o).value().text ==
        R"((("f"."age_years" > 30) AND ("f"."region" = 'x')))");
  o.columns = {{"age", R"(we"ird)"}};
  o.table_alias.clear();
  CHECK(to_sql(compile("age > 30", r).value(), o).value().text == R"(("we""ird" > 30))");
}

TEST_CASE("rules sql: user text is bound or quoted, never pasted") {
  const FactRegistry r = FactRegistry::standard();
  const Rule rule = compile(R"(region = 'x'' OR 1=1 --' and has_product('a''b'))", r).value();
  const SqlWhere bound = to_sql(rule).value();
  CHECK(bound.text == R"((("region" = :p1) AND (instr("products_held", :p2) > 0)))");
  REQUIRE(bound.params.size() == 2);
  CHECK(bound.params[0] == SqlParam{std::string{"x' OR 1=1 --"}});
  CHECK(bound.params[1] == SqlParam{std::string{"|a'b|"}});
  SqlOptions o;
  o.inline_literals = true;
  CHECK(to_sql(rule, o).value().text == R"((("region" = 'x'' OR 1=1 --') AND (instr("products_held", '|a''b|') > 0)))");

  CHECK(to_sql(compile("has_product('a|b')", r).value(), o).error().field() == "rule");
  CHECK(to_sql(compile(std::string{"region = 'a\0b'", 14}, r).value(), o).error().message() ==
        "a string with a NUL character cannot be written as SQL");
  CHECK(to_sql(compile("days_since(last_contact) > 3", r).value()).error().field() == "as_of");
}

TEST_CASE("rules sql: the PostgreSQL dialect") {
  const FactRegistry r = FactRegistry::standard();
  SqlOptions o;
  o.dialect = SqlDialect::PostgreSql;
  o.placeholder = SqlPlaceholder::Dollar;
  o.as_of = kAsOf;
  const SqlWhere w = to_sql(compile("region > 'a' and not has_lapsed_policy and has_product('WL-2024') and "
                                    "annual_premium / 12 > 1000 and year(last_contact) = 2025",
                                    r)
                                .value(),
                            o)
                         .value();
  CHECK(w.text ==
        "(((((\"region\" COLLATE \"C\" > CAST($1 AS TEXT)) AND (NOT \"has_lapsed_policy\")) AND "
        "(strpos(\"products_held\", CAST($2 AS TEXT)) > 0)) AND "
        "(((CAST(\"annual_premium\" AS DOUBLE PRECISION) / 100.0) / NULLIF(CAST(CAST($3 AS BIGINT) AS DOUBLE PRECISION), 0)) > "
        "CAST(CAST($4 AS BIGINT) AS DOUBLE PRECISION))) AND "
        "((CASE WHEN \"last_contact\" BETWEEN -719162 AND 2932896 THEN CAST(EXTRACT(YEAR FROM DATE '1970-01-01' + "
        "CAST(\"last_contact\" AS INTEGER)) AS BIGINT) END) = CAST($5 AS BIGINT)))");
  REQUIRE(w.params.size() == 5);
  CHECK(w.params[0] == SqlParam{std::string{"a"}});
  CHECK(w.params[2] == SqlParam{std::int64_t{12}});

  o.inline_literals = true;
  CHECK(to_sql(compile("has_lapsed_policy = true and lower(gender) = 'male' and size(products_held) > 1", r).value(), o)
            .value()
            .text ==
        "(((\"has_lapsed_policy\" = TRUE) AND (translate(\"gender\", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
        "'abcdefghijklmnopqrstuvwxyz') = 'male')) AND ((CASE WHEN \"products_held\" = '' THEN 0 ELSE "
        "length(\"products_held\") - length(replace(\"products_held\", '|', '')) - 1 END) > 1))");
}

TEST_CASE("rules sql: string sets are written between bars") {
  CHECK(encode_string_set(std::vector<std::string>{}) == "|");
  CHECK(encode_string_set(std::vector<std::string>{"WL-2024", "CI-2023"}) == "|WL-2024|CI-2023|");
}
