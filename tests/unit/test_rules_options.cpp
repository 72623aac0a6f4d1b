// evaluate() and count_by() with EvalOptions: split over threads, or with the kernels of another
// instruction set, they give exactly what the baseline kernels on the caller's thread alone give. The thread threshold is lowered so that a few thousand rows are
// split into several parts, short last chunk included.

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/rules/evaluate.hpp>
#include <inscrm/rules/rule.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

using namespace inscrm;
using namespace inscrm::rules;
using namespace std::chrono_literals;

namespace {

constexpr Date kAsOf = 2026y / 1 / 31;

// Every fact type the counts distinguish, with nulls in each column.
Portfolio mixed(std::size_t n) {
  std::vector<CustomerId> ids;
  for (std::size_t r = 0; r < n; ++r) ids.emplace_back(static_cast<std::int64_t>(r + 1));
  Portfolio p(ids, kAsOf);
  const FactId tags = p.register_fact("tags", FactType::StringSet).value();
  const FactId score = p.register_fact("score", FactType::Decimal).value();
  const FactId small = p.register_fact("small", FactType::Int).value();
  std::uint64_t seed = 11;
  const auto next = [&](std::uint64_t bound) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (seed >> 11) % bound;
  };
  for (std::size_t r = 0; r < n; ++r) {
    if (next(10) > 0) REQUIRE(p.set(fact::points, r, static_cast<std::int64_t>(next(6'000'000'000ULL)) - 1'000'000'000));
    if (next(10) > 0) REQUIRE(p.set(fact::age, r, static_cast<std::int64_t>(next(100))));
    if (next(10) > 0) REQUIRE(p.set(fact::region, r, fmt::format("{:06}", next(30))));
    if (next(10) > 0) REQUIRE(p.set(fact::has_lapsed_policy, r, next(2) == 0));
    if (next(10) > 0) REQUIRE(p.set(fact::last_contact, r, from_epoch_days(to_epoch_days(Date{2025y / 1 / 1}) + static_cast<int>(next(400)))));
    if (next(10) > 0) REQUIRE(p.set(fact::annual_premium, r, Money::cny(static_cast<std::int64_t>(next(50)) * 100'000)));
    if (next(10) > 0) REQUIRE(p.set(score, r, static_cast<double>(next(20)) / 4.0));
    if (next(10) > 0) REQUIRE(p.set(small, r, static_cast<std::int64_t>(next(30'000)) - 15'000));
    std::vector<std::string> t;
    for (int k = 0; k < 2; ++k) t.push_back(fmt::format("t{}", next(80)));
    if (next(10) > 0) REQUIRE(p.set(tags, r, t));
  }
  return p;
}

}  // namespace

TEST_CASE("rules evaluate: threads give the selection and the counts of the caller's thread alone") {
  // 5,300 rows: five full chunks and a short one.
  const Portfolio p = mixed(5300);
  CHECK(p.column(p.find("tags").value()).set_words == 2);
  const std::vector<EvalOptions> threaded{{3, 1000}, {0, 1000}, {16, 1}, {2, 5000}};
  for (const char* text : {"points > 0 and age between 20 and 60", "region < '000010' or contains(tags, 't3')",
                           "not (has_lapsed_policy) and days_since(last_contact) <= 200",
                           "annual_premium >= 1000000 or score / age > 0.1", "size(tags) = 2 and region is not null",
                           "age is null or points is null"}) {
    INFO(std::string{text});
    const Rule rule = compile(text, p.registry()).value();
    const Selection alone = evaluate(rule, p).value();
    CHECK(alone.count() > 0);
    CHECK(alone.count() < p.size());
    for (const EvalOptions& options : threaded) {
      INFO("threads ", options.threads, ", at least ", options.min_rows_per_thread, " rows each");
      const Selection split = evaluate(rule, p, options).value();
      CHECK(split == alone);
      for (const char* fact : {"region", "tags", "points", "age", "has_lapsed_policy", "last_contact", "annual_premium", "score"}) {
        INFO(std::string{fact});
        const auto want = count_by(alone, p, fact).value();
        CHECK(!want.empty());
        CHECK(count_by(split, p, fact, options).value() == want);
      }
    }
  }
}

TEST_CASE("rules evaluate: threads on small and empty portfolios, and errors, as on one thread") {
  const EvalOptions many{8, 1};
  const Portfolio small = mixed(1500);  // two chunks: at most two parts
  const Rule rule = compile("age > 40", small.registry()).value();
  CHECK(evaluate(rule, small, many).value() == evaluate(rule, small).value());
  CHECK(count_by(evaluate(rule, small).value(), small, "region", many).value() ==
        count_by(evaluate(rule, small).value(), small, "region").value());

  const Portfolio empty = mixed(0);
  const Selection none = evaluate(compile("age > 40", empty.registry()).value(), empty, many).value();
  CHECK(none.size() == 0);
  CHECK(count_by(none, empty, "region", many).value().empty());

  CHECK(count_by(evaluate(rule, small).value(), small, "nope", many).error().field() == "fact");
  CHECK(count_by(none, small, "region", many).error().field() == "selection");
}

// The AVX2 and AVX-512 builds of the kernels against the baseline build, over rules that reach
// every kernel family: column compares of each width, in-lists, lookup tables, sets, arithmetic
// of both kinds, divisions by zero, date functions, nulls and the three-valued connectives.
TEST_CASE("rules evaluate: every instruction set's kernels select what the baseline kernels do") {
  const Portfolio p = mixed(5300);
  // Column compares come in every element width: int8 ages, int16 `small`, int32 days and
  // premiums in fen, int64 points, uint8 flags.
  CHECK(std::holds_alternative<std::vector<std::int8_t>>(p.column(fact::age).data));
  CHECK(std::holds_alternative<std::vector<std::int16_t>>(p.column(p.find("small").value()).data));
  CHECK(std::holds_alternative<std::vector<std::int32_t>>(p.column(fact::annual_premium).data));
  CHECK(std::holds_alternative<std::vector<std::int64_t>>(p.column(fact::points).data));
  CHECK(std::holds_alternative<std::vector<std::uint8_t>>(p.column(fact::has_lapsed_policy).data));
  CHECK(resolve_kernels(Kernels::Baseline) == Kernels::Baseline);
  CHECK(resolve_kernels(Kernels::Best) != Kernels::Best);
  CHECK(static_cast<int>(resolve_kernels(Kernels::Avx2)) <= static_cast<int>(Kernels::Avx2));
  MESSAGE("best kernels on this CPU: ", static_cast<int>(resolve_kernels(Kernels::Best)), " (0 baseline, 1 AVX2, 2 AVX-512)");
  for (const char* text :
       {"points > 0 and age between 20 and 60", "points <= -1 or age != 30", "age in (1, 2, 3, 99) or points in (5, 7)",
        "region < '000010' or contains(tags, 't3')", "region in ('000001', '000002') and not contains(tags, 't70')",
        "region >= '000004' and region <= '000027'", "not (has_lapsed_policy) and days_since(last_contact) <= 200",
        "has_lapsed_policy or last_contact > '2025-06-01'", "annual_premium >= 1000000 or score / age > 0.1",
        "score * 2 - age / 3 >= 1.5", "points / 1000 < age", "points + age * 1000000 > 0 or region is null",
        "size(tags) = 2 and region is not null", "age is null or points is null", "score / (age - 50) > 0",
        "year(last_contact) = 2025 and month(last_contact) in (1, 2, 3)", "days_since(last_contact) - age > 100",
        "(age > 30) = has_lapsed_policy", "-points > age", "annual_premium / 2 between 100000 and 900000",
        "score in (0.5, 1.25, 4.75) or score is null", "not (age > 40 or points < 0) and score >= 2",
        "has_lapsed_policy = true", "has_lapsed_policy != false or age < 25", "last_contact <= '2025-03-01'",
        "annual_premium < 2000000", "points >= 4000000000 or points = 17",
        "small > 100 and small <= 12000", "small < -14000 or small = 0 or small != small"}) {
    INFO(std::string{text});
    const auto rule = compile(text, p.registry());
    if (!rule) FAIL(rule.error().message());
    EvalOptions baseline;
    baseline.kernels = Kernels::Baseline;
    const Selection want = evaluate(rule.value(), p, baseline).value();
    for (std::size_t r = 0; r < p.size(); ++r) {
      const auto one = evaluate_row(rule.value(), p, r);
      REQUIRE(one);
      if (want.contains(r) != (one.value() == std::optional<bool>{true})) {
        FAIL_CHECK("baseline kernels disagree with the row evaluator on row ", r);
        break;
      }
    }
    for (const Kernels k : {Kernels::Avx2, Kernels::Avx512, Kernels::Best}) {
      INFO("kernels ", static_cast<int>(k));
      EvalOptions options;
      options.kernels = k;
      CHECK(evaluate(rule.value(), p, options).value() == want);
      options.threads = 3;
      options.min_rows_per_thread = 1000;
      CHECK(evaluate(rule.value(), p, options).value() == want);
    }
  }
}
