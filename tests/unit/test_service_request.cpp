// domain.md C4: service requests (保全 and value-added services) — the status table, the SLA it
// pauses while waiting on the customer, what a submission must carry, and the policy event a
// completed request hands to the C2 lifecycle.

#include <inscrm/core/business_calendar.hpp>
#include <inscrm/domain/policy_lifecycle.hpp>
#include <inscrm/domain/service_request.hpp>
#include <inscrm/domain/sla.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace doctest {
template <>
struct StringMaker<inscrm::Instant> {
  static String convert(const inscrm::Instant& t) { return inscrm::to_string(t).c_str(); }
};
}  // namespace doctest

using namespace inscrm;
using namespace std::chrono_literals;

namespace {

using S = ServiceStatus;
using E = ServiceEvent;
using K = ServiceKind;

std::string name(std::optional<ServiceStatus> s) { return s ? std::string{to_string(*s)} : std::string{"(none)"}; }

// domain.md C4 and service_request.hpp, event by event (independent of the library's table).
std::optional<ServiceStatus> expected_target(ServiceStatus from, ServiceEvent event) {
  auto from_any = [&](std::initializer_list<ServiceStatus> froms, ServiceStatus to) -> std::optional<ServiceStatus> {
    for (auto f : froms)
      if (f == from) return to;
    return std::nullopt;
  };
  switch (event) {
    case E::Submit: return std::nullopt;
    case E::Start: return from_any({S::Submitted}, S::InProgress);
    case E::WaitOnCustomer: return from_any({S::InProgress}, S::WaitingOnCustomer);
    case E::CustomerResponded: return from_any({S::WaitingOnCustomer}, S::InProgress);
    case E::Complete: return from_any({S::InProgress}, S::Completed);
    case E::Reject: return from_any({S::Submitted, S::InProgress, S::WaitingOnCustomer}, S::Rejected);
    case E::Cancel: return from_any({S::Submitted, S::InProgress, S::WaitingOnCustomer}, S::Cancelled);
  }
  return std::nullopt;
}

Instant beijing(Date d, std::chrono::minutes time_of_day) { return start_of(d) + time_of_day - 8h; }

const Instant kRequested = beijing(2024y / 9 / 27, 16h);  // a Friday afternoon

ServiceRequest surrender_in(ServiceStatus status) {
  ServiceRequest r;
  r.id = ServiceRequestId{12};
  r.kind = K::Surrender;
  r.customer = CustomerId{1};
  r.policy = PolicyId{42};
  r.requested_at = kRequested;
  r.org_unit = OrgUnitId{3};
  r.status = status;
  r.sla.started_at = kRequested;
  if (status != S::Submitted) r.sla.acknowledged_at = kRequested + 10min;
  if (status == S::WaitingOnCustomer) {
    SlaPause p;
    p.start = kRequested + 1h;
    p.reason = "waiting for the signed form";
    r.sla.pauses.push_back(p);
  }
  if (status == S::Completed || status == S::Rejected || status == S::Cancelled) r.sla.resolved_at = kRequested + 2h;
  return r;
}

ServiceRequestContext at(Instant t, std::string note = {}) {
  ServiceRequestContext ctx;
  ctx.at = t;
  ctx.actor = "u-3";
  ctx.note = std::move(note);
  return ctx;
}

ServiceRequestContext everything(Instant t) {
  ServiceRequestContext ctx = at(t, "any note");
  ctx.result = "surrender value paid to the holder's account";
  ctx.amount = Money::cny(12'345'00);
  ctx.assignee = "u-8";
  return ctx;
}

void check_unchanged(const ServiceRequest& after, const ServiceRequest& before) {
  CHECK(after.status == before.status);
  CHECK(after.result == before.result);
  CHECK(after.amount == before.amount);
  CHECK(after.completed_at == before.completed_at);
  CHECK(after.assignee == before.assignee);
  CHECK(after.updated_at == before.updated_at);
  CHECK(after.sla.pauses.size() == before.sla.pauses.size());
  CHECK(is_paused(after.sla) == is_paused(before.sla));
  CHECK(after.sla.acknowledged_at == before.sla.acknowledged_at);
  CHECK(after.sla.resolved_at == before.sla.resolved_at);
}

Error refusal(ServiceRequest& r, ServiceEvent event, const ServiceRequestContext& ctx) {
  const ServiceRequest before = r;
  const auto result = apply_event(r, event, ctx);
  REQUIRE_FALSE(result);
  check_unchanged(r, before);
  return result.error();
}

ServiceRequest draft(ServiceKind kind) {
  ServiceRequest r;
  r.kind = kind;
  r.customer = CustomerId{1};
  r.requested_at = kRequested;
  r.org_unit = OrgUnitId{3};
  if (is_policy_bound(kind)) r.policy = PolicyId{42};
  if (kind == K::PolicyLoan || kind == K::LoanRepayment) r.amount = Money::cny(5'000'00);
  switch (kind) {
    case K::ChangeContact: r.payload = ContactChange{{Phone{"13812345678", true, false}}, {}}; break;
    case K::ChangeAddress: r.payload = AddressChange{Address{"上海市浦东新区世纪大道100号", "310115", "200120", true}}; break;
    case K::ChangeBeneficiary:
      r.payload = BeneficiaryChange{{Beneficiary{CustomerId{2}, 60}, Beneficiary{CustomerId{3}, 40}}};
      break;
    case K::ChangePaymentMethod: r.payload = PaymentMethodChange{PayChannel::AutoDebit, "6222020200112233445"}; break;
    default: break;
  }
  return r;
}

}  // namespace

TEST_CASE("the service request table matches domain.md C4 for every status and event") {
  int legal = 0;
  for (const auto from : enum_values<ServiceStatus>()) {
    for (const auto event : enum_values<ServiceEvent>()) {
      INFO(to_string(from), " + ", to_string(event));
      const auto expected = expected_target(from, event);
      CHECK(name(transition_target(from, event)) == name(expected));
      if (expected) {
        ++legal;
        continue;
      }
      ServiceRequest r = surrender_in(from);
      const Error e = refusal(r, event, everything(kRequested + 3h));
      CHECK(e.code() == Errc::IllegalTransition);
      CHECK(e.field() == "status");
      CHECK(e.message() ==
            "cannot " + std::string{to_string(event)} + " a service request that is " + std::string{to_string(from)});
    }
  }
  CHECK(legal == 10);
}

TEST_CASE("open statuses have a way out, final ones none") {
  for (const auto from : enum_values<ServiceStatus>()) {
    bool any = false;
    for (const auto event : enum_values<ServiceEvent>()) any = any || transition_target(from, event).has_value();
    INFO(to_string(from));
    CHECK(any == is_open(from));
  }
}

TEST_CASE("every legal row applies, moves the SLA clock and records the step") {
  for (const auto from : enum_values<ServiceStatus>()) {
    for (const auto event : enum_values<ServiceEvent>()) {
      const auto to = expected_target(from, event);
      if (!to) continue;
      INFO(to_string(from), " + ", to_string(event));
      ServiceRequest r = surrender_in(from);
      const ServiceRequestContext ctx = everything(kRequested + 3h);
      const auto step = apply_event(r, event, ctx);
      REQUIRE(step);
      CHECK(r.status == *to);
      CHECK(r.updated_at == ctx.at);
      CHECK(step.value().request == ServiceRequestId{12});
      CHECK(step.value().from == from);
      CHECK(step.value().to == *to);
      CHECK(step.value().event == event);
      CHECK(step.value().at == ctx.at);
      CHECK(step.value().actor == "u-3");
      CHECK(is_paused(r.sla) == (*to == S::WaitingOnCustomer));
      CHECK(r.sla.resolved_at.has_value() == !is_open(*to));
      CHECK(r.sla.acknowledged_at.has_value());
    }
  }
}

TEST_CASE("guards: complete needs a result and the amount, reject a reason") {
  ServiceRequest r = surrender_in(S::InProgress);
  ServiceRequestContext ctx = everything(kRequested + 3h);
  ctx.result.clear();
  CHECK(refusal(r, E::Complete, ctx).field() == "result");
  ctx = everything(kRequested + 3h);
  ctx.amount.reset();
  const Error missing = refusal(r, E::Complete, ctx);
  CHECK(missing.is_illegal_transition());
  CHECK(missing.field() == "amount");
  CHECK(missing.message() == "a surrender is completed with its amount");
  ctx.amount = Money::cny(-1);
  CHECK(refusal(r, E::Complete, ctx).is_invalid_argument());

  CHECK(refusal(r, E::Reject, at(kRequested + 3h)).field() == "note");
  CHECK(refusal(r, E::Start, at(kRequested - 1min)).is_illegal_transition());  // no row from in progress
  ServiceRequest fresh = surrender_in(S::Submitted);
  CHECK(refusal(fresh, E::Start, at(kRequested - 1min)).field() == "at");

  // A value-added service needs no amount.
  ServiceRequest rescue = draft(K::EmergencyRescue);
  REQUIRE(submit_request(rescue, at(kRequested)));
  REQUIRE(apply_event(rescue, E::Start, at(kRequested + 5min)));
  ServiceRequestContext done = at(kRequested + 2h);
  done.result = "ambulance dispatched; customer admitted to hospital";
  REQUIRE(apply_event(rescue, E::Complete, done));
  CHECK(rescue.completed_at == kRequested + 2h);
  CHECK(rescue.result == "ambulance dispatched; customer admitted to hospital");
  CHECK_FALSE(rescue.amount);
}

TEST_CASE("a surrender over a weekend, waiting on the customer, then handed to the policy lifecycle") {
  BusinessCalendar cal = BusinessCalendar::office_hours({{9h, 12h}, {13h, 18h}});
  cal.make_up_days = {2024y / 9 / 29};
  for (int d = 1; d <= 7; ++d) cal.holidays.insert(2024y / 10 / d);
  SlaPolicy policy;
  policy.fallback = SlaRow{"", "", 8h, 40h};
  policy.rows = {SlaRow{"surrender", "", 4h, 16h}};

  ServiceRequest r = draft(K::Surrender);
  const auto submitted = submit_request(r, at(kRequested + 5min, "walk-in at the branch"));
  REQUIRE(submitted);
  CHECK(submitted.value().event == E::Submit);
  CHECK(submitted.value().note == "walk-in at the branch");
  CHECK(r.sla.started_at == kRequested);
  const SlaRow& row = sla_row_for(policy, r);
  CHECK(row.resolve_within == 16h);
  // Friday 16:00 + 16h: Fri 2h, Saturday off, Sunday 09-29 worked 8h, Monday 09-30 6h → 16:00.
  CHECK(deadline_resolve(r.sla, row, cal) == beijing(2024y / 9 / 30, 16h));

  ServiceRequestContext start = at(beijing(2024y / 9 / 27, 17h));
  start.assignee = "u-8";
  REQUIRE(apply_event(r, E::Start, start));
  CHECK(r.assignee == "u-8");
  CHECK(r.sla.acknowledged_at == beijing(2024y / 9 / 27, 17h));

  // Monday 09-30 11:00 the signed form is missing; it comes back on 10-08 at 14:00.
  REQUIRE(apply_event(r, E::WaitOnCustomer, at(beijing(2024y / 9 / 30, 11h), "signed surrender form")));
  CHECK(r.status == S::WaitingOnCustomer);
  CHECK(deadline_resolve(r.sla, row, cal) == std::nullopt);
  REQUIRE(apply_event(r, E::CustomerResponded, at(beijing(2024y / 10 / 8, 14h))));
  // Used before: Fri 2h, Sun 8h, Mon 2h = 12h; 4h left from Tue 10-08 14:00 → 18:00.
  CHECK(deadline_resolve(r.sla, row, cal) == beijing(2024y / 10 / 8, 18h));

  ServiceRequestContext done = at(beijing(2024y / 10 / 8, 17h));
  done.result = "surrender value paid";
  done.amount = Money::cny(23'456'78);
  const auto completed = apply_event(r, E::Complete, done);
  REQUIRE(completed);
  CHECK(completed.value().note == "surrender value paid");
  CHECK(r.status == S::Completed);
  CHECK(r.amount == Money::cny(23'456'78));
  CHECK(r.completed_at == beijing(2024y / 10 / 8, 17h));
  CHECK_FALSE(breaches(r.sla, row, cal, beijing(2024y / 10 / 20, 0h)).any());

  // The facade applies this through policy_lifecycle.hpp, whose guards still decide.
  REQUIRE(policy_effect(r.kind));
  CHECK(*policy_effect(r.kind) == PolicyEvent::Surrender);
}

TEST_CASE("policy_effect: only surrender and reinstatement move the policy") {
  for (const auto kind : enum_values<ServiceKind>()) {
    INFO(to_string(kind));
    const auto effect = policy_effect(kind);
    if (kind == K::Surrender)
      CHECK(effect == PolicyEvent::Surrender);
    else if (kind == K::Reinstatement)
      CHECK(effect == PolicyEvent::Reinstate);
    else
      CHECK_FALSE(effect);
  }
}

TEST_CASE("submission: a policy for policy-bound kinds, amounts, and the payload that fits") {
  const Instant now = kRequested + 1min;
  for (const auto kind : enum_values<ServiceKind>()) {
    INFO(to_string(kind));
    ServiceRequest r = draft(kind);
    CHECK(submit_request(r, at(now)));
    ServiceRequest unbound = draft(kind);
    unbound.policy.reset();
    const auto result = validate_service_request(unbound, now);
    CHECK(result.has_value() == !is_policy_bound(kind));
    if (!result) {
      CHECK(result.error().is_invalid_argument());
      CHECK(result.error().field() == "policy");
    }
  }
  CHECK(is_value_added(K::HealthConsultation));
  CHECK(is_value_added(K::LegalAid));
  CHECK_FALSE(is_value_added(K::Surrender));

  const auto field_of = [&](ServiceRequest r) {
    const auto v = validate_service_request(r, now);
    REQUIRE_FALSE(v);
    CHECK(v.error().is_invalid_argument());
    return v.error().field();
  };
  ServiceRequest r = draft(K::PolicyLoan);
  r.amount.reset();
  CHECK(field_of(r) == "amount");
  r = draft(K::LoanRepayment);
  r.amount = Money::cny(0);
  CHECK(field_of(r) == "amount");
  r = draft(K::HealthConsultation);
  r.customer = CustomerId{};
  CHECK(field_of(r) == "customer");
  r = draft(K::HealthConsultation);
  r.requested_at = now + 1h;
  CHECK(field_of(r) == "requested_at");

  // The payload must match the kind.
  r = draft(K::Surrender);
  r.payload = AddressChange{};
  CHECK(field_of(r) == "payload");
  r = draft(K::ChangeAddress);
  r.payload = std::monostate{};
  CHECK(field_of(r) == "payload");
  r = draft(K::ChangeAddress);
  std::get<AddressChange>(r.payload).address.line = " ";
  CHECK(field_of(r) == "payload.address.line");
  r = draft(K::ChangeContact);
  std::get<ContactChange>(r.payload).phones.push_back(Phone{"12345", false, false});
  CHECK(field_of(r) == "payload.phones[1].number");
  r = draft(K::ChangeContact);
  std::get<ContactChange>(r.payload).emails.push_back(Email{"not-an-email", false, false});
  CHECK(field_of(r) == "payload.emails[0].email");
  r = draft(K::ChangeContact);
  std::get<ContactChange>(r.payload) = ContactChange{};
  CHECK(field_of(r) == "payload.phones");
  r = draft(K::ChangeBeneficiary);
  std::get<BeneficiaryChange>(r.payload).beneficiaries[1].share_percent = 30;
  CHECK(field_of(r) == "payload.beneficiaries");
  r = draft(K::ChangeBeneficiary);
  std::get<BeneficiaryChange>(r.payload).beneficiaries[1].customer = CustomerId{2};
  CHECK(field_of(r) == "payload.beneficiaries[1].customer");
  r = draft(K::ChangePaymentMethod);
  std::get<PaymentMethodChange>(r.payload).account.clear();
  CHECK(field_of(r) == "payload.account");

  // An empty beneficiary list means statutory heirs; paying at a counter needs no account.
  r = draft(K::ChangeBeneficiary);
  std::get<BeneficiaryChange>(r.payload).beneficiaries.clear();
  CHECK(validate_service_request(r, now));
  r = draft(K::ChangePaymentMethod);
  r.payload = PaymentMethodChange{PayChannel::BankCounter, ""};
  CHECK(validate_service_request(r, now));
}

TEST_CASE("reject and cancel close the SLA and keep the reason") {
  ServiceRequest r = surrender_in(S::WaitingOnCustomer);
  REQUIRE(apply_event(r, E::Reject, at(kRequested + 30h, "policy has an outstanding loan")));
  CHECK(r.status == S::Rejected);
  CHECK(r.result == "policy has an outstanding loan");
  CHECK_FALSE(r.completed_at);
  CHECK_FALSE(is_paused(r.sla));
  CHECK(r.sla.pauses.back().end == kRequested + 30h);
  CHECK(r.sla.resolved_at == kRequested + 30h);

  ServiceRequest c = surrender_in(S::Submitted);
  REQUIRE(apply_event(c, E::Cancel, at(kRequested + 1h, "customer changed their mind")));
  CHECK(c.status == S::Cancelled);
  CHECK(c.result == "customer changed their mind");
  CHECK(c.sla.acknowledged_at == kRequested + 1h);
}
