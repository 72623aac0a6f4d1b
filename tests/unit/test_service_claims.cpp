// The claim service on the memory store: report to close, the checklist and progress, typed
// refusals, the cover rule, and a paid death claim terminating its policy through the lifecycle.

#include <doctest/doctest.h>

#include "test_service_fixture.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>

using namespace std::chrono_literals;
using namespace inscrm;
using inscrm::test::clerk;
using inscrm::test::ServiceFixture;

namespace {

std::vector<ClaimEvent> events_of(const std::vector<ClaimTransition>& history) {
  std::vector<ClaimEvent> out;
  for (const auto& t : history) out.push_back(t.event);
  return out;
}

Claim death_claim(const ServiceFixture& f) {
  Claim c;
  c.policy = f.policy.id;
  c.claimant = f.spouse.id;  // the named beneficiary
  c.type = ClaimType::Death;
  c.incident_date = Date{2024y / 9 / 20};
  c.claimed_amount = Money::cny(500'000'00);
  return c;
}

Claim medical_claim(const ServiceFixture& f) {
  Claim c;
  c.policy = f.policy.id;
  c.claimant = f.holder.id;  // the insured
  c.type = ClaimType::Medical;
  c.incident_date = Date{2024y / 9 / 14};
  c.claimed_amount = Money::cny(20'000'00);
  return c;
}

void receive_all(const ServiceFixture& f, ClaimId id) {
  const auto claim = f.crm.claims().get(clerk, id).value();
  for (const auto& name : claim.required_documents)
    REQUIRE(f.crm.claims().receive_document(clerk, id, name));
}

}  // namespace

TEST_CASE("a death claim from report to close; paying it terminates the policy through its lifecycle") {
  ServiceFixture f;
  f.clock->set(Date{2024y / 9 / 25});
  auto reported = f.crm.claims().report(clerk, death_claim(f));
  REQUIRE(reported);
  const auto& c = reported.value();
  CHECK(c.number == fmt::format("C{:010}", c.id.value));
  CHECK(c.status == ClaimStatus::DocumentsPending);  // the checklist is not in yet
  CHECK(c.org_unit == f.policy.org_unit);
  CHECK(c.required_documents == required_documents(ClaimType::Death));
  CHECK(f.crm.claims().by_number(clerk, c.number).value().id == c.id);

  auto progress = f.crm.claims().progress(clerk, c.id).value();
  CHECK(progress.status == ClaimStatus::DocumentsPending);
  CHECK(progress.missing_documents.size() == 5);
  CHECK(progress.next_step.find("death_certificate") != std::string::npos);

  // Assessment waits for a complete file.
  auto early = f.crm.claims().start_assessment(clerk, c.id);
  REQUIRE_FALSE(early);
  CHECK(early.error().code() == Errc::IllegalTransition);
  CHECK(early.error().field() == "documents");

  f.clock->set(Date{2024y / 9 / 28});
  receive_all(f, c.id);
  progress = f.crm.claims().progress(clerk, c.id).value();
  CHECK(progress.missing_documents.empty());
  CHECK(progress.days_since_reported == 3);
  REQUIRE(f.crm.claims().start_assessment(clerk, c.id));

  auto too_much = f.crm.claims().approve(clerk, c.id, Money::cny(600'000'00));
  REQUIRE_FALSE(too_much);
  CHECK(too_much.error().code() == Errc::InvalidArgument);
  CHECK(too_much.error().field() == "approved_amount");
  REQUIRE(f.crm.claims().approve(clerk, c.id, Money::cny(500'000'00), "cause of death covered"));

  f.clock->set(Date{2024y / 10 / 8});
  auto paid = f.crm.claims().pay(clerk, c.id);
  REQUIRE(paid);
  CHECK(paid.value().status == ClaimStatus::Paid);
  CHECK(paid.value().paid_amount == Money::cny(500'000'00));
  CHECK(paid.value().paid_on == Date{2024y / 10 / 8});

  auto policy = f.crm.policies().get(clerk, f.policy.id).value();
  CHECK(policy.status == PolicyStatus::Terminated);
  CHECK(policy.status_since == Date{2024y / 10 / 8});
  auto ph = f.crm.policies().history(clerk, f.policy.id).value();
  CHECK(ph.back().event == PolicyEvent::Terminate);
  CHECK(ph.back().reason == "death claim paid");
  CHECK(ph.back().actor == "u-7");

  REQUIRE(f.crm.claims().close(clerk, c.id));
  using E = ClaimEvent;
  CHECK(events_of(f.crm.claims().history(clerk, c.id).value()) ==
        std::vector{E::RequestDocuments, E::StartAssessment, E::Approve, E::Pay, E::Close});

  const auto types = f.event_types();
  for (const char* t : {"claim.reported", "claim.documents_requested", "claim.assessment_started", "claim.approved",
                        "claim.paid", "claim.closed", "policy.terminated"})
    CHECK_MESSAGE(std::count(types.begin(), types.end(), t) == 1, t);
  CHECK(std::count(types.begin(), types.end(), "claim.document_received") == 5);
  // The policy's end is announced right after the payment that caused it.
  const auto paid_at = std::find(types.begin(), types.end(), "claim.paid");
  REQUIRE(paid_at + 1 != types.end());
  CHECK(*(paid_at + 1) == "policy.terminated");
}

TEST_CASE("paying a declined claim is an illegal transition and writes nothing; a reopen reassesses") {
  ServiceFixture f;
  f.clock->set(Date{2024y / 9 / 20});
  auto id = f.crm.claims().report(clerk, medical_claim(f)).value().id;
  receive_all(f, id);
  REQUIRE(f.crm.claims().start_assessment(clerk, id));
  auto no_reason = f.crm.claims().decline(clerk, id, "");
  REQUIRE_FALSE(no_reason);
  CHECK(no_reason.error().field() == "reason");
  REQUIRE(f.crm.claims().decline(clerk, id, "pre-existing condition"));

  const auto before = f.snapshot();
  auto pay = f.crm.claims().pay(clerk, id);
  REQUIRE_FALSE(pay);
  CHECK(pay.error().code() == Errc::IllegalTransition);
  CHECK(pay.error().message() == "cannot pay a claim that is declined");
  CHECK(f.snapshot() == before);
  CHECK(f.crm.policies().get(clerk, f.policy.id).value().status == PolicyStatus::InForce);

  auto reopened = f.crm.claims().reopen(clerk, id, "new hospital records");
  REQUIRE(reopened);
  CHECK(reopened.value().status == ClaimStatus::UnderAssessment);
  CHECK(reopened.value().reopen_count == 1);
  CHECK(reopened.value().decline_reason.empty());
  REQUIRE(f.crm.claims().approve(clerk, id, Money::cny(15'000'00)));
  REQUIRE(f.crm.claims().pay(clerk, id));
  // Not a death claim: the policy stays in force.
  CHECK(f.crm.policies().get(clerk, f.policy.id).value().status == PolicyStatus::InForce);
}

TEST_CASE("a claim is for an incident the policy covered, by one of its parties") {
  ServiceFixture f;
  f.clock->set(Date{2024y / 9 / 20});
  const auto before = f.snapshot();
  auto claim = medical_claim(f);

  SUBCASE("an unknown policy") {
    claim.policy = PolicyId{999};
    auto r = f.crm.claims().report(clerk, claim);
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == Errc::NotFound);
    CHECK(r.error().field() == "policy");
  }
  SUBCASE("an unknown claimant") {
    claim.claimant = CustomerId{999};
    auto r = f.crm.claims().report(clerk, claim);
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == Errc::NotFound);
    CHECK(r.error().field() == "claimant");
  }
  SUBCASE("a claimant who is no party to the policy") {
    auto stranger = f.crm.customers().create(clerk, {.name = "王芳"}).value();
    const auto with_stranger = f.snapshot();
    claim.claimant = stranger.id;
    auto r = f.crm.claims().report(clerk, claim);
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == Errc::InvalidArgument);
    CHECK(r.error().field() == "claimant");
    CHECK(f.snapshot() == with_stranger);
    return;
  }
  SUBCASE("an incident before cover started") {
    claim.incident_date = Date{2024y / 9 / 1};
    auto r = f.crm.claims().report(clerk, claim);
    REQUIRE_FALSE(r);
    CHECK(r.error().field() == "incident_date");
  }
  SUBCASE("an incident after the report") {
    claim.incident_date = Date{2024y / 9 / 21};
    auto r = f.crm.claims().report(clerk, claim);
    REQUIRE_FALSE(r);
    CHECK(r.error().field() == "incident_date");
  }
  SUBCASE("a claim in another currency") {
    claim.claimed_amount = Money{100, *Currency::parse("USD")};
    auto r = f.crm.claims().report(clerk, claim);
    REQUIRE_FALSE(r);
    CHECK(r.error().field() == "claimed_amount");
  }
  SUBCASE("a number the library reserves") {
    claim.number = "~mine";
    auto r = f.crm.claims().report(clerk, claim);
    REQUIRE_FALSE(r);
    CHECK(r.error().field() == "number");
  }
  CHECK(f.snapshot() == before);
}

TEST_CASE("a lapsed policy still answers for incidents before it lapsed; a quote never answers") {
  ServiceFixture f;
  // The first premium (due 12 Sep 2024) is never paid: grace from the 13th, lapsed 60 days later.
  f.clock->set(Date{2025y / 1 / 10});
  REQUIRE(f.crm.run_daily(Actor::system()));
  const auto lapsed = f.crm.policies().get(clerk, f.policy.id).value();
  REQUIRE(lapsed.status == PolicyStatus::Lapsed);

  auto before_lapse = medical_claim(f);
  before_lapse.incident_date = Date{2024y / 10 / 1};
  before_lapse.number = "CL-2025-1";
  auto ok = f.crm.claims().report(clerk, before_lapse);
  REQUIRE(ok);
  CHECK(ok.value().number == "CL-2025-1");

  auto after_lapse = medical_claim(f);
  after_lapse.incident_date = add_days(lapsed.status_since, 1);
  auto late = f.crm.claims().report(clerk, after_lapse);
  REQUIRE_FALSE(late);
  CHECK(late.error().field() == "incident_date");

  // The same number twice is refused by the store.
  auto again = f.crm.claims().report(clerk, before_lapse);
  REQUIRE_FALSE(again);
  CHECK(again.error().code() == Errc::AlreadyExists);

  auto quote = f.crm.policies()
                   .quote(clerk, {.product = "WL", .holder = f.holder.id, .sum_insured = Money::cny(100'000'00),
                                  .premium = Money::cny(1'000'00)})
                   .value();
  auto on_quote = medical_claim(f);
  on_quote.policy = quote.id;
  auto refused = f.crm.claims().report(clerk, on_quote);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code() == Errc::InvalidArgument);
  CHECK(refused.error().field() == "policy");

  // A paid death claim on a lapsed policy leaves it lapsed: it already left force.
  auto death = death_claim(f);
  death.incident_date = Date{2024y / 10 / 2};
  const auto id = f.crm.claims().report(clerk, death).value().id;
  receive_all(f, id);
  REQUIRE(f.crm.claims().start_assessment(clerk, id));
  REQUIRE(f.crm.claims().approve(clerk, id, Money::cny(500'000'00)));
  REQUIRE(f.crm.claims().pay(clerk, id));
  CHECK(f.crm.policies().get(clerk, f.policy.id).value().status == PolicyStatus::Lapsed);
}

TEST_CASE("a claim reported with its documents and an extra checklist item") {
  ServiceFixture f;
  f.clock->set(Date{2024y / 9 / 20});
  auto draft = medical_claim(f);
  draft.required_documents = {"second_opinion"};
  for (const auto& name : required_documents(ClaimType::Medical)) draft.documents.push_back({.name = name});
  auto c = f.crm.claims().report(clerk, draft);
  REQUIRE(c);
  CHECK(c.value().required_documents.size() == required_documents(ClaimType::Medical).size() + 1);
  CHECK(c.value().required_documents.back() == "second_opinion");
  CHECK(c.value().documents.front().received_at == f.clock->now());
  auto progress = f.crm.claims().progress(clerk, c.value().id).value();
  CHECK(progress.missing_documents == std::vector<std::string>{"second_opinion"});
  REQUIRE(f.crm.claims().receive_document(clerk, c.value().id, "second_opinion"));
  // Everything is in: assessment may start from DocumentsPending, by the generic entry point too.
  auto assessed = f.crm.claims().apply_event(clerk, c.value().id, ClaimEvent::StartAssessment);
  REQUIRE(assessed);
  CHECK(assessed.value().status == ClaimStatus::UnderAssessment);

  draft.documents = {{.name = " "}};
  auto blank = f.crm.claims().report(clerk, draft);
  REQUIRE_FALSE(blank);
  CHECK(blank.error().field() == "documents[0].name");
}
