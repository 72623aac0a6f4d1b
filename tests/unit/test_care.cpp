// domain.md C7, C12: consent, the care calendar and campaigns through the facade, on the memory
// store with a manual clock — each due task once, consent checked by the library, and a
// campaign's figures against a small case computed by hand.
#include <doctest/doctest.h>

#include <inscrm/crm.hpp>

#include "test_service_fixture.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

using namespace inscrm;
using namespace inscrm::test;
using namespace std::chrono;

namespace {

struct CareFixture {
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(Date{2026y / 12 / 6});
  Crm crm;
  OrgUnit unit;
  Agent a1, a2;
  Customer ann, bob, cai;
  Policy monthly, fresh;

  static OpenOptions options(std::shared_ptr<ManualClock> clock) {
    OpenOptions o;
    o.clock = std::move(clock);
    o.care.holidays = {{Date{2026y / 12 / 7}, "Customer day"}};
    return o;
  }

  CareFixture() : crm(take(Crm::open("memory:", options(clock)))) {
    unit = take(crm.organisation().create_unit(admin, {.code = "HO", .name = "Head office",
                                                       .kind = OrgUnitKind::HeadOffice}));
    a1 = take(crm.organisation().create_agent(admin, {.code = "A-1", .name = "王芳", .org_unit = unit.id}));
    a2 = take(crm.organisation().create_agent(admin, {.code = "A-2", .name = "刘洋", .org_unit = unit.id}));
    (void)take(crm.products().create(admin, {.code = "WL", .name = "Whole life", .term_years = 20}));
    ann = take(crm.customers().create(admin, {.name = "Ann", .birth_date = Date{1980y / 12 / 7}, .region = "310000",
                                              .org_unit = unit.id, .agent = a1.id}));
    bob = take(crm.customers().create(admin, {.name = "Bob", .birth_date = Date{1985y / 12 / 7}, .region = "310000",
                                              .org_unit = unit.id, .agent = a1.id}));
    cai = take(crm.customers().create(admin, {.name = "Cai", .birth_date = Date{1990y / 3 / 3}, .region = "110000",
                                              .org_unit = unit.id}));
    // Monthly since 14 January, in force (as migrated): the instalment of 14 December is due.
    PolicyImportRow row;
    row.application = {.product = "WL", .holder = cai.id, .sum_insured = Money::cny(100'000'00),
                       .premium = Money::cny(500'00), .frequency = Frequency::Monthly, .agent = a2.id,
                       .application_date = Date{2026y / 1 / 10}, .effective_date = Date{2026y / 1 / 14},
                       .number = "P-MONTHLY"};
    monthly = take(crm.policies().get(admin, take(crm.policies().import(admin, {row})).front()));
    // A whole-life policy issued today: its follow-up call (回访) is due tomorrow.
    fresh = take(crm.policies().issue(admin, {.product = "WL", .holder = cai.id, .sum_insured = Money::cny(1'000'00),
                                              .premium = Money::cny(100'00), .whole_life = true}));
    (void)take(crm.consents().grant(admin, ann.id, ConsentPurpose::Care, Channel::Sms, "signed form"));
    (void)take(crm.consents().grant(admin, cai.id, ConsentPurpose::Care, Channel::Sms, "app settings"));
    (void)take(crm.consents().grant(admin, cai.id, ConsentPurpose::Care, Channel::CallCentre, "app settings"));
  }

  std::vector<CareTask> tasks_on(Date due) const {
    storage::CareTaskQuery q;
    q.due = due;
    return take(crm.care().tasks(admin, q));
  }
};

std::size_t count_kind(const std::vector<CareTask>& tasks, CareKind kind) {
  return static_cast<std::size_t>(std::count_if(tasks.begin(), tasks.end(), [&](const CareTask& t) { return t.kind == kind; }));
}

const CareTask* find(const std::vector<CareTask>& tasks, CareKind kind, CustomerId customer) {
  for (const auto& t : tasks)
    if (t.kind == kind && t.customer == customer) return &t;
  return nullptr;
}

}  // namespace

TEST_CASE("care: a day's run produces each due task once, to the agent and channel; a second run adds nothing") {
  CareFixture f;
  const Date day{2026y / 12 / 7};
  const auto first = take(f.crm.care().run(admin, day));
  // Ann: birthday + holiday; Cai: holiday + premium due (14 Dec, 7 days ahead) + follow-up of the
  // new policy. Bob has given no consent: his birthday and holiday are skipped.
  CHECK(first.produced == 5);
  CHECK(first.without_consent == 2);
  CHECK(first.already_produced == 0);
  CHECK(first.by_kind[static_cast<std::size_t>(CareKind::Birthday)] == 1);
  CHECK(first.by_kind[static_cast<std::size_t>(CareKind::Holiday)] == 2);
  CHECK(first.by_kind[static_cast<std::size_t>(CareKind::PremiumDue)] == 1);
  CHECK(first.by_kind[static_cast<std::size_t>(CareKind::FollowUpPolicy)] == 1);

  const auto tasks = f.tasks_on(day);
  REQUIRE(tasks.size() == 5);
  const auto* birthday = find(tasks, CareKind::Birthday, f.ann.id);
  REQUIRE(birthday);
  CHECK(birthday->agent == f.a1.id);  // the customer's agent
  CHECK(birthday->channel == Channel::Sms);
  CHECK(birthday->status == CareTaskStatus::Open);
  const auto* due = find(tasks, CareKind::PremiumDue, f.cai.id);
  REQUIRE(due);
  CHECK(due->agent == f.a2.id);  // the policy's agent
  CHECK(due->policy == f.monthly.id);
  CHECK(due->about == Date{2026y / 12 / 14});
  const auto* follow = find(tasks, CareKind::FollowUpPolicy, f.cai.id);
  REQUIRE(follow);
  CHECK(follow->channel == Channel::CallCentre);
  CHECK(follow->policy == f.fresh.id);
  const auto* holiday = find(tasks, CareKind::Holiday, f.cai.id);
  REQUIRE(holiday);
  CHECK(holiday->holiday == "Customer day");
  CHECK_FALSE(find(tasks, CareKind::Birthday, f.bob.id));

  const auto second = take(f.crm.care().run(admin, day));
  CHECK(second.produced == 0);
  CHECK(second.already_produced == 5);
  CHECK(f.tasks_on(day).size() == 5);

  // Completing a task is recorded once; a second completion is refused.
  const auto done = take(f.crm.care().complete(admin, birthday->id, "called, wished well"));
  CHECK(done.status == CareTaskStatus::Done);
  CHECK(done.done_on == Date{2026y / 12 / 6});
  CHECK(done.outcome == "called, wished well");
  const auto again = f.crm.care().complete(admin, birthday->id, "twice");
  REQUIRE_FALSE(again);
  CHECK(again.error().field() == "status");
}

TEST_CASE("care: an agent works his own queue only") {
  CareFixture f;
  (void)take(f.crm.care().run(admin, Date{2026y / 12 / 7}));
  const Actor agent1{.user = "a-1", .roles = {Role::Agent}, .agent = f.a1.id};
  const auto mine = take(f.crm.care().tasks(agent1, {}));
  REQUIRE(mine.size() == 2);  // Ann's birthday and holiday greeting: Ann is A-1's customer
  for (const auto& t : mine) CHECK(t.agent == f.a1.id);
  storage::CareTaskQuery others;
  others.agent = f.a2.id;
  CHECK(take(f.crm.care().tasks(agent1, others)).empty());
  const auto all = f.tasks_on(Date{2026y / 12 / 7});
  const auto* due = find(all, CareKind::PremiumDue, f.cai.id);
  REQUIRE(due);
  const auto denied = f.crm.care().complete(agent1, due->id, "not mine");
  REQUIRE_FALSE(denied);
  CHECK(denied.error().code() == Errc::PermissionDenied);
  CHECK(take(f.crm.care().complete(agent1, mine.front().id, "called")).status == CareTaskStatus::Done);
}

TEST_CASE("care: a withdrawn consent stops the customer's tasks from the next run on") {
  CareFixture f;
  CHECK(take(f.crm.care().run(admin, Date{2026y / 12 / 7})).by_kind[static_cast<std::size_t>(CareKind::Birthday)] == 1);
  (void)take(f.crm.consents().withdraw(admin, f.ann.id, ConsentPurpose::Care, Channel::Sms, "phoned to opt out"));
  CHECK_FALSE(take(f.crm.consents().allows(admin, f.ann.id, ConsentPurpose::Care, Channel::Sms)));
  const auto history = take(f.crm.consents().list(admin, f.ann.id));
  REQUIRE(history.size() == 2);
  CHECK(history[1].source == "phoned to opt out");
  CHECK(history[1].actor == admin.user);

  // A year later Ann has a birthday again, and Cai an instalment due on 14 December 2027.
  const auto next = take(f.crm.care().run(admin, Date{2027y / 12 / 7}));
  CHECK(next.by_kind[static_cast<std::size_t>(CareKind::Birthday)] == 0);
  CHECK(next.by_kind[static_cast<std::size_t>(CareKind::PremiumDue)] == 1);
  const auto tasks = f.tasks_on(Date{2027y / 12 / 7});
  CHECK_FALSE(find(tasks, CareKind::Birthday, f.ann.id));
  CHECK(count_kind(tasks, CareKind::PremiumDue) == 1);
  // Granting again brings her back.
  (void)take(f.crm.consents().grant(admin, f.ann.id, ConsentPurpose::Care, Channel::Sms, "app settings"));
  CHECK(take(f.crm.care().run(admin, Date{2027y / 12 / 7})).by_kind[static_cast<std::size_t>(CareKind::Birthday)] == 1);
}

TEST_CASE("care: the run needs the daily-run right, and consent a source") {
  CareFixture f;
  const auto denied = f.crm.care().run(clerk, Date{2026y / 12 / 7});
  REQUIRE_FALSE(denied);
  CHECK(denied.error().code() == Errc::PermissionDenied);
  const auto no_source = f.crm.consents().grant(admin, f.ann.id, ConsentPurpose::Marketing, Channel::Sms, "");
  REQUIRE_FALSE(no_source);
  CHECK(no_source.error().field() == "source");
  CareSettings bad;
  bad.premium_due_lead_days = -1;
  OpenOptions o;
  o.care = bad;
  const auto opened = Crm::open("memory:", o);
  REQUIRE_FALSE(opened);
  CHECK(opened.error().field() == "care.premium_due_lead_days");
}

TEST_CASE("campaigns: members come from the rule less those without marketing consent; figures by hand") {
  CareFixture f;
  // Five more customers in Shanghai who consented to marketing by SMS; Bob (Shanghai) did not; Cai
  // consented but lives in Beijing.
  std::vector<Customer> d;
  for (int i = 1; i <= 5; ++i) {
    d.push_back(take(f.crm.customers().create(admin, {.name = fmt::format("D{}", i), .region = "310000",
                                                     .org_unit = f.unit.id})));
    (void)take(f.crm.consents().grant(admin, d.back().id, ConsentPurpose::Marketing, Channel::Sms, "web form"));
  }
  (void)take(f.crm.consents().grant(admin, f.cai.id, ConsentPurpose::Marketing, Channel::Sms, "web form"));
  (void)take(f.crm.consents().grant(admin, f.bob.id, ConsentPurpose::Marketing, Channel::Email, "web form"));

  Campaign draft;
  draft.name = "Winter CI";
  draft.objective = "cross-sell critical illness";
  draft.target_rule = "region = '310000'";
  draft.channel = Channel::Sms;
  draft.starts_on = Date{2026y / 12 / 1};
  draft.ends_on = Date{2026y / 12 / 31};
  draft.budget = Money::cny(1'000'001);  // 10,000.01 yuan
  const auto c = take(f.crm.campaigns().create(analyst, draft));
  CHECK(take(f.crm.campaigns().get(admin, c.id)).name == "Winter CI");
  CHECK(take(f.crm.campaigns().list(admin)).size() == 1);

  auto bad = draft;
  bad.name = "Broken";
  bad.target_rule = "region = ";
  const auto refused = f.crm.campaigns().create(analyst, bad);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().field() == "target_rule");

  const auto added = take(f.crm.campaigns().add_members(admin, c.id));
  CHECK(added.matched == 7);          // Ann, Bob, D1..D5
  CHECK(added.without_consent == 2);  // Ann (care only), Bob (e-mail only)
  CHECK(added.added == 5);
  const auto members = take(f.crm.campaigns().members(admin, c.id));
  REQUIRE(members.size() == 5);
  for (const auto& m : members) {
    CHECK(m.customer != f.ann.id);
    CHECK(m.customer != f.bob.id);
  }
  CHECK(take(f.crm.campaigns().add_members(admin, c.id)).added == 0);  // already members

  const Date on{2026y / 12 / 10};
  (void)take(f.crm.campaigns().record_outcome(admin, c.id, d[0].id, CampaignOutcome::Converted, on));
  (void)take(f.crm.campaigns().record_outcome(admin, c.id, d[1].id, CampaignOutcome::Converted, on));
  (void)take(f.crm.campaigns().record_outcome(admin, c.id, d[2].id, CampaignOutcome::Responded, on));
  const auto contacted = take(f.crm.campaigns().record_outcome(admin, c.id, d[3].id, CampaignOutcome::Contacted, on));
  CHECK(contacted.contacted_on == on);
  CHECK_FALSE(contacted.responded_on);
  const auto stranger = f.crm.campaigns().record_outcome(admin, c.id, f.bob.id, CampaignOutcome::Contacted, on);
  REQUIRE_FALSE(stranger);
  CHECK(stranger.error().code() == Errc::NotFound);

  f.clock->set(Date{2027y / 1 / 5});  // the surveys are answered by then
  auto survey = [&](CustomerId who, SurveyKind kind, int score, Date answered) {
    (void)take(f.crm.surveys().record(admin, {.customer = who, .kind = kind, .score = score, .answered_on = answered}));
  };
  survey(d[0].id, SurveyKind::Service, 5, Date{2026y / 12 / 12});  // counts
  survey(d[2].id, SurveyKind::Product, 3, Date{2026y / 12 / 20});  // counts
  survey(d[3].id, SurveyKind::Nps, 9, Date{2026y / 12 / 20});      // NPS: another scale
  survey(d[4].id, SurveyKind::Service, 1, Date{2026y / 12 / 20});  // never contacted
  survey(d[1].id, SurveyKind::Service, 4, Date{2026y / 11 / 20});  // before the campaign

  const auto e = take(f.crm.campaigns().evaluate(admin, c.id));
  CHECK(e.members == 5);
  CHECK(e.contacted == 4);
  CHECK(e.responded == 3);
  CHECK(e.converted == 2);
  CHECK(e.response_rate == doctest::Approx(0.75));
  CHECK(e.conversion_rate == doctest::Approx(0.5));
  REQUIRE(e.cost_per_conversion);
  CHECK(e.cost_per_conversion->minor == 500'001);  // 1,000,001 / 2 = 500,000.5 fen, half up
  REQUIRE(e.satisfaction);
  CHECK(*e.satisfaction == doctest::Approx(4.0));  // (5 + 3) / 2
  CHECK(e.satisfaction_responses == 2);

  // D1 applies for a policy today (5 January), within 30 days of converting: the campaign's
  // return in the KPIs of December, when it ended. D2 converted and bought nothing.
  (void)take(f.crm.policies().issue(admin, {.product = "WL", .holder = d[0].id, .sum_insured = Money::cny(100'000'00),
                                            .premium = Money::cny(1'200'00), .whole_life = true}));
  const auto k = take(f.crm.kpis(admin, {.from = Date{2026y / 12 / 1}, .to = Date{2027y / 1 / 1}}));
  CHECK(k.campaign_roi.campaigns == 1);
  CHECK(k.campaign_roi.conversions == 2);
  CHECK(k.campaign_roi.policies == 1);
  CHECK(k.campaign_roi.cost == Money::cny(1'000'001));
  CHECK(k.campaign_roi.premium == Money::cny(1'200'00));
  REQUIRE(k.campaign_roi.roi);
  CHECK(*k.campaign_roi.roi == doctest::Approx((120'000.0 - 1'000'001.0) / 1'000'001.0));
  // A campaign that ends in December is not November's.
  CHECK(take(f.crm.kpis(admin, {.from = Date{2026y / 11 / 1}, .to = Date{2026y / 12 / 1}})).campaign_roi.campaigns == 0);
}
