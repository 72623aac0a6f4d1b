// domain.md C4: the claim table and its guards — the document checklist, approval limits, payment
// only of an approved claim — and the progress a customer can ask for.

#include <inscrm/domain/claim.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace doctest {
template <>
struct StringMaker<inscrm::Date> {
  static String convert(const inscrm::Date& d) { return inscrm::to_string(d).c_str(); }
};
template <>
struct StringMaker<inscrm::Money> {
  static String convert(const inscrm::Money& m) { return m.to_string().c_str(); }
};
}  // namespace doctest

using namespace inscrm;
using namespace std::chrono_literals;

namespace {

using S = ClaimStatus;
using E = ClaimEvent;

std::string name(std::optional<ClaimStatus> s) { return s ? std::string{to_string(*s)} : std::string{"(none)"}; }

// The claim flow as domain.md C4 draws it, event by event (independent of the library's table).
std::optional<ClaimStatus> expected_target(ClaimStatus from, ClaimEvent event) {
  auto from_any = [&](std::initializer_list<ClaimStatus> froms, ClaimStatus to) -> std::optional<ClaimStatus> {
    for (auto f : froms)
      if (f == from) return to;
    return std::nullopt;
  };
  switch (event) {
    case E::RequestDocuments: return from_any({S::Reported}, S::DocumentsPending);
    case E::StartAssessment: return from_any({S::Reported, S::DocumentsPending}, S::UnderAssessment);
    case E::Approve: return from_any({S::UnderAssessment}, S::Approved);
    case E::Decline: return from_any({S::UnderAssessment}, S::Declined);
    case E::Pay: return from_any({S::Approved}, S::Paid);
    case E::Close: return from_any({S::Paid}, S::Closed);
    case E::Reopen: return from_any({S::Declined, S::Closed}, S::UnderAssessment);
  }
  return std::nullopt;
}

const Instant kReported = start_of(2024y / 3 / 4) + 2h;

// A medical claim of 8,000 yuan under a policy with 50,000 yuan sum insured, all documents in.
Claim claim_in(ClaimStatus status) {
  Claim c;
  c.id = ClaimId{5};
  c.number = "CLM-2024-0005";
  c.policy = PolicyId{42};
  c.claimant = CustomerId{1};
  c.type = ClaimType::Medical;
  c.incident_date = 2024y / 2 / 20;
  c.reported_at = kReported;
  c.claimed_amount = Money::cny(8'000'00);
  c.required_documents = required_documents(ClaimType::Medical);
  for (const auto& d : c.required_documents) c.documents.push_back({d, kReported + 1h});
  c.org_unit = OrgUnitId{3};
  c.status = status;
  c.status_since = 2024y / 3 / 4;
  if (status == S::Approved || status == S::Paid || status == S::Closed) c.approved_amount = Money::cny(6'000'00);
  if (status == S::Paid || status == S::Closed) {
    c.paid_amount = Money::cny(6'000'00);
    c.paid_on = 2024y / 3 / 20;
  }
  if (status == S::Declined) c.decline_reason = "pre-existing condition";
  return c;
}

ClaimContext on_day(Date on, std::string reason = {}) {
  ClaimContext ctx;
  ctx.on = on;
  ctx.now = start_of(on) + 9h;
  ctx.actor = "u-2048";
  ctx.reason = std::move(reason);
  return ctx;
}

// Passes every guard a legal row may have.
ClaimContext everything(Date on) {
  ClaimContext ctx = on_day(on, "any reason");
  ctx.approved_amount = Money::cny(7'000'00);
  ctx.sum_insured = Money::cny(50'000'00);
  return ctx;
}

void check_unchanged(const Claim& after, const Claim& before) {
  CHECK(after.status == before.status);
  CHECK(after.status_since == before.status_since);
  CHECK(after.approved_amount == before.approved_amount);
  CHECK(after.paid_amount == before.paid_amount);
  CHECK(after.paid_on == before.paid_on);
  CHECK(after.decline_reason == before.decline_reason);
  CHECK(after.reopen_count == before.reopen_count);
  CHECK(after.updated_at == before.updated_at);
}

Error refusal(Claim& c, ClaimEvent event, const ClaimContext& ctx) {
  const Claim before = c;
  const auto r = apply_event(c, event, ctx);
  REQUIRE_FALSE(r);
  check_unchanged(c, before);
  return r.error();
}

}  // namespace

TEST_CASE("the claim table matches domain.md C4 for every status and event") {
  int legal = 0;
  for (const auto from : enum_values<ClaimStatus>()) {
    for (const auto event : enum_values<ClaimEvent>()) {
      INFO(to_string(from), " + ", to_string(event));
      const auto expected = expected_target(from, event);
      CHECK(name(transition_target(from, event)) == name(expected));
      if (expected) {
        ++legal;
        continue;
      }
      Claim c = claim_in(from);
      const Error e = refusal(c, event, everything(2024y / 4 / 1));
      CHECK(e.code() == Errc::IllegalTransition);
      CHECK(e.field() == "status");
      CHECK(e.message() == "cannot " + std::string{to_string(event)} + " a claim that is " + std::string{to_string(from)});
    }
  }
  CHECK(legal == 9);
}

TEST_CASE("every legal row applies and records the transition") {
  for (const auto from : enum_values<ClaimStatus>()) {
    for (const auto event : enum_values<ClaimEvent>()) {
      const auto to = expected_target(from, event);
      if (!to) continue;
      INFO(to_string(from), " + ", to_string(event));
      Claim c = claim_in(from);
      if (event == E::RequestDocuments) c.documents.pop_back();  // something must be missing
      const ClaimContext ctx = everything(2024y / 4 / 1);
      const auto t = apply_event(c, event, ctx);
      REQUIRE(t);
      CHECK(c.status == *to);
      CHECK(c.status_since == 2024y / 4 / 1);
      CHECK(c.updated_at == ctx.now);
      CHECK(t.value().claim == ClaimId{5});
      CHECK(t.value().from == from);
      CHECK(t.value().to == *to);
      CHECK(t.value().event == event);
      CHECK(t.value().effective_on == 2024y / 4 / 1);
      CHECK(t.value().at == ctx.now);
      CHECK(t.value().actor == "u-2048");
      CHECK(t.value().reason == "any reason");
    }
  }
}

TEST_CASE("paying a declined claim is an illegal transition") {
  Claim c = claim_in(S::Declined);
  const Error e = refusal(c, E::Pay, everything(2024y / 4 / 1));
  CHECK(e.is_illegal_transition());
  CHECK(e.message() == "cannot pay a claim that is declined");
  CHECK_FALSE(c.paid_amount);
  // Nor an unassessed one.
  Claim d = claim_in(S::UnderAssessment);
  CHECK(refusal(d, E::Pay, everything(2024y / 4 / 1)).is_illegal_transition());
}

TEST_CASE("assessment waits for every required document and says which are missing") {
  Claim c = claim_in(S::Reported);
  c.type = ClaimType::Death;
  c.required_documents = required_documents(ClaimType::Death);
  c.documents.clear();
  CHECK(c.required_documents == std::vector<std::string>{"claim_form", "death_certificate", "beneficiary_id",
                                                         "policy_contract", "household_cancellation"});
  REQUIRE(receive_document(c, "claim_form", kReported + 1h));
  REQUIRE(receive_document(c, " policy_contract ", kReported + 2h));  // trimmed
  REQUIRE(receive_document(c, "hospital_letter", kReported + 2h));    // extra papers are kept too
  CHECK(missing_documents(c) == std::vector<std::string>{"death_certificate", "beneficiary_id", "household_cancellation"});

  const Error e = refusal(c, E::StartAssessment, on_day(2024y / 3 / 5));
  CHECK(e.is_illegal_transition());
  CHECK(e.field() == "documents");
  CHECK(e.message() == "documents still missing: death_certificate, beneficiary_id, household_cancellation");

  REQUIRE(apply_event(c, E::RequestDocuments, on_day(2024y / 3 / 5)));
  CHECK(c.status == S::DocumentsPending);
  for (const char* d : {"death_certificate", "beneficiary_id", "household_cancellation"})
    REQUIRE(receive_document(c, d, kReported + 72h));
  CHECK(missing_documents(c).empty());
  REQUIRE(apply_event(c, E::StartAssessment, on_day(2024y / 3 / 8)));
  CHECK(c.status == S::UnderAssessment);

  // Nothing to request once everything is in.
  Claim full = claim_in(S::Reported);
  CHECK(refusal(full, E::RequestDocuments, on_day(2024y / 3 / 5)).field() == "documents");
  CHECK(receive_document(full, "  ", kReported).error().field() == "name");
  Claim closed = claim_in(S::Closed);
  CHECK(receive_document(closed, "invoices", kReported).error().is_illegal_transition());
}

TEST_CASE("each claim type has its checklist") {
  for (const auto type : enum_values<ClaimType>()) {
    INFO(to_string(type));
    const auto docs = required_documents(type);
    REQUIRE_FALSE(docs.empty());
    CHECK(docs.front() == "claim_form");
  }
  CHECK(required_documents(ClaimType::Medical) ==
        std::vector<std::string>{"claim_form", "insured_id", "invoices", "expense_list", "diagnosis", "discharge_summary"});
}

TEST_CASE("approval: 0 < amount <= claimed, <= sum insured, in the claim's currency") {
  const auto approve = [](std::optional<Money> amount, std::optional<Money> sum_insured) {
    Claim c = claim_in(S::UnderAssessment);
    ClaimContext ctx = on_day(2024y / 3 / 15);
    ctx.approved_amount = amount;
    ctx.sum_insured = sum_insured;
    const Claim before = c;
    auto r = apply_event(c, E::Approve, ctx);
    if (!r) check_unchanged(c, before);
    return std::make_pair(c, r);
  };
  const Money sum = Money::cny(50'000'00);

  auto [ok_claim, ok_result] = approve(Money::cny(8'000'00), sum);  // the whole claim
  REQUIRE(ok_result);
  CHECK(ok_claim.approved_amount == Money::cny(8'000'00));
  CHECK(ok_claim.status == S::Approved);

  CHECK(approve(std::nullopt, sum).second.error().field() == "approved_amount");
  CHECK(approve(std::nullopt, sum).second.error().is_illegal_transition());
  CHECK(approve(Money::cny(1'00), std::nullopt).second.error().field() == "sum_insured");

  const auto invalid = [&](std::optional<Money> amount, std::optional<Money> s) {
    const auto r = approve(amount, s).second;
    REQUIRE_FALSE(r);
    CHECK(r.error().is_invalid_argument());
    CHECK(r.error().field() == "approved_amount");
    return r.error().message();
  };
  CHECK(invalid(Money::cny(0), sum) == "an approval is a positive amount; decline the claim instead");
  CHECK(invalid(Money::cny(8'000'01), sum) == "8000.01 CNY is more than was claimed (8000.00 CNY)");
  CHECK(invalid(Money::cny(6'000'00), Money::cny(5'000'00)) == "6000.00 CNY is more than the sum insured (5000.00 CNY)");
  Money usd = Money::cny(1'000'00);
  usd.currency = *Currency::parse("USD");
  invalid(usd, sum);
  invalid(Money::cny(1'000'00), usd);
}

TEST_CASE("decline and reopen need a reason; reopening clears the decline") {
  Claim c = claim_in(S::UnderAssessment);
  const Error e = refusal(c, E::Decline, on_day(2024y / 3 / 15));
  CHECK(e.is_illegal_transition());
  CHECK(e.field() == "reason");
  REQUIRE(apply_event(c, E::Decline, on_day(2024y / 3 / 15, "pre-existing condition")));
  CHECK(c.decline_reason == "pre-existing condition");

  CHECK(refusal(c, E::Reopen, on_day(2024y / 4 / 1)).field() == "reason");
  REQUIRE(apply_event(c, E::Reopen, on_day(2024y / 4 / 1, "new hospital records")));
  CHECK(c.status == S::UnderAssessment);
  CHECK(c.reopen_count == 1);
  CHECK(c.decline_reason.empty());
}

TEST_CASE("a reopened paid claim pays only the difference, never less than was paid") {
  Claim c = claim_in(S::Closed);  // 6,000 approved and paid
  REQUIRE(apply_event(c, E::Reopen, on_day(2024y / 5 / 1, "further invoices")));

  ClaimContext lower = on_day(2024y / 5 / 10);
  lower.approved_amount = Money::cny(5'000'00);
  lower.sum_insured = Money::cny(50'000'00);
  CHECK(refusal(c, E::Approve, lower).message() == "5000.00 CNY is less than was already paid (6000.00 CNY)");

  ClaimContext same = lower;
  same.approved_amount = Money::cny(6'000'00);
  REQUIRE(apply_event(c, E::Approve, same));
  // Approving what was already paid leaves nothing to pay.
  CHECK(refusal(c, E::Pay, on_day(2024y / 5 / 11)).field() == "approved_amount");

  Claim d = claim_in(S::Closed);
  REQUIRE(apply_event(d, E::Reopen, on_day(2024y / 5 / 1, "further invoices")));
  ClaimContext more = same;
  more.approved_amount = Money::cny(7'500'00);
  REQUIRE(apply_event(d, E::Approve, more));
  REQUIRE(apply_event(d, E::Pay, on_day(2024y / 5 / 12)));
  CHECK(d.paid_amount == Money::cny(7'500'00));
  CHECK(d.paid_on == 2024y / 5 / 12);
  CHECK(d.reopen_count == 1);
}

TEST_CASE("report validates the claim and fills the checklist") {
  const ClaimContext ctx = on_day(2024y / 3 / 4);
  Claim c = claim_in(S::Closed);
  c.required_documents.clear();
  c.documents.clear();
  c.type = ClaimType::HospitalAllowance;
  REQUIRE(report_claim(c, ctx));
  CHECK(c.status == S::Reported);
  CHECK(c.status_since == 2024y / 3 / 4);
  CHECK_FALSE(c.approved_amount);
  CHECK_FALSE(c.paid_amount);
  CHECK(c.required_documents == required_documents(ClaimType::HospitalAllowance));
  CHECK(c.created_at == ctx.now);

  const auto field_of = [&](auto change) {
    Claim d = claim_in(S::Reported);
    change(d);
    const auto r = report_claim(d, ctx);
    REQUIRE_FALSE(r);
    CHECK(r.error().is_invalid_argument());
    return r.error().field();
  };
  CHECK(field_of([](Claim& d) { d.policy = PolicyId{}; }) == "policy");
  CHECK(field_of([](Claim& d) { d.claimant = CustomerId{}; }) == "claimant");
  CHECK(field_of([](Claim& d) { d.claimed_amount = Money::cny(0); }) == "claimed_amount");
  CHECK(field_of([&](Claim& d) { d.reported_at = ctx.now + 1h; }) == "reported_at");
  CHECK(field_of([](Claim& d) { d.incident_date = 2024y / 3 / 5; }) == "incident_date");
  CHECK(field_of([](Claim& d) { d.required_documents.push_back(""); }) == "required_documents[6]");
}

TEST_CASE("progress answers where the claim is and what is missing") {
  Claim c = claim_in(S::DocumentsPending);
  c.documents.erase(c.documents.begin() + 2, c.documents.begin() + 4);  // invoices, expense_list
  ClaimProgress p = progress(c, kReported + 3 * 24h + 5h);
  CHECK(p.status == S::DocumentsPending);
  CHECK(p.missing_documents == std::vector<std::string>{"invoices", "expense_list"});
  CHECK(p.days_since_reported == 3);
  CHECK(p.next_step == "Send the missing documents: invoices, expense_list.");

  CHECK(progress(claim_in(S::UnderAssessment), kReported).next_step == "The claim is being assessed; a decision follows.");
  CHECK(progress(claim_in(S::Approved), kReported).next_step == "Approved for 6000.00 CNY; payment follows.");
  CHECK(progress(claim_in(S::Paid), kReported).next_step == "Paid 6000.00 CNY on 2024-03-20.");
  CHECK(progress(claim_in(S::Declined), kReported).next_step ==
        "Declined: pre-existing condition. The claimant may ask for a review with new evidence.");
  CHECK(progress(claim_in(S::Reported), kReported - 1h).days_since_reported == 0);
  CHECK(progress(claim_in(S::Reported), kReported).missing_documents.empty());
}

TEST_CASE("a death claim from report to close") {
  Claim c = claim_in(S::Reported);
  c.type = ClaimType::Death;
  c.required_documents.clear();
  c.documents.clear();
  c.claimed_amount = Money::cny(500'000'00);
  REQUIRE(report_claim(c, on_day(2024y / 3 / 4)));
  std::vector<ClaimTransition> history;
  const auto step = [&](ClaimEvent e, const ClaimContext& ctx) {
    auto t = apply_event(c, e, ctx);
    REQUIRE(t);
    history.push_back(t.value());
  };
  step(E::RequestDocuments, on_day(2024y / 3 / 4));
  for (const auto& d : c.required_documents) REQUIRE(receive_document(c, d, kReported + 24h));
  step(E::StartAssessment, on_day(2024y / 3 / 6));
  ClaimContext approve = on_day(2024y / 3 / 12);
  approve.approved_amount = Money::cny(500'000'00);
  approve.sum_insured = Money::cny(500'000'00);
  step(E::Approve, approve);
  step(E::Pay, on_day(2024y / 3 / 14));
  step(E::Close, on_day(2024y / 3 / 15));
  REQUIRE(history.size() == 5);
  CHECK(c.status == S::Closed);
  CHECK(c.paid_amount == Money::cny(500'000'00));
  CHECK(progress(c, kReported + 24h * 11).next_step == "Closed; nothing more to do.");
}
