// Customer lifetime value and the churn / lapse risk scores, against hand-computed cases.
#include <inscrm/analytics/churn_risk.hpp>
#include <inscrm/analytics/clv.hpp>

#include "analytics_fixture.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace inscrm;
using namespace analytics_fixture;
using namespace std::chrono_literals;

TEST_CASE("CLV: the discounted margin over the horizon, computed by hand") {
  // m = 100, r = 0.8, d = 0.1, H = 3:
  //   100 / 1.1 + 100 × 0.8 / 1.21 + 100 × 0.64 / 1.331 = 90.909091 + 66.115702 + 48.084147 = 205.108941
  const ClvParameters p{.retention = 0.8, .margin = 0.1, .discount_rate = 0.1, .horizon_years = 3};
  const auto v = lifetime_value(100.0, p);
  REQUIRE(v);
  CHECK(v.value() == doctest::Approx(205.108940646).epsilon(1e-9));
  // No retention: only the first, certain year, discounted once.
  CHECK(lifetime_value(100.0, {.retention = 0.0, .discount_rate = 0.25, .horizon_years = 5}).value() == doctest::Approx(80.0));

  // Per customer: 10000 yuan of annual premium × 10 % margin = 1000 yuan a year →
  // 10 × 205.108940 = 2051.08940 yuan = 205108.94 fen → 205109 fen.
  const Date as_of{2026y / 6 / 30};
  const std::vector<Customer> customers{customer(1), customer(2)};
  const std::vector<Policy> policies{policy(1, 1, Date{2024y / 1 / 1}, 10000)};
  const auto portfolio = Portfolio::build(customers, policies, {}, {}, as_of);
  const auto values = lifetime_values(portfolio, p);
  REQUIRE(values);
  CHECK(values.value()[0].annual_margin == Money::cny(1000'00));
  CHECK(values.value()[0].value == Money::cny(205109));
  CHECK(values.value()[1].value == Money::cny(0));  // a prospect brings no margin yet
  // A per-customer retention replaces the common one: r = 0 leaves 1000 / 1.1 = 909.09.
  const std::vector<double> retention{0.0, 0.5};
  CHECK(lifetime_values(portfolio, p, retention).value()[0].value == Money::cny(90909));

  SUBCASE("bad parameters are typed errors naming the field") {
    CHECK(lifetime_value(1.0, {.retention = 1.5}).error().field() == "retention");
    CHECK(lifetime_value(1.0, {.margin = -0.1}).error().field() == "margin");
    CHECK(lifetime_value(1.0, {.discount_rate = -1.0}).error().field() == "discount_rate");
    CHECK(lifetime_value(1.0, {.horizon_years = 0}).error().field() == "horizon_years");
    const std::vector<double> one{0.5};
    CHECK(lifetime_values(portfolio, p, one).error().field() == "retention");
  }
}

namespace {
std::vector<std::string> names(const std::vector<RiskFactor>& factors) {
  std::vector<std::string> out;
  for (const auto& f : factors) out.push_back(f.name);
  return out;
}
}  // namespace

TEST_CASE("churn risk per customer: additive points with the factors that drove them") {
  const Date as_of{2026y / 6 / 30};
  Portfolio p(ids({1, 2, 3}), as_of);
  // C1: everything wrong.
  REQUIRE(p.set(fact::policies_in_force, 0, std::int64_t{1}));
  REQUIRE(p.set(fact::tenure_years, 0, std::int64_t{1}));
  REQUIRE(p.set(fact::has_lapsed_policy, 0, true));
  REQUIRE(p.set(fact::days_since_last_payment, 0, std::int64_t{500}));
  REQUIRE(p.set(fact::open_complaints, 0, std::int64_t{1}));
  REQUIRE(p.set(fact::nps, 0, std::int64_t{3}));
  REQUIRE(p.set(fact::products_held, 0, std::vector<std::string>{"WL"}));
  // C2: a settled customer.
  REQUIRE(p.set(fact::policies_in_force, 1, std::int64_t{2}));
  REQUIRE(p.set(fact::tenure_years, 1, std::int64_t{6}));
  REQUIRE(p.set(fact::has_lapsed_policy, 1, false));
  REQUIRE(p.set(fact::days_since_last_payment, 1, std::int64_t{30}));
  REQUIRE(p.set(fact::open_complaints, 1, std::int64_t{0}));
  REQUIRE(p.set(fact::nps, 1, std::int64_t{9}));
  REQUIRE(p.set(fact::products_held, 1, std::vector<std::string>{"WL", "CI"}));
  REQUIRE(p.set(fact::last_contact, 1, Date{2026y / 6 / 20}));
  // C3: had policies for three years, holds none now, never paid on record, never contacted.
  REQUIRE(p.set(fact::policies_in_force, 2, std::int64_t{0}));
  REQUIRE(p.set(fact::tenure_years, 2, std::int64_t{3}));

  const auto risk = churn_risk(p);
  REQUIRE(risk.size() == 3);
  // C1: 25 + 15 + 15 + 15 + 10 + 10 + 10 = 100 (exactly the cap).
  CHECK(risk[0].score == 100);
  CHECK(names(risk[0].factors) == std::vector<std::string>{"has_lapsed_policy", "no_recent_payment", "open_complaint",
                                                           "detractor", "early_tenure", "single_product",
                                                           "no_recent_contact"});
  CHECK(risk[1].score == 0);
  CHECK(risk[1].factors.empty());
  // C3: 30 + 15 + 10 = 55; no NPS on record is not a detractor.
  CHECK(risk[2].score == 55);
  CHECK(names(risk[2].factors) == std::vector<std::string>{"no_policy_in_force", "no_recent_payment", "no_recent_contact"});
}

TEST_CASE("lapse risk per policy in force") {
  const Date as_of{2026y / 6 / 30};
  // In its grace period, monthly, in policy year 1, one of four payments late:
  // 40 + round(20 × 1/4) = 5 + 15 + 10 = 70.
  auto grace = policy(1, 1, Date{2026y / 1 / 1}, 100, PolicyStatus::GracePeriod, Frequency::Monthly);
  const auto settled = policy(2, 2, Date{2015y / 1 / 1}, 1000);  // annual, year 12, always on time: 0
  const auto lapsed = policy(3, 3, Date{2025y / 1 / 1}, 1000, PolicyStatus::Lapsed);  // nothing left to lapse
  const std::vector<Policy> policies{grace, settled, lapsed};
  const std::vector<Payment> payments{
      payment(1, Date{2026y / 1 / 1}, 100), payment(1, Date{2026y / 2 / 1}, 100),
      payment(1, Date{2026y / 3 / 1}, 100, Date{2026y / 3 / 20}), payment(1, Date{2026y / 4 / 1}, 100),
      payment(2, Date{2026y / 1 / 1}, 1000),
      payment(2, Date{2026y / 7 / 1}, 1000, Date{2026y / 7 / 9})};  // late, but after as_of: not yet history
  const auto risk = lapse_risk(policies, payments, as_of);
  REQUIRE(risk.size() == 2);
  CHECK(risk[0].policy == PolicyId{1});
  CHECK(risk[0].score == 70);
  CHECK(risk[0].factors == std::vector<RiskFactor>{{"grace_period", 40}, {"early_policy_year", 15},
                                                   {"instalment_frequency", 10}, {"late_payer", 5}});
  CHECK(risk[1].policy == PolicyId{2});
  CHECK(risk[1].score == 0);
}
