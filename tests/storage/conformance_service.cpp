// The conformance suite, continued: service and complaints (storage/service_records.hpp), reached
// through Transaction::service() and run against every adapter like conformance.cpp.
//
// As there, records are compared field by field and exactly: instants to the microsecond (some
// before 1970), money to the minor unit, every optional both unset and set, SLA clocks with closed
// and open pauses, claim documents, every ServicePayload alternative (an empty ContactChange is
// not "no payload"), and text with Chinese, quotes and what bulk formats must escape.
//
// The port does not check that customers, policies or agents exist (the facade does), so these
// cases point at made-up ids and need no reference data.

#include <doctest/doctest.h>

#include "conformance.hpp"
#include "harness.hpp"

#include <inscrm/storage/store.hpp>

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace {

using namespace inscrm;
using namespace inscrm::storage;
using namespace inscrm::conformance;
using namespace std::chrono_literals;

constexpr CustomerId kAlice{101};
constexpr CustomerId kBob{102};
constexpr PolicyId kPolicy1{55};
constexpr PolicyId kPolicy2{56};
constexpr OrgUnitId kBranch{3};
constexpr AgentId kAgent7{7};
constexpr AgentId kAgent8{8};

const Instant kT0 = micros(1'767'225'600'000'001);  // 2026-01-01T00:00:00.000001Z

// ---- comparisons --------------------------------------------------------------------------------

void check_same(const SlaClock& got, const SlaClock& want) {
  CHECK_EQ(got.started_at, want.started_at);
  REQUIRE_EQ(got.pauses.size(), want.pauses.size());
  for (std::size_t i = 0; i < want.pauses.size(); ++i) {
    INFO("sla.pauses[", i, "]");
    CHECK_EQ(got.pauses[i].start, want.pauses[i].start);
    CHECK_EQ(got.pauses[i].end, want.pauses[i].end);
    CHECK_EQ(got.pauses[i].reason, want.pauses[i].reason);
  }
  CHECK_EQ(got.acknowledged_at, want.acknowledged_at);
  CHECK_EQ(got.resolved_at, want.resolved_at);
  CHECK_EQ(got.breached_ack_at, want.breached_ack_at);
  CHECK_EQ(got.breached_resolve_at, want.breached_resolve_at);
}

void check_same(const Interaction& got, const Interaction& want) {
  INFO("interaction ", want.id.value);
  CHECK_EQ(got.id, want.id);
  CHECK_EQ(got.version, want.version);
  CHECK_EQ(got.external_ref, want.external_ref);
  CHECK_EQ(got.customer, want.customer);
  CHECK_EQ(got.channel, want.channel);
  CHECK_EQ(got.direction, want.direction);
  CHECK_EQ(got.purpose, want.purpose);
  CHECK_EQ(got.agent, want.agent);
  CHECK_EQ(got.org_unit, want.org_unit);
  CHECK_EQ(got.started_at, want.started_at);
  CHECK_EQ(got.duration.count(), want.duration.count());
  CHECK_EQ(got.outcome, want.outcome);
  CHECK_EQ(got.visit_kind, want.visit_kind);
  CHECK_EQ(got.notes, want.notes);
  CHECK_EQ(got.created_at, want.created_at);
}

void check_same(const Complaint& got, const Complaint& want) {
  INFO("complaint ", want.id.value);
  CHECK_EQ(got.id, want.id);
  CHECK_EQ(got.version, want.version);
  CHECK_EQ(got.external_ref, want.external_ref);
  CHECK_EQ(got.customer, want.customer);
  CHECK_EQ(got.policy, want.policy);
  CHECK_EQ(got.channel, want.channel);
  CHECK_EQ(got.matter, want.matter);
  CHECK_EQ(got.received_at, want.received_at);
  CHECK_EQ(got.category, want.category);
  CHECK_EQ(got.subcategory, want.subcategory);
  CHECK_EQ(got.severity, want.severity);
  CHECK_EQ(got.status, want.status);
  CHECK_EQ(got.department, want.department);
  CHECK_EQ(got.assignee, want.assignee);
  CHECK_EQ(got.root_cause, want.root_cause);
  CHECK_EQ(got.resolution, want.resolution);
  CHECK_EQ(got.customer_satisfaction, want.customer_satisfaction);
  CHECK_EQ(got.reopen_count, want.reopen_count);
  CHECK_EQ(got.escalation_level, want.escalation_level);
  check_same(got.sla, want.sla);
  CHECK_EQ(got.org_unit, want.org_unit);
  CHECK_EQ(got.agent, want.agent);
  CHECK_EQ(got.closed_at, want.closed_at);
  CHECK_EQ(got.created_at, want.created_at);
  CHECK_EQ(got.updated_at, want.updated_at);
}

void check_same(const ComplaintStep& got, const ComplaintStep& want) {
  INFO("complaint step ", want.id.value);
  CHECK_EQ(got.id, want.id);
  CHECK_EQ(got.complaint, want.complaint);
  CHECK_EQ(got.from, want.from);
  CHECK_EQ(got.to, want.to);
  CHECK_EQ(got.event, want.event);
  CHECK_EQ(got.at, want.at);
  CHECK_EQ(got.actor, want.actor);
  CHECK_EQ(got.note, want.note);
}

void check_same(const Claim& got, const Claim& want) {
  INFO("claim ", want.id.value, " (", want.number, ")");
  CHECK_EQ(got.id, want.id);
  CHECK_EQ(got.version, want.version);
  CHECK_EQ(got.external_ref, want.external_ref);
  CHECK_EQ(got.number, want.number);
  CHECK_EQ(got.policy, want.policy);
  CHECK_EQ(got.claimant, want.claimant);
  CHECK_EQ(got.type, want.type);
  CHECK_EQ(got.incident_date, want.incident_date);
  CHECK_EQ(got.reported_at, want.reported_at);
  CHECK_EQ(got.status, want.status);
  CHECK_EQ(got.status_since, want.status_since);
  CHECK_EQ(got.claimed_amount, want.claimed_amount);
  CHECK_EQ(got.approved_amount, want.approved_amount);
  CHECK_EQ(got.paid_amount, want.paid_amount);
  CHECK_EQ(got.paid_on, want.paid_on);
  CHECK_EQ(got.required_documents, want.required_documents);
  REQUIRE_EQ(got.documents.size(), want.documents.size());
  for (std::size_t i = 0; i < want.documents.size(); ++i) {
    INFO("documents[", i, "]");
    CHECK_EQ(got.documents[i].name, want.documents[i].name);
    CHECK_EQ(got.documents[i].received_at, want.documents[i].received_at);
  }
  CHECK_EQ(got.decline_reason, want.decline_reason);
  CHECK_EQ(got.reopen_count, want.reopen_count);
  CHECK_EQ(got.org_unit, want.org_unit);
  CHECK_EQ(got.created_at, want.created_at);
  CHECK_EQ(got.updated_at, want.updated_at);
}

void check_same(const ClaimTransition& got, const ClaimTransition& want) {
  INFO("claim transition ", want.id.value);
  CHECK_EQ(got.id, want.id);
  CHECK_EQ(got.claim, want.claim);
  CHECK_EQ(got.from, want.from);
  CHECK_EQ(got.to, want.to);
  CHECK_EQ(got.event, want.event);
  CHECK_EQ(got.effective_on, want.effective_on);
  CHECK_EQ(got.at, want.at);
  CHECK_EQ(got.actor, want.actor);
  CHECK_EQ(got.reason, want.reason);
}

void check_same(const ServicePayload& got, const ServicePayload& want) {
  REQUIRE_EQ(got.index(), want.index());
  if (const auto* wc = std::get_if<ContactChange>(&want)) {
    const ContactChange* w = wc;
    const auto& g = std::get<ContactChange>(got);
    REQUIRE_EQ(g.phones.size(), w->phones.size());
    for (std::size_t i = 0; i < w->phones.size(); ++i) {
      INFO("payload.phones[", i, "]");
      CHECK_EQ(g.phones[i].number, w->phones[i].number);
      CHECK_EQ(g.phones[i].primary, w->phones[i].primary);
      CHECK_EQ(g.phones[i].verified, w->phones[i].verified);
    }
    REQUIRE_EQ(g.emails.size(), w->emails.size());
    for (std::size_t i = 0; i < w->emails.size(); ++i) {
      INFO("payload.emails[", i, "]");
      CHECK_EQ(g.emails[i].address, w->emails[i].address);
      CHECK_EQ(g.emails[i].primary, w->emails[i].primary);
      CHECK_EQ(g.emails[i].verified, w->emails[i].verified);
    }
  } else if (const auto* wa = std::get_if<AddressChange>(&want)) {
    const AddressChange* w = wa;
    const auto& g = std::get<AddressChange>(got);
    CHECK_EQ(g.address.line, w->address.line);
    CHECK_EQ(g.address.region_code, w->address.region_code);
    CHECK_EQ(g.address.postal_code, w->address.postal_code);
    CHECK_EQ(g.address.primary, w->address.primary);
    CHECK_EQ(g.address.verified, w->address.verified);
  } else if (const auto* wb = std::get_if<BeneficiaryChange>(&want)) {
    const BeneficiaryChange* w = wb;
    const auto& g = std::get<BeneficiaryChange>(got);
    REQUIRE_EQ(g.beneficiaries.size(), w->beneficiaries.size());
    for (std::size_t i = 0; i < w->beneficiaries.size(); ++i) {
      INFO("payload.beneficiaries[", i, "]");
      CHECK_EQ(g.beneficiaries[i].customer, w->beneficiaries[i].customer);
      CHECK_EQ(g.beneficiaries[i].share_percent, w->beneficiaries[i].share_percent);
    }
  } else if (const auto* wp = std::get_if<PaymentMethodChange>(&want)) {
    const PaymentMethodChange* w = wp;
    const auto& g = std::get<PaymentMethodChange>(got);
    CHECK_EQ(g.channel, w->channel);
    CHECK_EQ(g.account, w->account);
  }
}

void check_same(const ServiceRequest& got, const ServiceRequest& want) {
  INFO("service request ", want.id.value);
  CHECK_EQ(got.id, want.id);
  CHECK_EQ(got.version, want.version);
  CHECK_EQ(got.external_ref, want.external_ref);
  CHECK_EQ(got.kind, want.kind);
  CHECK_EQ(got.customer, want.customer);
  CHECK_EQ(got.policy, want.policy);
  CHECK_EQ(got.channel, want.channel);
  check_same(got.payload, want.payload);
  CHECK_EQ(got.amount, want.amount);
  CHECK_EQ(got.status, want.status);
  CHECK_EQ(got.assignee, want.assignee);
  CHECK_EQ(got.requested_at, want.requested_at);
  CHECK_EQ(got.completed_at, want.completed_at);
  CHECK_EQ(got.result, want.result);
  check_same(got.sla, want.sla);
  CHECK_EQ(got.org_unit, want.org_unit);
  CHECK_EQ(got.agent, want.agent);
  CHECK_EQ(got.created_at, want.created_at);
  CHECK_EQ(got.updated_at, want.updated_at);
}

void check_same(const ServiceRequestStep& got, const ServiceRequestStep& want) {
  INFO("service step ", want.id.value);
  CHECK_EQ(got.id, want.id);
  CHECK_EQ(got.request, want.request);
  CHECK_EQ(got.from, want.from);
  CHECK_EQ(got.to, want.to);
  CHECK_EQ(got.event, want.event);
  CHECK_EQ(got.at, want.at);
  CHECK_EQ(got.actor, want.actor);
  CHECK_EQ(got.note, want.note);
}

void check_same(const SurveyResponse& got, const SurveyResponse& want) {
  INFO("survey response ", want.id.value);
  CHECK_EQ(got.id, want.id);
  CHECK_EQ(got.customer, want.customer);
  CHECK_EQ(got.kind, want.kind);
  CHECK_EQ(got.dimension, want.dimension);
  CHECK_EQ(got.score, want.score);
  CHECK_EQ(got.channel, want.channel);
  CHECK_EQ(got.answered_on, want.answered_on);
  CHECK_EQ(got.comment, want.comment);
  CHECK_EQ(got.complaint, want.complaint);
  CHECK_EQ(got.created_at, want.created_at);
}

template <class T>
void check_same_list(const std::vector<T>& got, const std::vector<T>& want) {
  REQUIRE_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    INFO("[", i, "]");
    check_same(got[i], want[i]);
  }
}

template <class T>
auto ids_of(const std::vector<T>& records) {
  std::vector<decltype(T{}.id)> ids;
  for (const auto& r : records) ids.push_back(r.id);
  return ids;
}

template <class Id>
void check_increasing(const std::vector<Id>& ids) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    INFO("ids[", i, "]");
    CHECK(ids[i].valid());
    if (i > 0) CHECK_LT(ids[i - 1], ids[i]);
  }
}

template <class T>
std::string field_of(const Result<T>& result) {
  return result ? std::string{} : result.error().field();
}

// ---- test data ----------------------------------------------------------------------------------

Interaction full_interaction(std::string external_ref = "CALL-0001") {
  Interaction i;
  i.external_ref = std::move(external_ref);
  i.customer = kAlice;
  i.channel = Channel::AgentVisit;
  i.direction = Direction::Outbound;
  i.purpose = InteractionPurpose::SalesVisit;
  i.agent = kAgent7;
  i.org_unit = kBranch;
  i.started_at = kT0 + 9h + 123'456us;
  i.duration = 754s;
  i.outcome = InteractionOutcome::CallbackRequested;
  i.visit_kind = VisitKind::Referral;
  i.notes = std::string{"客户询问重疾险，约下周复访。"} + kAwkwardText;
  i.created_at = kT0 + 10h + 1us;
  return i;
}

// Every optional unset, the text empty, and an instant before 1970.
Interaction minimal_interaction(CustomerId customer, Instant started_at) {
  Interaction i;
  i.customer = customer;
  i.started_at = started_at;
  return i;
}

Complaint full_complaint(std::string external_ref = "CC-0001") {
  Complaint c;
  c.external_ref = std::move(external_ref);
  c.customer = kAlice;
  c.policy = kPolicy1;
  c.channel = Channel::WeChat;
  c.matter = std::string{"理赔太慢，客服\"三次\"未回电\n"} + kAwkwardText;
  c.received_at = kT0 + 1us;
  c.category = ComplaintCategory::Compliance;
  c.subcategory = "mis_selling";
  c.severity = ComplaintSeverity::Critical;
  c.status = ComplaintStatus::CustomerInformed;
  c.department = "理赔部";
  c.assignee = "u-2048";
  c.root_cause = RootCause::AgentConduct;
  c.resolution = "退还保费 1,200.00 元；致歉";
  c.customer_satisfaction = 2;
  c.reopen_count = 1;
  c.escalation_level = 3;
  c.sla.started_at = c.received_at;
  c.sla.pauses = {{kT0 + 1h, kT0 + 2h + 7us, "等待客户提供病历"}, {kT0 + 30h + 999'999us, std::nullopt, kAwkwardText}};
  c.sla.acknowledged_at = kT0 + 20min + 3us;
  c.sla.resolved_at = kT0 + 26h;
  c.sla.breached_ack_at = kT0 + 2h + 1us;
  c.sla.breached_resolve_at = kT0 + 24h + 2us;
  c.org_unit = kBranch;
  c.agent = kAgent8;
  c.closed_at = kT0 + 27h + 5us;
  c.created_at = kT0 + 2us;
  c.updated_at = kT0 + 27h + 6us;
  return c;
}

Complaint minimal_complaint(CustomerId customer, Instant received_at) {
  Complaint c;
  c.customer = customer;
  c.matter = "m";
  c.received_at = received_at;
  c.subcategory = "delay";
  c.sla.started_at = received_at;
  return c;
}

Claim full_claim(std::string number = "CLM-2026-000001") {
  Claim c;
  c.external_ref = "CORE-" + number;
  c.number = std::move(number);
  c.policy = kPolicy1;
  c.claimant = kBob;
  c.type = ClaimType::CriticalIllness;
  c.incident_date = day(1969, 12, 31);  // before 1970: a negative epoch day
  c.reported_at = kT0 + 5min;
  c.status = ClaimStatus::Paid;
  c.status_since = day(2026, 2, 28);
  c.claimed_amount = Money::cny(9'007'199'254'740'993);  // 2^53 + 1
  c.approved_amount = Money::cny(8'000'000'00);
  c.paid_amount = Money{7'999'999'99, currency("HKD")};
  c.paid_on = day(2026, 3, 1);
  c.required_documents = {"claim_form", "insured_id", "diagnosis", "pathology_report", "病历 \"首页\""};
  c.documents = {{"claim_form", kT0 + 1h}, {"diagnosis", kT0 + 2h + 1us}, {"diagnosis", kT0 + 49h + 999'999us}};
  c.decline_reason = kAwkwardText;
  c.reopen_count = 2;
  c.org_unit = kBranch;
  c.created_at = kT0 + 5min + 1us;
  c.updated_at = kT0 + 1000h + 2us;
  return c;
}

Claim minimal_claim(std::string number, PolicyId policy = kPolicy1, CustomerId claimant = kAlice) {
  Claim c;
  c.number = std::move(number);
  c.policy = policy;
  c.claimant = claimant;
  c.incident_date = day(2026, 1, 2);
  c.reported_at = kT0;
  c.status_since = day(2026, 1, 3);
  c.claimed_amount = Money::cny(1);
  return c;
}

ServiceRequest full_request(ServicePayload payload, std::optional<std::string> external_ref = "SR-0001") {
  ServiceRequest r;
  r.external_ref = std::move(external_ref);
  r.kind = ServiceKind::ChangeBeneficiary;
  r.customer = kAlice;
  r.policy = kPolicy2;
  r.channel = Channel::App;
  r.payload = std::move(payload);
  r.amount = Money{-12'345, currency("USD")};
  r.status = ServiceStatus::WaitingOnCustomer;
  r.assignee = "u-保全-01";
  r.requested_at = kT0 + 3us;
  r.completed_at = kT0 + 72h + 4us;
  r.result = std::string{"已变更 "} + kAwkwardText;
  r.sla.started_at = r.requested_at;
  r.sla.pauses = {{kT0 + 1h, kT0 + 1h + 1us, "补充材料"}, {kT0 + 5h, std::nullopt, "等待客户签字"}};
  r.sla.acknowledged_at = kT0 + 10min;
  r.sla.breached_resolve_at = kT0 + 48h;
  r.org_unit = kBranch;
  r.agent = kAgent7;
  r.created_at = kT0 + 4us;
  r.updated_at = kT0 + 6h + 5us;
  return r;
}

ServiceRequest minimal_request(CustomerId customer, ServiceKind kind = ServiceKind::HealthConsultation) {
  ServiceRequest r;
  r.kind = kind;
  r.customer = customer;
  r.requested_at = kT0;
  r.sla.started_at = kT0;
  return r;
}

// Every alternative of ServicePayload, and the empty forms of the list-valued ones.
std::vector<std::pair<std::string, ServicePayload>> every_payload() {
  return {
      {"no payload", std::monostate{}},
      {"contact change",
       ContactChange{{{"13812345678", true, true}, {"02161234567", false, false}},
                     {{"zhang.wei@example.cn", true, false}, {"张伟@例子.中国", false, true}}}},
      {"contact change, phones only", ContactChange{{{"13900000000", false, true}}, {}}},
      {"empty contact change", ContactChange{}},
      {"address change", AddressChange{Address{"浦东新区世纪大道 100 号 8F\n(东门)\t\\N", "310115", "200120", true, false}}},
      {"empty address change", AddressChange{}},
      {"beneficiary change", BeneficiaryChange{{{kBob, 60}, {CustomerId{103}, 40}}}},
      {"statutory heirs", BeneficiaryChange{}},
      {"payment method change", PaymentMethodChange{PayChannel::AutoDebit, "6222 0210 0112 3456 789"}},
      {"payment method change without account", PaymentMethodChange{PayChannel::Online, ""}},
  };
}

ComplaintStep complaint_step(ComplaintId complaint, ComplaintStatus from, ComplaintStatus to, ComplaintEvent event,
                             Instant at, std::string note) {
  ComplaintStep s;
  s.complaint = complaint;
  s.from = from;
  s.to = to;
  s.event = event;
  s.at = at;
  s.actor = "u-2048";
  s.note = std::move(note);
  return s;
}

ClaimTransition claim_transition(ClaimId claim, ClaimStatus from, ClaimStatus to, ClaimEvent event, Date on,
                                 Instant at) {
  ClaimTransition t;
  t.claim = claim;
  t.from = from;
  t.to = to;
  t.event = event;
  t.effective_on = on;
  t.at = at;
  t.actor = "u-理赔-7";
  t.reason = kAwkwardText;
  return t;
}

ServiceRequestStep service_step(ServiceRequestId request, ServiceStatus from, ServiceStatus to, ServiceEvent event,
                                Instant at, std::string note) {
  ServiceRequestStep s;
  s.request = request;
  s.from = from;
  s.to = to;
  s.event = event;
  s.at = at;
  s.actor = "u-9";
  s.note = std::move(note);
  return s;
}

SurveyResponse survey(CustomerId customer, SurveyKind kind, int score, Date answered_on) {
  SurveyResponse r;
  r.customer = customer;
  r.kind = kind;
  r.score = score;
  r.answered_on = answered_on;
  return r;
}

SurveyResponse full_survey() {
  SurveyResponse r = survey(kAlice, SurveyKind::ComplaintHandling, 4, day(1969, 7, 20));
  r.dimension = "call_centre";
  r.channel = Channel::WeChat;
  r.comment = std::string{"处理及时，但回访太晚。"} + kAwkwardText;
  r.complaint = ComplaintId{77};
  r.created_at = kT0 + 123us;
  return r;
}

struct Fixture {
  TestDatabase db;
  std::unique_ptr<Store> store = db.open();

  std::unique_ptr<Transaction> write() { return MUST(store->begin(TxMode::Write)); }
  std::unique_ptr<Transaction> read() { return MUST(store->begin(TxMode::Read)); }

  // Runs `body(tx.service())` in a write transaction and commits it.
  template <class Body>
  void committed(Body&& body) {
    auto tx = write();
    body(tx->service());
    MUST(tx->commit());
  }
};

// Walks a query page by page (limit `page_size`) and returns every id it met, in order.
template <class Query, class Fetch>
auto walk(Query q, std::size_t page_size, Fetch&& fetch) {
  q.limit = page_size;
  decltype(ids_of(fetch(q))) all;
  int pages = 0;
  for (;;) {
    auto rows = fetch(q);
    REQUIRE_LE(rows.size(), page_size);
    if (rows.empty()) break;
    ++pages;
    q.after = rows.back().id;
    for (const auto& r : rows) all.push_back(r.id);
  }
  return std::pair{all, pages};
}

}  // namespace

// ================================================================================================
TEST_SUITE_BEGIN("storage");

// ---- interactions -------------------------------------------------------------------------------

TEST_CASE_FIXTURE(Fixture, "service/interactions: a full and a minimal interaction round-trip exactly") {
  Interaction full = full_interaction();
  Interaction minimal = minimal_interaction(kBob, micros(-86'400'000'001));  // 1969-12-30T23:59:59.999999Z
  {
    auto tx = write();
    MUST(tx->service().insert_interaction(full));
    MUST(tx->service().insert_interaction(minimal));
    CHECK(full.id.valid());
    CHECK_LT(full.id, minimal.id);
    CHECK_EQ(full.version, 1);
    CHECK_EQ(minimal.version, 1);
    // A write transaction sees its own writes.
    check_same_list(MUST(tx->service().interactions(InteractionQuery{})), {full, minimal});
    MUST(tx->commit());
  }
  auto tx = read();
  check_same_list(MUST(tx->service().interactions(InteractionQuery{})), {full, minimal});
}

TEST_CASE_FIXTURE(Fixture, "service/interactions: bulk insert assigns increasing ids in input order and round-trips") {
  // More than one PostgreSQL COPY chunk (5000 rows), every row with values of its own.
  constexpr int kCount = 5003;
  std::vector<Interaction> batch;
  batch.reserve(kCount);
  for (int n = 0; n < kCount; ++n) {
    Interaction i = n % 3 == 0 ? full_interaction(fmt::format("BULK-{:05}", n))
                               : minimal_interaction(CustomerId{1000 + n}, kT0 - std::chrono::hours{n});
    i.duration = std::chrono::seconds{n};
    if (n % 3 == 1) i.notes = fmt::format("第 {} 条\t{}", n, kAwkwardText);
    if (n % 5 == 0) i.agent = AgentId{n + 1};
    if (n % 7 == 0) i.visit_kind = VisitKind::FollowUp;
    i.created_at = micros(1'700'000'000'000'000 + n);
    batch.push_back(std::move(i));
  }
  {
    auto tx = write();
    std::vector<Interaction> none;
    MUST(tx->service().insert_interactions(none));
    MUST(tx->service().insert_interactions(batch));
    check_increasing(ids_of(batch));
    for (const auto& i : batch) CHECK_EQ(i.version, 1);
    MUST(tx->commit());
  }
  auto tx = read();
  std::vector<Interaction> all;
  InteractionQuery q;
  q.limit = 1000;
  for (;;) {
    auto rows = MUST(tx->service().interactions(q));
    if (rows.empty()) break;
    q.after = rows.back().id;
    for (auto& r : rows) all.push_back(std::move(r));
  }
  REQUIRE_EQ(all.size(), batch.size());
  int mismatches = 0;
  for (std::size_t n = 0; n < batch.size() && mismatches < 3; ++n) {
    const Interaction& a = all[n];
    const Interaction& b = batch[n];
    const bool same = a.id == b.id && a.version == b.version && a.external_ref == b.external_ref &&
                      a.customer == b.customer && a.channel == b.channel && a.direction == b.direction &&
                      a.purpose == b.purpose && a.agent == b.agent && a.org_unit == b.org_unit &&
                      a.started_at == b.started_at && a.duration == b.duration && a.outcome == b.outcome &&
                      a.visit_kind == b.visit_kind && a.notes == b.notes && a.created_at == b.created_at;
    if (!same) {
      ++mismatches;
      check_same(a, b);
    }
  }
  CHECK_EQ(mismatches, 0);
}

TEST_CASE_FIXTURE(Fixture, "service/interactions: external_ref is unique, single and bulk, but may be absent") {
  Interaction first = full_interaction("DUP");
  committed([&](ServiceRecords& s) {
    MUST(s.insert_interaction(first));
    Interaction a = minimal_interaction(kAlice, kT0);
    Interaction b = minimal_interaction(kAlice, kT0);
    MUST(s.insert_interaction(a));
    MUST(s.insert_interaction(b));
  });
  {
    auto tx = write();
    Interaction again = full_interaction("DUP");
    auto r = tx->service().insert_interaction(again);
    CHECK_EQ(code_of(r), Errc::AlreadyExists);
    CHECK_EQ(field_of(r), "external_ref");
    // The transaction is still usable after AlreadyExists.
    Interaction other = full_interaction("OTHER");
    MUST(tx->service().insert_interaction(other));
    MUST(tx->commit());
  }
  {
    auto tx = write();
    std::vector<Interaction> batch{full_interaction("NEW-1"), full_interaction("DUP"), full_interaction("NEW-2")};
    auto r = tx->service().insert_interactions(batch);
    CHECK_EQ(code_of(r), Errc::AlreadyExists);
    CHECK_EQ(field_of(r), "[1].external_ref");
  }
  {
    auto tx = write();
    std::vector<Interaction> batch{full_interaction("TWIN"), full_interaction("TWIN")};
    auto r = tx->service().insert_interactions(batch);
    CHECK_EQ(code_of(r), Errc::AlreadyExists);
    CHECK_EQ(field_of(r), "[1].external_ref");
  }
  auto tx = read();
  const auto all = MUST(tx->service().interactions(InteractionQuery{}));
  REQUIRE_EQ(all.size(), 4U);
  CHECK_EQ(all[0].external_ref, std::optional<std::string>{"DUP"});
  CHECK_EQ(all[3].external_ref, std::optional<std::string>{"OTHER"});
}

TEST_CASE_FIXTURE(Fixture, "service/interactions: queries filter by customer, agent and started_at, in id order") {
  // Start times deliberately out of id order: results must come in id order all the same.
  struct Row {
    CustomerId customer;
    std::optional<AgentId> agent;
    std::chrono::hours at;
  };
  const std::vector<Row> rows{{kAlice, kAgent7, 3h}, {kBob, std::nullopt, 0h}, {kAlice, kAgent8, 5h},
                              {kAlice, kAgent7, 1h}, {kBob, kAgent7, 4h},      {kAlice, std::nullopt, 2h}};
  std::vector<Interaction> in;
  committed([&](ServiceRecords& s) {
    for (const Row& row : rows) {
      Interaction i = minimal_interaction(row.customer, kT0 + row.at);
      i.agent = row.agent;
      MUST(s.insert_interaction(i));
      in.push_back(i);
    }
  });
  auto tx = read();
  auto ids = [&](InteractionQuery q) { return ids_of(MUST(tx->service().interactions(q))); };
  InteractionQuery q;
  CHECK_EQ(ids(q), ids_of(in));
  q.customer = kAlice;
  CHECK_EQ(ids(q), std::vector{in[0].id, in[2].id, in[3].id, in[5].id});
  q = {};
  q.agent = kAgent7;
  CHECK_EQ(ids(q), std::vector{in[0].id, in[3].id, in[4].id});
  q.customer = kAlice;
  CHECK_EQ(ids(q), std::vector{in[0].id, in[3].id});
  q = {};
  q.from = kT0 + 2h;  // inclusive
  CHECK_EQ(ids(q), std::vector{in[0].id, in[2].id, in[4].id, in[5].id});
  q = {};
  q.to = kT0 + 2h;  // exclusive
  CHECK_EQ(ids(q), std::vector{in[1].id, in[3].id});
  q = {};
  q.from = kT0 + 1h;
  q.to = kT0 + 4h;
  q.customer = kAlice;
  CHECK_EQ(ids(q), std::vector{in[0].id, in[3].id, in[5].id});
  q.from = kT0 + 1h + 1us;
  CHECK_EQ(ids(q), std::vector{in[0].id, in[5].id});
  q = {};
  q.customer = CustomerId{999};
  CHECK(ids(q).empty());
  q = {};
  q.limit = 0;
  CHECK(ids(q).empty());
  // Keyset paging.
  q = {};
  q.customer = kAlice;
  const auto [all, pages] = walk(q, 2, [&](const InteractionQuery& page) {
    return MUST(tx->service().interactions(page));
  });
  CHECK_EQ(all, std::vector{in[0].id, in[2].id, in[3].id, in[5].id});
  CHECK_EQ(pages, 2);
  q.after = in[2].id;
  CHECK_EQ(ids(q), std::vector{in[3].id, in[5].id});
}

// ---- complaints ---------------------------------------------------------------------------------

TEST_CASE_FIXTURE(Fixture, "service/complaints: a full and a minimal complaint round-trip exactly") {
  Complaint full = full_complaint();
  Complaint minimal = minimal_complaint(kBob, micros(-1));
  Complaint no_pause = full_complaint("CC-0002");
  no_pause.sla.pauses = {{kT0 + 1h, kT0 + 2h, ""}};  // one closed pause, no reason
  {
    auto tx = write();
    MUST(tx->service().insert_complaint(full));
    MUST(tx->service().insert_complaint(minimal));
    MUST(tx->service().insert_complaint(no_pause));
    CHECK(full.id.valid());
    CHECK_LT(full.id, minimal.id);
    CHECK_EQ(full.version, 1);
    CHECK_EQ(minimal.version, 1);
    check_same(MUST(tx->service().complaint(full.id)), full);
    MUST(tx->commit());
  }
  auto tx = read();
  check_same(MUST(tx->service().complaint(full.id)), full);
  check_same(MUST(tx->service().complaint(minimal.id)), minimal);
  check_same(MUST(tx->service().complaint(no_pause.id)), no_pause);
  check_same_list(MUST(tx->service().complaints(ComplaintQuery{})), {full, minimal, no_pause});
}

TEST_CASE_FIXTURE(Fixture, "service/complaints: update replaces every field and bumps the version") {
  Complaint c = minimal_complaint(kAlice, kT0);
  committed([&](ServiceRecords& s) { MUST(s.insert_complaint(c)); });
  Complaint changed = full_complaint("CC-CHANGED");
  changed.id = c.id;
  changed.version = c.version;
  {
    auto tx = write();
    MUST(tx->service().update_complaint(changed));
    CHECK_EQ(changed.version, 2);
    check_same(MUST(tx->service().complaint(c.id)), changed);
    MUST(tx->commit());
  }
  {
    auto tx = read();
    check_same(MUST(tx->service().complaint(c.id)), changed);
  }
  // And back: every optional unset again, the pauses gone.
  Complaint back = minimal_complaint(kBob, kT0 + 1h);
  back.id = c.id;
  back.version = changed.version;
  committed([&](ServiceRecords& s) { MUST(s.update_complaint(back)); });
  CHECK_EQ(back.version, 3);
  auto tx = read();
  check_same(MUST(tx->service().complaint(c.id)), back);
}

TEST_CASE_FIXTURE(Fixture, "service/complaints: a stale version is a Conflict, a missing id NotFound, and nothing changes") {
  Complaint c = full_complaint();
  committed([&](ServiceRecords& s) { MUST(s.insert_complaint(c)); });
  // Two readers of version 1: the first writer wins, the second gets a Conflict.
  Complaint first = c, second = c;
  first.status = ComplaintStatus::Closed;
  second.assignee = "someone else";
  committed([&](ServiceRecords& s) { MUST(s.update_complaint(first)); });
  {
    auto tx = write();
    auto r = tx->service().update_complaint(second);
    CHECK_EQ(code_of(r), Errc::Conflict);
    CHECK_EQ(second.version, 1);  // untouched
    Complaint missing = c;
    missing.id = ComplaintId{c.id.value + 1000};
    CHECK_EQ(code_of(tx->service().update_complaint(missing)), Errc::NotFound);
    CHECK_EQ(code_of(tx->service().complaint(missing.id)), Errc::NotFound);
    MUST(tx->commit());
  }
  auto tx = read();
  check_same(MUST(tx->service().complaint(c.id)), first);
}

TEST_CASE_FIXTURE(Fixture, "service/complaints: external_ref is unique on insert and update, and may be absent") {
  Complaint a = full_complaint("REF-A");
  Complaint b = full_complaint("REF-B");
  Complaint none1 = minimal_complaint(kAlice, kT0);
  Complaint none2 = minimal_complaint(kAlice, kT0);
  committed([&](ServiceRecords& s) {
    MUST(s.insert_complaint(a));
    MUST(s.insert_complaint(b));
    MUST(s.insert_complaint(none1));
    MUST(s.insert_complaint(none2));
  });
  {
    auto tx = write();
    Complaint again = full_complaint("REF-A");
    auto r = tx->service().insert_complaint(again);
    CHECK_EQ(code_of(r), Errc::AlreadyExists);
    CHECK_EQ(field_of(r), "external_ref");
    Complaint steal = b;
    steal.external_ref = "REF-A";
    r = tx->service().update_complaint(steal);
    CHECK_EQ(code_of(r), Errc::AlreadyExists);
    CHECK_EQ(field_of(r), "external_ref");
    CHECK_EQ(steal.version, 1);
    // Keeping its own ref, or dropping it, is fine; then the ref is free for another.
    Complaint keep = a;
    keep.matter = "kept";
    MUST(tx->service().update_complaint(keep));
    Complaint drop = b;
    drop.external_ref.reset();
    MUST(tx->service().update_complaint(drop));
    Complaint take = none1;
    take.external_ref = "REF-B";
    MUST(tx->service().update_complaint(take));
    MUST(tx->commit());
  }
  auto tx = read();
  CHECK_EQ(MUST(tx->service().complaint(a.id)).matter, "kept");
  CHECK_FALSE(MUST(tx->service().complaint(b.id)).external_ref.has_value());
  CHECK_EQ(MUST(tx->service().complaint(none1.id)).external_ref, std::optional<std::string>{"REF-B"});
}

TEST_CASE_FIXTURE(Fixture, "service/complaints: queries filter by customer, statuses, department, assignee and received_at") {
  struct Row {
    CustomerId customer;
    ComplaintStatus status;
    const char* department;
    const char* assignee;
    std::chrono::hours at;
  };
  using S = ComplaintStatus;
  const std::vector<Row> rows{{kAlice, S::Received, "", "", 3h},
                              {kBob, S::Assigned, "claims", "u1", 0h},
                              {kAlice, S::Investigating, "claims", "u2", 5h},
                              {kAlice, S::Assigned, "service", "u1", 1h},
                              {kBob, S::Closed, "claims", "u1", 4h},
                              {kAlice, S::Investigating, "service", "u2", 2h}};
  std::vector<Complaint> in;
  committed([&](ServiceRecords& s) {
    for (const Row& row : rows) {
      Complaint c = minimal_complaint(row.customer, kT0 + row.at);
      c.status = row.status;
      c.department = row.department;
      c.assignee = row.assignee;
      MUST(s.insert_complaint(c));
      in.push_back(c);
    }
  });
  auto tx = read();
  auto ids = [&](ComplaintQuery q) { return ids_of(MUST(tx->service().complaints(q))); };
  ComplaintQuery q;
  CHECK_EQ(ids(q), ids_of(in));
  q.customer = kAlice;
  CHECK_EQ(ids(q), std::vector{in[0].id, in[2].id, in[3].id, in[5].id});
  q = {};
  q.statuses = {S::Assigned, S::Investigating};
  CHECK_EQ(ids(q), std::vector{in[1].id, in[2].id, in[3].id, in[5].id});
  q.statuses = {S::Closed};
  CHECK_EQ(ids(q), std::vector{in[4].id});
  q.statuses = {S::SolutionProposed};
  CHECK(ids(q).empty());
  q = {};
  q.department = "claims";
  CHECK_EQ(ids(q), std::vector{in[1].id, in[2].id, in[4].id});
  q.assignee = "u1";
  CHECK_EQ(ids(q), std::vector{in[1].id, in[4].id});
  q = {};
  q.assignee = "u1";
  CHECK_EQ(ids(q), std::vector{in[1].id, in[3].id, in[4].id});
  q = {};
  q.department = "";  // an empty department is a value, not "any"
  CHECK_EQ(ids(q), std::vector{in[0].id});
  q = {};
  q.received_from = kT0 + 1h;
  q.received_to = kT0 + 4h;
  CHECK_EQ(ids(q), std::vector{in[0].id, in[3].id, in[5].id});
  q = {};
  q.customer = kAlice;
  q.statuses = {S::Investigating};
  q.department = "service";
  CHECK_EQ(ids(q), std::vector{in[5].id});
  q = {};
  q.limit = 0;
  CHECK(ids(q).empty());
  q = {};
  q.statuses = {S::Assigned, S::Investigating};
  const auto [all, pages] = walk(q, 3, [&](const ComplaintQuery& page) { return MUST(tx->service().complaints(page)); });
  CHECK_EQ(all, std::vector{in[1].id, in[2].id, in[3].id, in[5].id});
  CHECK_EQ(pages, 2);
}

TEST_CASE_FIXTURE(Fixture, "service/complaints: steps read back per complaint in append order") {
  Complaint c1 = minimal_complaint(kAlice, kT0);
  Complaint c2 = minimal_complaint(kBob, kT0);
  committed([&](ServiceRecords& s) {
    MUST(s.insert_complaint(c1));
    MUST(s.insert_complaint(c2));
  });
  using S = ComplaintStatus;
  using E = ComplaintEvent;
  std::vector<ComplaintStep> steps1, steps2;
  committed([&](ServiceRecords& s) {
    // Interleaved, and with times out of order: the history is in append order.
    ComplaintStep a = complaint_step(c1.id, S::Received, S::Received, E::Receive, kT0 + 1us, "");
    ComplaintStep x = complaint_step(c2.id, S::Received, S::Received, E::Receive, kT0 - 1h, "客户来电");
    ComplaintStep b = complaint_step(c1.id, S::Received, S::Assigned, E::Assign, kT0 - 5h,
                                     "assigned to u-2048 (理赔部)");
    MUST(s.append_complaint_step(a));
    MUST(s.append_complaint_step(x));
    MUST(s.append_complaint_step(b));
    CHECK(a.id.valid());
    CHECK_LT(a.id, x.id);
    CHECK_LT(x.id, b.id);
    steps1 = {a, b};
    steps2 = {x};
    check_same_list(MUST(s.complaint_steps(c1.id)), steps1);
  });
  {
    auto tx = write();
    ComplaintStep c = complaint_step(c1.id, S::Assigned, S::Assigned, E::Escalate, kT0 + 2h, kAwkwardText);
    MUST(tx->service().append_complaint_step(c));
    steps1.push_back(c);
    // A step of a complaint that does not exist is NotFound; the transaction stays usable.
    ComplaintStep orphan = complaint_step(ComplaintId{c2.id.value + 1000}, S::Received, S::Assigned, E::Assign,
                                          kT0, "");
    auto r = tx->service().append_complaint_step(orphan);
    CHECK_EQ(code_of(r), Errc::NotFound);
    CHECK_EQ(field_of(r), "complaint");
    MUST(tx->commit());
  }
  auto tx = read();
  check_same_list(MUST(tx->service().complaint_steps(c1.id)), steps1);
  check_same_list(MUST(tx->service().complaint_steps(c2.id)), steps2);
  CHECK(MUST(tx->service().complaint_steps(ComplaintId{c2.id.value + 1000})).empty());
}

// ---- claims -------------------------------------------------------------------------------------

TEST_CASE_FIXTURE(Fixture, "service/claims: a full and a minimal claim round-trip exactly") {
  Claim full = full_claim();
  Claim minimal = minimal_claim("CLM-MIN");
  {
    auto tx = write();
    MUST(tx->service().insert_claim(full));
    MUST(tx->service().insert_claim(minimal));
    CHECK(full.id.valid());
    CHECK_LT(full.id, minimal.id);
    CHECK_EQ(full.version, 1);
    CHECK_EQ(minimal.version, 1);
    check_same(MUST(tx->service().claim(full.id)), full);
    CHECK_EQ(MUST(tx->service().claim_by_number("CLM-MIN")), std::optional{minimal.id});
    MUST(tx->commit());
  }
  auto tx = read();
  check_same(MUST(tx->service().claim(full.id)), full);
  check_same(MUST(tx->service().claim(minimal.id)), minimal);
  check_same_list(MUST(tx->service().claims(ClaimQuery{})), {full, minimal});
  CHECK_EQ(MUST(tx->service().claim_by_number(full.number)), std::optional{full.id});
  CHECK_FALSE(MUST(tx->service().claim_by_number("CLM-NONE")).has_value());
  CHECK_EQ(code_of(tx->service().claim(ClaimId{minimal.id.value + 1000})), Errc::NotFound);
}

TEST_CASE_FIXTURE(Fixture, "service/claims: update replaces every field with a version check") {
  Claim c = minimal_claim("CLM-1");
  committed([&](ServiceRecords& s) { MUST(s.insert_claim(c)); });
  Claim changed = full_claim("CLM-1-RENUMBERED");
  changed.id = c.id;
  changed.version = c.version;
  committed([&](ServiceRecords& s) { MUST(s.update_claim(changed)); });
  CHECK_EQ(changed.version, 2);
  {
    auto tx = write();
    check_same(MUST(tx->service().claim(c.id)), changed);
    CHECK_EQ(MUST(tx->service().claim_by_number("CLM-1-RENUMBERED")), std::optional{c.id});
    CHECK_FALSE(MUST(tx->service().claim_by_number("CLM-1")).has_value());
    Claim stale = changed;
    stale.version = 1;
    stale.status = ClaimStatus::Closed;
    CHECK_EQ(code_of(tx->service().update_claim(stale)), Errc::Conflict);
    Claim missing = changed;
    missing.id = ClaimId{c.id.value + 1000};
    CHECK_EQ(code_of(tx->service().update_claim(missing)), Errc::NotFound);
    // Back to the minimal form: documents and optionals emptied.
    Claim back = minimal_claim("CLM-1");
    back.id = c.id;
    back.version = changed.version;
    MUST(tx->service().update_claim(back));
    changed = back;
    MUST(tx->commit());
  }
  auto tx = read();
  check_same(MUST(tx->service().claim(c.id)), changed);
  CHECK_EQ(changed.version, 3);
}

TEST_CASE_FIXTURE(Fixture, "service/claims: number and external_ref are unique, number checked first") {
  Claim a = full_claim("CLM-A");
  Claim b = full_claim("CLM-B");
  Claim c = minimal_claim("CLM-C");
  committed([&](ServiceRecords& s) {
    MUST(s.insert_claim(a));
    MUST(s.insert_claim(b));
    MUST(s.insert_claim(c));
  });
  {
    auto tx = write();
    Claim same_number = minimal_claim("CLM-A");
    auto r = tx->service().insert_claim(same_number);
    CHECK_EQ(code_of(r), Errc::AlreadyExists);
    CHECK_EQ(field_of(r), "number");
    Claim same_ref = minimal_claim("CLM-NEW");
    same_ref.external_ref = a.external_ref;
    r = tx->service().insert_claim(same_ref);
    CHECK_EQ(code_of(r), Errc::AlreadyExists);
    CHECK_EQ(field_of(r), "external_ref");
    Claim both = full_claim("CLM-B");
    both.external_ref = a.external_ref;
    r = tx->service().insert_claim(both);
    CHECK_EQ(code_of(r), Errc::AlreadyExists);
    CHECK_EQ(field_of(r), "number");

    Claim renumber = c;
    renumber.number = "CLM-B";
    r = tx->service().update_claim(renumber);
    CHECK_EQ(code_of(r), Errc::AlreadyExists);
    CHECK_EQ(field_of(r), "number");
    Claim reref = c;
    reref.external_ref = b.external_ref;
    r = tx->service().update_claim(reref);
    CHECK_EQ(code_of(r), Errc::AlreadyExists);
    CHECK_EQ(field_of(r), "external_ref");
    CHECK_EQ(reref.version, 1);
    // Still usable: a fresh claim commits.
    Claim fresh = minimal_claim("CLM-D");
    MUST(tx->service().insert_claim(fresh));
    MUST(tx->commit());
  }
  auto tx = read();
  CHECK_EQ(MUST(tx->service().claims(ClaimQuery{})).size(), 4U);
  check_same(MUST(tx->service().claim(c.id)), c);
}

TEST_CASE_FIXTURE(Fixture, "service/claims: queries filter by policy, claimant and statuses") {
  struct Row {
    PolicyId policy;
    CustomerId claimant;
    ClaimStatus status;
  };
  using S = ClaimStatus;
  const std::vector<Row> rows{{kPolicy1, kAlice, S::Reported},
                              {kPolicy2, kBob, S::Paid},
                              {kPolicy1, kBob, S::UnderAssessment},
                              {kPolicy2, kAlice, S::Reported},
                              {kPolicy1, kAlice, S::Declined}};
  std::vector<Claim> in;
  committed([&](ServiceRecords& s) {
    for (std::size_t n = 0; n < rows.size(); ++n) {
      Claim c = minimal_claim(fmt::format("CLM-{}", n), rows[n].policy, rows[n].claimant);
      c.status = rows[n].status;
      MUST(s.insert_claim(c));
      in.push_back(c);
    }
  });
  auto tx = read();
  auto ids = [&](ClaimQuery q) { return ids_of(MUST(tx->service().claims(q))); };
  ClaimQuery q;
  CHECK_EQ(ids(q), ids_of(in));
  q.policy = kPolicy1;
  CHECK_EQ(ids(q), std::vector{in[0].id, in[2].id, in[4].id});
  q = {};
  q.claimant = kAlice;
  CHECK_EQ(ids(q), std::vector{in[0].id, in[3].id, in[4].id});
  q = {};
  q.statuses = {S::Reported};
  CHECK_EQ(ids(q), std::vector{in[0].id, in[3].id});
  q.statuses = {S::Reported, S::Declined};
  q.policy = kPolicy1;
  CHECK_EQ(ids(q), std::vector{in[0].id, in[4].id});
  q.claimant = kBob;
  CHECK(ids(q).empty());
  q = {};
  q.limit = 0;
  CHECK(ids(q).empty());
  q = {};
  const auto [all, pages] = walk(q, 2, [&](const ClaimQuery& page) { return MUST(tx->service().claims(page)); });
  CHECK_EQ(all, ids_of(in));
  CHECK_EQ(pages, 3);
}

TEST_CASE_FIXTURE(Fixture, "service/claims: transitions read back per claim in append order") {
  Claim c1 = minimal_claim("CLM-1");
  Claim c2 = minimal_claim("CLM-2");
  committed([&](ServiceRecords& s) {
    MUST(s.insert_claim(c1));
    MUST(s.insert_claim(c2));
  });
  using S = ClaimStatus;
  using E = ClaimEvent;
  std::vector<ClaimTransition> t1, t2;
  committed([&](ServiceRecords& s) {
    ClaimTransition a = claim_transition(c1.id, S::Reported, S::DocumentsPending, E::RequestDocuments,
                                         day(2026, 1, 5), kT0 + 1us);
    ClaimTransition x = claim_transition(c2.id, S::Reported, S::UnderAssessment, E::StartAssessment,
                                         day(1969, 12, 31), micros(-1));
    ClaimTransition b = claim_transition(c1.id, S::DocumentsPending, S::UnderAssessment, E::StartAssessment,
                                         day(2026, 1, 4), kT0 - 1h);
    MUST(s.append_claim_transition(a));
    MUST(s.append_claim_transition(x));
    MUST(s.append_claim_transition(b));
    check_increasing(std::vector{a.id, x.id, b.id});
    t1 = {a, b};
    t2 = {x};
  });
  {
    auto tx = write();
    ClaimTransition orphan = claim_transition(ClaimId{c2.id.value + 1000}, S::Reported, S::Declined, E::Decline,
                                              day(2026, 1, 1), kT0);
    auto r = tx->service().append_claim_transition(orphan);
    CHECK_EQ(code_of(r), Errc::NotFound);
    CHECK_EQ(field_of(r), "claim");
    ClaimTransition c = claim_transition(c1.id, S::UnderAssessment, S::Approved, E::Approve, day(2026, 2, 1),
                                         kT0 + 800h);
    MUST(tx->service().append_claim_transition(c));
    t1.push_back(c);
    MUST(tx->commit());
  }
  auto tx = read();
  check_same_list(MUST(tx->service().claim_transitions(c1.id)), t1);
  check_same_list(MUST(tx->service().claim_transitions(c2.id)), t2);
  CHECK(MUST(tx->service().claim_transitions(ClaimId{c2.id.value + 1000})).empty());
}

// ---- service requests ---------------------------------------------------------------------------

TEST_CASE_FIXTURE(Fixture, "service/requests: every payload alternative round-trips exactly") {
  const auto payloads = every_payload();
  std::vector<ServiceRequest> in;
  {
    auto tx = write();
    for (std::size_t n = 0; n < payloads.size(); ++n) {
      ServiceRequest r = full_request(payloads[n].second, fmt::format("SR-{}", n));
      MUST(tx->service().insert_service_request(r));
      CHECK_EQ(r.version, 1);
      in.push_back(r);
    }
    ServiceRequest minimal = minimal_request(kBob);
    MUST(tx->service().insert_service_request(minimal));
    in.push_back(minimal);
    check_increasing(ids_of(in));
    MUST(tx->commit());
  }
  auto tx = read();
  for (std::size_t n = 0; n < in.size(); ++n) {
    INFO((n < payloads.size() ? payloads[n].first : std::string{"minimal request"}));
    check_same(MUST(tx->service().service_request(in[n].id)), in[n]);
  }
  check_same_list(MUST(tx->service().service_requests(ServiceRequestQuery{})), in);
  CHECK_EQ(code_of(tx->service().service_request(ServiceRequestId{in.back().id.value + 1000})), Errc::NotFound);
}

TEST_CASE_FIXTURE(Fixture, "service/requests: update changes fields and payload with a version check") {
  ServiceRequest r = minimal_request(kAlice, ServiceKind::ChangeContact);
  r.external_ref = "SR-A";
  ServiceRequest other = minimal_request(kAlice);
  other.external_ref = "SR-B";
  committed([&](ServiceRecords& s) {
    MUST(s.insert_service_request(r));
    MUST(s.insert_service_request(other));
  });
  // Through every payload alternative in turn, each a new version.
  std::int64_t version = r.version;
  for (auto& [what, payload] : every_payload()) {
    INFO(what);
    ServiceRequest next = full_request(payload, "SR-A");
    next.id = r.id;
    next.version = version;
    committed([&](ServiceRecords& s) { MUST(s.update_service_request(next)); });
    CHECK_EQ(next.version, version + 1);
    version = next.version;
    auto tx = read();
    check_same(MUST(tx->service().service_request(r.id)), next);
  }
  {
    auto tx = write();
    ServiceRequest stale = MUST(tx->service().service_request(r.id));
    stale.version -= 1;
    CHECK_EQ(code_of(tx->service().update_service_request(stale)), Errc::Conflict);
    ServiceRequest missing = stale;
    missing.id = ServiceRequestId{other.id.value + 1000};
    CHECK_EQ(code_of(tx->service().update_service_request(missing)), Errc::NotFound);
    ServiceRequest steal = other;
    steal.external_ref = "SR-A";
    auto result = tx->service().update_service_request(steal);
    CHECK_EQ(code_of(result), Errc::AlreadyExists);
    CHECK_EQ(field_of(result), "external_ref");
    ServiceRequest dup = minimal_request(kBob);
    dup.external_ref = "SR-B";
    result = tx->service().insert_service_request(dup);
    CHECK_EQ(code_of(result), Errc::AlreadyExists);
    CHECK_EQ(field_of(result), "external_ref");
    MUST(tx->commit());
  }
  auto tx = read();
  CHECK_EQ(MUST(tx->service().service_request(r.id)).version, version);
  check_same(MUST(tx->service().service_request(other.id)), other);
}

TEST_CASE_FIXTURE(Fixture, "service/requests: queries filter by customer, policy and statuses") {
  struct Row {
    CustomerId customer;
    std::optional<PolicyId> policy;
    ServiceStatus status;
  };
  using S = ServiceStatus;
  const std::vector<Row> rows{{kAlice, kPolicy1, S::Submitted},
                              {kBob, std::nullopt, S::InProgress},
                              {kAlice, std::nullopt, S::Completed},
                              {kAlice, kPolicy2, S::InProgress},
                              {kBob, kPolicy1, S::Submitted}};
  std::vector<ServiceRequest> in;
  committed([&](ServiceRecords& s) {
    for (const Row& row : rows) {
      ServiceRequest r = minimal_request(row.customer);
      r.policy = row.policy;
      r.status = row.status;
      MUST(s.insert_service_request(r));
      in.push_back(r);
    }
  });
  auto tx = read();
  auto ids = [&](ServiceRequestQuery q) { return ids_of(MUST(tx->service().service_requests(q))); };
  ServiceRequestQuery q;
  CHECK_EQ(ids(q), ids_of(in));
  q.customer = kAlice;
  CHECK_EQ(ids(q), std::vector{in[0].id, in[2].id, in[3].id});
  q = {};
  q.policy = kPolicy1;
  CHECK_EQ(ids(q), std::vector{in[0].id, in[4].id});
  q = {};
  q.statuses = {S::Submitted, S::InProgress};
  CHECK_EQ(ids(q), std::vector{in[0].id, in[1].id, in[3].id, in[4].id});
  q.customer = kBob;
  q.statuses = {S::Submitted};
  CHECK_EQ(ids(q), std::vector{in[4].id});
  q = {};
  q.limit = 0;
  CHECK(ids(q).empty());
  q = {};
  q.statuses = {S::Submitted, S::InProgress};
  const auto [all, pages] =
      walk(q, 3, [&](const ServiceRequestQuery& page) { return MUST(tx->service().service_requests(page)); });
  CHECK_EQ(all, std::vector{in[0].id, in[1].id, in[3].id, in[4].id});
  CHECK_EQ(pages, 2);
}

TEST_CASE_FIXTURE(Fixture, "service/requests: steps read back per request in append order") {
  ServiceRequest r1 = minimal_request(kAlice);
  ServiceRequest r2 = minimal_request(kBob);
  committed([&](ServiceRecords& s) {
    MUST(s.insert_service_request(r1));
    MUST(s.insert_service_request(r2));
  });
  using S = ServiceStatus;
  using E = ServiceEvent;
  std::vector<ServiceRequestStep> s1, s2;
  committed([&](ServiceRecords& s) {
    ServiceRequestStep a = service_step(r1.id, S::Submitted, S::Submitted, E::Submit, kT0, "");
    ServiceRequestStep x = service_step(r2.id, S::Submitted, S::Submitted, E::Submit, kT0 + 1us, "电话受理");
    ServiceRequestStep b = service_step(r1.id, S::Submitted, S::InProgress, E::Start, kT0 - 1us, kAwkwardText);
    MUST(s.append_service_step(a));
    MUST(s.append_service_step(x));
    MUST(s.append_service_step(b));
    check_increasing(std::vector{a.id, x.id, b.id});
    s1 = {a, b};
    s2 = {x};
  });
  {
    auto tx = write();
    ServiceRequestStep orphan = service_step(ServiceRequestId{r2.id.value + 1000}, S::Submitted, S::InProgress,
                                             E::Start, kT0, "");
    auto r = tx->service().append_service_step(orphan);
    CHECK_EQ(code_of(r), Errc::NotFound);
    CHECK_EQ(field_of(r), "request");
    ServiceRequestStep c = service_step(r1.id, S::InProgress, S::Completed, E::Complete, kT0 + 2h, "done");
    MUST(tx->service().append_service_step(c));
    s1.push_back(c);
    MUST(tx->commit());
  }
  auto tx = read();
  check_same_list(MUST(tx->service().service_steps(r1.id)), s1);
  check_same_list(MUST(tx->service().service_steps(r2.id)), s2);
  CHECK(MUST(tx->service().service_steps(ServiceRequestId{r2.id.value + 1000})).empty());
}

// ---- surveys ------------------------------------------------------------------------------------

TEST_CASE_FIXTURE(Fixture, "service/surveys: responses round-trip exactly and filter by customer, kind and date") {
  using K = SurveyKind;
  std::vector<SurveyResponse> in{survey(kAlice, K::Nps, 10, day(2026, 1, 10)),
                                 survey(kBob, K::Service, 1, day(2026, 1, 1)),
                                 full_survey(),
                                 survey(kAlice, K::Nps, 0, day(2025, 12, 31)),
                                 survey(kBob, K::Nps, 7, day(2026, 1, 31))};
  in[2].answered_on = day(2026, 2, 1);
  committed([&](ServiceRecords& s) {
    for (auto& r : in) MUST(s.insert_survey_response(r));
    check_increasing(ids_of(in));
    check_same_list(MUST(s.survey_responses(SurveyQuery{})), in);
  });
  // One answered before 1970, read back exactly.
  SurveyResponse old = full_survey();
  committed([&](ServiceRecords& s) { MUST(s.insert_survey_response(old)); });

  auto tx = read();
  auto all = in;
  all.push_back(old);
  check_same_list(MUST(tx->service().survey_responses(SurveyQuery{})), all);
  auto ids = [&](SurveyQuery q) { return ids_of(MUST(tx->service().survey_responses(q))); };
  SurveyQuery q;
  q.customer = kAlice;
  CHECK_EQ(ids(q), std::vector{in[0].id, in[2].id, in[3].id, old.id});
  q = {};
  q.kind = K::Nps;
  CHECK_EQ(ids(q), std::vector{in[0].id, in[3].id, in[4].id});
  q = {};
  q.from = day(2026, 1, 1);  // inclusive
  CHECK_EQ(ids(q), std::vector{in[0].id, in[1].id, in[2].id, in[4].id});
  q = {};
  q.to = day(2026, 1, 31);  // exclusive
  CHECK_EQ(ids(q), std::vector{in[0].id, in[1].id, in[3].id, old.id});
  q = {};
  q.from = day(2026, 1, 1);
  q.to = day(2026, 2, 1);
  q.kind = K::Nps;
  CHECK_EQ(ids(q), std::vector{in[0].id, in[4].id});
  q.customer = kBob;
  CHECK_EQ(ids(q), std::vector{in[4].id});
  q = {};
  q.limit = 0;
  CHECK(ids(q).empty());
  q = {};
  const auto [walked, pages] =
      walk(q, 2, [&](const SurveyQuery& page) { return MUST(tx->service().survey_responses(page)); });
  CHECK_EQ(walked, ids_of(all));
  CHECK_EQ(pages, 3);
}

// ---- transactions -------------------------------------------------------------------------------

TEST_CASE_FIXTURE(Fixture, "service/transactions: dropping a write transaction without commit leaves no trace") {
  Complaint complaint = full_complaint();
  Claim claim = full_claim();
  ServiceRequest request = full_request(BeneficiaryChange{{{kBob, 100}}});
  Interaction interaction = full_interaction();
  ComplaintStep step = complaint_step({}, ComplaintStatus::Received, ComplaintStatus::Received,
                                      ComplaintEvent::Receive, kT0, "");
  committed([&](ServiceRecords& s) {
    MUST(s.insert_complaint(complaint));
    MUST(s.insert_claim(claim));
    MUST(s.insert_service_request(request));
    MUST(s.insert_interaction(interaction));
    step.complaint = complaint.id;
    MUST(s.append_complaint_step(step));
  });
  {
    auto tx = write();
    ServiceRecords& s = tx->service();
    Interaction i = full_interaction("DROPPED-I");
    MUST(s.insert_interaction(i));
    std::vector<Interaction> batch{full_interaction("DROPPED-I2"), minimal_interaction(kBob, kT0)};
    MUST(s.insert_interactions(batch));

    Complaint c = full_complaint("DROPPED-C");
    MUST(s.insert_complaint(c));
    Complaint changed = complaint;
    changed.status = ComplaintStatus::Closed;
    changed.sla.pauses.clear();
    changed.external_ref = "CHANGED-C";
    MUST(s.update_complaint(changed));
    MUST(s.update_complaint(changed));  // twice: version 3 inside, back to 1 after the drop
    ComplaintStep more = step;
    more.event = ComplaintEvent::Escalate;
    MUST(s.append_complaint_step(more));

    Claim k = full_claim("DROPPED-K");
    MUST(s.insert_claim(k));
    Claim renumbered = claim;
    renumbered.number = "RENUMBERED";
    renumbered.documents.clear();
    MUST(s.update_claim(renumbered));
    ClaimTransition t = claim_transition(claim.id, ClaimStatus::Paid, ClaimStatus::Closed, ClaimEvent::Close,
                                         day(2026, 3, 2), kT0);
    MUST(s.append_claim_transition(t));

    ServiceRequest r = full_request(std::monostate{}, "DROPPED-R");
    MUST(s.insert_service_request(r));
    ServiceRequest repaid = request;
    repaid.payload = PaymentMethodChange{PayChannel::Online, "x"};
    MUST(s.update_service_request(repaid));
    ServiceRequestStep rs = service_step(request.id, ServiceStatus::Submitted, ServiceStatus::Cancelled,
                                         ServiceEvent::Cancel, kT0, "");
    MUST(s.append_service_step(rs));

    SurveyResponse sr = full_survey();
    MUST(s.insert_survey_response(sr));
    // Destroyed here without commit().
  }
  {
    auto tx = read();
    ServiceRecords& s = tx->service();
    check_same_list(MUST(s.interactions(InteractionQuery{})), {interaction});
    check_same_list(MUST(s.complaints(ComplaintQuery{})), {complaint});
    check_same_list(MUST(s.complaint_steps(complaint.id)), {step});
    check_same_list(MUST(s.claims(ClaimQuery{})), {claim});
    CHECK_EQ(MUST(s.claim_by_number(claim.number)), std::optional{claim.id});
    CHECK_FALSE(MUST(s.claim_by_number("RENUMBERED")).has_value());
    CHECK_FALSE(MUST(s.claim_by_number("DROPPED-K")).has_value());
    CHECK(MUST(s.claim_transitions(claim.id)).empty());
    check_same_list(MUST(s.service_requests(ServiceRequestQuery{})), {request});
    CHECK(MUST(s.service_steps(request.id)).empty());
    CHECK(MUST(s.survey_responses(SurveyQuery{})).empty());
  }
  // The unique keys the dropped transaction used are free again, and the old ones still taken.
  auto tx = write();
  ServiceRecords& s = tx->service();
  Interaction i = full_interaction("DROPPED-I");
  MUST(s.insert_interaction(i));
  Complaint c = full_complaint("CHANGED-C");
  MUST(s.insert_complaint(c));
  Claim k = full_claim("RENUMBERED");
  MUST(s.insert_claim(k));
  Claim taken = minimal_claim(claim.number);
  CHECK_EQ(code_of(s.insert_claim(taken)), Errc::AlreadyExists);
  ServiceRequest r = full_request(std::monostate{}, "DROPPED-R");
  MUST(s.insert_service_request(r));
  MUST(tx->commit());
}

TEST_CASE_FIXTURE(Fixture, "service/transactions: a read transaction refuses service writes") {
  Complaint complaint = minimal_complaint(kAlice, kT0);
  Claim claim = minimal_claim("CLM-1");
  ServiceRequest request = minimal_request(kAlice);
  committed([&](ServiceRecords& s) {
    MUST(s.insert_complaint(complaint));
    MUST(s.insert_claim(claim));
    MUST(s.insert_service_request(request));
  });
  {
    auto tx = read();
    ServiceRecords& s = tx->service();
    Interaction i = minimal_interaction(kAlice, kT0);
    CHECK_NE(code_of(s.insert_interaction(i)), Errc::Ok);
    std::vector<Interaction> batch{minimal_interaction(kAlice, kT0)};
    CHECK_NE(code_of(s.insert_interactions(batch)), Errc::Ok);
    Complaint c = minimal_complaint(kAlice, kT0);
    CHECK_NE(code_of(s.insert_complaint(c)), Errc::Ok);
    Complaint u = complaint;
    u.matter = "changed";
    CHECK_NE(code_of(s.update_complaint(u)), Errc::Ok);
    ComplaintStep step = complaint_step(complaint.id, ComplaintStatus::Received, ComplaintStatus::Received,
                                        ComplaintEvent::Receive, kT0, "");
    CHECK_NE(code_of(s.append_complaint_step(step)), Errc::Ok);
    Claim k = minimal_claim("CLM-2");
    CHECK_NE(code_of(s.insert_claim(k)), Errc::Ok);
    Claim ku = claim;
    ku.status = ClaimStatus::Closed;
    CHECK_NE(code_of(s.update_claim(ku)), Errc::Ok);
    ClaimTransition t = claim_transition(claim.id, ClaimStatus::Reported, ClaimStatus::UnderAssessment,
                                         ClaimEvent::StartAssessment, day(2026, 1, 1), kT0);
    CHECK_NE(code_of(s.append_claim_transition(t)), Errc::Ok);
    ServiceRequest r = minimal_request(kBob);
    CHECK_NE(code_of(s.insert_service_request(r)), Errc::Ok);
    ServiceRequest ru = request;
    ru.result = "changed";
    CHECK_NE(code_of(s.update_service_request(ru)), Errc::Ok);
    ServiceRequestStep rs = service_step(request.id, ServiceStatus::Submitted, ServiceStatus::InProgress,
                                         ServiceEvent::Start, kT0, "");
    CHECK_NE(code_of(s.append_service_step(rs)), Errc::Ok);
    SurveyResponse sr = full_survey();
    CHECK_NE(code_of(s.insert_survey_response(sr)), Errc::Ok);
    (void)tx->commit();
  }
  auto tx = read();
  ServiceRecords& s = tx->service();
  CHECK(MUST(s.interactions(InteractionQuery{})).empty());
  check_same_list(MUST(s.complaints(ComplaintQuery{})), {complaint});
  CHECK(MUST(s.complaint_steps(complaint.id)).empty());
  check_same_list(MUST(s.claims(ClaimQuery{})), {claim});
  CHECK(MUST(s.claim_transitions(claim.id)).empty());
  check_same_list(MUST(s.service_requests(ServiceRequestQuery{})), {request});
  CHECK(MUST(s.service_steps(request.id)).empty());
  CHECK(MUST(s.survey_responses(SurveyQuery{})).empty());
}

TEST_CASE_FIXTURE(Fixture, "service/transactions: service writes commit together with the transaction's other writes") {
  // One service call: the complaint, its first step and its outbox event in one transaction.
  Complaint c = full_complaint();
  ComplaintStep step;
  DomainEvent e;
  {
    auto tx = write();
    MUST(tx->service().insert_complaint(c));
    step = complaint_step(c.id, ComplaintStatus::Received, ComplaintStatus::Received, ComplaintEvent::Receive,
                          c.received_at, "");
    MUST(tx->service().append_complaint_step(step));
    e.type = "complaint.received";
    e.entity = "complaint";
    e.entity_id = c.id.value;
    e.payload = "{}";
    e.actor = "u-1";
    e.at = c.received_at;
    MUST(tx->append_event(e));
    MUST(tx->commit());
    // Finished: further service writes are refused.
    Complaint late = minimal_complaint(kAlice, kT0);
    CHECK_NE(code_of(tx->service().insert_complaint(late)), Errc::Ok);
  }
  auto tx = read();
  check_same_list(MUST(tx->service().complaints(ComplaintQuery{})), {c});
  check_same_list(MUST(tx->service().complaint_steps(c.id)), {step});
  REQUIRE_EQ(MUST(tx->pending_events(EventId{}, 10)).size(), 1U);
}

TEST_SUITE_END();
