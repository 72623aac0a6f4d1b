// The storage conformance suite: what every adapter of inscrm::storage::Store must do, written
// once and run against memory, sqlite and postgresql (main.cpp picks which). Each case gets a
// database of its own (harness.hpp).
//
// The memory store holds a lock for a transaction's whole life, so a thread never has two
// transactions of one store open at once here: every transaction lives in its own { } scope.
//
// Records are compared field by field, exactly: money to the minor unit (one amount is 2^53 + 1,
// which a double cannot hold), dates and instants including ones before 1970, instants to the
// microsecond, and text with quotes, Chinese, emoji and the characters bulk formats must escape
// (tab, newline, backslash, "\N", "\.", commas): see kAwkwardText.

#include <doctest/doctest.h>

#include "conformance.hpp"
#include "harness.hpp"

#include <inscrm/storage/store.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <latch>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

namespace {

using namespace inscrm;
using namespace inscrm::storage;
// MUST, code_of, day, micros, currency, kAwkwardText and how values print: conformance.hpp.
using namespace inscrm::conformance;

// ---- comparisons: every field a user could read back -------------------------------------------

void check_same(const OrgUnit& got, const OrgUnit& want) {
  CHECK_EQ(got.id, want.id);
  CHECK_EQ(got.version, want.version);
  CHECK_EQ(got.code, want.code);
  CHECK_EQ(got.name, want.name);
  CHECK_EQ(got.kind, want.kind);
  CHECK_EQ(got.parent, want.parent);
  CHECK_EQ(got.created_at, want.created_at);
}

void check_same(const Agent& got, const Agent& want) {
  CHECK_EQ(got.id, want.id);
  CHECK_EQ(got.version, want.version);
  CHECK_EQ(got.code, want.code);
  CHECK_EQ(got.name, want.name);
  CHECK_EQ(got.org_unit, want.org_unit);
  CHECK_EQ(got.hired_on, want.hired_on);
  CHECK_EQ(got.active, want.active);
  CHECK_EQ(got.created_at, want.created_at);
}

void check_same(const Product& got, const Product& want) {
  CHECK_EQ(got.id, want.id);
  CHECK_EQ(got.version, want.version);
  CHECK_EQ(got.code, want.code);
  CHECK_EQ(got.name, want.name);
  CHECK_EQ(got.line, want.line);
  CHECK_EQ(got.term, want.term);
  CHECK_EQ(got.renewable, want.renewable);
  CHECK_EQ(got.free_look_days, want.free_look_days);
  CHECK_EQ(got.grace_days, want.grace_days);
  CHECK_EQ(got.reinstatement_days, want.reinstatement_days);
  CHECK_EQ(got.term_years, want.term_years);
  CHECK_EQ(std::string{got.currency.view()}, std::string{want.currency.view()});
  CHECK_EQ(got.active, want.active);
  CHECK_EQ(got.created_at, want.created_at);
}

void check_same(const Customer& got, const Customer& want) {
  INFO("customer ", want.id.value, " (", want.name, ")");
  CHECK_EQ(got.id, want.id);
  CHECK_EQ(got.version, want.version);
  CHECK_EQ(got.external_ref, want.external_ref);
  CHECK_EQ(got.kind, want.kind);
  CHECK_EQ(got.name, want.name);
  CHECK_EQ(got.gender, want.gender);
  CHECK_EQ(got.birth_date, want.birth_date);
  CHECK_EQ(got.identity.has_value(), want.identity.has_value());
  if (got.identity && want.identity) {
    CHECK_EQ(got.identity->type, want.identity->type);
    CHECK_EQ(got.identity->number, want.identity->number);
  }
  CHECK_EQ(got.marital_status, want.marital_status);
  CHECK_EQ(got.occupation, want.occupation);
  CHECK_EQ(got.industry, want.industry);
  CHECK_EQ(got.annual_income, want.annual_income);
  CHECK_EQ(got.region, want.region);

  REQUIRE_EQ(got.phones.size(), want.phones.size());
  for (std::size_t i = 0; i < want.phones.size(); ++i) {
    INFO("phones[", i, "]");
    CHECK_EQ(got.phones[i].number, want.phones[i].number);
    CHECK_EQ(got.phones[i].primary, want.phones[i].primary);
    CHECK_EQ(got.phones[i].verified, want.phones[i].verified);
  }
  REQUIRE_EQ(got.emails.size(), want.emails.size());
  for (std::size_t i = 0; i < want.emails.size(); ++i) {
    INFO("emails[", i, "]");
    CHECK_EQ(got.emails[i].address, want.emails[i].address);
    CHECK_EQ(got.emails[i].primary, want.emails[i].primary);
    CHECK_EQ(got.emails[i].verified, want.emails[i].verified);
  }
  REQUIRE_EQ(got.addresses.size(), want.addresses.size());
  for (std::size_t i = 0; i < want.addresses.size(); ++i) {
    INFO("addresses[", i, "]");
    CHECK_EQ(got.addresses[i].line, want.addresses[i].line);
    CHECK_EQ(got.addresses[i].region_code, want.addresses[i].region_code);
    CHECK_EQ(got.addresses[i].postal_code, want.addresses[i].postal_code);
    CHECK_EQ(got.addresses[i].primary, want.addresses[i].primary);
    CHECK_EQ(got.addresses[i].verified, want.addresses[i].verified);
  }
  REQUIRE_EQ(got.relationships.size(), want.relationships.size());
  for (std::size_t i = 0; i < want.relationships.size(); ++i) {
    INFO("relationships[", i, "]");
    CHECK_EQ(got.relationships[i].kind, want.relationships[i].kind);
    CHECK_EQ(got.relationships[i].other, want.relationships[i].other);
  }
  REQUIRE_EQ(got.needs.size(), want.needs.size());
  for (std::size_t i = 0; i < want.needs.size(); ++i) {
    INFO("needs[", i, "]");
    CHECK_EQ(got.needs[i].line, want.needs[i].line);
    CHECK_EQ(got.needs[i].desired_sum_insured, want.needs[i].desired_sum_insured);
    CHECK_EQ(got.needs[i].term_years, want.needs[i].term_years);
    CHECK_EQ(got.needs[i].source, want.needs[i].source);
    CHECK_EQ(got.needs[i].noted_on, want.needs[i].noted_on);
  }

  CHECK_EQ(got.source, want.source);
  CHECK_EQ(got.org_unit, want.org_unit);
  CHECK_EQ(got.agent, want.agent);
  CHECK_EQ(got.stage, want.stage);
  CHECK_EQ(got.stage_since, want.stage_since);
  CHECK_EQ(got.verified_on, want.verified_on);
  CHECK_EQ(got.created_at, want.created_at);
  CHECK_EQ(got.updated_at, want.updated_at);
}

void check_same(const Policy& got, const Policy& want) {
  INFO("policy ", want.id.value, " (", want.number, ")");
  CHECK_EQ(got.id, want.id);
  CHECK_EQ(got.version, want.version);
  CHECK_EQ(got.external_ref, want.external_ref);
  CHECK_EQ(got.number, want.number);
  CHECK_EQ(got.product, want.product);
  CHECK_EQ(got.holder, want.holder);
  CHECK_EQ(got.insured, want.insured);
  REQUIRE_EQ(got.beneficiaries.size(), want.beneficiaries.size());
  for (std::size_t i = 0; i < want.beneficiaries.size(); ++i) {
    INFO("beneficiaries[", i, "]");
    CHECK_EQ(got.beneficiaries[i].customer, want.beneficiaries[i].customer);
    CHECK_EQ(got.beneficiaries[i].share_percent, want.beneficiaries[i].share_percent);
  }
  CHECK_EQ(got.agent, want.agent);
  CHECK_EQ(got.org_unit, want.org_unit);
  CHECK_EQ(got.sum_insured, want.sum_insured);
  CHECK_EQ(got.premium, want.premium);
  CHECK_EQ(got.frequency, want.frequency);
  CHECK_EQ(got.premium_years, want.premium_years);
  CHECK_EQ(got.application_date, want.application_date);
  CHECK_EQ(got.issue_date, want.issue_date);
  CHECK_EQ(got.effective_date, want.effective_date);
  CHECK_EQ(got.expiry_date, want.expiry_date);
  CHECK_EQ(got.term_start, want.term_start);
  CHECK_EQ(got.renewals, want.renewals);
  CHECK_EQ(got.status, want.status);
  CHECK_EQ(got.status_since, want.status_since);
  CHECK_EQ(got.created_at, want.created_at);
  CHECK_EQ(got.updated_at, want.updated_at);
}

void check_same(const Payment& got, const Payment& want) {
  INFO("payment ", want.id.value, " of policy ", want.policy.value, " due ", to_string(want.due_date));
  CHECK_EQ(got.id, want.id);
  CHECK_EQ(got.policy, want.policy);
  CHECK_EQ(got.due_date, want.due_date);
  CHECK_EQ(got.paid_on, want.paid_on);
  CHECK_EQ(got.amount, want.amount);
  CHECK_EQ(got.policy_year, want.policy_year);
  CHECK_EQ(got.channel, want.channel);
  CHECK_EQ(got.recorded_at, want.recorded_at);
}

void check_same(const PolicyTransition& got, const PolicyTransition& want) {
  INFO("transition ", want.id.value);
  CHECK_EQ(got.id, want.id);
  CHECK_EQ(got.policy, want.policy);
  CHECK_EQ(got.from, want.from);
  CHECK_EQ(got.to, want.to);
  CHECK_EQ(got.event, want.event);
  CHECK_EQ(got.effective_on, want.effective_on);
  CHECK_EQ(got.at, want.at);
  CHECK_EQ(got.actor, want.actor);
  CHECK_EQ(got.reason, want.reason);
}

void check_same(const DomainEvent& got, const DomainEvent& want) {
  INFO("event ", want.id.value);
  CHECK_EQ(got.id, want.id);
  CHECK_EQ(got.type, want.type);
  CHECK_EQ(got.entity, want.entity);
  CHECK_EQ(got.entity_id, want.entity_id);
  CHECK_EQ(got.payload, want.payload);
  CHECK_EQ(got.actor, want.actor);
  CHECK_EQ(got.at, want.at);
}

template <class T>
void check_same_list(const std::vector<T>& got, const std::vector<T>& want) {
  REQUIRE_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) check_same(got[i], want[i]);
}

// Quiet versions for thousands of rows: a bulk mismatch is then reported with check_same for the
// first few rows only, instead of thousands of failed checks.
bool same(const Customer& a, const Customer& b) {
  auto phone = [](const Phone& x) { return std::tie(x.number, x.primary, x.verified); };
  auto email = [](const Email& x) { return std::tie(x.address, x.primary, x.verified); };
  auto address = [](const Address& x) {
    return std::tie(x.line, x.region_code, x.postal_code, x.primary, x.verified);
  };
  auto relation = [](const Relationship& x) { return std::tie(x.kind, x.other); };
  auto need = [](const Need& x) { return std::tie(x.line, x.desired_sum_insured, x.term_years, x.source, x.noted_on); };
  auto all = [](const auto& xs, const auto& ys, auto key) {
    return std::equal(xs.begin(), xs.end(), ys.begin(), ys.end(),
                      [&](const auto& x, const auto& y) { return key(x) == key(y); });
  };
  const bool same_identity = a.identity.has_value() == b.identity.has_value() &&
                             (!a.identity || (a.identity->type == b.identity->type &&
                                              a.identity->number == b.identity->number));
  return same_identity &&
         std::tie(a.id, a.version, a.external_ref, a.kind, a.name, a.gender, a.birth_date, a.marital_status,
                  a.occupation, a.industry, a.annual_income, a.region, a.source, a.org_unit, a.agent, a.stage,
                  a.stage_since, a.verified_on, a.created_at, a.updated_at) ==
             std::tie(b.id, b.version, b.external_ref, b.kind, b.name, b.gender, b.birth_date, b.marital_status,
                      b.occupation, b.industry, b.annual_income, b.region, b.source, b.org_unit, b.agent, b.stage,
                      b.stage_since, b.verified_on, b.created_at, b.updated_at) &&
         all(a.phones, b.phones, phone) && all(a.emails, b.emails, email) &&
         all(a.addresses, b.addresses, address) && all(a.relationships, b.relationships, relation) &&
         all(a.needs, b.needs, need);
}

bool same(const Policy& a, const Policy& b) {
  auto beneficiary = [](const Beneficiary& x) { return std::tie(x.customer, x.share_percent); };
  return std::tie(a.id, a.version, a.external_ref, a.number, a.product, a.holder, a.insured, a.agent, a.org_unit,
                  a.sum_insured, a.premium, a.frequency, a.premium_years, a.application_date, a.issue_date,
                  a.effective_date, a.expiry_date, a.term_start, a.renewals, a.status, a.status_since,
                  a.created_at, a.updated_at) ==
             std::tie(b.id, b.version, b.external_ref, b.number, b.product, b.holder, b.insured, b.agent,
                      b.org_unit, b.sum_insured, b.premium, b.frequency, b.premium_years, b.application_date,
                      b.issue_date, b.effective_date, b.expiry_date, b.term_start, b.renewals, b.status,
                      b.status_since, b.created_at, b.updated_at) &&
         std::equal(a.beneficiaries.begin(), a.beneficiaries.end(), b.beneficiaries.begin(), b.beneficiaries.end(),
                    [&](const auto& x, const auto& y) { return beneficiary(x) == beneficiary(y); });
}

bool same(const Payment& a, const Payment& b) {
  return std::tie(a.id, a.policy, a.due_date, a.paid_on, a.amount, a.policy_year, a.channel, a.recorded_at) ==
         std::tie(b.id, b.policy, b.due_date, b.paid_on, b.amount, b.policy_year, b.channel, b.recorded_at);
}

template <class T>
void check_same_bulk(const std::vector<T>& got, const std::vector<T>& want) {
  REQUIRE_EQ(got.size(), want.size());
  int mismatches = 0;
  for (std::size_t i = 0; i < want.size(); ++i)
    if (!same(got[i], want[i]) && mismatches++ < 3) {
      INFO("row ", i, " of ", want.size());
      check_same(got[i], want[i]);
    }
  CHECK_EQ(mismatches, 0);
}

template <class T>
auto ids_of(const std::vector<T>& records) {
  std::vector<decltype(T{}.id)> ids;
  for (const auto& r : records) ids.push_back(r.id);
  return ids;
}

template <class T>
std::vector<T> sorted_by_id(std::vector<T> records) {
  std::sort(records.begin(), records.end(), [](const T& a, const T& b) { return a.id < b.id; });
  return records;
}

template <class Id>
void check_increasing(const std::vector<Id>& ids) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    INFO("ids[", i, "]");
    CHECK(ids[i].valid());
    if (i > 0) CHECK_LT(ids[i - 1], ids[i]);
  }
}

// ---- test data ----------------------------------------------------------------------------------


OrgUnit org_unit(std::string code, std::optional<OrgUnitId> parent) {
  OrgUnit u;
  u.code = std::move(code);
  u.name = "上海分公司 \"浦东\"";
  u.kind = parent ? OrgUnitKind::Branch : OrgUnitKind::HeadOffice;
  u.parent = parent;
  u.created_at = micros(1'700'000'000'000'001);
  return u;
}

Agent agent(std::string code, OrgUnitId unit) {
  Agent a;
  a.code = std::move(code);
  a.name = "李娜 d'Arc";
  a.org_unit = unit;
  a.hired_on = day(2019, 7, 1);
  a.active = true;
  a.created_at = micros(1'700'000'000'999'999);
  return a;
}

Product product(std::string code) {
  Product p;
  p.code = std::move(code);
  p.name = "终身寿险 Whole Life";
  p.line = LineOfBusiness::CriticalIllness;
  p.term = ProductTerm::ShortTerm;
  p.renewable = true;
  p.free_look_days = 20;
  p.grace_days = 31;
  p.reinstatement_days = 365;
  p.term_years = 5;
  p.currency = currency("USD");
  p.active = false;
  p.created_at = micros(1'650'000'000'000'007);
  return p;
}

// The reference data customers and policies point at (adapters may enforce foreign keys).
struct Reference {
  OrgUnit head, branch;
  Agent agent1, agent2;
  Product product1, product2;
};

Reference insert_reference(Transaction& tx) {
  Reference r;
  r.head = org_unit("HQ", std::nullopt);
  MUST(tx.insert_org_unit(r.head));
  r.branch = org_unit("SH", r.head.id);
  MUST(tx.insert_org_unit(r.branch));
  r.agent1 = agent("A-001", r.branch.id);
  MUST(tx.insert_agent(r.agent1));
  r.agent2 = agent("A-002", r.head.id);
  r.agent2.hired_on.reset();
  MUST(tx.insert_agent(r.agent2));
  r.product1 = product("WL-2024");
  MUST(tx.insert_product(r.product1));
  r.product2 = product("CI-2025");
  r.product2.line = LineOfBusiness::Life;
  r.product2.term = ProductTerm::LongTerm;
  r.product2.currency = Currency::cny();
  MUST(tx.insert_product(r.product2));
  return r;
}

// Every field that can be set is set, to a value that differs from its default.
Customer full_customer(const Reference& ref, CustomerId relative, std::string external_ref = "CORE-0001") {
  Customer c;
  c.external_ref = std::move(external_ref);
  c.kind = PartyKind::Person;
  c.name = "张伟 O'Brien \"Jr.\" 😀";
  c.gender = Gender::Female;
  c.birth_date = day(1958, 12, 31);  // before 1970: negative epoch days
  c.identity = IdentityDocument{IdType::Passport, "E12345678"};
  c.marital_status = MaritalStatus::Married;
  c.occupation = "精算师";
  c.industry = kAwkwardText;
  c.annual_income = Money{123'456'789, currency("HKD")};
  c.region = "310000";
  c.phones = {{"13812345678", true, true}, {"02161234567", false, false}, {"13900000000", false, true}};
  c.emails = {{"zhang.wei@example.cn", false, true}, {"zw@example.com", true, false}};
  c.addresses = {{"浦东新区世纪大道 100 号 8F\n(东门)", "310115", "200120", true, false},
                 {"1 O'Connell St", "810000", "", false, true}};
  c.relationships = {{RelationKind::Spouse, relative}, {RelationKind::Referrer, relative}};
  c.needs = {{LineOfBusiness::CriticalIllness, Money::cny(50'000'000), 20, Source::Internet, day(2025, 6, 30)},
             {LineOfBusiness::Annuity, std::nullopt, std::nullopt, Source::Unknown, std::nullopt}};
  c.source = Source::AgentReferral;
  c.org_unit = ref.branch.id;
  c.agent = ref.agent1.id;
  c.stage = CustomerStage::Active;
  c.stage_since = day(2025, 1, 2);
  c.verified_on = day(2025, 3, 4);
  c.created_at = micros(1'767'225'600'123'456);
  c.updated_at = micros(1'767'225'600'654'321);
  return c;
}

// Every optional unset, every collection empty.
Customer minimal_customer(const Reference& ref, std::string name = "Minimal Ltd") {
  Customer c;
  c.kind = PartyKind::Organisation;
  c.name = std::move(name);
  c.org_unit = ref.head.id;
  return c;
}

Policy full_policy(const Reference& ref, CustomerId holder, CustomerId other, std::string number = "P-2025-000001") {
  Policy p;
  p.external_ref = "CORE-P-" + number;
  p.number = std::move(number);
  p.product = ref.product1.id;
  p.holder = holder;
  p.insured = {other, holder};
  p.beneficiaries = {{other, 60}, {holder, 40}};
  p.agent = ref.agent2.id;
  p.org_unit = ref.branch.id;
  p.sum_insured = Money::cny(9'007'199'254'740'993);  // 2^53 + 1: lost if stored as a double
  p.premium = Money{1'234'567, currency("USD")};
  p.frequency = Frequency::Monthly;
  p.premium_years = 20;
  p.application_date = day(2025, 1, 15);
  p.issue_date = day(2025, 1, 20);
  p.effective_date = day(2025, 2, 1);
  p.expiry_date = day(2099, 12, 31);
  p.term_start = day(2026, 2, 1);
  p.renewals = 2;
  p.status = PolicyStatus::GracePeriod;
  p.status_since = day(2026, 3, 2);
  p.created_at = micros(1'737'000'000'000'001);
  p.updated_at = micros(1'737'000'000'500'002);
  return p;
}

Policy minimal_policy(const Reference& ref, CustomerId holder, std::string number) {
  Policy p;
  p.number = std::move(number);
  p.product = ref.product2.id;
  p.holder = holder;
  p.org_unit = ref.head.id;
  p.sum_insured = Money::cny(10'000'000);
  p.premium = Money::cny(120'000);
  p.application_date = day(2025, 5, 5);
  p.status_since = day(2025, 5, 5);
  return p;
}

Payment payment(PolicyId policy, Date due, std::int64_t minor, int policy_year = 1) {
  Payment p;
  p.policy = policy;
  p.due_date = due;
  p.paid_on = add_days(due, -3);
  p.amount = Money::cny(minor);
  p.policy_year = policy_year;
  p.channel = PayChannel::AutoDebit;
  p.recorded_at = micros(1'740'000'000'000'000 + minor);
  return p;
}

PolicyTransition transition(PolicyId policy, PolicyStatus from, PolicyStatus to, PolicyEvent event, Date on) {
  PolicyTransition t;
  t.policy = policy;
  t.from = from;
  t.to = to;
  t.event = event;
  t.effective_on = on;
  t.at = micros(1'741'000'000'000'003) + std::chrono::days{days_between(day(2025, 1, 1), on)};
  t.actor = "u-1024";
  t.reason = "客户申请 \"free look\"\n\tit's fine \\N";
  return t;
}

DomainEvent event(std::string type, std::int64_t entity_id, std::int64_t at_us) {
  DomainEvent e;
  e.type = std::move(type);
  e.entity = "customer";
  e.entity_id = entity_id;
  // Pretty-printed JSON: real newlines and JSON's own backslash escapes.
  e.payload = "{\n  \"name\": \"张伟\",\n  \"note\": \"it's \\\"quoted\\\"\\nline 2 \\\\N\",\n  \"n\": 1\n}";
  e.actor = "u-7";
  e.at = micros(at_us);
  return e;
}

// Every test case starts from an empty database of the adapter under test.
struct Fixture {
  TestDatabase db;
  std::unique_ptr<Store> store = db.open();

  std::unique_ptr<Transaction> write() { return MUST(store->begin(TxMode::Write)); }
  std::unique_ptr<Transaction> read() { return MUST(store->begin(TxMode::Read)); }

  Reference committed_reference() {
    auto tx = write();
    Reference ref = insert_reference(*tx);
    MUST(tx->commit());
    return ref;
  }
  Customer committed(Customer c) {
    auto tx = write();
    MUST(tx->insert_customer(c));
    MUST(tx->commit());
    return c;
  }
  Policy committed(Policy p) {
    auto tx = write();
    MUST(tx->insert_policy(p));
    MUST(tx->commit());
    return p;
  }
};

}  // namespace

// ================================================================================================
TEST_SUITE_BEGIN("storage");

TEST_CASE_FIXTURE(Fixture, "store: reports its kind and schema version and starts empty") {
  CHECK_EQ(std::string{store->kind()}, std::string{conformance::adapter_name(conformance::adapter_under_test())});
  CHECK_GE(store->schema_version(), 1);
  auto tx = read();
  CHECK(MUST(tx->org_units()).empty());
  CHECK(MUST(tx->agents(std::nullopt)).empty());
  CHECK(MUST(tx->products()).empty());
  CHECK_EQ(MUST(tx->count_customers()), 0);
  CHECK(MUST(tx->customers(CustomerQuery{})).empty());
  CHECK(MUST(tx->policies(PolicyQuery{})).empty());
  CHECK(MUST(tx->pending_events(EventId{}, 100)).empty());
}

// ---- reference data -----------------------------------------------------------------------------

TEST_CASE_FIXTURE(Fixture, "org units: insert assigns ids and version 1 and reads back exactly") {
  OrgUnit head = org_unit("HQ", std::nullopt);
  OrgUnit branch;
  {
    auto tx = write();
    MUST(tx->insert_org_unit(head));
    branch = org_unit("SH-PD-01", head.id);
    branch.kind = OrgUnitKind::Team;
    MUST(tx->insert_org_unit(branch));
    CHECK(head.id.valid());
    CHECK_LT(head.id, branch.id);
    CHECK_EQ(head.version, 1);
    CHECK_EQ(branch.version, 1);
    check_same(MUST(tx->org_unit(branch.id)), branch);
    MUST(tx->commit());
  }
  auto tx = read();
  check_same(MUST(tx->org_unit(head.id)), head);
  check_same(MUST(tx->org_unit(branch.id)), branch);
  check_same_list(sorted_by_id(MUST(tx->org_units())), {head, branch});
  CHECK_EQ(code_of(tx->org_unit(OrgUnitId{branch.id.value + 1000})), Errc::NotFound);
}

TEST_CASE_FIXTURE(Fixture, "org units, agents, products: a second record with a taken code is AlreadyExists") {
  const Reference ref = committed_reference();
  {
    auto tx = write();
    OrgUnit again = org_unit("SH", ref.head.id);
    CHECK_EQ(code_of(tx->insert_org_unit(again)), Errc::AlreadyExists);
  }
  {
    auto tx = write();
    Agent again = agent("A-001", ref.head.id);
    CHECK_EQ(code_of(tx->insert_agent(again)), Errc::AlreadyExists);
  }
  {
    auto tx = write();
    Product again = product("WL-2024");
    CHECK_EQ(code_of(tx->insert_product(again)), Errc::AlreadyExists);
  }
  auto tx = read();
  CHECK_EQ(MUST(tx->org_units()).size(), 2U);
  CHECK_EQ(MUST(tx->agents(std::nullopt)).size(), 2U);
  CHECK_EQ(MUST(tx->products()).size(), 2U);
}

TEST_CASE_FIXTURE(Fixture, "agents: insert, read, list by org unit and update with a version check") {
  const Reference ref = committed_reference();
  {
    auto tx = read();
    check_same(MUST(tx->agent(ref.agent1.id)), ref.agent1);  // hired_on set
    check_same(MUST(tx->agent(ref.agent2.id)), ref.agent2);  // hired_on unset
    check_same_list(sorted_by_id(MUST(tx->agents(std::nullopt))), {ref.agent1, ref.agent2});
    check_same_list(MUST(tx->agents(ref.branch.id)), {ref.agent1});
    check_same_list(MUST(tx->agents(ref.head.id)), {ref.agent2});
    CHECK_EQ(code_of(tx->agent(AgentId{ref.agent2.id.value + 1000})), Errc::NotFound);
  }
  Agent moved = ref.agent1;
  {
    auto tx = write();
    moved.name = "李娜 (transferred)";
    moved.org_unit = ref.head.id;
    moved.hired_on.reset();
    moved.active = false;
    MUST(tx->update_agent(moved));
    CHECK_EQ(moved.version, 2);
    MUST(tx->commit());
  }
  {
    auto tx = read();
    check_same(MUST(tx->agent(moved.id)), moved);
    CHECK(MUST(tx->agents(ref.branch.id)).empty());
    CHECK_EQ(MUST(tx->agents(ref.head.id)).size(), 2U);
  }
  {
    auto tx = write();
    Agent stale = ref.agent1;  // still version 1
    stale.name = "lost update";
    CHECK_EQ(code_of(tx->update_agent(stale)), Errc::Conflict);
    CHECK_EQ(stale.version, 1);
    Agent missing = ref.agent1;
    missing.id = AgentId{ref.agent2.id.value + 1000};
    CHECK_EQ(code_of(tx->update_agent(missing)), Errc::NotFound);
    MUST(tx->commit());
  }
  auto tx = read();
  check_same(MUST(tx->agent(moved.id)), moved);
}

TEST_CASE_FIXTURE(Fixture, "products: insert, read by id and by code, list and update with a version check") {
  const Reference ref = committed_reference();
  {
    auto tx = read();
    check_same(MUST(tx->product(ref.product1.id)), ref.product1);
    const auto by_code = MUST(tx->product_by_code("CI-2025"));
    REQUIRE(by_code.has_value());
    check_same(*by_code, ref.product2);
    CHECK_FALSE(MUST(tx->product_by_code("NO-SUCH")).has_value());
    check_same_list(sorted_by_id(MUST(tx->products())), {ref.product1, ref.product2});
    CHECK_EQ(code_of(tx->product(ProductId{ref.product2.id.value + 1000})), Errc::NotFound);
  }
  Product changed = ref.product1;
  {
    auto tx = write();
    changed.name = "Whole Life 2";
    changed.grace_days = 60;
    changed.currency = currency("EUR");
    changed.active = true;
    MUST(tx->update_product(changed));
    CHECK_EQ(changed.version, 2);
    MUST(tx->update_product(changed));
    CHECK_EQ(changed.version, 3);
    MUST(tx->commit());
  }
  {
    auto tx = write();
    Product stale = ref.product1;
    stale.grace_days = 1;
    CHECK_EQ(code_of(tx->update_product(stale)), Errc::Conflict);
    Product missing = ref.product1;
    missing.id = ProductId{ref.product2.id.value + 1000};
    CHECK_EQ(code_of(tx->update_product(missing)), Errc::NotFound);
    MUST(tx->commit());
  }
  auto tx = read();
  check_same(MUST(tx->product(changed.id)), changed);
  check_same(*MUST(tx->product_by_code("WL-2024")), changed);
}

// ---- customers ----------------------------------------------------------------------------------

TEST_CASE_FIXTURE(Fixture, "customers: a fully populated customer round-trips exactly") {
  const Reference ref = committed_reference();
  Customer relative = minimal_customer(ref, "Relative");
  Customer full;
  {
    auto tx = write();
    MUST(tx->insert_customer(relative));
    full = full_customer(ref, relative.id);
    MUST(tx->insert_customer(full));
    CHECK(full.id.valid());
    CHECK_NE(full.id, relative.id);
    CHECK_EQ(full.version, 1);
    check_same(MUST(tx->customer(full.id)), full);  // the writer reads its own insert
    MUST(tx->commit());
  }
  auto tx = read();
  check_same(MUST(tx->customer(full.id)), full);
  check_same(MUST(tx->customer(relative.id)), relative);
}

TEST_CASE_FIXTURE(Fixture, "customers: a customer with every optional field unset round-trips exactly") {
  const Reference ref = committed_reference();
  const Customer minimal = committed(minimal_customer(ref));
  CHECK_EQ(minimal.version, 1);
  auto tx = read();
  const Customer got = MUST(tx->customer(minimal.id));
  check_same(got, minimal);
  CHECK_FALSE(got.external_ref.has_value());
  CHECK_FALSE(got.identity.has_value());
  CHECK_FALSE(got.agent.has_value());
}

TEST_CASE_FIXTURE(Fixture, "customers: update replaces every field and child collection and bumps the version") {
  const Reference ref = committed_reference();
  const Customer relative = committed(minimal_customer(ref, "Relative"));
  Customer c = committed(full_customer(ref, relative.id));

  // Set → unset and shrink: what is gone must stay gone.
  c.external_ref = "CORE-0001-B";
  c.name = "张伟";
  c.gender = Gender::Male;
  c.birth_date.reset();
  c.identity.reset();
  c.annual_income.reset();
  c.phones = {{"13700000000", true, false}};
  c.emails.clear();
  c.addresses = {{"新地址", "110000", "100000", false, false}};
  c.relationships.clear();
  c.needs = {{LineOfBusiness::Motor, Money{5, currency("JPY")}, 1, Source::Partner, day(2024, 2, 29)}};
  c.agent.reset();
  c.org_unit = ref.head.id;
  c.stage = CustomerStage::AtRisk;
  c.stage_since.reset();
  c.verified_on.reset();
  c.updated_at = micros(1'767'300'000'000'001);
  {
    auto tx = write();
    MUST(tx->update_customer(c));
    CHECK_EQ(c.version, 2);
    check_same(MUST(tx->customer(c.id)), c);
    MUST(tx->commit());
  }
  {
    auto tx = read();
    check_same(MUST(tx->customer(c.id)), c);
    CHECK_FALSE(MUST(tx->customer_by_external_ref("CORE-0001")).has_value());
    CHECK_EQ(MUST(tx->customer_by_external_ref("CORE-0001-B")), std::optional{c.id});
    CHECK(MUST(tx->customers_by_identity("E12345678")).empty());
  }

  // Unset → set and grow.
  const Customer full_again = full_customer(ref, relative.id, "CORE-0001-C");
  const CustomerId id = c.id;
  const std::int64_t version = c.version;
  c = full_again;
  c.id = id;
  c.version = version;
  {
    auto tx = write();
    MUST(tx->update_customer(c));
    CHECK_EQ(c.version, 3);
    MUST(tx->commit());
  }
  auto tx = read();
  check_same(MUST(tx->customer(c.id)), c);
  CHECK_EQ(MUST(tx->customers_by_identity("E12345678")), std::vector{c.id});
}

TEST_CASE_FIXTURE(Fixture, "customers: an update with a stale version is a Conflict and changes nothing") {
  const Reference ref = committed_reference();
  const Customer relative = committed(minimal_customer(ref, "Relative"));
  const Customer original = committed(full_customer(ref, relative.id));
  Customer first = original;
  Customer second = original;
  {
    auto tx = write();
    first.name = "first writer";
    MUST(tx->update_customer(first));
    CHECK_EQ(first.version, 2);
    second.name = "second writer";
    second.phones.clear();
    CHECK_EQ(code_of(tx->update_customer(second)), Errc::Conflict);
    CHECK_EQ(second.version, 1);  // the record passed in is not bumped either
    check_same(MUST(tx->customer(first.id)), first);
    MUST(tx->commit());
  }
  auto tx = read();
  check_same(MUST(tx->customer(first.id)), first);
}

TEST_CASE_FIXTURE(Fixture, "customers: read-then-update in two transactions: the later writer gets a Conflict") {
  // Two service calls that read the same version (e.g. two clerks' screens), then each saves.
  const Reference ref = committed_reference();
  const Customer original = committed(minimal_customer(ref, "Original"));
  Customer clerk1;
  Customer clerk2;
  {
    auto tx = read();
    clerk1 = MUST(tx->customer(original.id));
  }
  {
    auto tx = read();
    clerk2 = MUST(tx->customer(original.id));
  }
  REQUIRE_EQ(clerk1.version, 1);
  REQUIRE_EQ(clerk2.version, 1);
  {
    auto tx = write();
    clerk1.occupation = "clerk 1 was here";
    MUST(tx->update_customer(clerk1));
    MUST(tx->commit());
  }
  {
    auto tx = write();
    clerk2.occupation = "clerk 2 was here";
    CHECK_EQ(code_of(tx->update_customer(clerk2)), Errc::Conflict);
  }
  auto tx = read();
  const Customer stored = MUST(tx->customer(original.id));
  CHECK_EQ(stored.version, 2);
  CHECK_EQ(stored.occupation, "clerk 1 was here");
}

TEST_CASE_FIXTURE(Fixture, "customers: updating or reading a missing customer is NotFound") {
  const Reference ref = committed_reference();
  const Customer existing = committed(minimal_customer(ref));
  {
    auto tx = write();
    Customer ghost = minimal_customer(ref, "Ghost");
    ghost.id = CustomerId{existing.id.value + 1000};
    ghost.version = 1;
    CHECK_EQ(code_of(tx->update_customer(ghost)), Errc::NotFound);
    CHECK_EQ(code_of(tx->customer(ghost.id)), Errc::NotFound);
    MUST(tx->commit());
  }
  auto tx = read();
  CHECK_EQ(MUST(tx->count_customers()), 1);  // the update did not create it
  CHECK_EQ(code_of(tx->customer(CustomerId{existing.id.value + 1000})), Errc::NotFound);
}

TEST_CASE_FIXTURE(Fixture, "every kind: reading a missing id is NotFound") {
  const Reference ref = committed_reference();
  const Customer holder = committed(minimal_customer(ref));
  const Policy policy = committed(minimal_policy(ref, holder.id, "P-1"));
  auto tx = read();
  CHECK_EQ(code_of(tx->org_unit(OrgUnitId{999'999})), Errc::NotFound);
  CHECK_EQ(code_of(tx->agent(AgentId{999'999})), Errc::NotFound);
  CHECK_EQ(code_of(tx->product(ProductId{999'999})), Errc::NotFound);
  CHECK_EQ(code_of(tx->customer(CustomerId{999'999})), Errc::NotFound);
  CHECK_EQ(code_of(tx->policy(PolicyId{999'999})), Errc::NotFound);
  // Lists of a missing parent are empty, not errors.
  CHECK(MUST(tx->payments(PolicyId{999'999})).empty());
  CHECK(MUST(tx->transitions(PolicyId{999'999})).empty());
  CHECK(MUST(tx->payments(policy.id)).empty());
}

TEST_CASE_FIXTURE(Fixture, "customers: external_ref is unique but any number of customers may have none") {
  const Reference ref = committed_reference();
  Customer with_ref = minimal_customer(ref, "With ref");
  with_ref.external_ref = "R-1";
  with_ref = committed(with_ref);
  {
    auto tx = write();
    Customer duplicate = minimal_customer(ref, "Duplicate");
    duplicate.external_ref = "R-1";
    CHECK_EQ(code_of(tx->insert_customer(duplicate)), Errc::AlreadyExists);
  }
  {
    auto tx = write();
    Customer a = minimal_customer(ref, "No ref A");
    Customer b = minimal_customer(ref, "No ref B");
    MUST(tx->insert_customer(a));
    MUST(tx->insert_customer(b));
    Customer other = minimal_customer(ref, "Other ref");
    other.external_ref = "R-2";
    MUST(tx->insert_customer(other));
    MUST(tx->commit());
  }
  {
    // Taking another customer's ref by update is refused just the same.
    auto tx = write();
    const auto other_id = MUST(tx->customer_by_external_ref("R-2"));
    REQUIRE(other_id.has_value());
    Customer other = MUST(tx->customer(*other_id));
    other.external_ref = "R-1";
    CHECK_EQ(code_of(tx->update_customer(other)), Errc::AlreadyExists);
  }
  auto tx = read();
  CHECK_EQ(MUST(tx->count_customers()), 4);
  CHECK_EQ(MUST(tx->customer_by_external_ref("R-1")), std::optional{with_ref.id});
  const auto other_id = MUST(tx->customer_by_external_ref("R-2"));
  REQUIRE(other_id.has_value());
  CHECK_EQ(MUST(tx->customer(*other_id)).external_ref, std::optional<std::string>{"R-2"});
}

TEST_CASE_FIXTURE(Fixture, "customers: found by external_ref and by identity number") {
  const Reference ref = committed_reference();
  const Customer relative = committed(minimal_customer(ref, "Relative"));
  const Customer a = committed(full_customer(ref, relative.id, "EXT-A"));
  // A duplicate record of the same person (same document) is allowed: finding it is the point.
  const Customer b = committed(full_customer(ref, relative.id, "EXT-B"));
  Customer c = full_customer(ref, relative.id, "EXT-C");
  c.identity = IdentityDocument{IdType::ResidentId, "11010519491231002X"};
  c = committed(c);

  auto tx = read();
  CHECK_EQ(MUST(tx->customer_by_external_ref("EXT-A")), std::optional{a.id});
  CHECK_EQ(MUST(tx->customer_by_external_ref("EXT-C")), std::optional{c.id});
  CHECK_FALSE(MUST(tx->customer_by_external_ref("EXT-Z")).has_value());
  CHECK_FALSE(MUST(tx->customer_by_external_ref("")).has_value());
  auto same_person = MUST(tx->customers_by_identity("E12345678"));
  std::sort(same_person.begin(), same_person.end());
  CHECK_EQ(same_person, std::vector{a.id, b.id});
  CHECK_EQ(MUST(tx->customers_by_identity("11010519491231002X")), std::vector{c.id});
  CHECK(MUST(tx->customers_by_identity("000000000000000000")).empty());
}

TEST_CASE_FIXTURE(Fixture, "customers: taken_customer_refs names exactly the refs in use, over many chunks") {
  const Reference ref = committed_reference();
  std::vector<Customer> stored;
  for (int i = 0; i < 1200; i += 7) stored.push_back(minimal_customer(ref, "Taken"));
  for (std::size_t i = 0; i < stored.size(); ++i) stored[i].external_ref = "REF-" + std::to_string(i * 7);
  {
    auto tx = write();
    MUST(tx->insert_customers(stored));
    MUST(tx->commit());
  }
  std::vector<std::string> asked, expected;
  for (int i = 0; i < 1200; ++i) {
    asked.push_back("REF-" + std::to_string(i));
    if (i % 7 == 0) expected.push_back(asked.back());
  }
  asked.push_back("it's \"quoted\"");  // never taken, and must not break the statement
  auto tx = read();
  auto taken = MUST(tx->taken_customer_refs(asked));
  std::sort(taken.begin(), taken.end());
  std::sort(expected.begin(), expected.end());
  CHECK_EQ(taken, expected);
  CHECK(MUST(tx->taken_customer_refs({})).empty());
}

TEST_CASE_FIXTURE(Fixture, "customers: bulk insert assigns increasing ids in input order and round-trips") {
  const Reference ref = committed_reference();
  const Customer relative = committed(minimal_customer(ref, "Relative"));
  std::vector<Customer> batch{full_customer(ref, relative.id, "BULK-1"), minimal_customer(ref, "Bulk minimal"),
                              full_customer(ref, relative.id, "BULK-3")};
  batch[2].phones.clear();
  batch[2].needs.pop_back();
  batch[2].name = "第三位";
  {
    auto tx = write();
    MUST(tx->insert_customers(batch));
    check_increasing(ids_of(batch));
    CHECK_LT(relative.id, batch[0].id);
    for (const auto& c : batch) CHECK_EQ(c.version, 1);
    MUST(tx->commit());
  }
  auto tx = read();
  for (const auto& c : batch) check_same(MUST(tx->customer(c.id)), c);
  CHECK_EQ(MUST(tx->count_customers()), 4);
  CHECK_EQ(MUST(tx->customer_by_external_ref("BULK-3")), std::optional{batch[2].id});
}

TEST_CASE_FIXTURE(Fixture, "customers: a large bulk insert keeps every row's own values") {
  // Thousands of rows cross any batch size an adapter uses; a re-executed bulk statement that
  // re-sends an earlier batch's values (SOCI issues #910/#1167) shows up as wrong names.
  const Reference ref = committed_reference();
  constexpr int kCount = 2500;
  std::vector<Customer> batch;
  const Customer relative = committed(minimal_customer(ref, "Relative"));
  for (int i = 0; i < kCount; ++i) {
    // Rows differ from each other in every column, and some carry awkward text and NULLs.
    Customer c = i % 10 == 3 ? full_customer(ref, relative.id, fmt::format("BULK-{}", i))
                             : minimal_customer(ref, fmt::format("Customer #{}", i));
    c.name = fmt::format("Customer #{}{}", i, i % 5 == 0 ? kAwkwardText : "");
    if (i % 10 != 3) c.external_ref = i % 7 == 0 ? std::nullopt : std::optional{fmt::format("BULK-{}", i)};
    c.occupation = i % 3 == 0 ? "" : "\\";
    c.phones.push_back({fmt::format("138{:08}", i), i % 2 == 0, i % 4 == 0});
    c.needs.push_back({LineOfBusiness::Health, Money::cny(i), i % 40, Source::Transaction, std::nullopt});
    if (i % 4 == 0) c.identity = IdentityDocument{IdType::ResidentId, fmt::format("ID-{}", i)};
    if (i % 6 == 0) c.birth_date = add_days(day(1950, 1, 1), i * 7);
    if (i % 9 == 0) c.agent = i % 2 ? ref.agent1.id : ref.agent2.id;
    c.stage = static_cast<CustomerStage>(i % 6);
    c.created_at = micros(1'700'000'000'000'000 + i);
    batch.push_back(std::move(c));
  }
  {
    auto tx = write();
    MUST(tx->insert_customers(batch));
    check_increasing(ids_of(batch));
    MUST(tx->commit());
  }
  auto tx = read();
  CHECK_EQ(MUST(tx->count_customers()), kCount + 1);
  std::vector<Customer> all;
  CustomerQuery page;
  page.after = relative.id;
  page.limit = 1000;
  for (;;) {
    auto rows = MUST(tx->customers(page));
    if (rows.empty()) break;
    page.after = rows.back().id;
    for (auto& r : rows) all.push_back(std::move(r));
  }
  check_same_bulk(all, batch);
}

TEST_CASE_FIXTURE(Fixture, "customers: a bulk insert with a taken external_ref is AlreadyExists and keeps none") {
  const Reference ref = committed_reference();
  Customer taken = minimal_customer(ref, "Taken");
  taken.external_ref = "DUP";
  taken = committed(taken);
  auto with_ref = [&](std::string name, std::string external_ref) {
    Customer c = minimal_customer(ref, std::move(name));
    c.external_ref = std::move(external_ref);
    return c;
  };
  {
    auto tx = write();
    std::vector<Customer> batch{with_ref("ok 1", "NEW-1"), with_ref("dup", "DUP"), with_ref("ok 2", "NEW-2")};
    CHECK_EQ(code_of(tx->insert_customers(batch)), Errc::AlreadyExists);
  }
  {
    auto tx = write();
    std::vector<Customer> batch{with_ref("twin 1", "TWIN"), with_ref("twin 2", "TWIN")};
    CHECK_EQ(code_of(tx->insert_customers(batch)), Errc::AlreadyExists);
  }
  auto tx = read();
  CHECK_EQ(MUST(tx->count_customers()), 1);
  CHECK_FALSE(MUST(tx->customer_by_external_ref("NEW-1")).has_value());
  CHECK_FALSE(MUST(tx->customer_by_external_ref("TWIN")).has_value());
}

namespace {

// Six customers spread over two org units, two agents and three stages.
struct Spread {
  Reference ref;
  std::vector<Customer> c;  // c[0]..c[5] in id order
};

Spread insert_spread(Fixture& f) {
  Spread s;
  s.ref = f.committed_reference();
  const Reference& ref = s.ref;
  struct Row {
    OrgUnitId unit;
    std::optional<AgentId> agent;
    CustomerStage stage;
  };
  const std::vector<Row> rows{
      {ref.head.id, ref.agent1.id, CustomerStage::Prospect},   // c0
      {ref.branch.id, ref.agent1.id, CustomerStage::Active},   // c1
      {ref.branch.id, ref.agent2.id, CustomerStage::Active},   // c2
      {ref.branch.id, std::nullopt, CustomerStage::Lapsed},    // c3
      {ref.head.id, ref.agent2.id, CustomerStage::Active},     // c4
      {ref.branch.id, ref.agent1.id, CustomerStage::Prospect}, // c5
  };
  auto tx = f.write();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    // c1 is fully populated (related to c0), so a query result is checked with all its children.
    Customer c = i == 1 ? full_customer(ref, s.c[0].id, "SPREAD-1")
                        : minimal_customer(ref, fmt::format("Spread {}", i));
    c.org_unit = rows[i].unit;
    c.agent = rows[i].agent;
    c.stage = rows[i].stage;
    MUST(tx->insert_customer(c));
    s.c.push_back(std::move(c));
  }
  MUST(tx->commit());
  return s;
}

std::vector<CustomerId> query_ids(Transaction& tx, CustomerQuery q) { return ids_of(MUST(tx.customers(q))); }

}  // namespace

TEST_CASE_FIXTURE(Fixture, "customers: queries filter by org unit, agent and stage, in id order") {
  const Spread s = insert_spread(*this);
  const auto& c = s.c;
  auto tx = read();
  CustomerQuery q;
  CHECK_EQ(query_ids(*tx, q), std::vector{c[0].id, c[1].id, c[2].id, c[3].id, c[4].id, c[5].id});
  q = {};
  q.org_unit = s.ref.branch.id;
  CHECK_EQ(query_ids(*tx, q), std::vector{c[1].id, c[2].id, c[3].id, c[5].id});
  q = {};
  q.agent = s.ref.agent1.id;
  CHECK_EQ(query_ids(*tx, q), std::vector{c[0].id, c[1].id, c[5].id});
  q = {};
  q.stage = CustomerStage::Active;
  CHECK_EQ(query_ids(*tx, q), std::vector{c[1].id, c[2].id, c[4].id});
  q = {};
  q.org_unit = s.ref.branch.id;
  q.agent = s.ref.agent1.id;
  q.stage = CustomerStage::Active;
  CHECK_EQ(query_ids(*tx, q), std::vector{c[1].id});
  q = {};
  q.org_unit = s.ref.branch.id;
  q.stage = CustomerStage::Prospect;
  CHECK_EQ(query_ids(*tx, q), std::vector{c[5].id});
  q = {};
  q.stage = CustomerStage::WonBack;
  CHECK(query_ids(*tx, q).empty());
  // Query results are whole customers, child collections included.
  q = {};
  q.stage = CustomerStage::Active;
  q.agent = s.ref.agent1.id;
  const auto rows = MUST(tx->customers(q));
  REQUIRE_EQ(rows.size(), 1U);
  check_same(rows[0], c[1]);
}

TEST_CASE_FIXTURE(Fixture, "customers: keyset pagination walks every match once, in id order") {
  const Spread s = insert_spread(*this);
  const auto& c = s.c;
  auto tx = read();
  auto walk = [&](CustomerQuery q) {
    std::vector<CustomerId> seen;
    std::vector<std::size_t> page_sizes;
    for (int guard = 0; guard < 20; ++guard) {
      const auto page = query_ids(*tx, q);
      if (page.empty()) break;
      CHECK_LE(page.size(), q.limit);
      page_sizes.push_back(page.size());
      seen.insert(seen.end(), page.begin(), page.end());
      q.after = page.back();
    }
    return std::pair{seen, page_sizes};
  };
  CustomerQuery q;
  q.limit = 4;
  auto [all, sizes] = walk(q);
  CHECK_EQ(all, std::vector{c[0].id, c[1].id, c[2].id, c[3].id, c[4].id, c[5].id});
  CHECK_EQ(sizes, std::vector<std::size_t>{4, 2});

  q = {};
  q.org_unit = s.ref.branch.id;
  q.limit = 1;
  CHECK_EQ(walk(q).first, std::vector{c[1].id, c[2].id, c[3].id, c[5].id});

  // `after` need not be a match itself.
  q = {};
  q.org_unit = s.ref.branch.id;
  q.after = c[0].id;
  q.limit = 2;
  CHECK_EQ(query_ids(*tx, q), std::vector{c[1].id, c[2].id});
  q.after = c[4].id;
  CHECK_EQ(query_ids(*tx, q), std::vector{c[5].id});
  q.after = c[5].id;
  CHECK(query_ids(*tx, q).empty());
}

// ---- policies -----------------------------------------------------------------------------------

TEST_CASE_FIXTURE(Fixture, "policies: a fully populated policy round-trips exactly") {
  const Reference ref = committed_reference();
  const Customer holder = committed(minimal_customer(ref, "Holder"));
  const Customer insured = committed(minimal_customer(ref, "Insured"));
  Policy p = full_policy(ref, holder.id, insured.id);
  {
    auto tx = write();
    MUST(tx->insert_policy(p));
    CHECK(p.id.valid());
    CHECK_EQ(p.version, 1);
    check_same(MUST(tx->policy(p.id)), p);
    MUST(tx->commit());
  }
  auto tx = read();
  check_same(MUST(tx->policy(p.id)), p);
}

TEST_CASE_FIXTURE(Fixture, "policies: a policy with every optional field unset round-trips exactly") {
  const Reference ref = committed_reference();
  const Customer holder = committed(minimal_customer(ref, "Holder"));
  const Policy p = committed(minimal_policy(ref, holder.id, "P-MIN"));
  auto tx = read();
  const Policy got = MUST(tx->policy(p.id));
  check_same(got, p);
  CHECK_FALSE(got.issue_date.has_value());
  CHECK_FALSE(got.effective_date.has_value());
  CHECK_FALSE(got.expiry_date.has_value());
  CHECK_FALSE(got.term_start.has_value());
  CHECK(got.insured.empty());
  CHECK(got.beneficiaries.empty());
}

TEST_CASE_FIXTURE(Fixture, "policies: number and external_ref are unique") {
  const Reference ref = committed_reference();
  const Customer holder = committed(minimal_customer(ref, "Holder"));
  const Policy first = committed(full_policy(ref, holder.id, holder.id, "P-1"));  // external_ref CORE-P-P-1
  {
    auto tx = write();
    Policy same_number = minimal_policy(ref, holder.id, "P-1");
    CHECK_EQ(code_of(tx->insert_policy(same_number)), Errc::AlreadyExists);
  }
  {
    auto tx = write();
    Policy same_ref = minimal_policy(ref, holder.id, "P-2");
    same_ref.external_ref = "CORE-P-P-1";
    CHECK_EQ(code_of(tx->insert_policy(same_ref)), Errc::AlreadyExists);
  }
  {
    auto tx = write();
    Policy a = minimal_policy(ref, holder.id, "P-3");
    Policy b = minimal_policy(ref, holder.id, "P-4");
    MUST(tx->insert_policy(a));
    MUST(tx->insert_policy(b));  // neither has an external_ref: no clash
    MUST(tx->commit());
  }
  {
    auto tx = write();
    const auto id = MUST(tx->policy_by_number("P-3"));
    REQUIRE(id.has_value());
    Policy p3 = MUST(tx->policy(*id));
    p3.number = "P-1";
    CHECK_EQ(code_of(tx->update_policy(p3)), Errc::AlreadyExists);
  }
  auto tx = read();
  CHECK_EQ(MUST(tx->policy_by_number("P-1")), std::optional{first.id});
  CHECK(MUST(tx->policy_by_number("P-3")).has_value());
  CHECK_FALSE(MUST(tx->policy_by_number("P-2")).has_value());
  CHECK_EQ(MUST(tx->policies(PolicyQuery{})).size(), 3U);
}

TEST_CASE_FIXTURE(Fixture, "policies: update changes fields and collections with a version check") {
  const Reference ref = committed_reference();
  const Customer holder = committed(minimal_customer(ref, "Holder"));
  const Customer other = committed(minimal_customer(ref, "Other"));
  const Policy original = committed(full_policy(ref, holder.id, other.id));
  Policy p = original;
  p.status = PolicyStatus::Lapsed;
  p.status_since = day(2026, 5, 2);
  p.expiry_date.reset();  // set → unset
  p.agent.reset();
  p.external_ref.reset();
  p.insured = {holder.id};
  p.beneficiaries = {{holder.id, 100}};
  p.premium = Money::cny(99);
  p.renewals = 3;
  p.updated_at = micros(1'747'000'000'000'009);
  {
    auto tx = write();
    MUST(tx->update_policy(p));
    CHECK_EQ(p.version, 2);
    MUST(tx->commit());
  }
  {
    auto tx = read();
    check_same(MUST(tx->policy(p.id)), p);
  }
  p.expiry_date = day(2030, 1, 31);  // unset → set
  p.external_ref = "CORE-P-NEW";
  p.beneficiaries.clear();
  p.insured.clear();
  {
    auto tx = write();
    MUST(tx->update_policy(p));
    CHECK_EQ(p.version, 3);
    Policy stale = original;
    stale.status = PolicyStatus::Surrendered;
    CHECK_EQ(code_of(tx->update_policy(stale)), Errc::Conflict);
    CHECK_EQ(stale.version, 1);
    Policy missing = original;
    missing.id = PolicyId{original.id.value + 1000};
    missing.number = "P-MISSING";
    CHECK_EQ(code_of(tx->update_policy(missing)), Errc::NotFound);
    MUST(tx->commit());
  }
  auto tx = read();
  check_same(MUST(tx->policy(p.id)), p);
  CHECK_EQ(MUST(tx->policies(PolicyQuery{})).size(), 1U);
}

TEST_CASE_FIXTURE(Fixture, "policies: bulk insert assigns increasing ids in input order and round-trips") {
  const Reference ref = committed_reference();
  const Customer holder = committed(minimal_customer(ref, "Holder"));
  const Customer other = committed(minimal_customer(ref, "Other"));
  std::vector<Policy> batch{full_policy(ref, holder.id, other.id, "B-1"), minimal_policy(ref, other.id, "B-2"),
                            full_policy(ref, other.id, holder.id, "B-3")};
  batch[2].beneficiaries = {{holder.id, 100}};
  batch[2].effective_date.reset();
  constexpr int kLarge = 1500;
  for (int i = 0; i < kLarge; ++i) {
    Policy p = i % 10 == 3 ? full_policy(ref, holder.id, other.id, fmt::format("L-{:05}", i))
                           : minimal_policy(ref, i % 2 ? holder.id : other.id, fmt::format("L-{:05}", i));
    p.premium = Money::cny(1000 + i);
    p.insured.push_back(i % 2 ? other.id : holder.id);
    p.application_date = add_days(day(2020, 1, 1), i);
    if (i % 5 == 0) p.external_ref = fmt::format("L-{} {}", i, kAwkwardText);
    if (i % 3 == 0) p.issue_date = add_days(day(1960, 1, 1), i);
    p.status = static_cast<PolicyStatus>(i % 15);
    batch.push_back(std::move(p));
  }
  {
    auto tx = write();
    MUST(tx->insert_policies(batch));
    check_increasing(ids_of(batch));
    for (const auto& p : batch) CHECK_EQ(p.version, 1);
    MUST(tx->commit());
  }
  auto tx = read();
  for (std::size_t i = 0; i < 3; ++i) check_same(MUST(tx->policy(batch[i].id)), batch[i]);
  std::vector<Policy> all;
  PolicyQuery page;
  page.limit = 700;
  for (;;) {
    auto rows = MUST(tx->policies(page));
    if (rows.empty()) break;
    page.after = rows.back().id;
    for (auto& r : rows) all.push_back(std::move(r));
  }
  check_same_bulk(all, batch);
}

TEST_CASE_FIXTURE(Fixture, "policies: queries filter by holder and statuses with keyset pagination") {
  const Reference ref = committed_reference();
  const Customer a = committed(minimal_customer(ref, "A"));
  const Customer b = committed(minimal_customer(ref, "B"));
  const std::vector<std::pair<CustomerId, PolicyStatus>> rows{
      {a.id, PolicyStatus::InForce}, {a.id, PolicyStatus::Lapsed},      {a.id, PolicyStatus::Quoted},
      {b.id, PolicyStatus::InForce}, {b.id, PolicyStatus::GracePeriod},
  };
  std::vector<Policy> p;
  {
    auto tx = write();
    for (std::size_t i = 0; i < rows.size(); ++i) {
      Policy x = minimal_policy(ref, rows[i].first, fmt::format("Q-{}", i));
      x.status = rows[i].second;
      MUST(tx->insert_policy(x));
      p.push_back(x);
    }
    MUST(tx->commit());
  }
  auto tx = read();
  auto ids = [&](PolicyQuery q) { return ids_of(MUST(tx->policies(q))); };
  PolicyQuery q;
  CHECK_EQ(ids(q), std::vector{p[0].id, p[1].id, p[2].id, p[3].id, p[4].id});
  q.holder = a.id;
  CHECK_EQ(ids(q), std::vector{p[0].id, p[1].id, p[2].id});
  q = {};
  q.statuses = {PolicyStatus::InForce};
  CHECK_EQ(ids(q), std::vector{p[0].id, p[3].id});
  q.statuses = {PolicyStatus::GracePeriod, PolicyStatus::InForce};
  CHECK_EQ(ids(q), std::vector{p[0].id, p[3].id, p[4].id});
  q.holder = a.id;
  q.statuses = {PolicyStatus::Lapsed, PolicyStatus::Quoted};
  CHECK_EQ(ids(q), std::vector{p[1].id, p[2].id});
  q.statuses = {PolicyStatus::Matured};
  CHECK(ids(q).empty());
  // Pages of two: 2 + 2 + 1, then nothing.
  q = {};
  q.limit = 2;
  CHECK_EQ(ids(q), std::vector{p[0].id, p[1].id});
  q.after = p[1].id;
  CHECK_EQ(ids(q), std::vector{p[2].id, p[3].id});
  q.after = p[3].id;
  CHECK_EQ(ids(q), std::vector{p[4].id});
  q.after = p[4].id;
  CHECK(ids(q).empty());
  q = {};
  q.holder = b.id;
  q.after = p[3].id;
  check_same_list(MUST(tx->policies(q)), {p[4]});
}

// ---- payments -----------------------------------------------------------------------------------

namespace {

struct TwoPolicies {
  Reference ref;
  Customer holder;
  Policy p1, p2;
};

TwoPolicies insert_two_policies(Fixture& f) {
  TwoPolicies t;
  t.ref = f.committed_reference();
  t.holder = f.committed(minimal_customer(t.ref, "Holder"));
  t.p1 = f.committed(minimal_policy(t.ref, t.holder.id, "PAY-1"));
  t.p2 = f.committed(minimal_policy(t.ref, t.holder.id, "PAY-2"));
  return t;
}

std::vector<Payment> sorted_by_due(std::vector<Payment> v) {
  std::sort(v.begin(), v.end(), [](const Payment& a, const Payment& b) {
    return std::chrono::sys_days{a.due_date} < std::chrono::sys_days{b.due_date};
  });
  return v;
}

}  // namespace

TEST_CASE_FIXTURE(Fixture, "payments: insert and list a policy's payments with exact money and dates") {
  const TwoPolicies t = insert_two_policies(*this);
  std::vector<Payment> p1{payment(t.p1.id, day(2026, 3, 1), 120'000, 2), payment(t.p1.id, day(2025, 3, 1), 119'999),
                          payment(t.p1.id, day(2027, 2, 28), 9'007'199'254'740'993, 3)};
  p1[0].channel = PayChannel::DoorToDoor;
  p1[1].amount = Money{119'999, currency("HKD")};
  Payment p2 = payment(t.p2.id, day(2025, 3, 1), 500);
  {
    auto tx = write();
    for (auto& p : p1) MUST(tx->insert_payment(p));
    MUST(tx->insert_payment(p2));
    check_increasing(std::vector{p1[0].id, p1[1].id, p1[2].id, p2.id});
    MUST(tx->commit());
  }
  auto tx = read();
  // The port does not promise an order for one policy's payments; compare in due-date order.
  check_same_list(sorted_by_due(MUST(tx->payments(t.p1.id))), sorted_by_due(p1));
  check_same_list(MUST(tx->payments(t.p2.id)), {p2});
}

TEST_CASE_FIXTURE(Fixture, "payments: one payment per policy and due date") {
  const TwoPolicies t = insert_two_policies(*this);
  Payment first = payment(t.p1.id, day(2025, 6, 1), 100);
  {
    auto tx = write();
    MUST(tx->insert_payment(first));
    MUST(tx->commit());
  }
  {
    auto tx = write();
    Payment again = payment(t.p1.id, day(2025, 6, 1), 999);
    CHECK_EQ(code_of(tx->insert_payment(again)), Errc::AlreadyExists);
  }
  {
    auto tx = write();
    Payment other_policy = payment(t.p2.id, day(2025, 6, 1), 100);
    Payment other_day = payment(t.p1.id, day(2025, 7, 1), 100);
    MUST(tx->insert_payment(other_policy));
    MUST(tx->insert_payment(other_day));
    MUST(tx->commit());
  }
  auto tx = read();
  const auto p1 = sorted_by_due(MUST(tx->payments(t.p1.id)));
  REQUIRE_EQ(p1.size(), 2U);
  check_same(p1[0], first);  // the refused duplicate did not overwrite the amount
  CHECK_EQ(MUST(tx->payments(t.p2.id)).size(), 1U);
}

TEST_CASE_FIXTURE(Fixture, "payments: bulk insert assigns increasing ids in input order and round-trips") {
  const TwoPolicies t = insert_two_policies(*this);
  constexpr int kPerPolicy = 1500;  // 3,000 rows
  std::vector<Payment> batch;
  for (int i = 0; i < kPerPolicy; ++i) {
    batch.push_back(payment(t.p2.id, add_days(day(1965, 1, 1), i), 10'000 + i, 1 + i / 12));
    batch.push_back(payment(t.p1.id, add_days(day(1965, 1, 1), i), 20'000 + i, 1 + i / 12));
    batch.back().channel = static_cast<PayChannel>(i % 5);
    batch.back().recorded_at = micros(-86'400'000'000LL * 365 + i);  // 1969: before the epoch
  }
  {
    auto tx = write();
    MUST(tx->insert_payments(batch));
    check_increasing(ids_of(batch));
    MUST(tx->commit());
  }
  auto tx = read();
  std::vector<Payment> want1;
  std::vector<Payment> want2;
  for (const auto& p : batch) (p.policy == t.p1.id ? want1 : want2).push_back(p);
  const auto got1 = sorted_by_due(MUST(tx->payments(t.p1.id)));
  const auto got2 = sorted_by_due(MUST(tx->payments(t.p2.id)));
  check_same_bulk(got1, want1);
  check_same_bulk(got2, want2);
}

TEST_CASE_FIXTURE(Fixture,
                  "payments: a bulk insert with a taken (policy and due date) is AlreadyExists and keeps none") {
  const TwoPolicies t = insert_two_policies(*this);
  {
    auto tx = write();
    Payment existing = payment(t.p1.id, day(2025, 1, 1), 1);
    MUST(tx->insert_payment(existing));
    MUST(tx->commit());
  }
  {
    auto tx = write();
    std::vector<Payment> batch{payment(t.p2.id, day(2025, 1, 1), 2), payment(t.p1.id, day(2025, 1, 1), 3)};
    CHECK_EQ(code_of(tx->insert_payments(batch)), Errc::AlreadyExists);
  }
  {
    auto tx = write();
    std::vector<Payment> batch{payment(t.p2.id, day(2025, 2, 1), 4), payment(t.p2.id, day(2025, 2, 1), 5)};
    CHECK_EQ(code_of(tx->insert_payments(batch)), Errc::AlreadyExists);
  }
  auto tx = read();
  CHECK_EQ(MUST(tx->payments(t.p1.id)).size(), 1U);
  CHECK(MUST(tx->payments(t.p2.id)).empty());
}

TEST_CASE_FIXTURE(Fixture, "payments: payments_in_range returns policies first..last ordered by policy then due date") {
  const Reference ref = committed_reference();
  const Customer holder = committed(minimal_customer(ref, "Holder"));
  std::vector<Policy> p;
  for (int i = 0; i < 4; ++i) p.push_back(committed(minimal_policy(ref, holder.id, fmt::format("R-{}", i))));
  // Inserted out of order, so an adapter that returns insertion order is caught.
  std::vector<Payment> pay{
      payment(p[2].id, day(2025, 3, 1), 31), payment(p[1].id, day(2025, 2, 1), 22),
      payment(p[0].id, day(2025, 1, 1), 11), payment(p[1].id, day(2024, 2, 1), 21),
      payment(p[2].id, day(2023, 3, 1), 30), payment(p[1].id, day(2026, 2, 1), 23),
  };
  {
    auto tx = write();
    for (auto& x : pay) MUST(tx->insert_payment(x));
    MUST(tx->commit());
  }
  auto tx = read();
  check_same_list(MUST(tx->payments_in_range(p[1].id, p[2].id)), {pay[3], pay[1], pay[5], pay[4], pay[0]});
  check_same_list(MUST(tx->payments_in_range(p[0].id, p[0].id)), {pay[2]});
  check_same_list(MUST(tx->payments_in_range(p[0].id, p[3].id)), {pay[2], pay[3], pay[1], pay[5], pay[4], pay[0]});
  CHECK(MUST(tx->payments_in_range(p[3].id, p[3].id)).empty());  // a policy without payments
  CHECK(MUST(tx->payments_in_range(p[2].id, p[1].id)).empty());  // an empty range
  CHECK(MUST(tx->payments_in_range(PolicyId{p[3].id.value + 1}, PolicyId{p[3].id.value + 100})).empty());
}

// ---- transitions and events ---------------------------------------------------------------------

TEST_CASE_FIXTURE(Fixture, "transitions: appended history reads back per policy in order") {
  const TwoPolicies t = insert_two_policies(*this);
  std::vector<PolicyTransition> h1{
      transition(t.p1.id, PolicyStatus::Quoted, PolicyStatus::Applied, PolicyEvent::Apply, day(2025, 1, 2)),
      transition(t.p1.id, PolicyStatus::Applied, PolicyStatus::Underwriting, PolicyEvent::StartUnderwriting,
                 day(2025, 1, 3)),
      transition(t.p1.id, PolicyStatus::Underwriting, PolicyStatus::Issued, PolicyEvent::Issue, day(2025, 1, 9)),
  };
  h1[1].reason.clear();
  h1[0].at = micros(-123'456'789'012);  // 1966: history imported from a legacy system
  PolicyTransition other =
      transition(t.p2.id, PolicyStatus::Quoted, PolicyStatus::Applied, PolicyEvent::Apply, day(2025, 1, 2));
  {
    auto tx = write();
    MUST(tx->append_transition(h1[0]));
    MUST(tx->append_transition(other));
    MUST(tx->append_transition(h1[1]));
    MUST(tx->append_transition(h1[2]));
    check_increasing(std::vector{h1[0].id, other.id, h1[1].id, h1[2].id});
    MUST(tx->commit());
  }
  auto tx = read();
  check_same_list(MUST(tx->transitions(t.p1.id)), h1);
  check_same_list(MUST(tx->transitions(t.p2.id)), {other});
}

TEST_CASE_FIXTURE(Fixture, "events: appended events are pending in id order and read back exactly") {
  std::vector<DomainEvent> e;
  {
    auto tx = write();
    for (int i = 0; i < 5; ++i) {
      DomainEvent x = event(fmt::format("customer.e{}", i), 100 + i, 1'760'000'000'000'001 + i);
      MUST(tx->append_event(x));
      e.push_back(x);
    }
    check_increasing(ids_of(e));
    MUST(tx->commit());
  }
  auto tx = read();
  check_same_list(MUST(tx->pending_events(EventId{}, 100)), e);
  check_same_list(MUST(tx->pending_events(EventId{}, 2)), {e[0], e[1]});
  check_same_list(MUST(tx->pending_events(e[1].id, 100)), {e[2], e[3], e[4]});
  check_same_list(MUST(tx->pending_events(e[2].id, 1)), {e[3]});
  CHECK(MUST(tx->pending_events(e[4].id, 100)).empty());
}

TEST_CASE_FIXTURE(Fixture, "events: after an ack only later events are pending") {
  std::vector<DomainEvent> e;
  {
    auto tx = write();
    for (int i = 0; i < 5; ++i) {
      DomainEvent x = event("policy.lapsed", i, 1'760'000'000'000'000 + i);
      MUST(tx->append_event(x));
      e.push_back(x);
    }
    MUST(tx->ack_events(e[2].id));
    check_same_list(MUST(tx->pending_events(EventId{}, 100)), {e[3], e[4]});
    check_same_list(MUST(tx->pending_events(EventId{}, 1)), {e[3]});  // the limit counts pending ones
    MUST(tx->commit());
  }
  {
    auto tx = read();
    check_same_list(MUST(tx->pending_events(EventId{}, 100)), {e[3], e[4]});
  }
  DomainEvent later = event("policy.reinstated", 9, 1'760'000'000'000'100);
  {
    auto tx = write();
    MUST(tx->ack_events(e[4].id));
    CHECK(MUST(tx->pending_events(EventId{}, 100)).empty());
    MUST(tx->append_event(later));
    CHECK_LT(e[4].id, later.id);
    MUST(tx->commit());
  }
  {
    // Acknowledging an older id again does not bring anything back.
    auto tx = write();
    MUST(tx->ack_events(e[0].id));
    MUST(tx->commit());
  }
  auto tx = read();
  check_same_list(MUST(tx->pending_events(EventId{}, 100)), {later});
}

TEST_CASE_FIXTURE(Fixture, "bulk inserts of nothing succeed and write nothing") {
  // An import file with a header and no rows must not be an error (nor an empty VALUES list).
  const Reference ref = committed_reference();
  {
    auto tx = write();
    std::vector<Customer> customers;
    std::vector<Policy> policies;
    std::vector<Payment> payments;
    MUST(tx->insert_customers(customers));
    MUST(tx->insert_policies(policies));
    MUST(tx->insert_payments(payments));
    MUST(tx->commit());
  }
  auto tx = read();
  CHECK_EQ(MUST(tx->count_customers()), 0);
  CHECK(MUST(tx->policies(PolicyQuery{})).empty());
  CHECK(MUST(tx->payments_in_range(PolicyId{1}, PolicyId{1'000'000})).empty());
}

// ---- transactions -------------------------------------------------------------------------------

TEST_CASE_FIXTURE(Fixture, "transactions: a write transaction sees its own uncommitted writes") {
  const Reference ref = committed_reference();
  auto tx = write();
  Customer c = minimal_customer(ref, "Own write");
  c.external_ref = "OWN";
  c.identity = IdentityDocument{IdType::Other, "X-1"};
  MUST(tx->insert_customer(c));
  check_same(MUST(tx->customer(c.id)), c);
  CHECK_EQ(MUST(tx->count_customers()), 1);
  CHECK_EQ(MUST(tx->customer_by_external_ref("OWN")), std::optional{c.id});
  CHECK_EQ(MUST(tx->customers_by_identity("X-1")), std::vector{c.id});
  CHECK_EQ(ids_of(MUST(tx->customers(CustomerQuery{}))), std::vector{c.id});
  c.name = "Own write, updated";
  MUST(tx->update_customer(c));
  check_same(MUST(tx->customer(c.id)), c);
  Policy p = minimal_policy(ref, c.id, "OWN-P");
  MUST(tx->insert_policy(p));
  check_same(MUST(tx->policy(p.id)), p);
  CHECK_EQ(MUST(tx->policy_by_number("OWN-P")), std::optional{p.id});
}

TEST_CASE_FIXTURE(Fixture, "transactions: dropping a write transaction without commit leaves no record of any kind") {
  const Reference ref = committed_reference();
  const Customer base = committed(minimal_customer(ref, "Base"));
  const Policy base_policy = committed(minimal_policy(ref, base.id, "BASE-P"));
  CustomerId dropped_customer;
  PolicyId dropped_policy;
  {
    auto tx = write();
    OrgUnit unit = org_unit("DROPPED", ref.head.id);
    MUST(tx->insert_org_unit(unit));
    Agent a = agent("A-DROPPED", unit.id);
    MUST(tx->insert_agent(a));
    Product pr = product("DROPPED");
    MUST(tx->insert_product(pr));
    Customer c = full_customer(ref, base.id, "DROPPED");
    MUST(tx->insert_customer(c));
    dropped_customer = c.id;
    std::vector<Customer> cs{minimal_customer(ref, "Dropped 1"), full_customer(ref, base.id, "DROPPED-2")};
    MUST(tx->insert_customers(cs));
    Policy p = full_policy(ref, c.id, base.id, "DROPPED-P");
    MUST(tx->insert_policy(p));
    dropped_policy = p.id;
    std::vector<Policy> ps{minimal_policy(ref, base.id, "DROPPED-P2")};
    MUST(tx->insert_policies(ps));
    Payment pay = payment(base_policy.id, day(2025, 1, 1), 1);
    MUST(tx->insert_payment(pay));
    std::vector<Payment> pays{payment(base_policy.id, day(2025, 2, 1), 2), payment(p.id, day(2025, 2, 1), 3)};
    MUST(tx->insert_payments(pays));
    PolicyTransition tr = transition(base_policy.id, PolicyStatus::Quoted, PolicyStatus::Applied,
                                     PolicyEvent::Apply, day(2025, 1, 1));
    MUST(tx->append_transition(tr));
    DomainEvent ev = event("customer.created", c.id.value, 1'760'000'000'000'000);
    MUST(tx->append_event(ev));
    // Destroyed here without commit().
  }
  {
    auto tx = read();
    CHECK_EQ(MUST(tx->org_units()).size(), 2U);
    CHECK_EQ(MUST(tx->agents(std::nullopt)).size(), 2U);
    CHECK_EQ(MUST(tx->products()).size(), 2U);
    CHECK_FALSE(MUST(tx->product_by_code("DROPPED")).has_value());
    CHECK_EQ(MUST(tx->count_customers()), 1);
    CHECK_EQ(ids_of(MUST(tx->customers(CustomerQuery{}))), std::vector{base.id});
    CHECK_EQ(code_of(tx->customer(dropped_customer)), Errc::NotFound);
    CHECK_FALSE(MUST(tx->customer_by_external_ref("DROPPED")).has_value());
    CHECK_FALSE(MUST(tx->customer_by_external_ref("DROPPED-2")).has_value());
    CHECK(MUST(tx->customers_by_identity("E12345678")).empty());
    CHECK_EQ(ids_of(MUST(tx->policies(PolicyQuery{}))), std::vector{base_policy.id});
    CHECK_EQ(code_of(tx->policy(dropped_policy)), Errc::NotFound);
    CHECK_FALSE(MUST(tx->policy_by_number("DROPPED-P")).has_value());
    CHECK_FALSE(MUST(tx->policy_by_number("DROPPED-P2")).has_value());
    CHECK(MUST(tx->payments(base_policy.id)).empty());
    CHECK(MUST(tx->payments_in_range(PolicyId{1}, PolicyId{1'000'000})).empty());
    CHECK(MUST(tx->transitions(base_policy.id)).empty());
    CHECK(MUST(tx->pending_events(EventId{}, 100)).empty());
  }
  // The same unique keys are free again.
  auto tx = write();
  Customer again = full_customer(ref, base.id, "DROPPED");
  MUST(tx->insert_customer(again));
  Policy again_policy = minimal_policy(ref, again.id, "DROPPED-P");
  MUST(tx->insert_policy(again_policy));
  Payment again_payment = payment(base_policy.id, day(2025, 1, 1), 1);
  MUST(tx->insert_payment(again_payment));
  MUST(tx->commit());
}

TEST_CASE_FIXTURE(Fixture, "transactions: dropping a write transaction without commit undoes updates and acks") {
  const Reference ref = committed_reference();
  const Customer relative = committed(minimal_customer(ref, "Relative"));
  const Customer customer = committed(full_customer(ref, relative.id));
  const Policy policy = committed(full_policy(ref, customer.id, relative.id));
  DomainEvent e = event("customer.created", customer.id.value, 1'760'000'000'000'000);
  {
    auto tx = write();
    MUST(tx->append_event(e));
    MUST(tx->commit());
  }
  {
    auto tx = write();
    Customer c = customer;
    c.name = "changed";
    c.phones.clear();
    c.identity.reset();
    c.external_ref = "CHANGED";
    MUST(tx->update_customer(c));
    MUST(tx->update_customer(c));  // twice: version 3 inside, must fall back to 1
    Policy p = policy;
    p.status = PolicyStatus::Surrendered;
    p.beneficiaries.clear();
    MUST(tx->update_policy(p));
    Agent a = ref.agent1;
    a.active = false;
    MUST(tx->update_agent(a));
    Product pr = ref.product1;
    pr.grace_days = 0;
    MUST(tx->update_product(pr));
    MUST(tx->ack_events(e.id));
    CHECK(MUST(tx->pending_events(EventId{}, 10)).empty());
  }
  auto tx = read();
  check_same(MUST(tx->customer(customer.id)), customer);
  check_same(MUST(tx->policy(policy.id)), policy);
  check_same(MUST(tx->agent(ref.agent1.id)), ref.agent1);
  check_same(MUST(tx->product(ref.product1.id)), ref.product1);
  CHECK_EQ(MUST(tx->customer_by_external_ref("CORE-0001")), std::optional{customer.id});
  CHECK_FALSE(MUST(tx->customer_by_external_ref("CHANGED")).has_value());
  CHECK_EQ(MUST(tx->customers_by_identity("E12345678")), std::vector{customer.id});
  check_same_list(MUST(tx->pending_events(EventId{}, 10)), {e});
}

TEST_CASE_FIXTURE(Fixture, "transactions: a committed write is visible to later read and write transactions") {
  const Reference ref = committed_reference();
  Customer c = minimal_customer(ref, "Committed");
  {
    auto tx = write();
    MUST(tx->insert_customer(c));
    MUST(tx->commit());
  }
  {
    auto tx = read();
    check_same(MUST(tx->customer(c.id)), c);
  }
  {
    auto tx = write();
    check_same(MUST(tx->customer(c.id)), c);
    c.name = "Committed twice";
    MUST(tx->update_customer(c));
    MUST(tx->commit());
  }
  auto tx = read();
  check_same(MUST(tx->customer(c.id)), c);
  CHECK_EQ(MUST(tx->customer(c.id)).version, 2);
}

TEST_CASE_FIXTURE(Fixture, "transactions: a committed transaction is finished and refuses further use") {
  // store.hpp: "A Transaction is finished after commit(), successful or not." A write after it
  // must not slip into some later implicit transaction.
  const Reference ref = committed_reference();
  {
    auto tx = write();
    Customer first = minimal_customer(ref, "Before commit");
    MUST(tx->insert_customer(first));
    MUST(tx->commit());
    Customer late = minimal_customer(ref, "After commit");
    CHECK_NE(code_of(tx->insert_customer(late)), Errc::Ok);
    CHECK_NE(code_of(tx->commit()), Errc::Ok);
  }
  auto tx = read();
  CHECK_EQ(MUST(tx->count_customers()), 1);
}

TEST_CASE_FIXTURE(Fixture, "transactions: a read transaction refuses writes") {
  const Reference ref = committed_reference();
  {
    auto tx = read();
    Customer c = minimal_customer(ref, "Written in a read transaction");
    CHECK_NE(code_of(tx->insert_customer(c)), Errc::Ok);
    DomainEvent e = event("customer.created", 1, 1'760'000'000'000'000);
    CHECK_NE(code_of(tx->append_event(e)), Errc::Ok);
    (void)tx->commit();  // whatever a read transaction's commit says, nothing may appear
  }
  auto tx = read();
  CHECK_EQ(MUST(tx->count_customers()), 0);
  CHECK(MUST(tx->pending_events(EventId{}, 10)).empty());
}

TEST_CASE_FIXTURE(Fixture, "transactions: two stores on one database see each other's commits") {
  if (!db.shared()) {
    // memory: stores are private to their process object; there is nothing to share.
    CHECK_EQ(std::string{store->kind()}, "memory");
    return;
  }
  auto other = db.open();
  const Reference ref = committed_reference();
  Customer c = minimal_customer(ref, "Shared");
  {
    auto tx = write();
    MUST(tx->insert_customer(c));
    // Not yet committed: the other store must not see it.
    {
      auto seen = MUST(other->begin(TxMode::Read));
      CHECK_EQ(MUST(seen->count_customers()), 0);
    }
    MUST(tx->commit());
  }
  Customer from_other;
  {
    auto tx = MUST(other->begin(TxMode::Write));
    CHECK_EQ(MUST(tx->org_units()).size(), 2U);
    from_other = MUST(tx->customer(c.id));
    check_same(from_other, c);
    from_other.occupation = "written by the other store";
    MUST(tx->update_customer(from_other));
    DomainEvent e = event("customer.updated", c.id.value, 1'760'000'000'000'000);
    MUST(tx->append_event(e));
    MUST(tx->commit());
  }
  {
    auto tx = read();
    check_same(MUST(tx->customer(c.id)), from_other);
    CHECK_EQ(MUST(tx->pending_events(EventId{}, 10)).size(), 1U);
  }
  // The version check holds across stores: this store's copy is stale now.
  {
    auto tx = write();
    c.occupation = "stale write";
    CHECK_EQ(code_of(tx->update_customer(c)), Errc::Conflict);
  }
  auto tx = MUST(other->begin(TxMode::Read));
  CHECK_EQ(MUST(tx->customer(c.id)).occupation, "written by the other store");
}

// ---- concurrency --------------------------------------------------------------------------------

TEST_CASE_FIXTURE(Fixture, "concurrency: two threads update the same read version: exactly one gets Conflict") {
  const Reference ref = committed_reference();
  const Customer original = committed(minimal_customer(ref, "Contended"));
  // Each thread reads in its own transaction, waits until both have read, then writes; so both
  // writes carry version 1 whatever the adapter's locking. Assertions stay on this thread.
  std::latch both_read{2};
  Errc outcome[2]{Errc::Internal, Errc::Internal};
  std::string detail[2];
  auto writer = [&](int who) {
    try {
      Customer mine;
      {
        auto tx = store->begin(TxMode::Read);
        if (!tx) throw std::runtime_error(tx.error().to_string());
        auto got = tx.value()->customer(original.id);
        if (!got) throw std::runtime_error(got.error().to_string());
        mine = std::move(got).value();
      }
      both_read.arrive_and_wait();
      mine.occupation = fmt::format("thread {}", who);
      auto tx = store->begin(TxMode::Write);
      if (!tx) throw std::runtime_error(tx.error().to_string());
      auto updated = tx.value()->update_customer(mine);
      if (updated) updated = tx.value()->commit();
      outcome[who] = code_of(updated);
      if (!updated) detail[who] = updated.error().to_string();
    } catch (const std::exception& e) {
      detail[who] = e.what();
    }
  };
  std::thread t0{writer, 0};
  std::thread t1{writer, 1};
  t0.join();
  t1.join();
  INFO("thread 0: ", detail[0], "; thread 1: ", detail[1]);
  const std::multiset<Errc> outcomes{outcome[0], outcome[1]};
  CHECK_EQ(outcomes, std::multiset<Errc>{Errc::Ok, Errc::Conflict});
  auto tx = read();
  const Customer stored = MUST(tx->customer(original.id));
  CHECK_EQ(stored.version, 2);
  CHECK_EQ(stored.occupation, fmt::format("thread {}", outcome[0] == Errc::Ok ? 0 : 1));
}

TEST_CASE_FIXTURE(Fixture, "concurrency: read-modify-write with retry on Conflict loses no update") {
  const Reference ref = committed_reference();
  Customer counter = minimal_customer(ref, "Counter");
  counter.occupation = "0";
  counter = committed(counter);
  constexpr int kThreads = 4;
  constexpr int kIncrements = 10;
  std::atomic<int> conflicts{0};
  std::vector<std::string> failures(kThreads);
  auto worker = [&](int who) {
    for (int done = 0, attempts = 0; done < kIncrements; ++attempts) {
      if (attempts > 2000) {
        failures[static_cast<std::size_t>(who)] = "gave up after 2000 attempts";
        return;
      }
      auto tx = store->begin(TxMode::Write);
      Result<void> step = tx ? Result<void>{ok()} : Result<void>{tx.error()};
      if (step) {
        auto got = tx.value()->customer(counter.id);
        if (!got) {
          step = got.error();
        } else {
          Customer c = std::move(got).value();
          c.occupation = std::to_string(std::stoi(c.occupation) + 1);
          step = tx.value()->update_customer(c);
          if (step) step = tx.value()->commit();
        }
      }
      if (step) {
        ++done;
      } else if (step.error().code() == Errc::Conflict || step.error().code() == Errc::StorageUnavailable) {
        ++conflicts;  // someone else won this round (or the database was busy): try again
      } else {
        failures[static_cast<std::size_t>(who)] = step.error().to_string();
        return;
      }
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) threads.emplace_back(worker, i);
  for (auto& t : threads) t.join();
  for (const auto& f : failures) CHECK_EQ(f, "");
  auto tx = read();
  const Customer stored = MUST(tx->customer(counter.id));
  CHECK_EQ(stored.occupation, std::to_string(kThreads * kIncrements));
  CHECK_EQ(stored.version, 1 + kThreads * kIncrements);
  MESSAGE("retries on Conflict or busy: " << conflicts.load());
}

TEST_CASE_FIXTURE(Fixture, "concurrency: inserts from several threads get distinct ids and all commit") {
  const Reference ref = committed_reference();
  constexpr int kThreads = 3;
  constexpr int kEach = 30;
  std::vector<std::vector<CustomerId>> ids(kThreads);
  std::vector<std::string> failures(kThreads);
  auto worker = [&](int who) {
    auto& mine = ids[static_cast<std::size_t>(who)];
    for (int i = 0; i < kEach; ++i) {
      Customer c = minimal_customer(ref, fmt::format("T{}-{}", who, i));
      c.external_ref = fmt::format("T{}-{}", who, i);
      Result<void> step = ok();
      for (int attempt = 0; attempt < 200; ++attempt) {
        auto tx = store->begin(TxMode::Write);
        step = tx ? tx.value()->insert_customer(c) : Result<void>{tx.error()};
        if (step) step = tx.value()->commit();
        if (step || step.error().code() != Errc::StorageUnavailable) break;
      }
      if (!step) {
        failures[static_cast<std::size_t>(who)] = step.error().to_string();
        return;
      }
      mine.push_back(c.id);
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) threads.emplace_back(worker, i);
  for (auto& t : threads) t.join();
  for (const auto& f : failures) CHECK_EQ(f, "");
  std::set<CustomerId> distinct;
  for (const auto& v : ids) {
    check_increasing(v);  // one thread's commits follow each other
    distinct.insert(v.begin(), v.end());
  }
  CHECK_EQ(distinct.size(), static_cast<std::size_t>(kThreads * kEach));
  auto tx = read();
  CHECK_EQ(MUST(tx->count_customers()), kThreads * kEach);
}

TEST_SUITE_END();
