// Conformance: merge of duplicate customers and its undo (crm/duplicates.hpp, storage/
// merge_records.hpp, migration 0008_merge) on every adapter — every record of the merged-away
// customer moves to the survivor, and an undo gives back exactly the state before the merge: the
// full record sets (customers, policies, claims, interactions, complaints, service requests,
// survey responses, consents and the consent in force, care tasks, campaign members, points
// entries and balances) compared before the merge and after the undo.
#include "conformance.hpp"
#include "harness.hpp"

#include <inscrm/crm.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace inscrm::conformance {
namespace {

using storage::Store;
using storage::Transaction;
using storage::TxMode;

const Actor kAdmin{.user = "admin-1", .roles = {Role::Administrator}};
const Actor kAnalyst{.user = "analyst-1", .roles = {Role::Analyst}};

// The Crm owns its store; the test reads the same store beside it through this.
class SharedStore final : public Store {
 public:
  explicit SharedStore(std::shared_ptr<Store> inner) : inner_(std::move(inner)) {}
  Result<std::unique_ptr<Transaction>> begin(TxMode mode) override { return inner_->begin(mode); }
  std::string_view kind() const noexcept override { return inner_->kind(); }
  int schema_version() const noexcept override { return inner_->schema_version(); }

 private:
  std::shared_ptr<Store> inner_;
};

struct Fixture {
  TestDatabase db;
  std::shared_ptr<Store> store{db.open()};
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(day(2026, 12, 7));
  Crm crm = MUST(Crm::open(std::make_unique<SharedStore>(store), {.clock = clock}));

  std::unique_ptr<Transaction> write() { return MUST(store->begin(TxMode::Write)); }
  std::unique_ptr<Transaction> read() { return MUST(store->begin(TxMode::Read)); }
};

Customer person(OrgUnitId unit, std::string name, Instant updated) {
  Customer c;
  c.name = std::move(name);
  c.org_unit = unit;
  c.created_at = micros(1'700'000'000'000'000);
  c.updated_at = updated;
  c.stage = CustomerStage::Prospect;
  c.stage_since = day(2025, 1, 1);
  return c;
}

Policy policy(OrgUnitId unit, ProductId product, std::string number, CustomerId holder) {
  Policy p;
  p.number = std::move(number);
  p.product = product;
  p.holder = holder;
  p.org_unit = unit;
  p.sum_insured = Money::cny(10'000'000);
  p.premium = Money::cny(120'000);
  p.frequency = Frequency::Annual;
  p.premium_years = 10;
  p.application_date = day(2024, 1, 1);
  p.issue_date = day(2024, 1, 5);
  p.effective_date = day(2024, 1, 10);
  p.status = PolicyStatus::InForce;
  p.status_since = day(2024, 1, 10);
  return p;
}

PointsEntry points(CustomerId customer, std::string key, std::int64_t n) {
  PointsEntry e;
  e.customer = customer;
  e.kind = PointsKind::Earn;
  e.points = n;
  e.on = day(2026, 1, 31);
  e.expires_on = day(2028, 1, 31);
  e.idempotency_key = std::move(key);
  e.actor = "u-1";
  e.recorded_at = micros(1'767'225'600'000'001);
  return e;
}

ConsentRecord consent(CustomerId customer, bool granted, std::int64_t at_us) {
  ConsentRecord r;
  r.customer = customer;
  r.purpose = ConsentPurpose::Care;
  r.channel = Channel::Sms;
  r.granted = granted;
  r.at = micros(at_us);
  r.source = "form";
  r.actor = "u-1";
  r.recorded_at = micros(at_us + 1);
  return r;
}

Campaign campaign(std::string name) {
  Campaign c;
  c.name = std::move(name);
  c.objective = "o";
  c.target_rule = "age >= 30";
  c.channel = Channel::Sms;
  c.starts_on = day(2026, 12, 1);
  c.ends_on = day(2026, 12, 31);
  c.budget = Money::cny(5'000'000);
  c.created_at = micros(1'767'225'600'000'003);
  c.updated_at = c.created_at;
  return c;
}

// Two records of one person — the survivor with a phone and no e-mail, the other with an e-mail,
// an occupation and every kind of record that names a customer — and a bystander.
struct Book {
  OrgUnitId unit;
  ProductId product;
  CustomerId survivor, other, bystander;
  PolicyId p_other1, p_other2, p_bystander;
  CampaignId both, only_other;
};

Book insert_book(Transaction& tx) {
  Book b;
  OrgUnit u;
  u.code = "HQ";
  u.name = "总公司";
  MUST(tx.insert_org_unit(u));
  b.unit = u.id;
  Product pr;
  pr.code = "WL";
  pr.name = "终身寿险";
  MUST(tx.insert_product(pr));
  b.product = pr.id;

  auto s = person(u.id, "张伟", micros(1'760'000'000'000'000));
  s.phones = {Phone{"13812345678", true, true}};
  s.birth_date = day(1985, 3, 14);
  auto o = person(u.id, "张伟", micros(1'765'000'000'000'000));  // updated later than the survivor
  o.phones = {Phone{"13900000001", true, false}};
  o.emails = {Email{"zw@example.com", true, false}};
  o.occupation = "engineer";
  o.birth_date = day(1985, 3, 14);
  o.stage = CustomerStage::Active;
  auto by = person(u.id, "李娜", micros(1'760'000'000'000'000));
  for (auto* c : {&s, &o, &by}) MUST(tx.insert_customer(*c));
  b.survivor = s.id, b.other = o.id, b.bystander = by.id;

  auto p1 = policy(u.id, pr.id, "P-1", o.id), p2 = policy(u.id, pr.id, "P-2", o.id);
  auto p3 = policy(u.id, pr.id, "P-3", by.id);
  // The other is insured on the bystander's policy and a beneficiary beside the survivor: the
  // insured row moves; the beneficiary row stays (the policy already names the survivor).
  p3.insured = {o.id};
  p3.beneficiaries = {Beneficiary{s.id, 50}, Beneficiary{o.id, 50}};
  for (auto* p : {&p1, &p2, &p3}) MUST(tx.insert_policy(*p));
  b.p_other1 = p1.id, b.p_other2 = p2.id, b.p_bystander = p3.id;

  Claim claim;
  claim.number = "CLM-1";
  claim.policy = p1.id;
  claim.claimant = o.id;
  claim.incident_date = day(2026, 1, 2);
  claim.reported_at = micros(1'767'225'600'000'001);
  claim.status_since = day(2026, 1, 3);
  claim.claimed_amount = Money::cny(1);
  MUST(tx.service().insert_claim(claim));
  for (CustomerId c : {o.id, by.id}) {
    Interaction i;
    i.customer = c;
    i.started_at = micros(1'767'225'600'000'001);
    MUST(tx.service().insert_interaction(i));
  }
  Complaint complaint;
  complaint.customer = o.id;
  complaint.matter = "m";
  complaint.received_at = micros(1'767'225'600'000'001);
  complaint.subcategory = "delay";
  complaint.sla.started_at = complaint.received_at;
  MUST(tx.service().insert_complaint(complaint));
  ServiceRequest request;
  request.kind = ServiceKind::HealthConsultation;
  request.customer = o.id;
  request.requested_at = micros(1'767'225'600'000'001);
  request.sla.started_at = request.requested_at;
  MUST(tx.service().insert_service_request(request));
  SurveyResponse survey;
  survey.customer = o.id;
  survey.kind = SurveyKind::Nps;
  survey.score = 9;
  survey.answered_on = day(2026, 2, 1);
  MUST(tx.service().insert_survey_response(survey));

  // Consent: the survivor withdrew care SMS; the other granted it later — after the merge the
  // survivor's latest record (the other's grant, higher id) is in force.
  auto c1 = consent(s.id, false, 1'767'225'600'000'001);
  auto c2 = consent(o.id, true, 1'767'225'700'000'001);
  MUST(tx.care().append_consent(c1));
  MUST(tx.care().append_consent(c2));
  CareTask task;
  task.kind = CareKind::PremiumDue;
  task.customer = o.id;
  task.channel = Channel::WeChat;
  task.due = day(2026, 12, 20);
  task.about = day(2026, 12, 27);
  task.key = "premium_due:P-1:2026-12-27";
  task.created_at = micros(1'767'225'600'000'001);
  task.updated_at = task.created_at;
  std::vector<CareTask> tasks{task};
  MUST(tx.care().insert_care_tasks(tasks));

  auto both = campaign("both"), only = campaign("only-other");
  MUST(tx.care().insert_campaign(both));
  MUST(tx.care().insert_campaign(only));
  b.both = both.id, b.only_other = only.id;
  MUST(tx.care().add_campaign_members(both.id, {CampaignMember{both.id, s.id, day(2026, 12, 1), {}, {}, {}},
                                                CampaignMember{both.id, o.id, day(2026, 12, 2), {}, {}, {}}}));
  MUST(tx.care().add_campaign_members(only.id, {CampaignMember{only.id, o.id, day(2026, 12, 3), {}, {}, {}}}));

  for (auto e : {points(s.id, "a", 100), points(o.id, "b", 50), points(o.id, "c", 30)}) MUST(tx.loyalty().append_points(e));
  storage::LoyaltyAccount as{.customer = s.id, .balance = 100, .tier_since = day(2026, 1, 1)};
  storage::LoyaltyAccount ao{.customer = o.id, .balance = 80, .tier_since = day(2026, 1, 1)};
  MUST(tx.loyalty().save_account(as));
  MUST(tx.loyalty().save_account(ao));
  return b;
}

std::string list(const std::vector<Phone>& v) {
  std::string out;
  for (const auto& x : v) out += x.number + (x.primary ? "*" : "") + ",";
  return out;
}
std::string list(const std::vector<Email>& v) {
  std::string out;
  for (const auto& x : v) out += x.address + (x.primary ? "*" : "") + ",";
  return out;
}

// Every record that names a customer, one line each, versions and the survivor's updated_at left
// out (versions only move forward: see storage/merge_records.hpp).
std::vector<std::string> snapshot(Transaction& tx, const Book& b) {
  std::vector<std::string> out;
  const std::vector<CustomerId> people{b.survivor, b.other, b.bystander};
  for (CustomerId id : people) {
    const Customer c = MUST(tx.customer(id));
    out.push_back(fmt::format("customer {} name={} gender={} birth={} phones={} emails={} occupation={} stage={} "
                              "since={} merged_into={} erased={}",
                              c.id.value, c.name, to_string(c.gender), c.birth_date ? to_string(*c.birth_date) : "-",
                              list(c.phones), list(c.emails), c.occupation, to_string(c.stage),
                              c.stage_since ? to_string(*c.stage_since) : "-",
                              c.merged_into ? c.merged_into->value : 0, c.erased_on ? to_string(*c.erased_on) : "-"));
  }
  for (const auto& p : MUST(tx.policies({}))) {
    std::string parties;
    for (auto c : p.insured) parties += fmt::format("insured={},", c.value);
    for (const auto& ben : p.beneficiaries) parties += fmt::format("beneficiary={}:{},", ben.customer.value, ben.share_percent);
    out.push_back(fmt::format("policy {} {} holder={} {}", p.id.value, p.number, p.holder.value, parties));
  }
  for (const auto& c : MUST(tx.service().claims({})))
    out.push_back(fmt::format("claim {} claimant={}", c.id.value, c.claimant.value));
  for (const auto& i : MUST(tx.service().interactions({})))
    out.push_back(fmt::format("interaction {} customer={}", i.id.value, i.customer.value));
  for (const auto& c : MUST(tx.service().complaints({})))
    out.push_back(fmt::format("complaint {} customer={}", c.id.value, c.customer.value));
  for (const auto& r : MUST(tx.service().service_requests({})))
    out.push_back(fmt::format("request {} customer={}", r.id.value, r.customer.value));
  for (const auto& r : MUST(tx.service().survey_responses({})))
    out.push_back(fmt::format("survey {} customer={}", r.id.value, r.customer.value));
  for (CustomerId id : people)
    for (const auto& r : MUST(tx.care().consents_of(id)))
      out.push_back(fmt::format("consent {} customer={} granted={}", r.id.value, r.customer.value, r.granted));
  for (CustomerId id : MUST(tx.care().consenting(ConsentPurpose::Care, Channel::Sms, people)))
    out.push_back(fmt::format("consenting {}", id.value));
  for (const auto& t : MUST(tx.care().care_tasks({})))
    out.push_back(fmt::format("task {} customer={}", t.id.value, t.customer.value));
  for (CampaignId c : {b.both, b.only_other})
    for (const auto& m : MUST(tx.care().campaign_members(c)))
      out.push_back(fmt::format("member {} customer={} added={}", c.value, m.customer.value, to_string(m.added_on)));
  for (const auto& e : MUST(tx.loyalty().points_page(PointsEntryId{}, 1000)))
    out.push_back(fmt::format("points {} customer={} points={} key={}", e.id.value, e.customer.value, e.points,
                              e.idempotency_key));
  for (CustomerId id : people) {
    const auto a = MUST(tx.loyalty().account(id));
    out.push_back(fmt::format("balance {} = {}", id.value, a ? a->balance : 0));
  }
  return out;
}

std::vector<std::int64_t> moved_ids(const CustomerMerge& m, MergedTable t) {
  for (const auto& r : m.moved)
    if (r.table == t) return r.ids;
  return {};
}

}  // namespace

TEST_CASE_FIXTURE(Fixture, "merge: every record moves to the survivor, and the undo restores the exact prior state") {
  Book b;
  {
    auto tx = write();
    b = insert_book(*tx);
    MUST(tx->commit());
  }
  const auto before = [&] {
    auto tx = read();
    return snapshot(*tx, b);
  }();
  const Customer other_before = MUST(read()->customer(b.other));
  REQUIRE(MUST(crm.duplicates().candidates(kAdmin)).size() == 1U);

  const CustomerMerge m = MUST(crm.duplicates().merge(kAdmin, b.survivor, b.other));
  CHECK(m.id.valid());
  CHECK_EQ(m.survivor, b.survivor);
  CHECK_EQ(m.merged_away, b.other);
  CHECK_EQ(m.actor, "admin-1");
  CHECK_FALSE(m.survivor_before.has_value());  // the snapshot stays inside the library
  // Survivor first: the survivor's phone stays; the e-mail and occupation it lacked come over.
  CHECK(m.taken_fields == std::vector<std::string>{"occupation", "emails"});
  CHECK(moved_ids(m, MergedTable::Policies) == std::vector<std::int64_t>{b.p_other1.value, b.p_other2.value});
  CHECK_EQ(moved_ids(m, MergedTable::Claims).size(), 1U);
  CHECK_EQ(moved_ids(m, MergedTable::Interactions).size(), 1U);
  CHECK_EQ(moved_ids(m, MergedTable::Complaints).size(), 1U);
  CHECK_EQ(moved_ids(m, MergedTable::ServiceRequests).size(), 1U);
  CHECK_EQ(moved_ids(m, MergedTable::SurveyResponses).size(), 1U);
  CHECK_EQ(moved_ids(m, MergedTable::Consents).size(), 1U);
  CHECK_EQ(moved_ids(m, MergedTable::CareTasks).size(), 1U);
  CHECK(moved_ids(m, MergedTable::CampaignMembers) == std::vector<std::int64_t>{b.only_other.value});
  CHECK_EQ(moved_ids(m, MergedTable::PointsEntries).size(), 2U);
  CHECK(moved_ids(m, MergedTable::PolicyInsured) == std::vector<std::int64_t>{b.p_bystander.value});
  CHECK(moved_ids(m, MergedTable::PolicyBeneficiaries).empty());

  {
    auto tx = read();
    const Customer s = MUST(tx->customer(b.survivor));
    const Customer o = MUST(tx->customer(b.other));
    CHECK_EQ(list(s.phones), "13812345678*,");
    CHECK_EQ(list(s.emails), "zw@example.com*,");
    CHECK_EQ(s.occupation, "engineer");
    CHECK_EQ(s.stage, CustomerStage::Active);  // now holds the other's policies in force since 2024
    CHECK_EQ(o.merged_into, std::optional<CustomerId>{b.survivor});
    CHECK_EQ(o.name, other_before.name);
    // Out of lists and lookups; still read by id.
    std::vector<std::int64_t> listed;
    for (const auto& c : MUST(tx->customers({}))) listed.push_back(c.id.value);
    CHECK(listed == std::vector<std::int64_t>{b.survivor.value, b.bystander.value});
    CHECK_EQ(MUST(tx->count_customers()), 2);
    CHECK(MUST(tx->customers_by_email("zw@example.com")) == std::vector<CustomerId>{b.survivor});
    CHECK(MUST(tx->customers_by_phone("13900000001")).empty());
    // One person, one birthday greeting.
    const auto born = MUST(tx->care().born_on(3, 14, false));
    REQUIRE_EQ(born.size(), 1U);
    CHECK_EQ(born[0].customer, b.survivor);
    // Every record of the other now names the survivor; the balance is the sum of both.
    for (const auto& p : MUST(tx->policies({.holder = b.survivor}))) CHECK_EQ(p.holder, b.survivor);
    CHECK_EQ(MUST(tx->policies({.holder = b.survivor})).size(), 2U);
    CHECK(MUST(tx->policies({.holder = b.other})).empty());
    const Policy p3 = MUST(tx->policy(b.p_bystander));
    CHECK(p3.insured == std::vector<CustomerId>{b.survivor});
    CHECK_EQ(p3.beneficiaries.at(1).customer, b.other);
    CHECK_EQ(MUST(tx->loyalty().account(b.survivor))->balance, 180);
    CHECK_EQ(MUST(tx->loyalty().account(b.other))->balance, 0);
    CHECK_EQ(MUST(tx->loyalty().points_of(b.survivor)).size(), 3U);
    // The latest consent of either is in force for the survivor.
    CHECK(MUST(tx->care().consenting(ConsentPurpose::Care, Channel::Sms, {b.survivor})) ==
          std::vector<CustomerId>{b.survivor});
    // The campaign both were in keeps both memberships apart.
    CHECK_EQ(MUST(tx->care().campaign_members(b.both)).size(), 2U);
  }
  CHECK(MUST(crm.duplicates().candidates(kAdmin)).empty());

  // Recorded: the history, the outbox and the audit chain.
  const auto history = MUST(crm.duplicates().history(kAdmin, b.other));
  REQUIRE_EQ(history.size(), 1U);
  CHECK_EQ(history[0].id, m.id);
  CHECK(history[0].moved.size() == m.moved.size());
  CHECK_FALSE(history[0].undone_at.has_value());
  {
    auto tx = read();
    const auto events = MUST(tx->pending_events(EventId{}, 1000));
    CHECK(std::any_of(events.begin(), events.end(), [](const DomainEvent& e) { return e.type == "customer.merged"; }));
    const auto audit = MUST(tx->audit().audit_records(0, 1000));
    CHECK(std::any_of(audit.begin(), audit.end(), [](const auto& r) { return r.action == "customer.merged"; }));
  }

  // A record the survivor gets after the merge stays with it through the undo.
  InteractionId later;
  {
    auto tx = write();
    Interaction i;
    i.customer = b.survivor;
    i.started_at = micros(1'767'300'000'000'001);
    MUST(tx->service().insert_interaction(i));
    later = i.id;
    MUST(tx->commit());
  }

  clock->advance(std::chrono::hours{1});
  const CustomerMerge undone = MUST(crm.duplicates().undo(kAdmin, m.id));
  CHECK(undone.undone_at.has_value());
  CHECK_EQ(undone.undone_by, "admin-1");

  auto after = [&] {
    auto tx = read();
    return snapshot(*tx, b);
  }();
  const auto later_line = fmt::format("interaction {} customer={}", later.value, b.survivor.value);
  auto it = std::find(after.begin(), after.end(), later_line);
  REQUIRE(it != after.end());
  after.erase(it);
  CHECK(after == before);
  {
    auto tx = read();
    const Customer o = MUST(tx->customer(b.other));
    CHECK_FALSE(o.merged_into.has_value());
    CHECK_EQ(o.updated_at, other_before.updated_at);
    CHECK_GT(o.version, other_before.version);  // versions only move forward
    CHECK_EQ(MUST(tx->customers_by_phone("13900000001")), std::vector<CustomerId>{b.other});
    const auto events = MUST(tx->pending_events(EventId{}, 1000));
    CHECK(std::any_of(events.begin(), events.end(),
                      [](const DomainEvent& e) { return e.type == "customer.merge_undone"; }));
  }
  CHECK_EQ(MUST(crm.duplicates().candidates(kAdmin)).size(), 1U);

  // An undone merge cannot be undone again.
  const auto again = crm.duplicates().undo(kAdmin, m.id);
  CHECK_EQ(code_of(again), Errc::IllegalTransition);
  CHECK_EQ(again.error().field(), "merge");
  CHECK(MUST(crm.duplicates().history(kAdmin))[0].undone_at.has_value());
}

TEST_CASE_FIXTURE(Fixture, "merge: refusals — itself, erased, merged already, a later merge of the survivor, no right") {
  Book b;
  {
    auto tx = write();
    b = insert_book(*tx);
    MUST(tx->commit());
  }
  auto self = crm.duplicates().merge(kAdmin, b.survivor, b.survivor);
  CHECK_EQ(code_of(self), Errc::InvalidArgument);
  CHECK_EQ(self.error().field(), "merged_away");
  auto denied = crm.duplicates().merge(kAnalyst, b.survivor, b.other);
  CHECK_EQ(code_of(denied), Errc::PermissionDenied);
  CHECK_EQ(code_of(crm.duplicates().merge(kAdmin, b.survivor, CustomerId{999})), Errc::NotFound);

  const auto m = MUST(crm.duplicates().merge(kAdmin, b.survivor, b.other));
  auto twice = crm.duplicates().merge(kAdmin, b.bystander, b.other);
  CHECK_EQ(code_of(twice), Errc::IllegalTransition);
  CHECK_EQ(twice.error().field(), "merged_away");
  // The merged-away record is not edited on its own.
  auto edit = MUST(crm.customers().get(kAdmin, b.other));
  edit.occupation = "pilot";
  CHECK_EQ(code_of(crm.customers().update(kAdmin, edit)), Errc::IllegalTransition);

  // The survivor merged into another since: the first merge cannot be undone before that one.
  const auto m2 = MUST(crm.duplicates().merge(kAdmin, b.bystander, b.survivor));
  auto blocked = crm.duplicates().undo(kAdmin, m.id);
  CHECK_EQ(code_of(blocked), Errc::Conflict);
  CHECK_EQ(blocked.error().field(), "survivor");
  CHECK_EQ(code_of(crm.duplicates().undo(kAnalyst, m2.id)), Errc::PermissionDenied);
  MUST(crm.duplicates().undo(kAdmin, m2.id));
  MUST(crm.duplicates().undo(kAdmin, m.id));
  CHECK_EQ(MUST(crm.duplicates().history(kAdmin)).size(), 2U);

  // An erased customer cannot be merged.
  MUST(crm.customers().erase(kAdmin, b.bystander));
  auto erased = crm.duplicates().merge(kAdmin, b.survivor, b.bystander);
  CHECK_EQ(code_of(erased), Errc::IllegalTransition);
  CHECK_EQ(erased.error().field(), "merged_away");
}

TEST_CASE_FIXTURE(Fixture, "merge: most recent non-empty wins under that rule, and the undo takes it back") {
  Book b;
  {
    auto tx = write();
    b = insert_book(*tx);
    MUST(tx->commit());
  }
  // The other record was updated later: its phone wins over the survivor's.
  const auto m = MUST(crm.duplicates().merge(kAdmin, b.survivor, b.other, {.rule = Survivorship::MostRecent}));
  CHECK_EQ(m.rule, Survivorship::MostRecent);
  CHECK(m.taken_fields == std::vector<std::string>{"occupation", "phones", "emails"});
  CHECK_EQ(list(MUST(read()->customer(b.survivor)).phones), "13900000001*,");
  CHECK_EQ(MUST(crm.duplicates().history(kAdmin, b.survivor))[0].rule, Survivorship::MostRecent);
  MUST(crm.duplicates().undo(kAdmin, m.id));
  const Customer s = MUST(read()->customer(b.survivor));
  CHECK_EQ(list(s.phones), "13812345678*,");
  CHECK(s.emails.empty());
  CHECK(s.occupation.empty());
}

}  // namespace inscrm::conformance
