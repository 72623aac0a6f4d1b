// Agent analytics against the company average, and behaviour statistics, over a hand-made log.
#include <inscrm/analytics/agent_analytics.hpp>
#include <inscrm/analytics/behaviour.hpp>

#include "analytics_fixture.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace inscrm;
using namespace analytics_fixture;
using namespace std::chrono_literals;

namespace {

Interaction visit(std::int64_t agent, Date on, VisitKind kind, InteractionOutcome outcome, std::chrono::minutes took) {
  Interaction i;
  i.customer = CustomerId{1};
  i.agent = AgentId{agent};
  i.channel = Channel::AgentVisit;
  i.purpose = InteractionPurpose::SalesVisit;
  i.started_at = start_of(on) + 2h;
  i.duration = took;
  i.outcome = outcome;
  i.visit_kind = kind;
  return i;
}

Policy sold_by(Policy p, std::int64_t agent) {
  p.agent = AgentId{agent};
  return p;
}

}  // namespace

TEST_CASE("agent analytics: visits per day, per sale and conversion, each against the company") {
  using enum VisitKind;
  using enum InteractionOutcome;
  const std::vector<Interaction> log{
      // Agent 1: 4 visits on 2 days; cold 1 sale of 2, referral 2 of 2; timed 30, 60, 30 (one untimed).
      visit(1, Date{2025y / 3 / 3}, Cold, Sale, 30min), visit(1, Date{2025y / 3 / 3}, Cold, Refused, 60min),
      visit(1, Date{2025y / 3 / 4}, Referral, Sale, 0min), visit(1, Date{2025y / 3 / 4}, Referral, Sale, 30min),
      // Agent 2: 2 visits on 2 days, both cold, no sale.
      visit(2, Date{2025y / 3 / 3}, Cold, Refused, 20min), visit(2, Date{2025y / 3 / 5}, Cold, NoAnswer, 10min),
      // Outside the period, and a call that is not a visit.
      visit(2, Date{2025y / 4 / 1}, Cold, Sale, 10min)};
  auto call = visit(1, Date{2025y / 3 / 5}, Cold, Sale, 5min);
  call.channel = Channel::CallCentre;
  call.purpose = InteractionPurpose::Service;
  std::vector<Interaction> all = log;
  all.push_back(call);
  const std::vector<Policy> policies{sold_by(policy(1, 1, Date{2025y / 3 / 3}, 1000), 1),
                                     sold_by(policy(2, 2, Date{2025y / 3 / 4}, 1000), 1),
                                     sold_by(policy(3, 3, Date{2025y / 2 / 1}, 1000), 2)};  // before the period

  const auto a = agent_analytics(all, policies, Date{2025y / 3 / 1}, Date{2025y / 4 / 1});
  // Company: 6 visits over 4 agent-days = 1.5 a day; 2 sales → 3 visits per sale;
  // cold 1 sale of 4 = 0.25; referral 2 of 2 = 1.0; mean time (30 + 60 + 30 + 20 + 10) / 5 = 30 min.
  CHECK(a.company.visits == 6);
  CHECK(a.company.visit_days == 4);
  CHECK(*a.company.visits_per_day == doctest::Approx(1.5));
  CHECK(*a.company.visits_per_sale == doctest::Approx(3.0));
  CHECK(*a.company.cold_conversion == doctest::Approx(0.25));
  CHECK(*a.company.referral_conversion == doctest::Approx(1.0));
  CHECK(*a.company.mean_minutes_per_visit == doctest::Approx(30.0));
  REQUIRE(a.agents.size() == 2);
  const auto& one = a.agents[0];
  CHECK(one.activity.agent == AgentId{1});
  // 2 a day (× 4/3 of the company), 2 visits per sale (× 2/3), cold 0.5 (× 2), referral 1.0 (× 1).
  CHECK(*one.visits_per_day_vs_company == doctest::Approx(4.0 / 3.0));
  CHECK(*one.visits_per_sale_vs_company == doctest::Approx(2.0 / 3.0));
  CHECK(*one.cold_conversion_vs_company == doctest::Approx(2.0));
  CHECK(*one.referral_conversion_vs_company == doctest::Approx(1.0));
  CHECK(*one.activity.mean_minutes_per_visit == doctest::Approx(40.0));
  const auto& two = a.agents[1];
  CHECK(*two.visits_per_day_vs_company == doctest::Approx(2.0 / 3.0));
  CHECK_FALSE(two.activity.visits_per_sale.has_value());  // no sale: no ratio, rather than infinity
  CHECK(*two.cold_conversion_vs_company == doctest::Approx(0.0));
  CHECK_FALSE(two.referral_conversion_vs_company.has_value());
}

TEST_CASE("behaviour statistics of a group of customers") {
  const std::vector<Product> products{product(1, "WL", LineOfBusiness::Life), product(2, "MED", LineOfBusiness::Health)};
  const std::vector<Policy> policies{
      policy(1, 1, Date{2025y / 2 / 1}, 1200),                                                   // 1200 a year
      policy(2, 1, Date{2025y / 5 / 1}, 100, PolicyStatus::InForce, Frequency::Monthly, 2),     // 1200 a year
      policy(3, 2, Date{2025y / 6 / 1}, 3000, PolicyStatus::InForce, Frequency::Annual, 2),     // 3000 a year
      policy(4, 2, Date{2025y / 7 / 1}, 500, PolicyStatus::Declined),                           // never issued
      policy(5, 3, Date{2025y / 3 / 1}, 9000)};                                                 // not in the group
  const std::vector<Payment> payments{payment(1, Date{2025y / 2 / 1}, 1200), payment(2, Date{2025y / 5 / 1}, 100),
                                      payment(2, Date{2025y / 6 / 1}, 100, Date{2025y / 6 / 9}),
                                      payment(3, Date{2025y / 6 / 1}, 3000), payment(5, Date{2025y / 3 / 1}, 9000)};
  std::vector<Interaction> contacts(3);
  contacts[0].customer = CustomerId{1};
  contacts[0].channel = Channel::WeChat;
  contacts[0].started_at = start_of(Date{2025y / 3 / 1});
  contacts[1].customer = CustomerId{2};
  contacts[1].channel = Channel::CallCentre;
  contacts[1].started_at = start_of(Date{2025y / 4 / 1});
  contacts[2].customer = CustomerId{3};
  contacts[2].started_at = start_of(Date{2025y / 4 / 1});
  const auto members = ids({1, 2});
  const auto s = behaviour_stats(members, policies, payments, products, contacts, Date{2025y / 1 / 1}, Date{2026y / 1 / 1});
  CHECK(s.customers == 2);
  CHECK(s.policies_bought == 3);
  CHECK(s.policies_bought_per_customer == doctest::Approx(1.5));
  // (1200 + 1200 + 3000) / 3 = 1800 yuan.
  CHECK(s.mean_annualised_premium == Money::cny(1800'00));
  CHECK(s.policies_bought_by_line.at(LineOfBusiness::Life) == 1);
  CHECK(s.policies_bought_by_line.at(LineOfBusiness::Health) == 2);
  // Four payments by the members, one of them late.
  CHECK(s.payments == 4);
  CHECK(*s.on_time_payment_share == doctest::Approx(0.75));
  CHECK(s.interactions == 2);
  CHECK(s.interactions_per_customer == doctest::Approx(1.0));
  CHECK(s.interactions_by_channel.at(Channel::WeChat) == 1);
}
