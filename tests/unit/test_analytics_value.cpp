// RFM, value tiers, the value × loyalty matrix, profitability and the Pareto curve, each against a
// small book computed by hand (the arithmetic is in the comments).
#include <inscrm/analytics/pareto.hpp>
#include <inscrm/analytics/profitability.hpp>
#include <inscrm/analytics/quintile.hpp>
#include <inscrm/analytics/rfm.hpp>
#include <inscrm/analytics/value_loyalty.hpp>
#include <inscrm/analytics/value_tier.hpp>

#include "analytics_fixture.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace inscrm;
using namespace analytics_fixture;
using namespace std::chrono_literals;

TEST_CASE("quintile scores: equal fifths, ties share the score where they start, row order does not matter") {
  // Ten distinct values: two per fifth.
  const std::vector<double> distinct{10, 1, 9, 2, 8, 3, 7, 4, 6, 5};
  CHECK(quintile_scores(distinct) == std::vector<int>{5, 1, 5, 1, 4, 2, 4, 2, 3, 3});
  // Sorted: 0 0 0 0 | 5 | 7 7 | 9 9 9 at positions 0..9. Score = 1 + ⌊5 × first position / 10⌋:
  // zeros start at 0 → 1; 5 at 4 → 1 + 2 = 3; sevens at 5 → 1 + 2 = 3; nines at 7 → 1 + 3 = 4.
  // Nobody scores 2 or 5: the big tie fills the bottom and the top fifth is shared by three equals.
  const std::vector<double> tied{0, 9, 0, 7, 5, 9, 0, 7, 9, 0};
  CHECK(quintile_scores(tied) == std::vector<int>{1, 4, 1, 3, 3, 4, 1, 3, 4, 1});
  const std::vector<double> reordered{9, 9, 9, 7, 7, 5, 0, 0, 0, 0};
  CHECK(quintile_scores(reordered) == std::vector<int>{4, 4, 4, 3, 3, 3, 1, 1, 1, 1});
  CHECK(quintile_scores(std::vector<double>{}).empty());
}

TEST_CASE("RFM scores of five customers computed by hand") {
  const Date as_of{2026y / 6 / 30};
  std::vector<Customer> customers;
  std::vector<Policy> policies;
  for (std::int64_t c = 1; c <= 5; ++c) {
    customers.push_back(customer(c));
    policies.push_back(policy(c, c, Date{2020y / 1 / 1}, 1000));
  }
  const std::vector<Payment> payments{
      // C1: last paid 10 days ago; 3 payments, 3000 in the window.
      payment(1, Date{2025y / 6 / 20}, 1000), payment(1, Date{2025y / 12 / 20}, 1000), payment(1, Date{2026y / 6 / 20}, 1000),
      // C2: 30 days ago; 2 payments, 4000.
      payment(2, Date{2025y / 5 / 31}, 2000), payment(2, Date{2026y / 5 / 31}, 2000),
      // C3: 92 days ago (30 March → 30 June); 1 payment, 500.
      payment(3, Date{2026y / 3 / 30}, 500),
      // C4: 365 days ago; 4 payments of 250 in the window. The one on 2023-06-30 is exactly 36
      // months back, outside (as_of − 36 months, as_of], so it counts for nothing.
      payment(4, Date{2023y / 6 / 30}, 250), payment(4, Date{2023y / 12 / 31}, 250), payment(4, Date{2024y / 6 / 30}, 250),
      payment(4, Date{2024y / 12 / 31}, 250), payment(4, Date{2025y / 6 / 30}, 250),
      // C5: only a payment after as_of, which is not yet history.
      payment(5, Date{2026y / 7 / 1}, 9000)};
  const auto p = Portfolio::build(customers, policies, payments, {}, as_of);
  const auto scores = rfm_scores(p, policies, payments);
  REQUIRE(scores.size() == 5);
  // Recency, best last: C5 never (−∞) < C4 365 < C3 92 < C2 30 < C1 10 days → 1, 2, 3, 4, 5.
  // Frequency: C5 0 < C3 1 < C2 2 < C1 3 < C4 4 → C5 1, C3 2, C2 3, C1 4, C4 5.
  // Monetary: C5 0 < C3 500 < C4 1000 < C1 3000 < C2 4000 → C5 1, C3 2, C4 3, C1 4, C2 5.
  CHECK(scores[0].cell() == 544);
  CHECK(scores[1].cell() == 435);
  CHECK(scores[2].cell() == 322);
  CHECK(scores[3].cell() == 253);
  CHECK(scores[4].cell() == 111);
  CHECK(scores[0].days_since_last_payment == 10);
  CHECK(scores[2].days_since_last_payment == 92);
  CHECK(scores[3].payments == 4);
  CHECK(scores[3].premium == Money::cny(1000'00));
  CHECK_FALSE(scores[4].days_since_last_payment.has_value());
  CHECK(scores[4].payments == 0);
}

TEST_CASE("value tiers fill the value_tier fact; a wrong count is refused and changes nothing") {
  Portfolio p(ids({1, 2, 3, 4, 5}), Date{2026y / 1 / 1});
  const std::vector<std::int64_t> profit{-500, 9000, 100, 100, 4000};
  // Sorted: −500 | 100 100 | 4000 | 9000 → first positions 0, 1, 3, 4 of 5 → tiers 1, 2, 4, 5.
  const auto tiers = value_tiers(profit);
  CHECK(tiers == std::vector<int>{1, 5, 2, 2, 4});
  REQUIRE(fill_value_tier(p, tiers));
  CHECK(std::get<std::int64_t>(p.value(fact::value_tier, 1)) == 5);
  CHECK(std::get<std::int64_t>(p.value(fact::value_tier, 0)) == 1);

  Portfolio q(ids({1, 2}), Date{2026y / 1 / 1});
  const auto wrong = fill_value_tier(q, tiers);
  REQUIRE_FALSE(wrong);
  CHECK(wrong.error().code() == Errc::InvalidArgument);
  CHECK(wrong.error().field() == "value_tiers");
  CHECK(std::holds_alternative<std::monostate>(q.value(fact::value_tier, 0)));
  const std::vector<int> out_of_range{0, 3};
  CHECK(fill_value_tier(q, out_of_range).error().field() == "value_tiers");
}

TEST_CASE("loyalty and the value x loyalty matrix: golden customers are high value and high loyalty") {
  const Date as_of{2026y / 6 / 30};
  const std::vector<Customer> customers{customer(1), customer(2), customer(3)};
  const std::vector<Product> products{product(1, "WL"), product(2, "CI"), product(3, "MED")};
  const std::vector<Policy> policies{
      // C1: since 2019 (7 years, capped at 5 → 1), three products (1), nothing broken (1) → 1.0.
      policy(1, 1, Date{2019y / 1 / 1}, 1000, PolicyStatus::InForce, Frequency::Annual, 1),
      policy(2, 1, Date{2020y / 1 / 1}, 1000, PolicyStatus::InForce, Frequency::Annual, 2),
      policy(3, 1, Date{2021y / 1 / 1}, 1000, PolicyStatus::InForce, Frequency::Annual, 3),
      // C2: since 2025-01-01 (1 year → 1/5), one product in force (1/3), one kept + one lapsed (1/2)
      // → (0.2 + 0.3333 + 0.5) / 3 = 0.3444.
      policy(4, 2, Date{2025y / 1 / 1}, 1000, PolicyStatus::InForce, Frequency::Annual, 1),
      policy(5, 2, Date{2025y / 2 / 1}, 1000, PolicyStatus::Lapsed, Frequency::Annual, 2),
      // C3: since 2018 (5+ → 1), two products (2/3), a matured policy counts as kept (1) → 0.8889.
      policy(6, 3, Date{2018y / 1 / 1}, 1000, PolicyStatus::InForce, Frequency::Annual, 1),
      policy(7, 3, Date{2019y / 1 / 1}, 1000, PolicyStatus::InForce, Frequency::Annual, 2),
      policy(8, 3, Date{2016y / 1 / 1}, 1000, PolicyStatus::Matured, Frequency::Annual, 3),
      // A free-look cancellation says nothing about loyalty.
      policy(9, 3, Date{2026y / 1 / 1}, 1000, PolicyStatus::Cancelled, Frequency::Annual, 3)};
  const auto p = Portfolio::build(customers, policies, {}, products, as_of);
  const auto loyalty = loyalty_scores(p, policies);
  REQUIRE(loyalty.size() == 3);
  CHECK(loyalty[0].score == doctest::Approx(1.0));
  CHECK(loyalty[1].tenure == doctest::Approx(0.2));
  CHECK(loyalty[1].products == doctest::Approx(1.0 / 3.0));
  CHECK(loyalty[1].persistency == doctest::Approx(0.5));
  CHECK(loyalty[1].score == doctest::Approx((0.2 + 1.0 / 3.0 + 0.5) / 3.0));
  CHECK(loyalty[2].score == doctest::Approx((1.0 + 2.0 / 3.0 + 1.0) / 3.0));

  const std::vector<int> tiers{5, 5, 1};
  const auto m = value_loyalty_matrix(p, tiers, loyalty);
  REQUIRE(m);
  CHECK(m.value().cells == std::vector<ValueLoyaltyCell>{ValueLoyaltyCell::Golden, ValueLoyaltyCell::HighValueLowLoyalty,
                                                  ValueLoyaltyCell::LowValueHighLoyalty});
  CHECK(m.value().golden == ids({1}));
  CHECK(m.value().count(ValueLoyaltyCell::LowValueLowLoyalty) == 0);
  const std::vector<int> short_tiers{5};
  CHECK(value_loyalty_matrix(p, short_tiers, loyalty).error().field() == "value_tiers");
}

TEST_CASE("profitability per customer: premium minus claims paid minus the servicing cost model") {
  const Date from{2025y / 1 / 1};
  const Date to{2026y / 1 / 1};  // 365 days: the yearly costs apply in full
  const std::vector<Customer> customers{customer(1), customer(2), customer(3)};
  const std::vector<Policy> policies{policy(1, 1, Date{2020y / 1 / 1}, 12000), policy(2, 1, Date{2021y / 1 / 1}, 6000),
                                     policy(3, 2, Date{2022y / 1 / 1}, 3000), policy(4, 3, Date{2023y / 1 / 1}, 1000)};
  const std::vector<Payment> payments{payment(1, Date{2025y / 1 / 1}, 12000), payment(2, Date{2025y / 1 / 1}, 6000),
                                      payment(2, Date{2024y / 12 / 31}, 6000),  // before the period
                                      payment(3, Date{2025y / 1 / 1}, 3000), payment(4, Date{2025y / 1 / 1}, 1000)};
  std::vector<Claim> claims(3);
  claims[0].policy = PolicyId{1};
  claims[0].paid_amount = Money::cny(5000'00);
  claims[0].paid_on = Date{2025y / 6 / 1};
  claims[1].policy = PolicyId{3};
  claims[1].paid_amount = Money::cny(8000'00);
  claims[1].paid_on = Date{2025y / 9 / 1};
  claims[2].policy = PolicyId{4};  // paid after the period
  claims[2].paid_amount = Money::cny(700'00);
  claims[2].paid_on = Date{2026y / 1 / 1};
  std::vector<Interaction> contacts(4);
  for (auto& i : contacts) {
    i.customer = CustomerId{1};
    i.started_at = start_of(Date{2025y / 3 / 1});
  }
  contacts[3].started_at = start_of(Date{2026y / 2 / 1});  // after the period
  std::vector<Complaint> complaints(1);
  complaints[0].customer = CustomerId{2};
  complaints[0].received_at = start_of(Date{2025y / 4 / 1});
  const ServicingCostModel costs{.per_customer_year = Money::cny(100'00), .per_policy_year = Money::cny(50'00),
                                 .per_interaction = Money::cny(20'00), .per_complaint = Money::cny(300'00)};
  const auto p = Portfolio::build(customers, policies, payments, {}, to);
  const auto profit = profitability(p, policies, payments, claims, contacts, complaints, costs, from, to);
  REQUIRE(profit);
  REQUIRE(profit.value().size() == 3);
  // C1: 12000 + 6000 premium − 5000 claim − (100 + 2 × 50 + 3 × 20 = 260) = 12740.
  CHECK(profit.value()[0].premium == Money::cny(18000'00));
  CHECK(profit.value()[0].servicing == Money::cny(260'00));
  CHECK(profit.value()[0].profit == Money::cny(12740'00));
  // C2: 3000 − 8000 − (100 + 50 + 300 = 450) = −5450: a loss-maker.
  CHECK(profit.value()[1].claims == Money::cny(8000'00));
  CHECK(profit.value()[1].profit == Money::cny(-5450'00));
  // C3: 1000 − 0 − 150 = 850.
  CHECK(profit.value()[2].profit == Money::cny(850'00));

  // Half a year (181 days) prorates the yearly costs: 100 × 181 / 365 = 49.589 → 49.59.
  const auto half = profitability(p, policies, {}, {}, {}, {}, {.per_customer_year = Money::cny(100'00)}, from,
                                  Date{2025y / 7 / 1});
  REQUIRE(half);
  CHECK(half.value()[2].servicing == Money::cny(49'59));

  CHECK(profitability(p, policies, payments, claims, contacts, complaints, costs, to, from).error().field() == "to");
  CHECK(profitability(p, policies, payments, claims, contacts, complaints, {.per_complaint = Money::cny(-1)}, from, to)
            .error()
            .field() == "cost_model");
}

namespace {
std::vector<CustomerProfit> profits_of(std::initializer_list<std::int64_t> yuan) {
  std::vector<CustomerProfit> out;
  std::int64_t id = 0;
  for (const auto y : yuan) {
    CustomerProfit p;
    p.customer = CustomerId{++id};
    p.profit = Money::cny(y * 100);
    out.push_back(p);
  }
  return out;
}
}  // namespace

TEST_CASE("Pareto curve: the share of profit held by the top customers, loss-makers included") {
  // Ranked: 50 30 20 10 10 −20, total 100.
  const auto curve = pareto_curve(profits_of({10, 50, -20, 30, 10, 20}));
  CHECK(curve.total_profit == Money::cny(100'00));
  CHECK(curve.loss_makers == 1);
  REQUIRE(curve.points.size() == 7);
  CHECK(curve.points[1].customer_share == doctest::Approx(1.0 / 6.0));
  CHECK(curve.points[1].profit_share == doctest::Approx(0.5));
  // Top 20 % of 6 = ⌈1.2⌉ = 2 customers: 50 + 30 = 80 %.
  CHECK(curve.share_of_top(0.2) == doctest::Approx(0.8));
  // Top half: 50 + 30 + 20 = 100 %; five of six: 120 %, above the whole because the last one loses 20.
  CHECK(curve.share_of_top(0.5) == doctest::Approx(1.0));
  CHECK(curve.share_of_top(5.0 / 6.0) == doctest::Approx(1.2));
  CHECK(curve.share_of_top(1.0) == doctest::Approx(1.0));
  CHECK(curve.share_of_top(0.0) == doctest::Approx(0.0));
  CHECK_FALSE(curve.share_of_top(1.5).has_value());
  // Ten customers: the top 20 % are exactly 2 (0.2 × 10 must not round up to 3).
  const auto ten = pareto_curve(profits_of({40, 20, 10, 10, 5, 5, 4, 3, 2, 1}));
  CHECK(ten.share_of_top(0.2) == doctest::Approx(0.6));
  // A book that loses money overall has no meaningful shares.
  CHECK_FALSE(pareto_curve(profits_of({10, -30})).share_of_top(0.5).has_value());
}
