// Conformance: segments (definitions, rule history, dated snapshots) and rule push-down
// (Transaction::rule_members) on every adapter. The push-down case generates one book through the
// port, builds the Portfolio from the very records it wrote (Portfolio::build + ServiceFactsBuilder,
// the columnar reference) and requires every rule of a corpus to select exactly the same customers
// through the adapter: on SQLite and PostgreSQL that is the rule as SQL over the customer_facts view.
#include "conformance.hpp"
#include "harness.hpp"

#include <inscrm/analytics/loyalty_facts.hpp>
#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/analytics/service_facts.hpp>
#include <inscrm/rules/evaluate.hpp>
#include <inscrm/rules/rule.hpp>

#include <array>
#include <map>
#include <set>
#include <chrono>
#include <string>
#include <vector>

namespace inscrm::conformance {
namespace {

using namespace std::chrono_literals;
using storage::Store;
using storage::Transaction;
using storage::TxMode;

struct Fixture {
  TestDatabase db;
  std::unique_ptr<Store> store = db.open();

  std::unique_ptr<Transaction> write() { return MUST(store->begin(TxMode::Write)); }
  std::unique_ptr<Transaction> read() { return MUST(store->begin(TxMode::Read)); }
};

Segment segment(std::string name, std::string rule) {
  Segment s;
  s.name = std::move(name);
  s.kind = SegmentKind::Value;
  s.description = "VIP 服务: 专属客户经理 'gold' \"tier\"";
  s.rule = std::move(rule);
  s.rule_version = 1;
  s.created_at = micros(1'767'225'600'000'001);
  s.updated_at = micros(1'767'225'600'000'002);
  return s;
}

struct Rng {
  std::uint64_t seed = 20260131;
  std::uint64_t operator()(std::uint64_t bound) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (seed >> 11) % bound;
  }
  bool chance(int percent) { return (*this)(100) < static_cast<std::uint64_t>(percent); }
  template <class T, std::size_t N>
  const T& pick(const std::array<T, N>& xs) {
    return xs[(*this)(N)];
  }
  Date day_between(Date from, int span) { return add_days(from, static_cast<int>((*this)(static_cast<std::uint64_t>(span)))); }
};

// The days the corpus runs at: an ordinary month end and a leap day (29 February birthdays).
const Date kAsOf = day(2026, 1, 31);
const Date kLeapDay = day(2024, 2, 29);

// A book with every fact in play: nulls, non-CNY amounts, every policy status and frequency,
// payments after the as-of day, boundary instants around midnight UTC, reopened and closed
// complaints, several NPS answers on one day, interactions before 1970.
struct Book {
  std::vector<Product> products;
  std::vector<Customer> customers;
  std::vector<Policy> policies;
  std::vector<Payment> payments;
  std::vector<Complaint> complaints;
  std::vector<SurveyResponse> answers;
  std::vector<Interaction> interactions;
  std::vector<storage::LoyaltyAccount> accounts;
  std::vector<Claim> claims;
  std::vector<PointsEntry> ledger;
};

Book write_book(Store& store) {
  Book b;
  Rng rng;
  auto tx = MUST(store.begin(TxMode::Write));
  const std::array<std::pair<const char*, LineOfBusiness>, 5> catalogue{{{"WL-2024", LineOfBusiness::Life},
                                                                         {"CI-2023", LineOfBusiness::CriticalIllness},
                                                                         {"MED-1", LineOfBusiness::Health},
                                                                         {"ACC-7", LineOfBusiness::Accident},
                                                                         {"TRV_1", LineOfBusiness::Life}}};
  for (const auto& [code, line] : catalogue) {
    Product p;
    p.code = code;
    p.name = code;
    p.line = line;
    p.currency = Currency::cny();
    p.created_at = micros(1'600'000'000'000'000);
    MUST(tx->insert_product(p));
    b.products.push_back(p);
  }

  const std::array<const char*, 9> regions{"310000", "310115", "110000", "440300", "", "SH", "3", "5x0000", "北京"};
  const std::array<Gender, 3> genders{Gender::Male, Gender::Female, Gender::Unknown};
  const std::array<CustomerStage, 4> stages{CustomerStage::Prospect, CustomerStage::Active, CustomerStage::AtRisk,
                                            CustomerStage::Lapsed};
  const std::array<Source, 4> sources{Source::Unknown, Source::Internet, Source::AgentReferral, Source::AgentColdVisit};
  const std::array<Date, 4> special_births{day(1988, 2, 29), day(1990, 1, 31), day(1990, 2, 1), day(2026, 2, 1)};
  constexpr int kCustomers = 360;
  for (int i = 0; i < kCustomers; ++i) {
    Customer c;
    c.kind = PartyKind::Person;
    c.name = fmt::format("客户 {}", i);
    c.gender = rng.pick(genders);
    if (rng.chance(12)) c.birth_date = rng.pick(special_births);
    else if (!rng.chance(10)) c.birth_date = rng.day_between(day(1940, 1, 1), 30'000);
    c.region = rng.pick(regions);
    if (rng.chance(70)) c.annual_income = Money{static_cast<std::int64_t>(rng(60'000'000)), rng.chance(90) ? Currency::cny() : currency("USD")};
    c.source = rng.pick(sources);
    c.org_unit = OrgUnitId{static_cast<std::int64_t>(rng(4))};  // 0 = unassigned
    if (rng.chance(60)) c.agent = AgentId{static_cast<std::int64_t>(rng(6))};
    c.stage = rng.pick(stages);
    c.created_at = c.updated_at = micros(1'700'000'000'000'000);
    b.customers.push_back(std::move(c));
  }
  MUST(tx->insert_customers(b.customers));

  const std::array<PolicyStatus, 11> statuses{PolicyStatus::Quoted,   PolicyStatus::Applied,     PolicyStatus::Declined,
                                              PolicyStatus::Issued,   PolicyStatus::InForce,     PolicyStatus::InForce,
                                              PolicyStatus::GracePeriod, PolicyStatus::Lapsed,   PolicyStatus::Reinstated,
                                              PolicyStatus::Surrendered, PolicyStatus::Renewed};
  const std::array<Frequency, 5> frequencies{Frequency::Single, Frequency::Annual, Frequency::SemiAnnual,
                                             Frequency::Quarterly, Frequency::Monthly};
  int number = 0;
  for (const auto& c : b.customers) {
    const auto held = rng(4);
    for (std::uint64_t k = 0; k < held; ++k) {
      Policy p;
      p.number = fmt::format("P-{:06}", ++number);
      p.product = b.products[rng(b.products.size())].id;
      p.holder = c.id;
      p.org_unit = OrgUnitId{1};
      p.sum_insured = Money::cny(100'000'00);
      p.premium = rng.chance(90) ? Money::cny(static_cast<std::int64_t>(rng(2'000'000))) : Money{1'000'00, currency("USD")};
      p.frequency = rng.pick(frequencies);
      p.application_date = rng.day_between(day(2010, 1, 1), 6'000);  // some after the as-of day
      if (rng.chance(70)) p.issue_date = add_days(p.application_date, 10);
      if (rng.chance(60)) p.effective_date = add_days(p.application_date, 30);
      p.status = rng.pick(statuses);
      p.status_since = p.application_date;
      p.created_at = p.updated_at = micros(1'700'000'000'000'000);
      b.policies.push_back(std::move(p));
    }
  }
  MUST(tx->insert_policies(b.policies));

  for (const auto& p : b.policies) {
    const auto paid = rng(4);
    for (std::uint64_t k = 0; k < paid; ++k) {
      Payment y;
      y.policy = p.id;
      y.due_date = add_days(day(2023, 1, 1), static_cast<int>(k) * 200 + static_cast<int>(rng(150)));
      y.paid_on = rng.chance(10) ? kAsOf : add_days(y.due_date, static_cast<int>(rng(20)) - 5);
      y.amount = rng.chance(90) ? Money::cny(static_cast<std::int64_t>(rng(3'000'000))) : Money{500'00, currency("USD")};
      y.policy_year = static_cast<int>(k) + 1;
      y.recorded_at = micros(1'700'000'000'000'000);
      b.payments.push_back(y);
    }
  }
  MUST(tx->insert_payments(b.payments));

  auto& service = tx->service();
  const Instant end_of_as_of = start_of(add_days(kAsOf, 1));
  const std::array<Instant, 5> boundaries{end_of_as_of - 1us, end_of_as_of, start_of(kAsOf), start_of(kLeapDay),
                                          start_of(add_days(kLeapDay, 1)) - 1us};
  const auto around = [&](Date centre) {
    if (rng.chance(15)) return rng.pick(boundaries);
    return start_of(add_days(centre, static_cast<int>(rng(800)) - 700)) + std::chrono::microseconds{rng(86'400'000'000)};
  };
  for (const auto& c : b.customers) {
    for (std::uint64_t k = rng(3); k > 0; --k) {
      Complaint x;
      x.customer = c.id;
      x.matter = "理赔太慢";
      x.subcategory = "delay";
      x.received_at = around(kAsOf);
      x.sla.started_at = x.received_at;
      if (rng.chance(50)) {
        x.status = ComplaintStatus::Closed;
        x.closed_at = rng.chance(20) ? end_of_as_of : x.received_at + std::chrono::hours{rng(24 * 90)};
      }
      x.created_at = x.updated_at = x.received_at;
      MUST(service.insert_complaint(x));
      b.complaints.push_back(x);
    }
    for (std::uint64_t k = rng(4); k > 0; --k) {
      SurveyResponse r;
      r.customer = c.id;
      r.kind = rng.chance(75) ? SurveyKind::Nps : SurveyKind::Service;
      r.score = r.kind == SurveyKind::Nps ? static_cast<int>(rng(11)) : 1 + static_cast<int>(rng(5));
      r.answered_on = rng.chance(30) ? kAsOf : date_of(around(kAsOf));
      r.created_at = micros(1'700'000'000'000'000);
      MUST(service.insert_survey_response(r));
      b.answers.push_back(r);
    }
    for (std::uint64_t k = rng(4); k > 0; --k) {
      Interaction i;
      i.customer = c.id;
      i.started_at = rng.chance(3) ? micros(-86'400'000'000LL * 400 - 17) : around(kAsOf);
      i.created_at = i.started_at;
      b.interactions.push_back(i);
    }
  }
  MUST(service.insert_interactions(b.interactions));
  // Loyalty accounts for two customers in three: balances around the rules' thresholds, tiers
  // including the empty one an account has before its first evaluation (still "standard").
  static constexpr std::array<const char*, 5> kTiers{"", "standard", "silver", "gold", "platinum"};
  for (const Customer& c : b.customers) {
    if (rng.chance(33)) continue;
    storage::LoyaltyAccount a;
    a.customer = c.id;
    a.balance = static_cast<std::int64_t>(rng(3000));
    a.tier = kTiers[rng(kTiers.size())];
    a.tier_since = kAsOf;
    a.updated_at = micros(1'700'000'000'000'000);
    MUST(tx->loyalty().save_account(a));
    b.accounts.push_back(a);
  }
  // Claims (the tier rules' claim-free years) on some policies, incidents either side of the day;
  // ledger entries of every kind either side of a year's window.
  int claim_number = 0;
  for (const auto& p : b.policies) {
    if (!rng.chance(20)) continue;
    Claim c;
    c.number = fmt::format("CLM-{:06}", ++claim_number);
    c.policy = p.id;
    c.claimant = p.holder;
    c.incident_date = rng.day_between(day(2020, 1, 1), 2'400);
    c.reported_at = start_of(c.incident_date);
    c.status_since = c.incident_date;
    c.claimed_amount = Money::cny(1'000'00);
    MUST(service.insert_claim(c));
    b.claims.push_back(c);
  }
  static constexpr std::array<PointsKind, 5> kKinds{PointsKind::Earn, PointsKind::Redeem, PointsKind::Expire,
                                                    PointsKind::Adjust, PointsKind::Reverse};
  for (const Customer& c : b.customers) {
    for (std::uint64_t k = rng(4); k > 0; --k) {
      PointsEntry e;
      e.customer = c.id;
      e.kind = rng.pick(kKinds);
      e.points = (e.kind == PointsKind::Earn || (e.kind == PointsKind::Adjust && rng.chance(50)) ? 1 : -1) *
                 (1 + static_cast<std::int64_t>(rng(900)));
      // The window's edges for both days of the corpus (the start is outside, the day inside).
      const std::array<Date, 4> edges{add_months(kAsOf, -12), kAsOf, add_months(kLeapDay, -12), kLeapDay};
      e.on = rng.chance(20) ? rng.pick(edges) : rng.day_between(day(2022, 9, 1), 1'300);
      if (e.points > 0) e.expires_on = add_months(e.on, 24);
      e.idempotency_key = fmt::format("k{}", b.ledger.size());
      e.actor = "conformance";
      e.recorded_at = micros(1'700'000'000'000'000);
      MUST(tx->loyalty().append_points(e));
      b.ledger.push_back(e);
    }
  }
  MUST(tx->commit());
  return b;
}

// The columnar reference: the Portfolio of exactly the records written.
Portfolio reference_portfolio(const Book& b, Date as_of) {
  Portfolio p = Portfolio::build(b.customers, b.policies, b.payments, b.products, as_of);
  ServiceFactsBuilder service{p};
  for (const auto& c : b.complaints) service.add(c);
  for (const auto& r : b.answers) service.add(r);
  for (const auto& i : b.interactions) service.add(i);
  MUST(service.fill(p));
  for (const auto& a : b.accounts) MUST(set_loyalty_facts(p, a.customer, a.balance, a.tier));
  return p;
}

// Every standard fact and type, each operator and function, nulls and sets.
const std::vector<std::string>& corpus() {
  static const std::vector<std::string> rules{
      R"(age >= 30 and region in ("310000", "110000") and annual_premium > 10000 and not has_lapsed_policy)",
      "age between 30 and 45",
      "age not between 30 and 45",
      "age is null",
      "age = 35 or age = 36 or age = 0",
      "gender = 'female' and age < 40 or gender = 'male' and age >= 60",
      "region is null",
      "region = '310000' or region is null",
      "region not in ('310000', '440300')",
      "province = '310000'",
      "province is null and region is not null",
      "province <> region",
      "annual_income is null",
      "annual_income >= 200000.50",
      "annual_income / annual_premium between 5 and 20",
      "tenure_years is null",
      "tenure_years = 0",
      "tenure_years >= 5",
      "policies_in_force = 0",
      "policies_in_force >= 2",
      "has_product('WL-2024') and not has_product('CI-2023')",
      "has_product('TRV_1') or has_product('NOPE')",
      "has_line('health') or has_line('accident')",
      "has_line('life')",
      "size(products_held) >= 2",
      "size(lines_held) = 0",
      "contains(products_held, 'MED-1') and products_held is not null",
      "annual_premium > 0 and annual_premium < 5000",
      "annual_premium = 0",
      "annual_premium * 2 >= annual_income",
      "annual_premium / 12 > 1000",
      "total_premium_paid > 10000",
      "total_premium_paid / policies_in_force > 3000",
      "total_premium_paid = 0 and days_since_last_payment is not null",
      "days_since_last_payment is null",
      "days_since_last_payment = 0",
      "days_since_last_payment > 365",
      "stage = 'active' and source in ('agent_referral', 'agent_cold_visit')",
      "stage in ('at_risk', 'lapsed')",
      "org_unit is null",
      "org_unit = 2 or agent is null",
      "agent between 1 and 3",
      "has_lapsed_policy",
      "not has_lapsed_policy and policies_in_force > 0",
      "has_lapsed_policy = false",
      "open_complaints = 0",
      "open_complaints >= 1",
      "open_complaints >= 2",
      "nps is null",
      "nps >= 9",
      "nps <= 6",
      "not (nps <= 6)",
      "nps is not null and nps between 7 and 8",
      "points = 0 and tier = 'standard'",
      "points > 1500",
      "tier = 'gold'",
      "tier in ('silver', 'gold') and points >= 1000",
      "tier = 'standard' and points > 0",
      "tier <> 'standard' or points between 100 and 200",
      "last_contact is null",
      "last_contact = date'2026-01-31'",
      "last_contact >= date'2025-06-01'",
      "last_contact < '2025-01-01'",
      "days_since(last_contact) <= 30",
      "days_since(last_contact) > 90 and days_since(last_contact) <= 400",
      "year(last_contact) = 2025 and month(last_contact) in (1, 2, 3)",
      "year(last_contact) < 1970",
      "last_contact + 30 > date'2026-01-15'",
      "last_contact - date'2025-01-01' between 0 and 31",
      "value_tier is null",
      "value_tier >= 4 or tenure_years >= 5 and open_complaints = 0",
      "not (age > 60 and nps < 5)",
      "(age > 60) = has_lapsed_policy",
      "age / 0 > 1 or age = 44",
      "true and age = 50",
      "false or points - 100 > age * -1",
      "lower(gender) = 'male'",
  };
  return rules;
}

}  // namespace

TEST_SUITE_BEGIN("segments");

TEST_CASE_FIXTURE(Fixture, "segments: insert, read back, rename and update with versions") {
  Segment s = segment("golden", "value_tier >= 4");
  {
    auto tx = write();
    MUST(tx->insert_segment(s));
    MUST(tx->commit());
  }
  CHECK(s.id.valid());
  CHECK(s.version == 1);
  auto tx = write();
  const Segment got = MUST(tx->segment(s.id));
  CHECK(got.name == "golden");
  CHECK(got.kind == SegmentKind::Value);
  CHECK(got.description == s.description);
  CHECK(got.rule == "value_tier >= 4");
  CHECK(got.rule_version == 1);
  CHECK(got.created_at == s.created_at);
  CHECK(got.updated_at == s.updated_at);
  const auto by_name = MUST(tx->segment_by_name("golden"));
  REQUIRE(by_name.has_value());
  CHECK(by_name->id == s.id);
  CHECK_FALSE(MUST(tx->segment_by_name("Golden")).has_value());

  Segment other = segment("young", "age < 30");
  MUST(tx->insert_segment(other));
  Segment clash = segment("golden", "age > 1");
  CHECK(code_of(tx->insert_segment(clash)) == Errc::AlreadyExists);

  Segment changed = got;
  changed.rule = "value_tier >= 5";
  changed.rule_version = 2;
  MUST(tx->update_segment(changed));
  CHECK(changed.version == 2);
  Segment stale = got;  // still version 1
  CHECK(code_of(tx->update_segment(stale)) == Errc::Conflict);
  Segment renamed = changed;
  renamed.name = "young";
  const auto taken = tx->update_segment(renamed);
  CHECK(code_of(taken) == Errc::AlreadyExists);
  Segment missing = changed;
  missing.id = SegmentId{999'999};
  CHECK(code_of(tx->update_segment(missing)) == Errc::NotFound);
  CHECK(code_of(tx->segment(SegmentId{999'999})) == Errc::NotFound);
  MUST(tx->commit());

  auto r = read();
  const auto all = MUST(r->segments());
  REQUIRE(all.size() == 2);
  CHECK(all[0].name == "golden");
  CHECK(all[0].rule == "value_tier >= 5");
  CHECK(all[0].version == 2);
  CHECK(all[1].name == "young");
}

TEST_CASE_FIXTURE(Fixture, "segments: the rule history is append-only and in version order") {
  Segment s = segment("golden", "value_tier >= 4");
  auto tx = write();
  MUST(tx->insert_segment(s));
  MUST(tx->append_segment_rule(s.id, rules::StoredRule{"golden", 2, "value_tier >= 5", micros(20)}));
  MUST(tx->append_segment_rule(s.id, rules::StoredRule{"golden", 1, "value_tier >= 4", micros(10)}));
  CHECK(code_of(tx->append_segment_rule(s.id, rules::StoredRule{"golden", 2, "age > 1", micros(30)})) ==
        Errc::AlreadyExists);
  const auto unknown = tx->append_segment_rule(SegmentId{424242}, rules::StoredRule{"x", 1, "age > 1", micros(1)});
  CHECK(code_of(unknown) == Errc::NotFound);
  CHECK(unknown.error().field() == "segment");
  MUST(tx->commit());

  auto r = read();
  const auto history = MUST(r->segment_rules(s.id));
  REQUIRE(history.size() == 2);
  CHECK(history[0].version == 1);
  CHECK(history[0].text == "value_tier >= 4");
  CHECK(history[0].created_at == micros(10));
  CHECK(history[1].version == 2);
  CHECK(history[1].name == "golden");
  CHECK(history[1].text == "value_tier >= 5");
  CHECK(MUST(r->segment_rules(SegmentId{424242})).empty());
}

TEST_CASE_FIXTURE(Fixture, "segments: snapshots keep their day, rule version and members") {
  Segment s = segment("golden", "value_tier >= 4");
  auto tx = write();
  MUST(tx->insert_segment(s));
  SegmentSnapshot first;
  first.segment = s.id;
  first.rule_version = 1;
  first.as_of = day(2026, 1, 31);
  first.taken_at = micros(1'767'225'600'000'001);
  first.members = {CustomerId{3}, CustomerId{5}, CustomerId{8}, CustomerId{1'000'000'000'007}};
  MUST(tx->insert_segment_snapshot(first));
  CHECK(first.id.valid());
  CHECK(first.member_count == 4);
  SegmentSnapshot empty;
  empty.segment = s.id;
  empty.rule_version = 2;
  empty.as_of = day(1969, 12, 31);  // before 1970: negative epoch days
  empty.taken_at = micros(1'767'225'600'000'002);
  MUST(tx->insert_segment_snapshot(empty));
  CHECK(empty.id > first.id);
  SegmentSnapshot orphan = first;
  orphan.segment = SegmentId{777'777};
  const auto refused = tx->insert_segment_snapshot(orphan);
  CHECK(code_of(refused) == Errc::NotFound);
  CHECK(refused.error().field() == "segment");
  MUST(tx->commit());

  auto r = read();
  const auto got = MUST(r->segment_snapshot(first.id));
  CHECK(got.segment == s.id);
  CHECK(got.rule_version == 1);
  CHECK(got.as_of == day(2026, 1, 31));
  CHECK(got.taken_at == first.taken_at);
  CHECK(got.member_count == 4);
  CHECK(got.members == first.members);
  const auto none = MUST(r->segment_snapshot(empty.id));
  CHECK(none.members.empty());
  CHECK(none.as_of == day(1969, 12, 31));
  CHECK(code_of(r->segment_snapshot(SegmentSnapshotId{999})) == Errc::NotFound);
  const auto listed = MUST(r->segment_snapshots(s.id));
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].id == first.id);
  CHECK(listed[0].member_count == 4);
  CHECK(listed[0].members.empty());
  CHECK(listed[1].id == empty.id);
  CHECK(listed[1].rule_version == 2);
}

TEST_CASE_FIXTURE(Fixture, "segments: a snapshot rolled back leaves nothing behind") {
  Segment s = segment("golden", "value_tier >= 4");
  {
    auto tx = write();
    MUST(tx->insert_segment(s));
    MUST(tx->commit());
  }
  {
    auto tx = write();
    SegmentSnapshot snap;
    snap.segment = s.id;
    snap.as_of = day(2026, 1, 31);
    snap.members = {CustomerId{1}, CustomerId{2}};
    MUST(tx->insert_segment_snapshot(snap));
    MUST(tx->append_segment_rule(s.id, rules::StoredRule{"golden", 1, "value_tier >= 4", micros(1)}));
  }  // dropped without commit
  auto r = read();
  CHECK(MUST(r->segment_snapshots(s.id)).empty());
  CHECK(MUST(r->segment_rules(s.id)).empty());
}

TEST_CASE_FIXTURE(Fixture, "rule push-down: every corpus rule selects the customers the columnar portfolio does") {
  const Book book = write_book(*store);
  const FactRegistry registry = FactRegistry::standard();
  std::size_t informative = 0;
  for (const Date as_of : {kAsOf, kLeapDay}) {
    const Portfolio p = reference_portfolio(book, as_of);
    auto tx = read();
    for (const std::string& text : corpus()) {
      INFO(text << " as of " << to_string(as_of));
      const auto rule = rules::compile(text, registry);
      REQUIRE_MESSAGE(rule, (rule ? "" : rule.error().message()));
      const auto expected = rules::customers_of(MUST(rules::evaluate(rule.value(), p)), p);
      const auto pushed = tx->rule_members(rule.value(), as_of);
      REQUIRE_MESSAGE(pushed, (pushed ? "" : pushed.error().to_string()));
      CHECK(pushed.value() == expected);
      if (!expected.empty() && expected.size() < p.size()) ++informative;
    }
  }
  MESSAGE(fmt::format("{} rules x 2 days on {} customers; {} selections were neither empty nor everyone",
                      corpus().size(), book.customers.size(), informative));
  CHECK(corpus().size() >= 60);
  CHECK(informative >= 100);
}

TEST_CASE_FIXTURE(Fixture, "tier measures: the store's aggregate is what the records written add up to") {
  const Book book = write_book(*store);
  for (const Date as_of : {kAsOf, kLeapDay}) {
    INFO("as of " << to_string(as_of));
    const Date window_start = add_months(as_of, -12);  // exclusive
    const auto in_window = [&](Date d) { return d > window_start && d <= as_of; };
    std::map<std::int64_t, storage::TierMeasures> expected;
    std::map<std::int64_t, std::set<std::int64_t>> products;
    std::map<std::int64_t, CustomerId> holder;
    auto at = [&](CustomerId c) -> storage::TierMeasures& {
      auto& m = expected[c.value];
      m.customer = c;
      return m;
    };
    for (const auto& p : book.policies) {
      holder.emplace(p.id.value, p.holder);
      auto& m = at(p.holder);
      if (p.effective_date && *p.effective_date <= as_of && p.issue_date &&
          (!m.first_effective || *p.effective_date < *m.first_effective))
        m.first_effective = p.effective_date;
      if (in_force(p.status)) products[p.holder.value].insert(p.product.value);
    }
    for (const auto& y : book.payments)
      if (y.amount.currency == Currency::cny() && in_window(y.paid_on))
        at(holder.at(y.policy.value)).window_premium_minor += y.amount.minor;
    for (const auto& c : book.claims) {
      auto& m = at(c.claimant);
      if (c.incident_date <= as_of && (!m.last_claim || c.incident_date > *m.last_claim)) m.last_claim = c.incident_date;
    }
    for (const auto& e : book.ledger) {
      auto& m = at(e.customer);
      if ((e.kind == PointsKind::Earn || e.kind == PointsKind::Reverse) && in_window(e.on)) m.window_points += e.points;
    }
    for (auto& [id, m] : expected) m.products = static_cast<int>(products[id].size());

    auto tx = read();
    const auto got = MUST(tx->loyalty().tier_measures(window_start, as_of));
    REQUIRE(got.size() == expected.size());
    std::size_t i = 0, with_claim = 0, with_points = 0;
    for (const auto& [id, m] : expected) {
      const auto& g = got[i++];
      INFO("customer " << id);
      CHECK(g.customer == m.customer);
      CHECK(g.window_premium_minor == m.window_premium_minor);
      CHECK(g.first_effective == m.first_effective);
      CHECK(g.products == m.products);
      CHECK(g.window_points == m.window_points);
      CHECK(g.last_claim == m.last_claim);
      with_claim += m.last_claim ? 1 : 0;
      with_points += m.window_points != 0 ? 1 : 0;
    }
    CHECK(with_claim > 10);  // the book exercises every measure
    CHECK(with_points > 50);
  }
}

TEST_CASE_FIXTURE(Fixture, "rule push-down: a rule over a host fact is refused, an empty book selects no one") {
  FactRegistry registry = FactRegistry::standard();
  MUST(registry.add("churn_score", FactType::Decimal));
  auto tx = read();
  const auto host = tx->rule_members(MUST(rules::compile("churn_score > 0.5", registry)), kAsOf);
  CHECK(code_of(host) == Errc::InvalidArgument);
  CHECK(host.error().field() == "rule");
  CHECK(MUST(tx->rule_members(MUST(rules::compile("age > 0 or age is null", registry)), kAsOf)).empty());
}

TEST_SUITE_END();

}  // namespace inscrm::conformance
