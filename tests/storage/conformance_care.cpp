// Conformance: consent, the care calendar's due queries, care tasks and campaigns
// (storage/care_records.hpp) on every adapter. The due queries are where the SQL adapters push the
// date predicates down; the memory adapter scans — both must answer the same rows.
#include "conformance.hpp"
#include "harness.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace inscrm {
inline doctest::String toString(CareKind k) { return std::string{to_string(k)}.c_str(); }
inline doctest::String toString(CareTaskStatus k) { return std::string{to_string(k)}.c_str(); }
}  // namespace inscrm

namespace inscrm::conformance {
namespace {

using storage::CareCandidate;
using storage::Store;
using storage::Transaction;
using storage::TxMode;

struct Fixture {
  TestDatabase db;
  std::unique_ptr<Store> store = db.open();

  std::unique_ptr<Transaction> write() { return MUST(store->begin(TxMode::Write)); }
  std::unique_ptr<Transaction> read() { return MUST(store->begin(TxMode::Read)); }
};

// A small book: who is due for what, with the dates the tests ask about.
struct Book {
  OrgUnitId unit;
  AgentId agent1, agent2;
  ProductId product;  // grace 30 days
  CustomerId born_dec7, born_feb29, born_dec8, org_dec7;
  PolicyId anniversary, anniversary_lapsed, monthly_due, monthly_paid, month_end, grace, maturing, new_long, new_short;
};

Customer person(OrgUnitId unit, std::string name, std::optional<Date> born, std::optional<AgentId> agent) {
  Customer c;
  c.kind = PartyKind::Person;
  c.name = std::move(name);
  c.birth_date = born;
  c.org_unit = unit;
  c.agent = agent;
  c.created_at = micros(1'700'000'000'000'000);
  c.updated_at = c.created_at;
  return c;
}

Policy policy(const Book& b, std::string number, CustomerId holder, Date effective) {
  Policy p;
  p.number = std::move(number);
  p.product = b.product;
  p.holder = holder;
  p.org_unit = b.unit;
  p.sum_insured = Money::cny(10'000'000);
  p.premium = Money::cny(120'000);
  p.frequency = Frequency::Annual;
  p.premium_years = 10;
  p.application_date = add_days(effective, -10);
  p.issue_date = add_days(effective, -5);
  p.effective_date = effective;
  p.status = PolicyStatus::InForce;
  p.status_since = effective;
  return p;
}

Book insert_book(Transaction& tx) {
  Book b;
  OrgUnit u;
  u.code = "HQ";
  u.name = "总公司";
  MUST(tx.insert_org_unit(u));
  b.unit = u.id;
  Agent a1, a2;
  a1.code = "A-1";
  a1.name = "王芳";
  a1.org_unit = u.id;
  a2 = a1;
  a2.code = "A-2";
  MUST(tx.insert_agent(a1));
  MUST(tx.insert_agent(a2));
  b.agent1 = a1.id;
  b.agent2 = a2.id;
  Product pr;
  pr.code = "WL";
  pr.name = "终身寿险";
  pr.grace_days = 30;
  MUST(tx.insert_product(pr));
  b.product = pr.id;

  auto c1 = person(u.id, "生日 12-07", day(1980, 12, 7), a1.id);
  auto c2 = person(u.id, "生日 02-29", day(1984, 2, 29), std::nullopt);
  auto c3 = person(u.id, "生日 12-08", day(1990, 12, 8), a2.id);
  Customer org = person(u.id, "某公司", day(2001, 12, 7), std::nullopt);
  org.kind = PartyKind::Organisation;  // a company has no birthday greeting
  for (auto* c : {&c1, &c2, &c3, &org}) MUST(tx.insert_customer(*c));
  b.born_dec7 = c1.id, b.born_feb29 = c2.id, b.born_dec8 = c3.id, b.org_dec7 = org.id;

  // Anniversary on 7 December: in force (agent from the customer), and one lapsed (no greeting).
  auto p1 = policy(b, "P-ANN", c3.id, day(2020, 12, 7));
  auto p2 = policy(b, "P-ANN-LAPSED", c1.id, day(2019, 12, 7));
  p2.status = PolicyStatus::Lapsed;
  // Monthly from 14 March 2024: an instalment falls due on 14 December 2026, unpaid; a second
  // policy has paid it; a third took effect on the 31st (due on 31 Dec; on 30 Nov in November).
  auto p3 = policy(b, "P-MONTHLY", c1.id, day(2024, 3, 14));
  p3.frequency = Frequency::Monthly;
  p3.agent = a2.id;
  auto p4 = policy(b, "P-MONTHLY-PAID", c2.id, day(2024, 3, 14));
  p4.frequency = Frequency::Monthly;
  auto p5 = policy(b, "P-MONTH-END", c2.id, day(2025, 1, 31));
  p5.frequency = Frequency::Monthly;
  // In grace since 2 Dec (missed 1 Dec): grace ends 31 Dec with 30 grace days.
  auto p6 = policy(b, "P-GRACE", c3.id, day(2023, 6, 1));
  p6.status = PolicyStatus::GracePeriod;
  p6.status_since = day(2026, 12, 2);
  // Matures on 6 January 2027.
  auto p7 = policy(b, "P-MATURES", c1.id, day(2017, 1, 6));
  p7.expiry_date = day(2027, 1, 6);
  // Issued on 6 December 2026: one whole life (long term), one for a year (not long term).
  auto p8 = policy(b, "P-NEW-LONG", c2.id, day(2026, 12, 10));
  p8.issue_date = day(2026, 12, 6);
  auto p9 = policy(b, "P-NEW-SHORT", c3.id, day(2026, 12, 10));
  p9.issue_date = day(2026, 12, 6);
  p9.expiry_date = day(2027, 12, 9);
  for (auto* p : {&p1, &p2, &p3, &p4, &p5, &p6, &p7, &p8, &p9}) MUST(tx.insert_policy(*p));
  b.anniversary = p1.id, b.anniversary_lapsed = p2.id, b.monthly_due = p3.id, b.monthly_paid = p4.id;
  b.month_end = p5.id, b.grace = p6.id, b.maturing = p7.id, b.new_long = p8.id, b.new_short = p9.id;
  Payment paid;
  paid.policy = p4.id;
  paid.due_date = day(2026, 12, 14);
  paid.paid_on = day(2026, 12, 1);
  paid.amount = Money::cny(120'000);
  MUST(tx.insert_payment(paid));
  return b;
}

std::vector<std::int64_t> customers_of(const std::vector<CareCandidate>& c) {
  std::vector<std::int64_t> out;
  for (const auto& x : c) out.push_back(x.customer.value);
  return out;
}

ConsentRecord consent(CustomerId customer, ConsentPurpose purpose, Channel channel, bool granted,
                      std::int64_t at_us) {
  ConsentRecord r;
  r.customer = customer;
  r.purpose = purpose;
  r.channel = channel;
  r.granted = granted;
  r.at = micros(at_us);
  r.source = kAwkwardText;
  r.actor = "u-1";
  r.recorded_at = micros(at_us + 1);
  return r;
}

CareTask task(std::string key, CustomerId customer, Date due) {
  CareTask t;
  t.kind = CareKind::PremiumDue;
  t.customer = customer;
  t.agent = AgentId{3};
  t.channel = Channel::WeChat;
  t.due = due;
  t.about = add_days(due, 7);
  t.policy = PolicyId{9};
  t.subject = 0;
  t.key = std::move(key);
  t.holiday = "春节";
  t.created_at = micros(1'767'225'600'000'001);
  t.updated_at = t.created_at;
  return t;
}

Campaign campaign(std::string name) {
  Campaign c;
  c.name = std::move(name);
  c.objective = "cross-sell critical illness to \"young families\"";
  c.target_rule = "age >= 30 and region = '310000'";
  c.channel = Channel::Sms;
  c.starts_on = day(2026, 12, 1);
  c.ends_on = day(2026, 12, 31);
  c.budget = Money::cny(5'000'000);
  c.created_at = micros(1'767'225'600'000'003);
  c.updated_at = c.created_at;
  return c;
}

}  // namespace

TEST_CASE_FIXTURE(Fixture, "care/consent: records round-trip, list in id order, and the latest per channel holds") {
  auto tx = write();
  auto a = consent(CustomerId{7}, ConsentPurpose::Care, Channel::Sms, true, 1'700'000'000'000'000);
  auto b = consent(CustomerId{7}, ConsentPurpose::Marketing, Channel::Sms, true, 1'700'000'000'000'100);
  auto c = consent(CustomerId{8}, ConsentPurpose::Care, Channel::Sms, true, 1'700'000'000'000'200);
  auto d = consent(CustomerId{7}, ConsentPurpose::Care, Channel::Sms, false, 1'700'000'000'000'300);
  for (auto* r : {&a, &b, &c, &d}) MUST(tx->care().append_consent(*r));
  CHECK(a.id < b.id);
  CHECK(c.id < d.id);
  MUST(tx->commit());

  auto r = read();
  const auto mine = MUST(r->care().consents_of(CustomerId{7}));
  REQUIRE(mine.size() == 3);
  CHECK(mine[0].id == a.id);
  CHECK(mine[0].purpose == ConsentPurpose::Care);
  CHECK(mine[0].channel == Channel::Sms);
  CHECK(mine[0].granted);
  CHECK(mine[0].at == a.at);
  CHECK(mine[0].source == kAwkwardText);
  CHECK(mine[0].actor == "u-1");
  CHECK(mine[0].recorded_at == a.recorded_at);
  CHECK(mine[2].id == d.id);
  CHECK_FALSE(mine[2].granted);
  const std::vector<CustomerId> asked{CustomerId{7}, CustomerId{8}, CustomerId{9}};
  // 7 withdrew care by SMS; 8 granted it; 9 never said anything: no consent.
  CHECK(MUST(r->care().consenting(ConsentPurpose::Care, Channel::Sms, asked)) == std::vector{CustomerId{8}});
  CHECK(MUST(r->care().consenting(ConsentPurpose::Marketing, Channel::Sms, asked)) == std::vector{CustomerId{7}});
  CHECK(MUST(r->care().consenting(ConsentPurpose::Care, Channel::Email, asked)).empty());
}

TEST_CASE_FIXTURE(Fixture, "care/consent: a dropped transaction leaves neither the record nor its effect") {
  {
    auto tx = write();
    auto a = consent(CustomerId{7}, ConsentPurpose::Care, Channel::Sms, true, 1'700'000'000'000'000);
    MUST(tx->care().append_consent(a));
    MUST(tx->commit());
  }
  {
    auto tx = write();
    auto w = consent(CustomerId{7}, ConsentPurpose::Care, Channel::Sms, false, 1'700'000'000'000'500);
    MUST(tx->care().append_consent(w));
  }
  auto r = read();
  CHECK(MUST(r->care().consents_of(CustomerId{7})).size() == 1);
  CHECK(MUST(r->care().consenting(ConsentPurpose::Care, Channel::Sms, {CustomerId{7}})) ==
        std::vector{CustomerId{7}});
}

TEST_CASE_FIXTURE(Fixture, "care/due: birthdays by month and day, persons only, 29 February on request") {
  auto tx = write();
  const Book b = insert_book(*tx);
  MUST(tx->commit());
  auto r = read();
  const auto dec7 = MUST(r->care().born_on(12, 7, false));
  REQUIRE(dec7.size() == 1);
  CHECK(dec7[0].customer == b.born_dec7);
  CHECK(dec7[0].agent == b.agent1);
  CHECK(dec7[0].about == day(1980, 12, 7));
  CHECK_FALSE(dec7[0].policy);
  CHECK(customers_of(MUST(r->care().born_on(2, 28, true))) == std::vector{b.born_feb29.value});
  CHECK(MUST(r->care().born_on(2, 28, false)).empty());
  CHECK(customers_of(MUST(r->care().born_on(2, 29, false))) == std::vector{b.born_feb29.value});
  const auto page = MUST(r->care().customers_page(CustomerId{}, 3));
  CHECK(customers_of(page) == std::vector{b.born_dec7.value, b.born_feb29.value, b.born_dec8.value});
  CHECK(customers_of(MUST(r->care().customers_page(b.born_dec8, 3))) == std::vector{b.org_dec7.value});
}

TEST_CASE_FIXTURE(Fixture, "care/due: anniversaries, instalments due, grace ending, maturity and new policies") {
  auto tx = write();
  const Book b = insert_book(*tx);
  MUST(tx->commit());
  auto r = read();

  const auto ann = MUST(r->care().anniversaries(day(2026, 12, 7), false));
  REQUIRE(ann.size() == 1);  // the lapsed policy is not greeted
  CHECK(ann[0].policy == b.anniversary);
  CHECK(ann[0].customer == b.born_dec8);
  CHECK(ann[0].agent == b.agent2);  // the holder's agent: the policy names none
  CHECK(ann[0].about == day(2020, 12, 7));
  CHECK(MUST(r->care().anniversaries(day(2020, 12, 7), false)).empty());  // not in its first year

  const auto due = MUST(r->care().instalments_due(day(2026, 12, 14)));
  REQUIRE(due.size() == 1);  // the other has paid
  CHECK(due[0].policy == b.monthly_due);
  CHECK(due[0].holder == b.born_dec7);
  CHECK(due[0].agent == b.agent2);  // the policy's own agent
  CHECK(due[0].frequency == Frequency::Monthly);
  CHECK(due[0].premium_years == 10);
  CHECK(due[0].effective == day(2024, 3, 14));
  CHECK_FALSE(due[0].expiry);
  const auto month_end = MUST(r->care().instalments_due(day(2026, 11, 30)));
  REQUIRE(month_end.size() == 1);  // took effect on the 31st: November's falls on the 30th
  CHECK(month_end[0].policy == b.month_end);
  CHECK(MUST(r->care().instalments_due(day(2026, 12, 15))).empty());

  const auto grace = MUST(r->care().grace_ending(day(2026, 12, 31)));
  REQUIRE(grace.size() == 1);
  CHECK(grace[0].policy == b.grace);
  CHECK(grace[0].about == day(2026, 12, 31));
  CHECK(MUST(r->care().grace_ending(day(2026, 12, 30))).empty());

  const auto mat = MUST(r->care().maturing(day(2027, 1, 6)));
  REQUIRE(mat.size() == 1);
  CHECK(mat[0].policy == b.maturing);
  CHECK(mat[0].agent == b.agent1);

  const auto fresh = MUST(r->care().issued_long_term(day(2026, 12, 6), 366));
  REQUIRE(fresh.size() == 1);
  CHECK(fresh[0].policy == b.new_long);
  CHECK(fresh[0].customer == b.born_feb29);
  CHECK_FALSE(fresh[0].agent);
}

TEST_CASE_FIXTURE(Fixture, "care/due: claims settled and complaints closed on a day") {
  auto tx = write();
  const Book b = insert_book(*tx);
  Claim paid;
  paid.number = "C-1";
  paid.policy = b.monthly_due;
  paid.claimant = b.born_dec7;
  paid.status = ClaimStatus::Paid;
  paid.status_since = day(2026, 12, 6);
  paid.incident_date = day(2026, 11, 1);
  paid.claimed_amount = Money::cny(100);
  Claim open = paid;
  open.number = "C-2";
  open.status = ClaimStatus::UnderAssessment;
  MUST(tx->service().insert_claim(paid));
  MUST(tx->service().insert_claim(open));
  Complaint closed;
  closed.customer = b.born_dec8;
  closed.matter = "slow claim";
  closed.status = ComplaintStatus::Closed;
  closed.org_unit = b.unit;
  closed.received_at = start_of(day(2026, 11, 20));
  closed.closed_at = start_of(day(2026, 12, 6)) + std::chrono::hours{23};
  Complaint later = closed;
  later.closed_at = start_of(day(2026, 12, 7));
  MUST(tx->service().insert_complaint(closed));
  MUST(tx->service().insert_complaint(later));
  MUST(tx->commit());

  auto r = read();
  const auto claims = MUST(r->care().claims_settled(day(2026, 12, 6)));
  REQUIRE(claims.size() == 1);
  CHECK(claims[0].subject == paid.id.value);
  CHECK(claims[0].customer == b.born_dec7);
  CHECK(claims[0].agent == b.agent1);
  CHECK(claims[0].policy == b.monthly_due);
  const auto complaints = MUST(r->care().complaints_closed(day(2026, 12, 6)));
  REQUIRE(complaints.size() == 1);
  CHECK(complaints[0].subject == closed.id.value);
  CHECK(complaints[0].customer == b.born_dec8);
  CHECK(complaints[0].agent == b.agent2);
  CHECK(complaints[0].about == day(2026, 12, 6));
}

TEST_CASE_FIXTURE(Fixture, "care/tasks: one per key, round-trip, filters, and a version-checked update") {
  auto tx = write();
  std::vector<CareTask> first{task("premium_due:9:2026-12-14", CustomerId{5}, day(2026, 12, 7)),
                              task("birthday:6:2026", CustomerId{6}, day(2026, 12, 7))};
  first[1].agent.reset();
  first[1].policy.reset();
  first[1].kind = CareKind::Birthday;
  CHECK(MUST(tx->care().insert_care_tasks(first)) == 2);
  CHECK(first[0].id.valid());
  CHECK(first[0].version == 1);
  std::vector<CareTask> again{task("premium_due:9:2026-12-14", CustomerId{5}, day(2026, 12, 7)),
                              task("premium_due:9:2027-01-14", CustomerId{5}, day(2027, 1, 7))};
  CHECK(MUST(tx->care().insert_care_tasks(again)) == 1);
  CHECK_FALSE(again[0].id.valid());
  CHECK(again[1].id.valid());
  MUST(tx->commit());

  auto w = write();
  auto got = MUST(w->care().care_task(first[0].id));
  CHECK(got.kind == CareKind::PremiumDue);
  CHECK(got.customer == CustomerId{5});
  CHECK(got.agent == AgentId{3});
  CHECK(got.channel == Channel::WeChat);
  CHECK(got.due == day(2026, 12, 7));
  CHECK(got.about == day(2026, 12, 14));
  CHECK(got.policy == PolicyId{9});
  CHECK(got.key == "premium_due:9:2026-12-14");
  CHECK(got.holiday == "春节");
  CHECK(got.status == CareTaskStatus::Open);
  CHECK_FALSE(got.done_on);
  CHECK(got.created_at == first[0].created_at);
  storage::CareTaskQuery q;
  q.due = day(2026, 12, 7);
  CHECK(MUST(w->care().care_tasks(q)).size() == 2);
  q.agent = AgentId{3};
  CHECK(MUST(w->care().care_tasks(q)).size() == 1);
  storage::CareTaskQuery by_customer;
  by_customer.customer = CustomerId{5};
  CHECK(MUST(w->care().care_tasks(by_customer)).size() == 2);
  by_customer.limit = 1;
  const auto page = MUST(w->care().care_tasks(by_customer));
  REQUIRE(page.size() == 1);
  by_customer.after = page[0].id;
  CHECK(MUST(w->care().care_tasks(by_customer))[0].id == again[1].id);

  auto stale = got;
  got.status = CareTaskStatus::Done;
  got.done_on = day(2026, 12, 8);
  got.outcome = kAwkwardText;
  MUST(w->care().update_care_task(got));
  CHECK(got.version == 2);
  CHECK(code_of(w->care().update_care_task(stale)) == Errc::Conflict);
  MUST(w->commit());
  auto r = read();
  const auto done = MUST(r->care().care_task(first[0].id));
  CHECK(done.status == CareTaskStatus::Done);
  CHECK(done.done_on == day(2026, 12, 8));
  CHECK(done.outcome == kAwkwardText);
  CHECK(code_of(r->care().care_task(CareTaskId{999})) == Errc::NotFound);
  storage::CareTaskQuery open_only;
  open_only.status = CareTaskStatus::Open;
  CHECK(MUST(r->care().care_tasks(open_only)).size() == 2);
}

TEST_CASE_FIXTURE(Fixture, "care/campaigns: round-trip, unique name, version check, members and outcomes") {
  auto tx = write();
  auto c = campaign("Winter CI");
  MUST(tx->care().insert_campaign(c));
  CHECK(c.id.valid());
  CHECK(c.version == 1);
  auto taken = campaign("Winter CI");
  CHECK(code_of(tx->care().insert_campaign(taken)) == Errc::AlreadyExists);
  auto other = campaign("Spring");
  MUST(tx->care().insert_campaign(other));
  const std::vector<CampaignMember> members{{c.id, CustomerId{4}, day(2026, 12, 1), {}, {}, {}},
                                            {c.id, CustomerId{2}, day(2026, 12, 1), {}, {}, {}}};
  CHECK(MUST(tx->care().add_campaign_members(c.id, members)) == 2);
  CHECK(MUST(tx->care().add_campaign_members(c.id, members)) == 0);
  CHECK(code_of(tx->care().add_campaign_members(CampaignId{99}, members)) == Errc::NotFound);
  MUST(tx->commit());

  auto w = write();
  auto got = MUST(w->care().campaign(c.id));
  CHECK(got.name == "Winter CI");
  CHECK(got.objective == c.objective);
  CHECK(got.target_rule == c.target_rule);
  CHECK(got.channel == Channel::Sms);
  CHECK(got.starts_on == day(2026, 12, 1));
  CHECK(got.ends_on == day(2026, 12, 31));
  CHECK(got.budget == Money::cny(5'000'000));
  CHECK(got.created_at == c.created_at);
  auto stale = got;
  got.budget = Money::cny(6'000'000);
  MUST(w->care().update_campaign(got));
  CHECK(got.version == 2);
  CHECK(code_of(w->care().update_campaign(stale)) == Errc::Conflict);
  got.name = "Spring";
  CHECK(code_of(w->care().update_campaign(got)) == Errc::AlreadyExists);
  const auto listed = MUST(w->care().campaigns());
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].id == c.id);
  CHECK(listed[0].budget == Money::cny(6'000'000));

  auto ms = MUST(w->care().campaign_members(c.id));
  REQUIRE(ms.size() == 2);
  CHECK(ms[0].customer == CustomerId{2});  // customer order
  ms[0].contacted_on = day(2026, 12, 3);
  ms[0].responded_on = day(2026, 12, 4);
  MUST(w->care().update_campaign_member(ms[0]));
  CampaignMember stranger{c.id, CustomerId{77}, day(2026, 12, 1), {}, {}, {}};
  CHECK(code_of(w->care().update_campaign_member(stranger)) == Errc::NotFound);
  MUST(w->commit());
  auto r = read();
  const auto m = MUST(r->care().campaign_member(c.id, CustomerId{2}));
  REQUIRE(m);
  CHECK(m->contacted_on == day(2026, 12, 3));
  CHECK(m->responded_on == day(2026, 12, 4));
  CHECK_FALSE(m->converted_on);
  CHECK_FALSE(MUST(r->care().campaign_member(c.id, CustomerId{77})));
  CHECK(MUST(r->care().campaign_members(other.id)).empty());
}

}  // namespace inscrm::conformance
