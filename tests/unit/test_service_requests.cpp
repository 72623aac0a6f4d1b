// The service-request service on the memory store: effects applied on completion in the same
// transaction (a failing effect leaves nothing), the C2 lifecycle deciding surrender and
// reinstatement, customer and policy changes, SLA deadlines and the watchdog.

#include <doctest/doctest.h>

#include "test_service_fixture.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>

using namespace std::chrono_literals;
using namespace inscrm;
using inscrm::test::admin;
using inscrm::test::clerk;
using inscrm::test::local;
using inscrm::test::ServiceFixture;

namespace {

ServiceRequest request(const ServiceFixture& f, ServiceKind kind, ServicePayload payload = {}) {
  ServiceRequest r;
  r.kind = kind;
  r.customer = f.holder.id;
  if (is_policy_bound(kind)) r.policy = f.policy.id;
  r.payload = std::move(payload);
  return r;
}

long count(const std::vector<std::string>& types, std::string_view type) {
  return std::count(types.begin(), types.end(), type);
}

}  // namespace

TEST_CASE("a surrender request moves the policy to Surrendered, recorded in its history") {
  ServiceFixture f;
  const auto requests = f.crm.service_requests();
  auto r = requests.submit(clerk, request(f, ServiceKind::Surrender));
  REQUIRE(r);
  CHECK(r.value().status == ServiceStatus::Submitted);
  CHECK(r.value().org_unit == f.branch.id);
  const auto id = r.value().id;
  f.clock->advance(2h);
  REQUIRE(requests.start(clerk, id, "svc-3"));

  // A surrender is completed with the value paid out.
  const auto before = f.snapshot();
  auto no_amount = requests.complete(clerk, id, "surrender value paid");
  REQUIRE_FALSE(no_amount);
  CHECK(no_amount.error().code() == Errc::IllegalTransition);
  CHECK(no_amount.error().field() == "amount");
  CHECK(f.snapshot() == before);

  f.clock->set(Date{2024y / 10 / 15});
  auto done = requests.complete(clerk, id, "surrender value paid", Money::cny(8'000'00));
  REQUIRE(done);
  CHECK(done.value().status == ServiceStatus::Completed);
  CHECK(done.value().amount == Money::cny(8'000'00));
  CHECK(done.value().assignee == "svc-3");

  auto policy = f.crm.policies().get(clerk, f.policy.id).value();
  CHECK(policy.status == PolicyStatus::Surrendered);
  CHECK(policy.status_since == Date{2024y / 10 / 15});
  auto last = f.crm.policies().history(clerk, f.policy.id).value().back();
  CHECK(last.event == PolicyEvent::Surrender);
  CHECK(last.from == PolicyStatus::InForce);
  CHECK(last.actor == "u-7");
  CHECK(last.reason == fmt::format("service request {}: surrender", id.value));

  auto steps = requests.history(clerk, id).value();
  REQUIRE(steps.size() == 3);
  CHECK(steps[2].event == ServiceEvent::Complete);
  CHECK(steps[2].note == "surrender value paid");
  const auto types = f.event_types();
  CHECK(count(types, "service_request.completed") == 1);
  CHECK(count(types, "policy.surrendered") == 1);
}

TEST_CASE("a failing effect leaves nothing: reinstating a policy that is in force") {
  ServiceFixture f;
  const auto requests = f.crm.service_requests();
  const auto id = requests.submit(clerk, request(f, ServiceKind::Reinstatement)).value().id;
  REQUIRE(requests.start(clerk, id));
  const auto before = f.snapshot();
  auto r = requests.complete(clerk, id, "reinstated");
  REQUIRE_FALSE(r);
  CHECK(r.error().code() == Errc::IllegalTransition);
  CHECK(r.error().field() == "policy.status");
  CHECK(f.snapshot() == before);
  CHECK(requests.get(clerk, id).value().status == ServiceStatus::InProgress);

  // Once the policy has lapsed, the same request goes through.
  f.clock->set(Date{2025y / 1 / 10});
  REQUIRE(f.crm.run_daily(Actor::system()));
  REQUIRE(f.crm.policies().get(clerk, f.policy.id).value().status == PolicyStatus::Lapsed);
  auto done = requests.complete(clerk, id, "reinstated after health declaration");
  REQUIRE(done);
  CHECK(f.crm.policies().get(clerk, f.policy.id).value().status == PolicyStatus::Reinstated);
}

TEST_CASE("contact, address and beneficiary changes are applied to the customer and the policy") {
  ServiceFixture f;
  const auto requests = f.crm.service_requests();
  auto complete = [&](ServiceRequest draft) {
    auto id = requests.submit(clerk, std::move(draft)).value().id;
    REQUIRE(requests.start(clerk, id));
    auto done = requests.complete(clerk, id, "done");
    REQUIRE(done);
    return done.value();
  };

  complete(request(f, ServiceKind::ChangeContact,
                   ContactChange{.phones = {{.number = "139 0000 1111"}}, .emails = {{.address = "Wei@Example.COM"}}}));
  auto c = f.crm.customers().get(clerk, f.holder.id).value();
  REQUIRE(c.phones.size() == 1);
  CHECK(c.phones[0].number == "13900001111");
  CHECK(c.phones[0].primary);
  REQUIRE(c.emails.size() == 1);
  CHECK(c.emails[0].address == "Wei@example.com");

  complete(request(f, ServiceKind::ChangeAddress, AddressChange{{.line = "上海市浦东新区世纪大道100号"}}));
  complete(request(f, ServiceKind::ChangeAddress, AddressChange{{.line = "上海市黄浦区南京东路1号"}}));
  c = f.crm.customers().get(clerk, f.holder.id).value();
  REQUIRE(c.addresses.size() == 1);  // the primary address is replaced, not piled up
  CHECK(c.addresses[0].line == "上海市黄浦区南京东路1号");
  CHECK(c.addresses[0].primary);

  complete(request(f, ServiceKind::ChangeBeneficiary,
                   BeneficiaryChange{{{f.spouse.id, 60}, {f.holder.id, 40}}}));
  auto p = f.crm.policies().get(clerk, f.policy.id).value();
  REQUIRE(p.beneficiaries.size() == 2);
  CHECK(p.beneficiaries[0].share_percent == 60);
  const auto types = f.event_types();
  CHECK(count(types, "customer.updated") == 3);
  CHECK(count(types, "policy.beneficiaries_changed") == 1);
  CHECK(count(types, "service_request.completed") == 4);

  // A value-added service changes nothing but its own record.
  const auto before_policy = f.crm.policies().get(clerk, f.policy.id).value().version;
  auto rescue = complete(request(f, ServiceKind::EmergencyRescue));
  CHECK(rescue.status == ServiceStatus::Completed);
  CHECK(f.crm.policies().get(clerk, f.policy.id).value().version == before_policy);
}

TEST_CASE("submission checks name the field and write nothing") {
  ServiceFixture f;
  const auto requests = f.crm.service_requests();
  const auto before = f.snapshot();

  SUBCASE("shares that do not sum to 100") {
    auto r = requests.submit(clerk, request(f, ServiceKind::ChangeBeneficiary,
                                            BeneficiaryChange{{{f.spouse.id, 60}, {f.holder.id, 30}}}));
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == Errc::InvalidArgument);
    CHECK(r.error().field() == "payload.beneficiaries");
  }
  SUBCASE("a beneficiary that does not exist") {
    auto r = requests.submit(clerk, request(f, ServiceKind::ChangeBeneficiary,
                                            BeneficiaryChange{{{f.spouse.id, 60}, {CustomerId{999}, 40}}}));
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == Errc::NotFound);
    CHECK(r.error().field() == "payload.beneficiaries[1].customer");
  }
  SUBCASE("a policy change asked for by someone who does not hold the policy") {
    auto draft = request(f, ServiceKind::Surrender);
    draft.customer = f.spouse.id;
    auto r = requests.submit(clerk, draft);
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == Errc::InvalidArgument);
    CHECK(r.error().field() == "policy");
  }
  SUBCASE("a phone that is no phone") {
    auto r = requests.submit(clerk, request(f, ServiceKind::ChangeContact, ContactChange{.phones = {{.number = "12"}}}));
    REQUIRE_FALSE(r);
    CHECK(r.error().field() == "payload.phones[0].number");
  }
  SUBCASE("an unknown customer") {
    auto draft = request(f, ServiceKind::LegalAid);
    draft.customer = CustomerId{999};
    auto r = requests.submit(clerk, draft);
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == Errc::NotFound);
    CHECK(r.error().field() == "customer");
  }
  SUBCASE("rejecting without a reason, and cancelling twice") {
    const auto id = requests.submit(clerk, request(f, ServiceKind::HealthConsultation)).value().id;
    const auto submitted = f.snapshot();
    auto r = requests.reject(clerk, id, "");
    REQUIRE_FALSE(r);
    CHECK(r.error().field() == "note");
    CHECK(f.snapshot() == submitted);
    auto cancelled = requests.cancel(clerk, id, "customer withdrew");
    REQUIRE(cancelled);
    CHECK(cancelled.value().status == ServiceStatus::Cancelled);
    CHECK(cancelled.value().result == "customer withdrew");
    auto twice = requests.cancel(clerk, id);
    REQUIRE_FALSE(twice);
    CHECK(twice.error().code() == Errc::IllegalTransition);
    return;
  }
  CHECK(f.snapshot() == before);
}

TEST_CASE("service-request deadlines, a pause, and the watchdog recording a breach once") {
  ServiceFixture f;
  const auto requests = f.crm.service_requests();
  // Thursday 12 Sep 16:00; the standard servicing SLA: 8 working hours to acknowledge, 40 to complete.
  const auto id = requests.submit(clerk, request(f, ServiceKind::ChangeAddress,
                                                 AddressChange{{.line = "上海市黄浦区南京东路1号"}}))
                      .value()
                      .id;
  auto d = requests.deadlines(clerk, id).value();
  CHECK(d.acknowledge == local(Date{2024y / 9 / 13}, 16));
  // Thu 2 + Fri 8 + Sat 14th (make-up) 8 + Wed 18th 8 + Thu 8 = 34; Fri 20th 9–12, 13–16.
  CHECK(d.resolve == local(Date{2024y / 9 / 20}, 16));

  f.clock->set(local(Date{2024y / 9 / 13}, 10));
  REQUIRE(requests.start(clerk, id));
  REQUIRE(requests.wait_on_customer(clerk, id, "proof of address"));
  CHECK_FALSE(requests.deadlines(clerk, id).value().resolve);
  // Back after the Mid-Autumn holiday, Wednesday 18th 10:00: Fri 10–12, 13–18, Sat 9–18 paused = 15 h.
  f.clock->set(local(Date{2024y / 9 / 18}, 10));
  REQUIRE(requests.customer_responded(clerk, id));
  d = requests.deadlines(clerk, id).value();
  // Thu 2 + Fri 9–10 = 3 used before the pause; 37 left from Wed 10:00: Wed 7, Thu 8, Fri 8, Mon 8 = 31,
  // Tue 24th 9–12, 13–16 = 37.
  CHECK(d.resolve == local(Date{2024y / 9 / 24}, 16));

  f.clock->set(local(Date{2024y / 9 / 24}, 17));
  auto run = f.crm.run_daily(Actor::system());
  REQUIRE(run);
  CHECK(run.value().service_requests_breached == 1);
  CHECK(f.crm.run_daily(Actor::system()).value().service_requests_breached == 0);
  CHECK(count(f.event_types(), "service_request.sla_breached") == 1);
  auto stored = requests.get(clerk, id).value();
  CHECK(stored.sla.breached_resolve_at == local(Date{2024y / 9 / 24}, 16));
  CHECK_FALSE(stored.sla.breached_ack_at);
  CHECK(requests.deadlines(clerk, id).value().resolve_breached);

  // Emergencies count every minute: 30 minutes to acknowledge.
  const auto rescue = requests.submit(clerk, request(f, ServiceKind::EmergencyRescue)).value().id;
  d = requests.deadlines(clerk, rescue).value();
  CHECK(d.row.calendar == SlaCalendar::RoundTheClock);
  CHECK(d.acknowledge == local(Date{2024y / 9 / 24}, 17, 30));

  // A policy with a bad key is refused.
  SlaPolicy bad = standard_service_sla();
  bad.rows.push_back({.category = "surrender", .severity = "high", .acknowledge_within = 1h, .resolve_within = 2h});
  auto refused = requests.set_sla_policy(admin, bad);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().field() == "rows[3].severity");
}

TEST_CASE("completing a surrender fails at any write and leaves exactly what it found") {
  auto plan = std::make_shared<testing::FaultPlan>();
  ServiceFixture f{plan};
  const auto requests = f.crm.service_requests();
  const auto id = requests.submit(clerk, request(f, ServiceKind::Surrender)).value().id;
  REQUIRE(requests.start(clerk, id));
  const auto before = f.snapshot();
  int failures = 0;
  for (int k = 1; k < 100; ++k) {
    plan->fail_at = k;
    auto r = requests.complete(clerk, id, "surrender value paid", Money::cny(8'000'00));
    plan->fail_at = 0;
    if (r) break;  // k is past the last write: the call went through
    CHECK(r.error().code() == Errc::StorageUnavailable);
    CHECK(f.snapshot() == before);
    ++failures;
  }
  // The policy transition with its event, the policy, the stage, the request, its step and event.
  CHECK(failures >= 6);
  CHECK(f.crm.policies().get(clerk, f.policy.id).value().status == PolicyStatus::Surrendered);
  CHECK(requests.get(clerk, id).value().status == ServiceStatus::Completed);
}

TEST_CASE("receiving a severe complaint with its escalation and assignment is all or nothing") {
  auto plan = std::make_shared<testing::FaultPlan>();
  ServiceFixture f{plan};
  REQUIRE(f.crm.complaints().set_assignment_rules(admin, {{.department = "cs", .handlers = {"h-1", "h-2"}}}));
  auto draft = f.complaint_draft(ComplaintSeverity::High);
  draft.department = "cs";
  const auto before = f.snapshot();
  int failures = 0;
  for (int k = 1; k < 100; ++k) {
    plan->fail_at = k;
    auto r = f.crm.complaints().receive(clerk, draft);
    plan->fail_at = 0;
    if (r) {
      CHECK(r.value().assignee == "h-1");
      CHECK(r.value().escalation_level == 1);
      break;
    }
    CHECK(r.error().code() == Errc::StorageUnavailable);
    CHECK(f.snapshot() == before);
    ++failures;
  }
  // insert, three steps with three events and their three audit records, the update, the commit.
  CHECK(failures == 12);
}
