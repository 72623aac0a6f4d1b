#include <inscrm/rules/ast.hpp>

#include <doctest/doctest.h>

#include <string>
#include <variant>

using namespace inscrm;
using namespace inscrm::rules;

namespace {

// The canonical form of a rule, or its error message.
std::string canonical(std::string_view text) {
  const auto ast = parse(text);
  if (!ast) return "error: " + ast.error().message();
  return to_string(ast.value());
}

std::string error_of(std::string_view text) {
  const auto ast = parse(text);
  if (ast) return "parsed: " + to_string(ast.value());
  CHECK(ast.error().is_invalid_argument());
  CHECK(ast.error().field() == "rule");
  return ast.error().message();
}

}  // namespace

TEST_CASE("rules parse: the example from the domain parses") {
  CHECK(canonical(R"(age >= 30 and region in ("310000", "110000") and annual_premium > 10000 and not has_lapsed_policy)") ==
        "((((age >= 30) and (region in ('310000', '110000'))) and (annual_premium > 10000)) and (not has_lapsed_policy))");
}

TEST_CASE("rules parse: precedence is or < and < not < comparison < + - < * / < unary minus") {
  CHECK(canonical("a or b and not c = 1") == "(a or (b and (not (c = 1))))");
  CHECK(canonical("x + y * 2 - z / 3 > -4") == "(((x + (y * 2)) - (z / 3)) > (-4))");
  CHECK(canonical("(a or b) and c") == "((a or b) and c)");
  CHECK(canonical("not not a") == "(not (not a))");
  CHECK(canonical("- - x < 1") == "((-(-x)) < 1)");
  CHECK(canonical("x between 1 and 2 and y") == "((x between 1 and 2) and y)");
  CHECK(canonical("x not between a + 1 and b * 2") == "(x not between (a + 1) and (b * 2))");
}

TEST_CASE("rules parse: keywords and names are case-insensitive; all comparison spellings") {
  CHECK(canonical("AGE Between 30 AND 45 and Region NOT IN ('a', 'b')") ==
        "((age between 30 and 45) and (region not in ('a', 'b')))");
  CHECK(canonical("x <> 1 and x == 2 and x != 3 and x = 4") == "((((x != 1) and (x = 2)) and (x != 3)) and (x = 4))");
  CHECK(canonical("x < 1 or x <= 2 or x > 3 or x >= 4") == "((((x < 1) or (x <= 2)) or (x > 3)) or (x >= 4))");
  CHECK(canonical("x IS NOT NULL or y is null") == "((x is not null) or (y is null))");
  CHECK(canonical("TRUE and False") == "(true and false)");
  CHECK(canonical("Has_Product('WL-2024')") == "has_product('WL-2024')");
}

TEST_CASE("rules parse: literals") {
  CHECK(canonical(R"(name = "say ""hi""" or name = 'it''s')") == R"(((name = 'say "hi"') or (name = 'it''s')))");
  CHECK(canonical("DATE'2026-01-01' <= last_contact") == "(date'2026-01-01' <= last_contact)");
  CHECK(canonical("date '2026-01-01' = d") == "(date'2026-01-01' = d)");
  CHECK(canonical("age in (-1, 2.50, 'x', true, date'2024-02-29')") == "(age in (-1, 2.50, 'x', true, date'2024-02-29'))");
  CHECK(canonical("f()") == "f()");
  CHECK(canonical("city = '上海'") == "(city = '上海')");

  const auto parsed = parse("premium > 10000.50");
  REQUIRE(parsed);
  const Ast& ast = parsed.value();
  const AstNode& lit = ast.node(ast.root_node().children[1]);
  REQUIRE(std::holds_alternative<DecimalLiteral>(lit.literal));
  CHECK(std::get<DecimalLiteral>(lit.literal).text == "10000.50");
  CHECK(std::get<DecimalLiteral>(lit.literal).value == 10000.5);
  CHECK(ast.source(ast.root) == "premium > 10000.50");
  CHECK(ast.source(ast.root_node().children[0]) == "premium");

  const auto big = parse("x = 9223372036854775807 or x in (-9223372036854775808)");
  REQUIRE(big);
}

TEST_CASE("rules parse: canonical text parses back to the same tree") {
  for (const char* text : {"a or b and not c = 1", "x + y * 2 - z / 3 > -4", "age not in (1, -2)",
                           "d between date'2020-01-01' and date'2020-12-31'", "lower(city) = 'x''y'",
                           "contains(tags, 'a') and size(tags) >= 2 or t is not null"}) {
    const std::string once = canonical(text);
    CHECK(canonical(once) == once);
  }
}

TEST_CASE("rules parse: errors give the line and column where the rule went wrong") {
  CHECK(error_of(R"(age >= 30 and region in ("310000" "110000"))") ==
        R"(line 1, column 35: expected ',' or ')' but found "110000")");
  CHECK(error_of("(age >= 30 region = 'x')") == "line 1, column 12: expected ')' but found 'region'");
  CHECK(error_of("") == "line 1, column 1: expected a fact or a value but found end of rule");
  CHECK(error_of("   ") == "line 1, column 4: expected a fact or a value but found end of rule");
  CHECK(error_of("age >= and x") == "line 1, column 8: expected a fact or a value but found 'and'");
  CHECK(error_of("age >= 30 region") == "line 1, column 11: expected an operator or end of rule but found 'region'");
  CHECK(error_of("age > 1 < 2") == "line 1, column 9: expected an operator or end of rule but found '<'");
  CHECK(error_of("region = 'abc") == "line 1, column 10: unterminated string");
  CHECK(error_of("age >= 3.") == "line 1, column 10: expected digits after the decimal point");
  CHECK(error_of("age # 3") == "line 1, column 5: unexpected character '#'");
  CHECK(error_of("age ! 3") == "line 1, column 5: unexpected character '!'");
  CHECK(error_of("age > 99999999999999999999") == "line 1, column 7: integer 99999999999999999999 is out of range");
  CHECK(error_of("age is 5") == "line 1, column 8: expected 'null' or 'not null' after 'is' but found '5'");
  CHECK(error_of("age is not 5") == "line 1, column 12: expected 'null' but found '5'");
  CHECK(error_of("age not 5") == "line 1, column 9: expected 'in' or 'between' after 'not' but found '5'");
  CHECK(error_of("age between 1 or 5") == "line 1, column 15: expected 'and' in 'between … and …' but found 'or'");
  CHECK(error_of("age in 1") == "line 1, column 8: expected '(' after 'in' but found '1'");
  CHECK(error_of("age in ()") == "line 1, column 9: expected a literal value in the list but found ')'");
  CHECK(error_of("age in (gender)") == "line 1, column 9: expected a literal value in the list but found 'gender'");
  CHECK(error_of("age in (- x)") == "line 1, column 11: expected a number after '-' but found 'x'");
  CHECK(error_of("has_product('a' 'b')") == "line 1, column 17: expected ',' or ')' but found 'b'");
  CHECK(error_of("last_contact > date'2026-02-30'") ==
        "line 1, column 20: invalid date '2026-02-30' (expected 'YYYY-MM-DD')");
  CHECK(error_of("last_contact > date 2026") ==
        "line 1, column 21: expected a quoted date after 'date' (date'2026-01-01') but found '2026'");
}

TEST_CASE("rules parse: positions in multi-line rules and in Chinese text count lines and characters") {
  CHECK(error_of("age >= 30\n  and region in ('310000')\n  and annual_premium >") ==
        "line 3, column 23: expected a fact or a value but found end of rule");
  CHECK(error_of("age > 30\nand 地区 = '上海'") == "line 2, column 5: unexpected character '地'");
  CHECK(error_of("city = '上海' and and") == "line 1, column 17: expected a fact or a value but found 'and'");
  CHECK(error_of("a = 1 and\r\n(b = 2 or\r\n c = 3") == "line 3, column 7: expected ')' but found end of rule");
  CHECK(error_of("x = 'multi\nline\nstring' and ?") == "line 3, column 13: unexpected character '?'");
}

TEST_CASE("rules parse: the position is readable back from the error") {
  const auto e = parse("age > 30\n  and (x").error();
  CHECK(rule_error_position(e) == RulePosition{2, 9});
  CHECK(rule_error_position(Error::invalid_argument("rule", "no position here")) == std::nullopt);
  CHECK(position_of("ab\n上海x", 9) == RulePosition{2, 3});  // offset 9 is 'x': 3 + 3 + 3 bytes before it
}

// Found by tests/fuzz/fuzz_rules.cpp: ten thousand opening parentheses overflowed the stack.
TEST_CASE("rules parse: nesting and depth are bounded with a positioned error, not a crash") {
  const auto deep = [](std::string_view open, std::string_view middle, std::string_view close, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += open;
    s += middle;
    for (int i = 0; i < n; ++i) s += close;
    return s;
  };
  for (const std::string& text : {deep("(", "age > 1", ")", 10'000), deep("not ", "vip", "", 10'000),
                                  deep("-", "age", "", 10'000) + " > 1"}) {
    const auto ast = parse(text);
    REQUIRE_FALSE(ast);
    CHECK(ast.error().code() == Errc::InvalidArgument);
    CHECK(ast.error().field() == "rule");
    CHECK(ast.error().message().find("deep") != std::string::npos);
  }
  // A hundred levels is still a rule.
  CHECK(parse(deep("(", "age > 1", ")", 99)));
  // A long flat chain builds a deep tree: bounded too, and a generous length still parses.
  std::string chain = "age = 0";
  for (int i = 1; i < 2'000; ++i) chain += " or age = " + std::to_string(i);
  const auto long_chain = parse(chain);
  REQUIRE_FALSE(long_chain);
  CHECK(long_chain.error().field() == "rule");
  std::string shorter = "age = 0";
  for (int i = 1; i < 500; ++i) shorter += " or age = " + std::to_string(i);
  CHECK(parse(shorter));
}
