#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/rules/rule.hpp>
#include <inscrm/rules/sql.hpp>
#include <inscrm/rules/stored_rule.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace inscrm;
using namespace inscrm::rules;

namespace {

std::string error_of(std::string_view text, const FactRegistry& registry = FactRegistry::standard()) {
  const auto rule = compile(text, registry);
  if (rule) return "checked";
  CHECK(rule.error().is_invalid_argument());
  CHECK(rule.error().field() == "rule");
  return rule.error().message();
}

// What the checker made of a rule, read through its SQL: conversions and literal scaling show.
std::string typed(std::string_view text) {
  const auto rule = compile(text, FactRegistry::standard());
  if (!rule) return "error: " + rule.error().message();
  SqlOptions o;
  o.inline_literals = true;
  o.as_of = Date{std::chrono::year{2026}, std::chrono::January, std::chrono::day{31}};
  const auto sql = to_sql(rule.value(), o);
  if (!sql) return "error: " + sql.error().message();
  return sql.value().text;
}

}  // namespace

TEST_CASE("rules check: unknown facts and functions are named, with the nearest known name") {
  CHECK(error_of("agee >= 30") == "line 1, column 1: unknown fact 'agee' (did you mean 'age'?)");
  CHECK(error_of("age >= 30 and\n  regoin = '310000'") == "line 2, column 3: unknown fact 'regoin' (did you mean 'region'?)");
  CHECK(error_of("xyzzy > 1") == "line 1, column 1: unknown fact 'xyzzy'");
  CHECK(error_of("has_prodcut('WL-2024')") ==
        "line 1, column 1: unknown function 'has_prodcut' (did you mean 'has_product'?)");
  CHECK(error_of("frobnicate(age)") == "line 1, column 1: unknown function 'frobnicate'");
}

TEST_CASE("rules check: type errors name the fact and both types") {
  CHECK(error_of("gender = 30") == "line 1, column 1: cannot compare gender (string) with 30 (integer)");
  CHECK(error_of("age > 1 and 30 < region") == "line 1, column 13: cannot compare 30 (integer) with region (string)");
  CHECK(error_of("region in ('310000', 1)") == "line 1, column 1: cannot compare region (string) with 1 (integer)");
  CHECK(error_of("age + 1") == "line 1, column 1: a rule must be a condition (true or false), but 'age + 1' is integer");
  CHECK(error_of("age and true") == "line 1, column 1: 'and' needs a condition on each side, but age is integer");
  CHECK(error_of("true or stage") == "line 1, column 9: 'or' needs a condition on each side, but stage is string");
  CHECK(error_of("not region") == "line 1, column 1: 'not' needs a condition, but region is string");
  CHECK(error_of("region + 1 > 2") == "line 1, column 1: cannot apply '+' to region (string) and 1 (integer)");
  CHECK(error_of("last_contact + last_contact > date'2020-01-01'") ==
        "line 1, column 1: cannot apply '+' to last_contact (date) and last_contact (date)");
  CHECK(error_of("-region = 'x'") == "line 1, column 1: cannot negate region (string)");
  CHECK(error_of("has_lapsed_policy > false") ==
        "line 1, column 1: cannot order has_lapsed_policy (boolean) and false (boolean): booleans compare only with = and !=");
  CHECK(error_of("products_held = 'WL-2024'") ==
        "line 1, column 1: cannot compare products_held (string_set) with 'WL-2024' (string): use contains() or size() on a set");
  CHECK(error_of("products_held in ('WL-2024')") ==
        "line 1, column 1: cannot test products_held (string_set) with 'in': use contains() on a set");
  CHECK(error_of("annual_premium * annual_income > 1") ==
        "line 1, column 1: cannot multiply two amounts: annual_premium * annual_income");
  CHECK(error_of("(age + 1) * region > 0") == "line 1, column 1: cannot apply '*' to (age + 1) (integer) and region (string)");
}

TEST_CASE("rules check: nulls, dates, amounts and functions are checked for what they can mean") {
  CHECK(error_of("age = null") == "line 1, column 7: null is not a value: test for it with 'is null' or 'is not null'");
  CHECK(error_of("last_contact > 'yesterday'") ==
        "line 1, column 16: 'yesterday' is not a date (expected 'YYYY-MM-DD')");
  CHECK(error_of("last_contact in ('2025-13-01')") ==
        "line 1, column 18: '2025-13-01' is not a date (expected 'YYYY-MM-DD')");
  CHECK(error_of("annual_premium = 10.005") ==
        "line 1, column 18: 10.005 has more than two decimal places: an amount is in whole fen");
  CHECK(error_of("annual_premium in (1, 10.005)") ==
        "line 1, column 23: 10.005 has more than two decimal places: an amount is in whole fen");
  CHECK(error_of("annual_premium > 922337203685477581") == "line 1, column 18: amount 922337203685477581 is out of range");
  CHECK(error_of("days_since(age) > 3") == "line 1, column 12: days_since() needs a date, but age is integer");
  CHECK(error_of("days_since(last_contact, 1) > 3") == "line 1, column 1: days_since() takes 1 argument but was given 2");
  CHECK(error_of("has_product(region)") == "line 1, column 13: has_product() needs a quoted string, not region");
  CHECK(error_of("contains(region, 'x')") == "line 1, column 10: contains() needs a set fact, but region is string");
  CHECK(error_of("size(region) > 1") == "line 1, column 6: size() needs a set fact, but region is string");
  CHECK(error_of("lower(age) = 'x'") == "line 1, column 7: lower() needs a string, but age is integer");

  FactRegistry bare;
  REQUIRE(bare.add("age", FactType::Int));
  CHECK(error_of("has_product('WL-2024')", bare) ==
        "line 1, column 1: has_product() needs the string-set fact 'products_held'");
}

TEST_CASE("rules check: numbers next to amounts are yuan, kept exact in fen") {
  CHECK(typed("annual_premium > 10000") == R"(("annual_premium" > 1000000))");
  CHECK(typed("annual_premium > 10000.5") == R"(("annual_premium" > 1000050))");
  CHECK(typed("10000 < annual_premium") == R"((1000000 < "annual_premium"))");
  CHECK(typed("annual_premium in (100, 200.5)") == R"(("annual_premium" IN (10000, 20050)))");
  // More than two places: an exact comparison against whole fen.
  CHECK(typed("annual_premium > 0.295") == R"(("annual_premium" > 29))");
  CHECK(typed("annual_premium >= 0.295") == R"(("annual_premium" > 29))");
  CHECK(typed("annual_premium < 0.295") == R"(("annual_premium" <= 29))");
  CHECK(typed("annual_premium <= 0.295") == R"(("annual_premium" <= 29))");
  CHECK(typed("0.295 < annual_premium") == R"((29 < "annual_premium"))");
  CHECK(typed("annual_premium > -0.295") == R"(("annual_premium" > (-30)))");
  CHECK(typed("annual_premium between 1000 and 2000.99") ==
        R"((("annual_premium" >= 100000) AND ("annual_premium" <= 200099)))");
  // Arithmetic: + - with amounts or numbers and * by an integer stay amounts; the rest is yuan.
  CHECK(typed("annual_premium + 100 > annual_income") == R"((("annual_premium" + 10000) > "annual_income"))");
  CHECK(typed("annual_premium * 2 >= annual_income") == R"((("annual_premium" * 2) >= "annual_income"))");
  CHECK(typed("annual_premium + points > 0") == R"((("annual_premium" + ("points" * 100)) > 0))");
  CHECK(typed("annual_premium / 12 > 1000") ==
        R"((((CAST("annual_premium" AS REAL) / 100.0) / NULLIF(CAST(12 AS REAL), 0)) > CAST(1000 AS REAL)))");
  CHECK(typed("annual_premium * 1.5 > 1000") ==
        R"((((CAST("annual_premium" AS REAL) / 100.0) * 1.5) > CAST(1000 AS REAL)))");
  CHECK(typed("-annual_premium < -10") == R"(((-"annual_premium") < (-1000)))");
}

TEST_CASE("rules check: integers, decimals and dates meet on common ground") {
  CHECK(typed("age > 30.5") == R"((CAST("age" AS REAL) > 30.5))");
  CHECK(typed("age in (30, 40.5)") == R"((CAST("age" AS REAL) IN (30.0, 40.5)))");
  CHECK(typed("points / 2 > age") == R"(((CAST("points" AS REAL) / NULLIF(CAST(2 AS REAL), 0)) > CAST("age" AS REAL)))");
  CHECK(typed("last_contact > '2025-01-01'") == R"(("last_contact" > 20089))");
  CHECK(typed("last_contact >= date'2025-01-01' - 1") == R"(("last_contact" >= (20089 - 1)))");
  CHECK(typed("last_contact - date'2025-01-01' < 7") == R"((("last_contact" - 20089) < 7))");
  CHECK(typed("days_since(last_contact) > 30") == R"(((20484 - "last_contact") > 30))");
  CHECK(typed("not has_lapsed_policy and has_lapsed_policy = false") ==
        R"(((NOT "has_lapsed_policy") AND ("has_lapsed_policy" = 0)))");
  CHECK(typed("age not between 30 and 40") == R"((NOT (("age" >= 30) AND ("age" <= 40))))");
  CHECK(typed("region not in ('a') or region is not null") == R"(((NOT ("region" IN ('a'))) OR ("region" IS NOT NULL)))");
}

TEST_CASE("rules check: a checked rule knows its facts and whether it needs a date") {
  const auto rule = compile("age > 30 and (days_since(last_contact) > 90 or has_product('WL-2024')) and age < 60",
                            FactRegistry::standard());
  REQUIRE(rule);
  CHECK(rule.value().facts().size() == 3);
  CHECK(rule.value().facts()[0] == "age");
  CHECK(rule.value().facts()[1] == "last_contact");
  CHECK(rule.value().facts()[2] == "products_held");
  CHECK(rule.value().uses_as_of());
  CHECK(rule.value().text() == "age > 30 and (days_since(last_contact) > 90 or has_product('WL-2024')) and age < 60");
  CHECK_FALSE(compile("age > 30", FactRegistry::standard()).value().uses_as_of());
}

TEST_CASE("rules check: host facts take part like standard ones") {
  FactRegistry r = FactRegistry::standard();
  REQUIRE(r.add("churn_risk", FactType::Decimal));
  CHECK(compile("churn_risk > 0.7 and value_tier >= 4", r));
  CHECK(error_of("churn_risk > 0.7") == "line 1, column 1: unknown fact 'churn_risk'");
  CHECK(error_of("churn_risk = 'high'", r) == "line 1, column 1: cannot compare churn_risk (decimal) with 'high' (string)");
}

TEST_CASE("rules check: a stored rule is re-checked against today's facts") {
  FactRegistry r = FactRegistry::standard();
  REQUIRE(r.add("vip", FactType::Bool));
  const StoredRule stored{"golden", 3, "value_tier >= 4 and vip", Instant{}};
  CHECK(recheck(stored, r));
  const auto gone = recheck(stored, FactRegistry::standard());
  REQUIRE_FALSE(gone);
  CHECK(gone.error().message() == "rule 'golden' version 3: line 1, column 21: unknown fact 'vip'");
  CHECK(gone.error().field() == "rule");
  CHECK(rule_error_position(gone.error()) == RulePosition{1, 21});

  FactRegistry retyped = FactRegistry::standard();
  REQUIRE(retyped.add("vip", FactType::String));
  CHECK(recheck(stored, retyped).error().message() ==
        "rule 'golden' version 3: line 1, column 21: 'and' needs a condition on each side, but vip is string");
}
