// evaluate() and count_by() with EvalOptions: split over threads, they give exactly what the
// caller's thread alone gives. The thread threshold is lowered so that a few thousand rows are
// split into several parts, short last chunk included.

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/rules/evaluate.hpp>
#include <inscrm/rules/rule.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdint>
#include <string>
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
