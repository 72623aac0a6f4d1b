// KPIs (domain.md C11) over a hand-made book, then through the facade on the memory store.
#include <inscrm/analytics/kpis.hpp>
#include <inscrm/crm.hpp>

#include "analytics_fixture.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <vector>

using namespace inscrm;
using namespace analytics_fixture;
using namespace std::chrono_literals;

namespace {

const OrgUnitId kHead{1};
const OrgUnitId kShanghai{2};
const OrgUnitId kBeijing{3};
const OrgUnitId kShanghaiTeam{4};

std::vector<OrgUnit> units() {
  std::vector<OrgUnit> u(4);
  u[0].id = kHead;
  u[1].id = kShanghai;
  u[1].parent = kHead;
  u[2].id = kBeijing;
  u[2].parent = kHead;
  u[3].id = kShanghaiTeam;
  u[3].parent = kShanghai;
  return u;
}

Policy sold_in(Policy p, OrgUnitId unit) {
  p.org_unit = unit;
  return p;
}

Policy ended_on(Policy p, PolicyStatus status, Date since) {
  p.status = status;
  p.status_since = since;
  return p;
}

Complaint complaint(std::int64_t customer, OrgUnitId unit, Instant received) {
  Complaint c;
  c.customer = CustomerId{customer};
  c.org_unit = unit;
  c.received_at = received;
  c.sla.started_at = received;
  return c;
}

SurveyResponse answer(std::int64_t customer, SurveyKind kind, int score, Date on) {
  SurveyResponse s;
  s.customer = CustomerId{customer};
  s.kind = kind;
  s.score = score;
  s.answered_on = on;
  return s;
}

// The period is the year 2025, seen on 1 March 2026. Annual premiums, ten-year payment terms.
//   P1  C1 eff 2024-03-01  13th-month (and year-2 renewal) instalment 2025-03-01 paid
//   P2  C2 eff 2024-06-01  13th-month instalment 2025-06-01 unpaid; lapsed 2025-08-01
//   P3  C3 eff 2023-05-01  25th-month (year-3 renewal) instalment 2025-05-01 paid       [Shanghai team]
//   P4  C4 eff 2023-09-01  25th-month instalment 2025-09-01 unpaid; lapsed 2025-11-01
//   P5  C5 eff 2025-02-01  a new customer who came by referral                         [Beijing]
//   P6  C1 single premium 2024-04-01: no renewals, no persistency
//   P7  C3 eff 2022-01-15  year-4 renewal 2025-01-15 paid                              [Shanghai team]
//   P8  C6 eff 2024-07-01  cancelled in the free look: counts nowhere                  [Beijing]
//   P9  C7 eff 2025-04-01  a new customer from the internet                            [Beijing]
struct Book {
  std::vector<Customer> customers{customer(1, kShanghai),
                                  customer(2, kShanghai),
                                  customer(3, kShanghaiTeam),
                                  customer(4, kShanghai),
                                  customer(5, kBeijing, Source::AgentReferral),
                                  customer(6, kBeijing),
                                  customer(7, kBeijing, Source::Internet)};
  std::vector<Policy> policies{
      sold_in(policy(1, 1, Date{2024y / 3 / 1}, 1000), kShanghai),
      sold_in(ended_on(policy(2, 2, Date{2024y / 6 / 1}, 1000), PolicyStatus::Lapsed, Date{2025y / 8 / 1}), kShanghai),
      sold_in(policy(3, 3, Date{2023y / 5 / 1}, 1000), kShanghaiTeam),
      sold_in(ended_on(policy(4, 4, Date{2023y / 9 / 1}, 1000), PolicyStatus::Lapsed, Date{2025y / 11 / 1}), kShanghai),
      sold_in(policy(5, 5, Date{2025y / 2 / 1}, 1000), kBeijing),
      sold_in(policy(6, 1, Date{2024y / 4 / 1}, 50000, PolicyStatus::InForce, Frequency::Single), kShanghai),
      sold_in(policy(7, 3, Date{2022y / 1 / 15}, 1000), kShanghaiTeam),
      sold_in(ended_on(policy(8, 6, Date{2024y / 7 / 1}, 1000), PolicyStatus::Cancelled, Date{2024y / 7 / 10}), kBeijing),
      sold_in(policy(9, 7, Date{2025y / 4 / 1}, 1000), kBeijing)};
  std::vector<Payment> payments{
      payment(1, Date{2024y / 3 / 1}, 1000),  payment(1, Date{2025y / 3 / 1}, 1000),
      payment(2, Date{2024y / 6 / 1}, 1000),  payment(3, Date{2023y / 5 / 1}, 1000),
      payment(3, Date{2024y / 5 / 1}, 1000),  payment(3, Date{2025y / 5 / 1}, 1000, Date{2025y / 5 / 20}),
      payment(4, Date{2023y / 9 / 1}, 1000),  payment(4, Date{2024y / 9 / 1}, 1000),
      payment(5, Date{2025y / 2 / 1}, 1000),  payment(6, Date{2024y / 4 / 1}, 50000),
      payment(7, Date{2025y / 1 / 15}, 1000), payment(9, Date{2025y / 4 / 1}, 1000)};
  std::vector<Complaint> complaints{complaint(1, kShanghai, start_of(Date{2025y / 2 / 3}) + 9h),
                                    complaint(2, kShanghai, start_of(Date{2025y / 7 / 1}) + 10h),
                                    complaint(5, kBeijing, start_of(Date{2025y / 9 / 1}) + 10h),
                                    complaint(1, kShanghai, start_of(Date{2024y / 12 / 30}))};  // before the period
  std::vector<SurveyResponse> surveys{answer(1, SurveyKind::Nps, 10, Date{2025y / 3 / 1}),
                                      answer(3, SurveyKind::Nps, 9, Date{2025y / 4 / 1}),
                                      answer(5, SurveyKind::Nps, 3, Date{2025y / 5 / 1}),
                                      answer(2, SurveyKind::Nps, 0, Date{2026y / 1 / 5}),  // after the period
                                      answer(1, SurveyKind::Service, 4, Date{2025y / 6 / 1}),
                                      answer(3, SurveyKind::Product, 5, Date{2025y / 6 / 1})};
  std::vector<OrgUnit> org = units();
  Instant as_of = start_of(Date{2026y / 3 / 1});
  Portfolio portfolio = Portfolio::build(customers, policies, payments, {}, Date{2026y / 3 / 1});

  Book() {
    // The first complaint was answered two days (2880 minutes) after it came in.
    auto& c = complaints[0];
    c.status = ComplaintStatus::CustomerInformed;
    c.sla.acknowledged_at = c.received_at + 1h;
    c.sla.resolved_at = c.received_at + 48h;
  }
  KpiRecords records() const { return {customers, policies, payments, complaints, surveys, org, &portfolio}; }
  Result<Kpis> kpis(KpiQuery q) const {
    return compute_kpis(records(), q, standard_complaint_sla(), BusinessCalendar{}, as_of);
  }
};

const Date kFrom{2025y / 1 / 1};
const Date kTo{2026y / 1 / 1};

}  // namespace

TEST_CASE("KPIs of a year for the whole company, computed by hand") {
  const Book b;
  const auto k = b.kpis({.from = kFrom, .to = kTo});
  REQUIRE(k);
  // Renewal instalments due in 2025 on live policies: P1 03-01 paid, P2 06-01 unpaid (lapsed
  // after it), P3 05-01 paid (late, still paid), P4 09-01 unpaid, P7 01-15 paid → 3 of 5.
  CHECK(k.value().renewal.eligible == 5);
  CHECK(k.value().renewal.achieved == 3);
  CHECK(*k.value().renewal.rate == doctest::Approx(0.6));
  // 13th month due in 2025: P1 paid, P2 not → 1 of 2. 25th month: P3 paid, P4 not → 1 of 2.
  // P6 is a single premium, P8 a free-look cancellation, P5 and P9 reach month 13 only in 2026.
  CHECK(k.value().persistency_13th_month.eligible == 2);
  CHECK(*k.value().persistency_13th_month.rate == doctest::Approx(0.5));
  CHECK(k.value().persistency_25th_month.eligible == 2);
  CHECK(*k.value().persistency_25th_month.rate == doctest::Approx(0.5));
  // New customers in 2025: C5 (referral) and C7 (internet) → 1 of 2.
  CHECK(k.value().referral.eligible == 2);
  CHECK(*k.value().referral.rate == doctest::Approx(0.5));
  // NPS over 10, 9, 3: two promoters, one detractor → (2 − 1) / 3 = 33.3; satisfaction (4 + 5) / 2.
  CHECK(k.value().nps.responses == 3);
  CHECK(k.value().nps.score == doctest::Approx(100.0 / 3.0));
  CHECK(k.value().satisfaction_responses == 2);
  CHECK(*k.value().satisfaction == doctest::Approx(4.5));
  // In force at as_of: P1, P3, P5, P6, P7, P9 = 6; three complaints in 2025 → 3 / 6 × 10,000 = 5,000.
  CHECK(k.value().policies_in_force == 6);
  CHECK(k.value().complaints == 3);
  CHECK(*k.value().complaints_per_10000_policies == doctest::Approx(5000.0));
  CHECK(k.value().mean_time_to_resolve == std::chrono::minutes{2880});
  // Acknowledged in an hour: within the standard policy's 8 hours on the round-the-clock default calendar.
  CHECK(k.value().sla_acknowledge_compliance.has_value());
  // Live at 2025-01-01: C1, C2, C3, C4 (C2 and C4 lapsed later); C2 and C4 hold nothing now → 2 of 4.
  CHECK(k.value().churn.eligible == 4);
  CHECK(k.value().churn.achieved == 2);
  CHECK(*k.value().churn.rate == doctest::Approx(0.5));
  // Loyalty tiers do not exist yet: every customer is "standard".
  REQUIRE(k.value().tier_distribution.size() == 1);
  CHECK(k.value().tier_distribution[0] == std::pair<std::string, std::size_t>{"standard", 7});
}

TEST_CASE("KPIs for an org unit include the units under it; for a segment, only its members") {
  const Book b;
  // Shanghai with its team: P1, P2, P4 and the team's P3, P7 → the same five renewals.
  const auto sh = b.kpis({.from = kFrom, .to = kTo, .org_unit = kShanghai});
  REQUIRE(sh);
  CHECK(sh.value().renewal.eligible == 5);
  CHECK(sh.value().policies_in_force == 4);  // P1, P3, P6, P7
  CHECK(sh.value().complaints == 2);
  CHECK(sh.value().referral.eligible == 0);
  CHECK_FALSE(sh.value().referral.rate.has_value());
  CHECK(sh.value().nps.responses == 2);
  // Beijing: nothing due for renewal, C5 of its two new customers came by referral.
  const auto bj = b.kpis({.from = kFrom, .to = kTo, .org_unit = kBeijing});
  REQUIRE(bj);
  CHECK(bj.value().renewal.eligible == 0);
  CHECK_FALSE(bj.value().renewal.rate.has_value());
  CHECK(*bj.value().referral.rate == doctest::Approx(0.5));
  CHECK(bj.value().tier_distribution[0].second == 3);
  // A segment of C1 alone: P1 persisted → 1 of 1.
  const auto one = b.kpis({.from = kFrom, .to = kTo, .customers = ids({1})});
  REQUIRE(one);
  CHECK(one.value().persistency_13th_month.eligible == 1);
  CHECK(*one.value().persistency_13th_month.rate == doctest::Approx(1.0));
  CHECK(one.value().complaints == 1);
  // An empty segment is a segment, not "no restriction".
  const auto none = b.kpis({.from = kFrom, .to = kTo, .customers = std::vector<CustomerId>{}});
  REQUIRE(none);
  CHECK(none.value().renewal.eligible == 0);
  CHECK(none.value().tier_distribution.empty());
}

TEST_CASE("KPI queries that make no sense are typed errors") {
  const Book b;
  const auto backwards = b.kpis({.from = kTo, .to = kFrom});
  REQUIRE_FALSE(backwards);
  CHECK(backwards.error().code() == Errc::InvalidArgument);
  CHECK(backwards.error().field() == "to");
  const auto unknown = b.kpis({.from = kFrom, .to = kTo, .org_unit = OrgUnitId{99}});
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().code() == Errc::NotFound);
  CHECK(unknown.error().field() == "org_unit");
}

TEST_CASE("Crm::kpis reads the book in one call") {
  auto clock = std::make_shared<ManualClock>(Date{2026y / 3 / 1});
  auto crm = Crm::open("memory:", {.clock = clock}).value();
  // Sets up its own book, then reads the KPIs: the administrator's rights and the analyst's.
  const Actor analyst{.user = "a-1", .roles = {Role::Administrator, Role::Analyst}};
  auto head = crm.organisation().create_unit(analyst, {.code = "HO", .name = "Head office", .kind = OrgUnitKind::HeadOffice});
  REQUIRE(head);
  REQUIRE(crm.products().create(analyst, {.code = "WL", .name = "Whole life", .term_years = 20}));
  auto stays = crm.customers().create(analyst, {.name = "张伟", .org_unit = head.value().id});
  auto leaves = crm.customers().create(analyst, {.name = "王芳", .org_unit = head.value().id});
  REQUIRE(stays);
  REQUIRE(leaves);
  auto row = [&](CustomerId holder, std::string number, std::vector<PaymentInput> paid) {
    PolicyImportRow r;
    r.application = {.product = "WL", .holder = holder, .sum_insured = Money::cny(100'000'00),
                     .premium = Money::cny(1'000'00), .premium_years = 10,
                     .effective_date = Date{2024y / 3 / 1}, .number = std::move(number)};
    r.payments = std::move(paid);
    return r;
  };
  // Both paid their first premium; only one paid the 13th-month instalment on 2025-03-01.
  std::vector<PolicyImportRow> rows{row(stays.value().id, "P-1", {{.due = Date{2024y / 3 / 1}, .paid = Date{2024y / 3 / 1}},
                                                          {.due = Date{2025y / 3 / 1}, .paid = Date{2025y / 3 / 1}}}),
                                    row(leaves.value().id, "P-2", {{.due = Date{2024y / 3 / 1}, .paid = Date{2024y / 3 / 1}}})};
  REQUIRE(crm.policies().import(analyst, rows));

  const auto k = crm.kpis(analyst, {.from = Date{2025y / 1 / 1}, .to = Date{2026y / 1 / 1}});
  REQUIRE(k);
  CHECK(k.value().persistency_13th_month.eligible == 2);
  CHECK(k.value().persistency_13th_month.achieved == 1);
  CHECK(k.value().renewal.eligible == 2);
  CHECK(k.value().renewal.achieved == 1);
  CHECK(k.value().policies_in_force == 2);
  REQUIRE(k.value().tier_distribution.size() == 1);
  CHECK(k.value().tier_distribution[0].second == 2);

  const auto unit = crm.kpis(analyst, {.from = Date{2025y / 1 / 1}, .to = Date{2026y / 1 / 1}, .org_unit = head.value().id});
  REQUIRE(unit);
  CHECK(unit.value().persistency_13th_month.eligible == 2);
  CHECK(crm.kpis(analyst, {.from = Date{2025y / 1 / 1}, .to = Date{2026y / 1 / 1}, .org_unit = OrgUnitId{999}})
            .error()
            .field() == "org_unit");
  const auto unknown_agent =
      crm.kpis(analyst, {.from = Date{2025y / 1 / 1}, .to = Date{2026y / 1 / 1}, .agent = AgentId{999}});
  REQUIRE_FALSE(unknown_agent);
  CHECK(unknown_agent.error().code() == Errc::NotFound);
  CHECK(unknown_agent.error().field() == "agent");
  CHECK(crm.kpis(analyst, {.from = Date{2026y / 1 / 1}, .to = Date{2025y / 1 / 1}}).error().field() == "to");
}

namespace {

Campaign campaign(std::int64_t id, Date starts, Date ends, std::int64_t budget_yuan) {
  Campaign c;
  c.id = CampaignId{id};
  c.name = fmt::format("K{}", id);
  c.target_rule = "age >= 18";
  c.starts_on = starts;
  c.ends_on = ends;
  c.budget = Money::cny(budget_yuan * 100);
  return c;
}

CampaignMember member(std::int64_t campaign, std::int64_t customer, std::optional<Date> converted = std::nullopt) {
  CampaignMember m;
  m.campaign = CampaignId{campaign};
  m.customer = CustomerId{customer};
  m.added_on = Date{2024y / 12 / 1};
  m.contacted_on = Date{2025y / 1 / 2};
  m.converted_on = converted;
  return m;
}

}  // namespace

TEST_CASE("Campaign ROI: the budgets of the campaigns that ended in the period against the premium they brought") {
  const Book b;
  // Three more 2025 applications beside the book's P5 (C5, 02-01) and P9 (C7, 04-01), 1,000 a year each:
  //   P10 C6 monthly 100 applied 11-15            → 12 × 100 = 1,200 in the first year   [Beijing]
  //   P11 C2 annual 800 applied 04-15             → 45 days after C2's conversion: too late
  //   P12 C7 applied 04-20, cancelled in the free look → never sold                       [Beijing]
  std::vector<Policy> policies = b.policies;
  policies.push_back(sold_in(policy(10, 6, Date{2025y / 11 / 15}, 100, PolicyStatus::InForce, Frequency::Monthly), kBeijing));
  policies.push_back(sold_in(policy(11, 2, Date{2025y / 4 / 15}, 800), kShanghai));
  policies.push_back(sold_in(ended_on(policy(12, 7, Date{2025y / 4 / 20}, 1000), PolicyStatus::Cancelled, Date{2025y / 4 / 30}),
                             kBeijing));
  // K1 spring 01-10..03-31, 600: C5 converted 01-25, C1 contacted, C2 converted 03-01
  // K2 summer 03-01..06-30, 2,000: C7 converted 04-10 (after its application 04-01, within the window),
  //    C5 converted 03-05 (P5 was applied before K2 started: not K2's)
  // K3 ended in 2024, 9,999: not judged in 2025
  // K4 autumn 10-01..12-31, 500: C6 converted 11-01
  // K5 winter 01-01..02-28, 400: C5 converted 01-30 — the latest conversion before P5's application,
  //    so P5 is K5's, not K1's: a policy counts once
  const std::vector<Campaign> campaigns{campaign(1, Date{2025y / 1 / 10}, Date{2025y / 3 / 31}, 600),
                                        campaign(2, Date{2025y / 3 / 1}, Date{2025y / 6 / 30}, 2000),
                                        campaign(3, Date{2024y / 1 / 1}, Date{2024y / 12 / 31}, 9999),
                                        campaign(4, Date{2025y / 10 / 1}, Date{2025y / 12 / 31}, 500),
                                        campaign(5, Date{2025y / 1 / 1}, Date{2025y / 2 / 28}, 400)};
  const std::vector<CampaignMember> members{member(1, 5, Date{2025y / 1 / 25}), member(1, 1),
                                            member(1, 2, Date{2025y / 3 / 1}),  member(2, 7, Date{2025y / 4 / 10}),
                                            member(2, 5, Date{2025y / 3 / 5}),  member(3, 1, Date{2024y / 5 / 1}),
                                            member(4, 6, Date{2025y / 11 / 1}), member(5, 5, Date{2025y / 1 / 30})};
  KpiRecords records = b.records();
  records.policies = policies;
  records.campaigns = campaigns;
  records.campaign_members = members;
  auto roi = [&](KpiQuery q) {
    auto k = compute_kpis(records, q, standard_complaint_sla(), BusinessCalendar{}, b.as_of);
    REQUIRE(k);
    return k.value().campaign_roi;
  };

  // The company: K1, K2, K4, K5 cost 600 + 2,000 + 500 + 400 = 3,500; P5 (K5) 1,000 + P9 (K2) 1,000 +
  // P10 (K4) 1,200 = 3,200; conversions C5, C2 (K1), C7, C5 (K2), C6 (K4), C5 (K5) = 6.
  const auto all = roi({.from = kFrom, .to = kTo});
  CHECK(all.campaigns == 4);
  CHECK(all.conversions == 6);
  CHECK(all.policies == 3);
  CHECK(all.cost == Money::cny(3'500'00));
  CHECK(all.premium == Money::cny(3'200'00));
  REQUIRE(all.roi);
  CHECK(*all.roi == doctest::Approx((3200.0 - 3500.0) / 3500.0));

  // Beijing (C5, C6, C7): K1 costs the share of its one member of three there, 200; K2, K4, K5 whole.
  const auto bj = roi({.from = kFrom, .to = kTo, .org_unit = kBeijing});
  CHECK(bj.campaigns == 4);
  CHECK(bj.conversions == 5);
  CHECK(bj.cost == Money::cny(3'100'00));
  CHECK(bj.premium == Money::cny(3'200'00));
  CHECK(*bj.roi == doctest::Approx(100.0 / 3100.0));

  // A segment of C1: a third of K1 and nothing earned.
  const auto one = roi({.from = kFrom, .to = kTo, .customers = ids({1})});
  CHECK(one.campaigns == 1);
  CHECK(one.conversions == 0);
  CHECK(one.cost == Money::cny(200'00));
  CHECK(one.premium == Money::cny(0));
  CHECK(*one.roi == doctest::Approx(-1.0));

  // 2024: K3 ended then. C1 converted on 05-01 and had applied for P1 (03-01, 1,000 a year) and
  // the single premium P6 (04-01, 50,000, counted whole) since K3 started: the host recorded the
  // conversion after the sale.
  const auto last_year = roi({.from = Date{2024y / 1 / 1}, .to = kFrom});
  CHECK(last_year.campaigns == 1);
  CHECK(last_year.cost == Money::cny(9'999'00));
  CHECK(last_year.policies == 2);
  CHECK(last_year.premium == Money::cny(51'000'00));
  CHECK(*last_year.roi == doctest::Approx((51000.0 - 9999.0) / 9999.0));

  // No campaign ended in the period: nothing cost anything, so no ROI.
  const auto quiet = roi({.from = Date{2026y / 1 / 1}, .to = Date{2026y / 2 / 1}});
  CHECK(quiet.campaigns == 0);
  CHECK_FALSE(quiet.roi.has_value());
}
