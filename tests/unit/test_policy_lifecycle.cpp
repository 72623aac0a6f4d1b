// domain.md C2: the policy lifecycle table, its guards, and the events the calendar fires.

#include <inscrm/domain/payment.hpp>
#include <inscrm/domain/policy.hpp>
#include <inscrm/domain/policy_lifecycle.hpp>
#include <inscrm/domain/product.hpp>

#include <doctest/doctest.h>

#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

// Readable failure messages: doctest would otherwise print "{?}" for these.
namespace doctest {
template <>
struct StringMaker<inscrm::Date> {
  static String convert(const inscrm::Date& d) { return inscrm::to_string(d).c_str(); }
};
}  // namespace doctest

using namespace inscrm;
using namespace std::chrono_literals;

namespace {

using S = PolicyStatus;
using E = PolicyEvent;

std::string name(std::optional<PolicyStatus> s) { return s ? std::string{to_string(*s)} : std::string{"(none)"}; }

// The lifecycle as domain.md C2 draws it, written event by event so that it is an independent
// statement of the rules, not a copy of the library's table.
std::optional<PolicyStatus> expected_target(PolicyStatus from, PolicyEvent event) {
  auto from_any = [&](std::initializer_list<PolicyStatus> froms, PolicyStatus to) -> std::optional<PolicyStatus> {
    for (auto f : froms)
      if (f == from) return to;
    return std::nullopt;
  };
  switch (event) {
    case E::Apply: return from_any({S::Quoted}, S::Applied);
    case E::StartUnderwriting: return from_any({S::Applied}, S::Underwriting);
    case E::Decline: return from_any({S::Underwriting}, S::Declined);
    case E::Issue: return from_any({S::Underwriting}, S::Issued);
    case E::TakeEffect: return from_any({S::Issued, S::Renewed}, S::InForce);
    case E::MissPremium: return from_any({S::InForce}, S::GracePeriod);
    case E::PayArrears: return from_any({S::GracePeriod, S::Reinstated}, S::InForce);
    case E::Lapse: return from_any({S::GracePeriod}, S::Lapsed);
    case E::Reinstate: return from_any({S::Lapsed}, S::Reinstated);
    case E::CancelFreeLook: return from_any({S::Issued, S::InForce}, S::Cancelled);
    case E::Surrender: return from_any({S::InForce, S::GracePeriod, S::Reinstated, S::Renewed}, S::Surrendered);
    case E::Mature: return from_any({S::InForce}, S::Matured);
    case E::Expire: return from_any({S::InForce, S::GracePeriod}, S::Expired);
    case E::Renew: return from_any({S::InForce}, S::Renewed);
    case E::Terminate: return from_any({S::InForce, S::GracePeriod, S::Reinstated, S::Renewed}, S::Terminated);
  }
  return std::nullopt;
}

Product long_term_product() {
  Product p;
  p.id = ProductId{7};
  p.code = "WL-2024";
  p.term = ProductTerm::LongTerm;
  p.free_look_days = 15;
  p.grace_days = 60;
  p.reinstatement_days = 730;
  p.term_years = 20;
  return p;
}

Product short_term_product() {
  Product p = long_term_product();
  p.code = "TRV-1Y";
  p.term = ProductTerm::ShortTerm;
  p.renewable = true;
  p.term_years = 1;
  return p;
}

// A twenty-year policy issued 2024-01-01, effective 2024-01-10, in the given status.
Policy policy_in(PolicyStatus status, Date since = 2024y / 1 / 10) {
  Policy p;
  p.id = PolicyId{42};
  p.number = "P-42";
  p.product = ProductId{7};
  p.holder = CustomerId{1};
  p.premium = Money::cny(1200'00);
  p.frequency = Frequency::Annual;
  p.premium_years = 10;
  p.application_date = 2023y / 12 / 1;
  p.issue_date = 2024y / 1 / 1;
  p.effective_date = 2024y / 1 / 10;
  p.term_start = 2024y / 1 / 10;
  p.expiry_date = 2044y / 1 / 10;
  p.status = status;
  p.status_since = since;
  return p;
}

TransitionContext on_day(Date on, std::string reason = {}) {
  TransitionContext ctx;
  ctx.on = on;
  ctx.now = start_of(on) + std::chrono::hours{9};
  ctx.actor = "u-1024";
  ctx.reason = std::move(reason);
  return ctx;
}

// Everything apply_event may touch.
void check_unchanged(const Policy& after, const Policy& before) {
  CHECK(after.status == before.status);
  CHECK(after.status_since == before.status_since);
  CHECK(after.issue_date == before.issue_date);
  CHECK(after.effective_date == before.effective_date);
  CHECK(after.expiry_date == before.expiry_date);
  CHECK(after.term_start == before.term_start);
  CHECK(after.renewals == before.renewals);
}

void check_refused(Policy& p, const Product& product, PolicyEvent event, const TransitionContext& ctx) {
  const Policy before = p;
  const auto r = apply_event(p, product, event, ctx);
  REQUIRE_FALSE(r);
  CHECK(r.error().is_illegal_transition());
  CHECK_FALSE(r.error().message().empty());
  check_unchanged(p, before);
}

// One legal row set up so that its guard passes (`pass`) and, when the row has a guard, so that
// it fails (`fail`).
struct RowScenario {
  Policy policy;
  Product product;
  TransitionContext pass;
  std::optional<TransitionContext> fail;
  std::optional<Product> fail_product;  // when the failure comes from the product, not the day
};

RowScenario scenario_for(PolicyStatus from, PolicyEvent event) {
  RowScenario s{policy_in(from), long_term_product(), on_day(2024y / 6 / 1), std::nullopt, std::nullopt};
  switch (event) {
    case E::Apply:
    case E::StartUnderwriting:
    case E::Issue:
    case E::Surrender:
      break;
    case E::Decline:
    case E::Terminate:
      s.pass.reason = "reason given";
      s.fail = on_day(2024y / 6 / 1);
      break;
    case E::TakeEffect:
      if (from == S::Renewed) s.policy.term_start = 2025y / 1 / 10;
      {
        const Date start = from == S::Renewed ? 2025y / 1 / 10 : 2024y / 1 / 10;
        s.pass = on_day(start);
        s.fail = on_day(add_days(start, -1));
      }
      break;
    case E::CancelFreeLook:
      s.pass = on_day(2024y / 1 / 16);  // issue 01-01 + 15 days
      s.fail = on_day(2024y / 1 / 17);
      break;
    case E::MissPremium:
      s.pass.oldest_unpaid = 2024y / 5 / 31;
      s.fail = s.pass;
      s.fail->oldest_unpaid.reset();
      break;
    case E::PayArrears:
      s.fail = s.pass;
      s.fail->oldest_unpaid = 2024y / 5 / 1;
      break;
    case E::Lapse:
      s.pass = on_day(2024y / 7 / 1);  // grace: 05-01 + 60 days = 06-30
      s.pass.oldest_unpaid = 2024y / 5 / 1;
      s.fail = on_day(2024y / 6 / 30);
      s.fail->oldest_unpaid = 2024y / 5 / 1;
      break;
    case E::Reinstate:
      s.policy.status_since = 2024y / 7 / 1;
      s.pass = on_day(2026y / 7 / 1);  // 730 days: two common years
      s.fail = on_day(2026y / 7 / 2);
      break;
    case E::Mature:
      s.pass = on_day(2044y / 1 / 10);
      s.fail = on_day(2044y / 1 / 9);
      break;
    case E::Expire:
      s.product = short_term_product();
      s.policy.expiry_date = 2025y / 1 / 10;
      s.pass = on_day(2025y / 1 / 10);
      s.fail = on_day(2025y / 1 / 9);
      s.fail_product = long_term_product();
      break;
    case E::Renew:
      s.product = short_term_product();
      s.policy.expiry_date = 2025y / 1 / 10;
      s.pass = on_day(2024y / 12 / 11);  // 30 days before expiry
      s.fail = on_day(2024y / 12 / 10);
      s.fail_product = short_term_product();
      s.fail_product->renewable = false;
      break;
  }
  return s;
}

// What a daily batch does: apply whatever the calendar fires, until nothing more is due.
std::vector<PolicyTransition> run_batch(Policy& p, const Product& product, std::span<const Payment> payments,
                                        Date day) {
  std::vector<PolicyTransition> done;
  for (int guard = 0; guard < 10; ++guard) {
    TransitionContext ctx = on_day(day);
    ctx.actor = "system";
    ctx.oldest_unpaid = oldest_unpaid_due(p, payments, day);
    const auto due = due_event(p, product, ctx);
    if (!due) return done;
    ctx.on = due->effective_on;
    auto t = apply_event(p, product, due->event, ctx);
    REQUIRE(t);
    done.push_back(t.value());
  }
  FAIL("the batch did not settle");
  return done;
}

Payment paid(Date due) {
  Payment pay;
  pay.policy = PolicyId{42};
  pay.due_date = due;
  pay.paid_on = due;
  pay.amount = Money::cny(1200'00);
  return pay;
}

}  // namespace

TEST_CASE("the transition table matches domain.md C2 for every status and event") {
  int legal = 0;
  for (const auto from : enum_values<PolicyStatus>()) {
    for (const auto event : enum_values<PolicyEvent>()) {
      INFO(to_string(from), " + ", to_string(event));
      const auto expected = expected_target(from, event);
      CHECK(name(transition_target(from, event)) == name(expected));
      if (expected) {
        ++legal;
        continue;
      }
      Policy p = policy_in(from);
      const Policy before = p;
      TransitionContext ctx = on_day(2050y / 1 / 1, "any reason");
      ctx.oldest_unpaid = 2049y / 1 / 1;
      const auto r = apply_event(p, long_term_product(), event, ctx);
      REQUIRE_FALSE(r);
      CHECK(r.error().code() == Errc::IllegalTransition);
      CHECK(r.error().field() == "status");
      CHECK(r.error().message() == "cannot " + std::string{to_string(event)} + " a policy that is " +
                                       std::string{to_string(from)});
      check_unchanged(p, before);
    }
  }
  CHECK(legal == 25);
}

TEST_CASE("final statuses have no way out and in_force statuses have ways out") {
  for (const auto from : enum_values<PolicyStatus>()) {
    bool any = false;
    for (const auto event : enum_values<PolicyEvent>()) any = any || transition_target(from, event).has_value();
    INFO(to_string(from));
    CHECK(any == !is_final(from));
  }
}

TEST_CASE("every legal row applies when its guard passes and changes nothing when it fails") {
  for (const auto from : enum_values<PolicyStatus>()) {
    for (const auto event : enum_values<PolicyEvent>()) {
      const auto to = expected_target(from, event);
      if (!to) continue;
      INFO(to_string(from), " + ", to_string(event));
      RowScenario s = scenario_for(from, event);

      {
        Policy p = s.policy;
        const auto t = apply_event(p, s.product, event, s.pass);
        REQUIRE(t);
        CHECK(p.status == *to);
        CHECK(p.status_since == s.pass.on);
        CHECK(t.value().policy == PolicyId{42});
        CHECK_FALSE(t.value().id.valid());
        CHECK(t.value().from == from);
        CHECK(t.value().to == *to);
        CHECK(t.value().event == event);
        CHECK(t.value().effective_on == s.pass.on);
        CHECK(t.value().at == s.pass.now);
        CHECK(t.value().actor == "u-1024");
        CHECK(t.value().reason == s.pass.reason);
      }
      if (s.fail) {
        Policy p = s.policy;
        check_refused(p, s.product, event, *s.fail);
      }
      if (s.fail_product) {
        Policy p = s.policy;
        check_refused(p, *s.fail_product, event, s.pass);
      }
    }
  }
}

TEST_CASE("issue stamps the issue and effective dates only when the host gave none") {
  Policy p = policy_in(S::Underwriting);
  p.issue_date.reset();
  p.effective_date.reset();
  REQUIRE(apply_event(p, long_term_product(), E::Issue, on_day(2024y / 2 / 3)));
  CHECK(p.issue_date == 2024y / 2 / 3);
  CHECK(p.effective_date == 2024y / 2 / 3);

  Policy q = policy_in(S::Underwriting);
  REQUIRE(apply_event(q, long_term_product(), E::Issue, on_day(2024y / 2 / 3)));
  CHECK(q.issue_date == 2024y / 1 / 1);
  CHECK(q.effective_date == 2024y / 1 / 10);
}

TEST_CASE("take effect needs the start date") {
  Policy p = policy_in(S::Issued);
  p.effective_date.reset();
  check_refused(p, long_term_product(), E::TakeEffect, on_day(2024y / 6 / 1));

  Policy q = policy_in(S::Issued);
  const auto r = apply_event(q, long_term_product(), E::TakeEffect, on_day(2024y / 1 / 9));
  REQUIRE_FALSE(r);
  CHECK(r.error().message() == "cover starts on 2024-01-10");
}

TEST_CASE("free-look cancellation inside and outside the window") {
  const Product product = long_term_product();  // 15 free-look days from issue on 2024-01-01

  SUBCASE("on the last day of the window, from issued or in force") {
    for (const auto from : {S::Issued, S::InForce}) {
      Policy p = policy_in(from);
      REQUIRE(apply_event(p, product, E::CancelFreeLook, on_day(2024y / 1 / 16)));
      CHECK(p.status == S::Cancelled);
      CHECK(p.status_since == 2024y / 1 / 16);
    }
  }
  SUBCASE("the day after, with the date in the message") {
    Policy p = policy_in(S::InForce);
    const Policy before = p;
    const auto r = apply_event(p, product, E::CancelFreeLook, on_day(2024y / 1 / 17));
    REQUIRE_FALSE(r);
    CHECK(r.error().is_illegal_transition());
    CHECK(r.error().message() == "free-look window ended on 2024-01-16");
    check_unchanged(p, before);
  }
  SUBCASE("a product without free look") {
    Product none = product;
    none.free_look_days = 0;
    Policy p = policy_in(S::Issued);
    check_refused(p, none, E::CancelFreeLook, on_day(2024y / 1 / 2));
  }
  SUBCASE("a policy without an issue date") {
    Policy p = policy_in(S::Issued);
    p.issue_date.reset();
    check_refused(p, product, E::CancelFreeLook, on_day(2024y / 1 / 2));
  }
}

TEST_CASE("grace and lapse timing at the boundary dates") {
  const Product product = long_term_product();  // 60 grace days
  const Date due = 2025y / 1 / 10;               // grace runs 01-11 .. 03-11, lapse on 03-12

  SUBCASE("a premium is not missed on its due date, only after it") {
    Policy p = policy_in(S::InForce);
    TransitionContext ctx = on_day(due);
    ctx.oldest_unpaid = due;
    check_refused(p, product, E::MissPremium, ctx);
    ctx.on = add_days(due, 1);
    REQUIRE(apply_event(p, product, E::MissPremium, ctx));
    CHECK(p.status == S::GracePeriod);
    CHECK(p.status_since == 2025y / 1 / 11);
  }
  SUBCASE("no lapse on the last day of grace") {
    Policy p = policy_in(S::GracePeriod, 2025y / 1 / 11);
    TransitionContext ctx = on_day(2025y / 3 / 11);
    ctx.oldest_unpaid = due;
    const Policy before = p;
    const auto r = apply_event(p, product, E::Lapse, ctx);
    REQUIRE_FALSE(r);
    CHECK(r.error().message() == "the grace period runs until 2025-03-11");
    check_unchanged(p, before);
  }
  SUBCASE("lapse the day after grace ends") {
    Policy p = policy_in(S::GracePeriod, 2025y / 1 / 11);
    TransitionContext ctx = on_day(2025y / 3 / 12);
    ctx.oldest_unpaid = due;
    REQUIRE(apply_event(p, product, E::Lapse, ctx));
    CHECK(p.status == S::Lapsed);
    CHECK(p.status_since == 2025y / 3 / 12);
  }
  SUBCASE("no lapse once the arrears are paid; paying them ends grace") {
    Policy p = policy_in(S::GracePeriod, 2025y / 1 / 11);
    TransitionContext ctx = on_day(2025y / 4 / 1);
    check_refused(p, product, E::Lapse, ctx);
    REQUIRE(apply_event(p, product, E::PayArrears, ctx));
    CHECK(p.status == S::InForce);
  }
  SUBCASE("arrears still open block the way back to in force") {
    Policy p = policy_in(S::GracePeriod, 2025y / 1 / 11);
    TransitionContext ctx = on_day(2025y / 2 / 1);
    ctx.oldest_unpaid = due;
    check_refused(p, product, E::PayArrears, ctx);
  }
  SUBCASE("the product's grace period is the one counted") {
    Product short_grace = product;
    short_grace.grace_days = 30;
    Policy p = policy_in(S::GracePeriod, 2025y / 1 / 11);
    TransitionContext ctx = on_day(2025y / 2 / 10);
    ctx.oldest_unpaid = due;
    REQUIRE(apply_event(p, short_grace, E::Lapse, ctx));
    CHECK(p.status == S::Lapsed);
  }
}

TEST_CASE("reinstatement within and after the window") {
  const Product product = long_term_product();  // 730 days from the lapse
  SUBCASE("on the last day") {
    Policy p = policy_in(S::Lapsed, 2025y / 3 / 12);
    REQUIRE(apply_event(p, product, E::Reinstate, on_day(2027y / 3 / 12)));
    CHECK(p.status == S::Reinstated);
    CHECK(p.status_since == 2027y / 3 / 12);
  }
  SUBCASE("the day after") {
    Policy p = policy_in(S::Lapsed, 2025y / 3 / 12);
    const auto r = apply_event(p, product, E::Reinstate, on_day(2027y / 3 / 13));
    REQUIRE_FALSE(r);
    CHECK(r.error().message() == "reinstatement window ended on 2027-03-12");
    CHECK(p.status == S::Lapsed);
  }
  SUBCASE("then paying the arrears puts the policy back in force") {
    Policy p = policy_in(S::Reinstated, 2025y / 6 / 1);
    REQUIRE(apply_event(p, product, E::PayArrears, on_day(2025y / 6 / 5)));
    CHECK(p.status == S::InForce);
  }
}

TEST_CASE("maturity versus expiry follows the product's term") {
  SUBCASE("long-term cover matures and does not expire") {
    Policy p = policy_in(S::InForce);
    check_refused(p, long_term_product(), E::Expire, on_day(2044y / 2 / 1));
    check_refused(p, long_term_product(), E::Mature, on_day(2044y / 1 / 9));
    REQUIRE(apply_event(p, long_term_product(), E::Mature, on_day(2044y / 1 / 10)));
    CHECK(p.status == S::Matured);
  }
  SUBCASE("short-term cover expires and does not mature") {
    Policy p = policy_in(S::InForce);
    p.expiry_date = 2025y / 1 / 10;
    check_refused(p, short_term_product(), E::Mature, on_day(2025y / 2 / 1));
    check_refused(p, short_term_product(), E::Expire, on_day(2025y / 1 / 9));
    REQUIRE(apply_event(p, short_term_product(), E::Expire, on_day(2025y / 1 / 10)));
    CHECK(p.status == S::Expired);
  }
  SUBCASE("short-term cover in grace may still expire") {
    Policy p = policy_in(S::GracePeriod);
    p.expiry_date = 2025y / 1 / 10;
    REQUIRE(apply_event(p, short_term_product(), E::Expire, on_day(2025y / 1 / 10)));
    CHECK(p.status == S::Expired);
  }
  SUBCASE("whole-life cover without an expiry date never matures") {
    Policy p = policy_in(S::InForce);
    p.expiry_date.reset();
    check_refused(p, long_term_product(), E::Mature, on_day(2099y / 1 / 1));
  }
}

TEST_CASE("renewal moves the term and the new term takes effect at the old expiry") {
  const Product product = short_term_product();
  Policy p = policy_in(S::InForce);
  p.effective_date = 2024y / 1 / 10;
  p.term_start = 2024y / 1 / 10;
  p.expiry_date = 2025y / 1 / 10;

  check_refused(p, product, E::Renew, on_day(2024y / 12 / 10));  // 31 days before expiry
  const auto t = apply_event(p, product, E::Renew, on_day(2024y / 12 / 20, "customer renewed"));
  REQUIRE(t);
  CHECK(p.status == S::Renewed);
  CHECK(p.status_since == 2024y / 12 / 20);
  CHECK(p.term_start == 2025y / 1 / 10);
  CHECK(p.expiry_date == 2026y / 1 / 10);
  CHECK(p.renewals == 1);
  CHECK(p.effective_date == 2024y / 1 / 10);
  CHECK(t.value().reason == "customer renewed");

  check_refused(p, product, E::TakeEffect, on_day(2025y / 1 / 9));
  REQUIRE(apply_event(p, product, E::TakeEffect, on_day(2025y / 1 / 10)));
  CHECK(p.status == S::InForce);
  CHECK(p.status_since == 2025y / 1 / 10);

  SUBCASE("a multi-year term renews for that many years") {
    Product two_years = product;
    two_years.term_years = 2;
    REQUIRE(apply_event(p, two_years, E::Renew, on_day(2026y / 1 / 10)));
    CHECK(p.term_start == 2026y / 1 / 10);
    CHECK(p.expiry_date == 2028y / 1 / 10);
    CHECK(p.renewals == 2);
  }
  SUBCASE("renewal is still possible after expiry while in force") {
    REQUIRE(apply_event(p, product, E::Renew, on_day(2026y / 1 / 15)));
    CHECK(p.expiry_date == 2027y / 1 / 10);
  }
  SUBCASE("long-term and non-renewable products do not renew") {
    check_refused(p, long_term_product(), E::Renew, on_day(2026y / 1 / 1));
    Product fixed = product;
    fixed.renewable = false;
    check_refused(p, fixed, E::Renew, on_day(2026y / 1 / 1));
  }
}

TEST_CASE("terminate and decline require a reason") {
  for (const auto from : {S::InForce, S::GracePeriod, S::Reinstated, S::Renewed}) {
    INFO(to_string(from));
    Policy p = policy_in(from);
    const Policy before = p;
    const auto r = apply_event(p, long_term_product(), E::Terminate, on_day(2030y / 5 / 5));
    REQUIRE_FALSE(r);
    CHECK(r.error().is_illegal_transition());
    CHECK(r.error().field() == "reason");
    check_unchanged(p, before);

    const auto t = apply_event(p, long_term_product(), E::Terminate, on_day(2030y / 5 / 5, "death claim paid"));
    REQUIRE(t);
    CHECK(p.status == S::Terminated);
    CHECK(t.value().reason == "death claim paid");
  }
  Policy q = policy_in(S::Underwriting);
  const auto r = apply_event(q, long_term_product(), E::Decline, on_day(2023y / 12 / 20));
  REQUIRE_FALSE(r);
  CHECK(r.error().field() == "reason");
  REQUIRE(apply_event(q, long_term_product(), E::Decline, on_day(2023y / 12 / 20, "medical history")));
  CHECK(q.status == S::Declined);
}

TEST_CASE("a whole application runs from quote to in force") {
  Policy p = policy_in(S::Quoted, 2023y / 12 / 1);
  p.issue_date.reset();
  p.effective_date.reset();
  const Product product = long_term_product();
  REQUIRE(apply_event(p, product, E::Apply, on_day(2023y / 12 / 1)));
  REQUIRE(apply_event(p, product, E::StartUnderwriting, on_day(2023y / 12 / 2)));
  REQUIRE(apply_event(p, product, E::Issue, on_day(2023y / 12 / 20)));
  CHECK(p.status == S::Issued);
  const auto due = due_event(p, product, on_day(2023y / 12 / 25));
  REQUIRE(due);
  CHECK(due->event == E::TakeEffect);
  CHECK(due->effective_on == 2023y / 12 / 20);
}

TEST_CASE("due_event: what the calendar fires") {
  const Product lt = long_term_product();
  const Product st = short_term_product();

  SUBCASE("issued policies take effect on their effective date, not before") {
    const Policy p = policy_in(S::Issued);
    CHECK_FALSE(due_event(p, lt, on_day(2024y / 1 / 9)));
    const auto e = due_event(p, lt, on_day(2024y / 3 / 1));
    REQUIRE(e);
    CHECK(e->event == E::TakeEffect);
    CHECK(e->effective_on == 2024y / 1 / 10);
  }
  SUBCASE("a renewed term takes effect at its start") {
    Policy p = policy_in(S::Renewed);
    p.term_start = 2025y / 1 / 10;
    CHECK_FALSE(due_event(p, st, on_day(2025y / 1 / 9)));
    const auto e = due_event(p, st, on_day(2025y / 1 / 10));
    REQUIRE(e);
    CHECK(e->event == E::TakeEffect);
    CHECK(e->effective_on == 2025y / 1 / 10);
  }
  SUBCASE("the rule due first fires first: end of cover vs a premium missed just before it") {
    Policy p = policy_in(S::InForce);
    TransitionContext ctx = on_day(2044y / 2 / 1);
    ctx.oldest_unpaid = 2043y / 12 / 1;  // missed before maturity: grace opens first
    auto e = due_event(p, lt, ctx);
    REQUIRE(e);
    CHECK(e->event == E::MissPremium);
    CHECK(e->effective_on == 2043y / 12 / 2);

    ctx.oldest_unpaid.reset();  // everything paid: the policy matures
    e = due_event(p, lt, ctx);
    REQUIRE(e);
    CHECK(e->event == E::Mature);
    CHECK(e->effective_on == 2044y / 1 / 10);

    // In grace at the end of a short term, with grace running past it: the policy expires.
    p.status = S::GracePeriod;
    p.expiry_date = 2025y / 1 / 10;
    ctx.on = 2025y / 1 / 10;
    ctx.oldest_unpaid = 2024y / 12 / 1;
    e = due_event(p, st, ctx);
    REQUIRE(e);
    CHECK(e->event == E::Expire);
    CHECK(e->effective_on == 2025y / 1 / 10);

    // A catch-up run long after: grace ran out (2024-11-30) before the term ended, so it lapses.
    ctx.on = 2025y / 6 / 1;
    ctx.oldest_unpaid = 2024y / 10 / 1;
    e = due_event(p, st, ctx);
    REQUIRE(e);
    CHECK(e->event == E::Lapse);
    CHECK(e->effective_on == 2024y / 12 / 1);
  }
  SUBCASE("long-term cover in grace at maturity follows the premium rules") {
    Policy p = policy_in(S::GracePeriod);
    TransitionContext ctx = on_day(2044y / 1 / 10);
    ctx.oldest_unpaid = 2043y / 1 / 10;
    const auto e = due_event(p, lt, ctx);
    REQUIRE(e);
    CHECK(e->event == E::Lapse);
    CHECK(e->effective_on == 2043y / 3 / 12);
  }
  SUBCASE("a missed instalment opens grace the day after its due date") {
    const Policy p = policy_in(S::InForce);
    TransitionContext ctx = on_day(2025y / 1 / 10);
    ctx.oldest_unpaid = 2025y / 1 / 10;  // due today: not missed yet
    CHECK_FALSE(due_event(p, lt, ctx));
    ctx.on = 2025y / 1 / 11;
    const auto e = due_event(p, lt, ctx);
    REQUIRE(e);
    CHECK(e->event == E::MissPremium);
    CHECK(e->effective_on == 2025y / 1 / 11);
  }
  SUBCASE("grace lapses the day after it ends") {
    const Policy p = policy_in(S::GracePeriod, 2025y / 1 / 11);
    TransitionContext ctx = on_day(2025y / 3 / 11);
    ctx.oldest_unpaid = 2025y / 1 / 10;
    CHECK_FALSE(due_event(p, lt, ctx));
    ctx.on = 2025y / 3 / 12;
    const auto e = due_event(p, lt, ctx);
    REQUIRE(e);
    CHECK(e->event == E::Lapse);
    CHECK(e->effective_on == 2025y / 3 / 12);
  }
  SUBCASE("nothing fires for quiet or finished policies") {
    for (const auto s : enum_values<PolicyStatus>()) {
      if (s == S::Issued || s == S::Renewed) continue;
      INFO(to_string(s));
      CHECK_FALSE(due_event(policy_in(s), lt, on_day(2030y / 1 / 1)));
    }
  }
}

TEST_CASE("a batch run long after a missed instalment: grace, then lapse, on the right dates") {
  const Product product = long_term_product();
  Policy p = policy_in(S::InForce);
  const std::vector<Payment> payments{paid(2024y / 1 / 10)};  // year 2 (due 2025-01-10) never paid

  const auto done = run_batch(p, product, payments, 2025y / 12 / 1);
  REQUIRE(done.size() == 2);
  CHECK(done[0].event == E::MissPremium);
  CHECK(done[0].from == S::InForce);
  CHECK(done[0].to == S::GracePeriod);
  CHECK(done[0].effective_on == 2025y / 1 / 11);
  CHECK(done[0].actor == "system");
  CHECK(done[1].event == E::Lapse);
  CHECK(done[1].to == S::Lapsed);
  CHECK(done[1].effective_on == 2025y / 3 / 12);  // 01-10 + 60 grace days = 03-11, lapse the next day
  CHECK(p.status == S::Lapsed);
  CHECK(p.status_since == 2025y / 3 / 12);

  CHECK(run_batch(p, product, payments, 2025y / 12 / 2).empty());
}

TEST_CASE("a batch run every day moves the policy on exactly the boundary days") {
  const Product product = long_term_product();
  Policy p = policy_in(S::InForce);
  const std::vector<Payment> payments{paid(2024y / 1 / 10)};

  std::vector<std::pair<Date, PolicyStatus>> changes;
  for (Date day = 2025y / 1 / 1; day <= 2025y / 4 / 30; day = add_days(day, 1)) {
    const auto done = run_batch(p, product, payments, day);
    for (const auto& t : done) {
      CHECK(t.effective_on == day);
      changes.emplace_back(day, t.to);
    }
  }
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].first == 2025y / 1 / 11);
  CHECK(changes[0].second == S::GracePeriod);
  CHECK(changes[1].first == 2025y / 3 / 12);
  CHECK(changes[1].second == S::Lapsed);
}

TEST_CASE("a batch run for an issued policy takes effect, then expires at the end of term") {
  const Product product = short_term_product();
  Policy p = policy_in(S::Issued);
  p.frequency = Frequency::Single;
  p.premium_years = 0;
  p.expiry_date = 2025y / 1 / 10;
  const std::vector<Payment> payments{paid(2024y / 1 / 10)};

  const auto done = run_batch(p, product, payments, 2025y / 2 / 1);
  REQUIRE(done.size() == 2);
  CHECK(done[0].event == E::TakeEffect);
  CHECK(done[0].effective_on == 2024y / 1 / 10);
  CHECK(done[1].event == E::Expire);
  CHECK(done[1].effective_on == 2025y / 1 / 10);
  CHECK(p.status == S::Expired);
}
