// domain.md C2: the premium schedule, policy years (first-year versus renewal premium) and the
// oldest unpaid instalment that opens grace.

#include <inscrm/domain/payment.hpp>
#include <inscrm/domain/policy.hpp>

#include <doctest/doctest.h>

#include <vector>

// Readable failure messages: doctest would otherwise print "{?}" for these.
namespace doctest {
template <>
struct StringMaker<inscrm::Date> {
  static String convert(const inscrm::Date& d) { return inscrm::to_string(d).c_str(); }
};
}  // namespace doctest

using namespace inscrm;
using namespace std::chrono_literals;

namespace {

Policy policy(Frequency f, int premium_years, Date effective = 2024y / 1 / 10) {
  Policy p;
  p.id = PolicyId{9};
  p.premium = Money::cny(500'00);
  p.frequency = f;
  p.premium_years = premium_years;
  p.effective_date = effective;
  return p;
}

std::vector<Date> due_dates(const std::vector<Instalment>& xs) {
  std::vector<Date> out;
  for (const auto& x : xs) out.push_back(x.due_date);
  return out;
}

std::vector<int> years(const std::vector<Instalment>& xs) {
  std::vector<int> out;
  for (const auto& x : xs) out.push_back(x.policy_year);
  return out;
}

Payment paid(Date due) {
  Payment pay;
  pay.policy = PolicyId{9};
  pay.due_date = due;
  pay.paid_on = due;
  pay.amount = Money::cny(500'00);
  return pay;
}

}  // namespace

TEST_CASE("annual instalments over the payment term") {
  const Policy p = policy(Frequency::Annual, 3);
  const auto xs = instalments_through(p, 2040y / 1 / 1);
  CHECK(due_dates(xs) == std::vector<Date>{2024y / 1 / 10, 2025y / 1 / 10, 2026y / 1 / 10});
  CHECK(years(xs) == std::vector<int>{1, 2, 3});
  for (const auto& x : xs) CHECK(x.amount == Money::cny(500'00));
}

TEST_CASE("semi-annual and quarterly instalments") {
  const auto semi = instalments_through(policy(Frequency::SemiAnnual, 2), 2040y / 1 / 1);
  CHECK(due_dates(semi) == std::vector<Date>{2024y / 1 / 10, 2024y / 7 / 10, 2025y / 1 / 10, 2025y / 7 / 10});
  CHECK(years(semi) == std::vector<int>{1, 1, 2, 2});

  const auto quarterly = instalments_through(policy(Frequency::Quarterly, 1), 2040y / 1 / 1);
  CHECK(due_dates(quarterly) ==
        std::vector<Date>{2024y / 1 / 10, 2024y / 4 / 10, 2024y / 7 / 10, 2024y / 10 / 10});
  CHECK(years(quarterly) == std::vector<int>{1, 1, 1, 1});
}

TEST_CASE("monthly instalments from the 31st keep to month ends") {
  const auto xs = instalments_through(policy(Frequency::Monthly, 2, 2024y / 1 / 31), 2040y / 1 / 1);
  REQUIRE(xs.size() == 24);
  const std::vector<Date> first_year{2024y / 1 / 31, 2024y / 2 / 29, 2024y / 3 / 31, 2024y / 4 / 30,
                                     2024y / 5 / 31, 2024y / 6 / 30, 2024y / 7 / 31, 2024y / 8 / 31,
                                     2024y / 9 / 30, 2024y / 10 / 31, 2024y / 11 / 30, 2024y / 12 / 31};
  for (std::size_t i = 0; i < first_year.size(); ++i) {
    CHECK(xs[i].due_date == first_year[i]);
    CHECK(xs[i].policy_year == 1);
  }
  CHECK(xs[12].due_date == 2025y / 1 / 31);
  CHECK(xs[12].policy_year == 2);
  CHECK(xs[13].due_date == 2025y / 2 / 28);  // not a leap year: clamps to the 28th, then back to the 31st
  CHECK(xs[14].due_date == 2025y / 3 / 31);
  CHECK(xs[23].due_date == 2025y / 12 / 31);
}

TEST_CASE("a single premium falls due once, at the effective date") {
  Policy p = policy(Frequency::Single, 0);
  auto xs = instalments_through(p, 2040y / 1 / 1);
  REQUIRE(xs.size() == 1);
  CHECK(xs[0].due_date == 2024y / 1 / 10);
  CHECK(xs[0].policy_year == 1);
  CHECK(xs[0].amount == Money::cny(500'00));

  p.premium_years = 5;  // the payment term does not multiply a single premium
  CHECK(instalments_through(p, 2040y / 1 / 1).size() == 1);
  CHECK(instalments_through(p, 2024y / 1 / 9).empty());
}

TEST_CASE("only instalments due on or before the given day are listed") {
  const Policy p = policy(Frequency::Annual, 10);
  CHECK(instalments_through(p, 2024y / 1 / 9).empty());
  CHECK(instalments_through(p, 2024y / 1 / 10).size() == 1);
  CHECK(instalments_through(p, 2026y / 1 / 9).size() == 2);
  CHECK(instalments_through(p, 2026y / 1 / 10).size() == 3);
}

TEST_CASE("nothing falls due on or after the expiry date") {
  Policy p = policy(Frequency::Annual, 20);
  p.expiry_date = 2027y / 1 / 10;
  CHECK(due_dates(instalments_through(p, 2040y / 1 / 1)) ==
        std::vector<Date>{2024y / 1 / 10, 2025y / 1 / 10, 2026y / 1 / 10});
  p.expiry_date = 2027y / 1 / 11;
  CHECK(instalments_through(p, 2040y / 1 / 1).size() == 4);
  CHECK_FALSE(is_scheduled_due(p, 2028y / 1 / 10));
}

TEST_CASE("without an effective date there is no schedule") {
  Policy p = policy(Frequency::Monthly, 5);
  p.effective_date.reset();
  CHECK(instalments_through(p, 2040y / 1 / 1).empty());
  CHECK_FALSE(oldest_unpaid_due(p, {}, 2040y / 1 / 1));
  CHECK_FALSE(is_scheduled_due(p, 2024y / 1 / 10));
  CHECK(policy_year_of(p, 2040y / 1 / 1) == 1);
}

TEST_CASE("policy_year_of at its boundaries") {
  const Policy p = policy(Frequency::Annual, 10);
  CHECK(policy_year_of(p, 2020y / 1 / 1) == 1);  // before cover starts
  CHECK(policy_year_of(p, 2024y / 1 / 10) == 1);
  CHECK(policy_year_of(p, 2025y / 1 / 9) == 1);
  CHECK(policy_year_of(p, 2025y / 1 / 10) == 2);
  CHECK(policy_year_of(p, 2026y / 1 / 9) == 2);
  CHECK(policy_year_of(p, 2026y / 1 / 10) == 3);
  CHECK(policy_year_of(p, 2033y / 12 / 31) == 10);

  SUBCASE("a 29 February start has its anniversary on 28 February in common years") {
    const Policy leap = policy(Frequency::Annual, 10, 2024y / 2 / 29);
    CHECK(policy_year_of(leap, 2025y / 2 / 27) == 1);
    CHECK(policy_year_of(leap, 2025y / 2 / 28) == 2);
    CHECK(policy_year_of(leap, 2028y / 2 / 28) == 4);
    CHECK(policy_year_of(leap, 2028y / 2 / 29) == 5);
    // Every annual instalment is first-year or renewal premium of the year it starts.
    CHECK(years(instalments_through(leap, 2030y / 1 / 1)) == std::vector<int>{1, 2, 3, 4, 5, 6});
  }
  SUBCASE("a month-end start counts whole months with the same clamping") {
    const Policy end = policy(Frequency::Monthly, 2, 2024y / 1 / 31);
    CHECK(policy_year_of(end, 2024y / 12 / 31) == 1);
    CHECK(policy_year_of(end, 2025y / 1 / 30) == 1);
    CHECK(policy_year_of(end, 2025y / 1 / 31) == 2);
  }
}

TEST_CASE("payment kind follows the policy year") {
  Payment pay;
  pay.policy_year = 1;
  CHECK(pay.kind() == PremiumKind::FirstYear);
  pay.policy_year = 2;
  CHECK(pay.kind() == PremiumKind::Renewal);
}

TEST_CASE("oldest_unpaid_due finds the first instalment no payment covers") {
  const Policy p = policy(Frequency::Annual, 10);

  SUBCASE("an instalment is not unpaid before its due date has passed") {
    CHECK_FALSE(oldest_unpaid_due(p, {}, 2024y / 1 / 10));
    CHECK(oldest_unpaid_due(p, {}, 2024y / 1 / 11) == 2024y / 1 / 10);
  }
  SUBCASE("paid instalments are skipped") {
    const std::vector<Payment> pays{paid(2024y / 1 / 10), paid(2025y / 1 / 10)};
    CHECK_FALSE(oldest_unpaid_due(p, pays, 2026y / 1 / 10));
    CHECK(oldest_unpaid_due(p, pays, 2026y / 1 / 11) == 2026y / 1 / 10);
  }
  SUBCASE("the oldest gap wins over later ones") {
    const std::vector<Payment> pays{paid(2024y / 1 / 10), paid(2026y / 1 / 10)};
    CHECK(oldest_unpaid_due(p, pays, 2028y / 1 / 1) == 2025y / 1 / 10);
  }
  SUBCASE("a payment counts for the due date it was recorded against, not the day it was paid") {
    Payment early = paid(2025y / 1 / 10);
    early.paid_on = 2024y / 12 / 20;
    const std::vector<Payment> pays{paid(2024y / 1 / 10), early};
    CHECK_FALSE(oldest_unpaid_due(p, pays, 2025y / 6 / 1));

    const std::vector<Payment> wrong{paid(2024y / 1 / 10), paid(2025y / 1 / 11)};
    CHECK(oldest_unpaid_due(p, wrong, 2025y / 6 / 1) == 2025y / 1 / 10);
  }
  SUBCASE("once the payment term is over nothing more falls due") {
    std::vector<Payment> pays;
    for (const auto& x : instalments_through(p, 2100y / 1 / 1)) pays.push_back(paid(x.due_date));
    REQUIRE(pays.size() == 10);
    CHECK_FALSE(oldest_unpaid_due(p, pays, 2100y / 1 / 1));
  }
}

TEST_CASE("is_scheduled_due recognises exactly the schedule's dates") {
  const Policy monthly = policy(Frequency::Monthly, 2, 2024y / 1 / 31);
  CHECK(is_scheduled_due(monthly, 2024y / 1 / 31));
  CHECK(is_scheduled_due(monthly, 2024y / 2 / 29));
  CHECK(is_scheduled_due(monthly, 2025y / 12 / 31));
  CHECK_FALSE(is_scheduled_due(monthly, 2024y / 2 / 28));
  CHECK_FALSE(is_scheduled_due(monthly, 2024y / 1 / 30));
  CHECK_FALSE(is_scheduled_due(monthly, 2026y / 1 / 31));  // after the payment term

  const Policy single = policy(Frequency::Single, 0);
  CHECK(is_scheduled_due(single, 2024y / 1 / 10));
  CHECK_FALSE(is_scheduled_due(single, 2025y / 1 / 10));
}
