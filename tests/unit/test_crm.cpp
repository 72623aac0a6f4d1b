// The facade on the memory store: one transaction per service call, typed errors naming the
// field, optimistic versions, the lifecycle driven by the calendar, and the outbox.

#include <doctest/doctest.h>

#include <inscrm/crm.hpp>

#include "faulty_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include <memory>

using namespace std::chrono_literals;
using namespace inscrm;

namespace {

const Actor clerk{.user = "u-7", .roles = {Role::ServiceRep}};
const Actor admin{.user = "admin-1", .roles = {Role::Administrator}};  // reference data: products
const Actor analyst{.user = "analyst-1", .roles = {Role::Analyst}};     // the summary

struct Fixture {
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(Date{2024y / 1 / 10});
  Crm crm = Crm::open("memory:", {.clock = clock}).value();
  Product wl = crm.products()
                   .create(admin, {.code = "WL", .name = "Whole life", .free_look_days = 15, .grace_days = 60,
                                   .term_years = 20})
                   .value();
  Customer holder = crm.customers()
                        .create(clerk, {.name = "张伟", .identity = IdentityDocument{IdType::ResidentId,
                                                                                      "110105198503142318"}})
                        .value();
  Customer spouse = crm.customers()
                        .create(clerk, {.name = "李娜", .gender = Gender::Female, .birth_date = Date{1987y / 6 / 2}})
                        .value();

  PolicyApplication application() const {
    return {.product = "WL", .holder = holder.id, .beneficiaries = {{spouse.id, 100}},
            .sum_insured = Money::cny(500'000'00), .premium = Money::cny(12'000'00)};
  }

  // Everything a failed call must leave untouched.
  struct Snapshot {
    std::size_t customers, policies, events;
    std::vector<std::int64_t> versions;
    bool operator==(const Snapshot&) const = default;
  };
  Snapshot snapshot() const {
    Snapshot s{};
    auto customers = crm.customers().list(clerk).value();
    s.customers = customers.size();
    for (const auto& c : customers) s.versions.push_back(c.version);
    auto policies = crm.policies().list(clerk).value();
    s.policies = policies.size();
    for (const auto& p : policies) {
      s.versions.push_back(p.version);
      s.versions.push_back(static_cast<std::int64_t>(crm.policies().history(clerk, p.id).value().size()));
      s.versions.push_back(static_cast<std::int64_t>(crm.policies().payments(clerk, p.id).value().size()));
    }
    s.events = crm.events().poll(100000).value().size();
    return s;
  }
};

std::vector<PolicyStatus> path(const std::vector<PolicyTransition>& history) {
  std::vector<PolicyStatus> out;
  for (const auto& t : history) out.push_back(t.to);
  return out;
}

}  // namespace

TEST_CASE("issue → pay → miss → grace → lapse → reinstate → in force, every step in the history") {
  Fixture f;
  auto p = f.crm.policies().issue(clerk, f.application());
  REQUIRE(p);
  CHECK(p.value().status == PolicyStatus::InForce);
  CHECK(p.value().number == fmt::format("P{:010}", p.value().id.value));
  CHECK(p.value().expiry_date == Date{2044y / 1 / 10});
  const auto id = p.value().id;

  REQUIRE(f.crm.policies().record_payment(clerk, id, {.due = Date{2024y / 1 / 10}}));
  f.clock->set(Date{2025y / 1 / 5});
  auto early = f.crm.policies().record_payment(clerk, id, {.due = Date{2025y / 1 / 10}});
  REQUIRE(early);
  CHECK(early.value().kind() == PremiumKind::Renewal);
  CHECK(early.value().policy_year == 2);

  // 2026-01-10 is missed; a run long after catches up: grace from the 11th, lapse 60 days later.
  auto run = f.crm.run_daily(Actor::system(), Date{2026y / 6 / 1});
  REQUIRE(run);
  CHECK(run.value().entered_grace == 1);
  CHECK(run.value().lapsed == 1);
  auto lapsed = f.crm.policies().get(clerk, id).value();
  CHECK(lapsed.status == PolicyStatus::Lapsed);
  CHECK(lapsed.status_since == Date{2026y / 3 / 12});
  CHECK(f.crm.customers().get(clerk, f.holder.id).value().stage == CustomerStage::Lapsed);

  // The same day again changes nothing.
  auto again = f.crm.run_daily(Actor::system(), Date{2026y / 6 / 1});
  REQUIRE(again);
  CHECK(again.value().entered_grace + again.value().lapsed + again.value().stage_changes == 0);

  // A payment on a lapsed policy is refused until it is reinstated.
  f.clock->set(Date{2026y / 6 / 2});
  auto refused = f.crm.policies().record_payment(clerk, id, {.due = Date{2026y / 1 / 10}});
  REQUIRE_FALSE(refused);
  CHECK(refused.error().field() == "policy_id");

  REQUIRE(f.crm.policies().reinstate(clerk, id, "customer request"));
  REQUIRE(f.crm.policies().record_payment(clerk, id, {.due = Date{2026y / 1 / 10}}));
  auto back = f.crm.policies().get(clerk, id).value();
  CHECK(back.status == PolicyStatus::InForce);
  CHECK(f.crm.customers().get(clerk, f.holder.id).value().stage == CustomerStage::WonBack);

  auto history = f.crm.policies().history(clerk, id).value();
  CHECK(path(history) == std::vector{PolicyStatus::Applied, PolicyStatus::Underwriting, PolicyStatus::Issued,
                                     PolicyStatus::InForce, PolicyStatus::GracePeriod, PolicyStatus::Lapsed,
                                     PolicyStatus::Reinstated, PolicyStatus::InForce});
  CHECK(history[4].effective_on == Date{2026y / 1 / 11});
  CHECK(history[6].actor == "u-7");
  CHECK(history[6].reason == "customer request");
}

TEST_CASE("bad input is a typed error naming the field, and nothing is written") {
  Fixture f;
  auto id = f.crm.policies().issue(clerk, f.application()).value().id;
  const auto before = f.snapshot();

  SUBCASE("empty name") {
    auto r = f.crm.customers().create(clerk, {.name = "  "});
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == Errc::InvalidArgument);
    CHECK(r.error().field() == "name");
  }
  SUBCASE("identity number with a wrong check digit") {
    auto r = f.crm.customers().create(
        clerk, {.name = "王芳", .identity = IdentityDocument{IdType::ResidentId, "110105198503142315"}});
    REQUIRE_FALSE(r);
    CHECK(r.error().field() == "identity.number");
  }
  SUBCASE("identity number that disagrees with the birth date") {
    auto r = f.crm.customers().create(clerk, {.name = "王芳", .birth_date = Date{1985y / 3 / 15},
                                              .identity = IdentityDocument{IdType::ResidentId, "110105198503142318"}});
    REQUIRE_FALSE(r);
    CHECK(r.error().field() == "birth_date");
  }
  SUBCASE("phone that is no phone number") {
    auto r = f.crm.customers().create(clerk, {.name = "王芳", .phones = {{.number = "12345"}}});
    REQUIRE_FALSE(r);
    CHECK(r.error().field() == "phones[0].number");
  }
  SUBCASE("beneficiary shares that do not sum to 100 %") {
    auto app = f.application();
    app.beneficiaries = {{f.spouse.id, 60}, {f.holder.id, 30}};
    auto r = f.crm.policies().issue(clerk, app);
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == Errc::InvalidArgument);
    CHECK(r.error().field() == "beneficiaries");
  }
  SUBCASE("a beneficiary that does not exist") {
    auto app = f.application();
    app.beneficiaries = {{CustomerId{999}, 100}};
    auto r = f.crm.policies().issue(clerk, app);
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == Errc::NotFound);
    CHECK(r.error().field() == "beneficiaries[0].customer");
  }
  SUBCASE("unknown product") {
    auto app = f.application();
    app.product = "NOPE";
    auto r = f.crm.policies().issue(clerk, app);
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == Errc::NotFound);
    CHECK(r.error().field() == "product");
  }
  SUBCASE("premium in the wrong currency") {
    auto app = f.application();
    app.premium = Money{100, *Currency::parse("USD")};
    auto r = f.crm.policies().issue(clerk, app);
    REQUIRE_FALSE(r);
    CHECK(r.error().field() == "premium");
  }
  SUBCASE("payment for a date on which nothing falls due") {
    auto r = f.crm.policies().record_payment(clerk, id, {.due = Date{2024y / 2 / 10}});
    REQUIRE_FALSE(r);
    CHECK(r.error().field() == "due");
  }
  SUBCASE("the same instalment paid twice") {
    REQUIRE(f.crm.policies().record_payment(clerk, id, {.due = Date{2024y / 1 / 10}}));
    const auto after_first = f.snapshot();
    auto r = f.crm.policies().record_payment(clerk, id, {.due = Date{2024y / 1 / 10}});
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == Errc::AlreadyExists);
    CHECK(f.snapshot() == after_first);
    return;
  }
  SUBCASE("an illegal lifecycle event") {
    auto r = f.crm.policies().apply_event(clerk, id, PolicyEvent::Lapse);
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == Errc::IllegalTransition);
  }
  CHECK(f.snapshot() == before);
}

TEST_CASE("a payment on a policy cancelled in its free-look window is refused") {
  Fixture f;
  auto id = f.crm.policies().issue(clerk, f.application()).value().id;
  f.clock->set(Date{2024y / 1 / 20});
  auto cancelled = f.crm.policies().cancel_in_free_look(clerk, id, "changed mind");
  REQUIRE(cancelled);
  CHECK(cancelled.value().status == PolicyStatus::Cancelled);
  const auto before = f.snapshot();
  auto r = f.crm.policies().record_payment(clerk, id, {.due = Date{2024y / 1 / 10}});
  REQUIRE_FALSE(r);
  CHECK(r.error().code() == Errc::InvalidArgument);
  CHECK(r.error().field() == "policy_id");
  CHECK(f.snapshot() == before);

  // After the window, cancellation is an illegal transition.
  auto other = f.crm.policies().issue(clerk, f.application()).value().id;
  f.clock->set(Date{2024y / 3 / 1});
  auto late = f.crm.policies().cancel_in_free_look(clerk, other);
  REQUIRE_FALSE(late);
  CHECK(late.error().code() == Errc::IllegalTransition);
}

TEST_CASE("a stale update is rejected with Conflict and the stored record is the winner's") {
  Fixture f;
  auto first = f.crm.customers().get(clerk, f.spouse.id).value();
  auto second = first;
  first.occupation = "teacher";
  REQUIRE(f.crm.customers().update(clerk, first));
  second.occupation = "doctor";
  auto lost = f.crm.customers().update(clerk, second);
  REQUIRE_FALSE(lost);
  CHECK(lost.error().code() == Errc::Conflict);
  auto stored = f.crm.customers().get(clerk, f.spouse.id).value();
  CHECK(stored.occupation == "teacher");
  CHECK(stored.version == first.version + 1);
}

TEST_CASE("a service call that fails half-way leaves no change behind, whichever write fails") {
  auto plan = std::make_shared<testing::FaultPlan>();
  auto clock = std::make_shared<ManualClock>(Date{2024y / 1 / 10});
  auto crm = Crm::open(std::make_unique<testing::FaultyStore>(storage::open_store("memory:").value(), plan),
                       {.clock = clock})
                 .value();
  REQUIRE(crm.products().create(admin, {.code = "WL", .name = "Whole life"}));
  auto holder = crm.customers().create(clerk, {.name = "张伟"}).value();

  auto count_all = [&] {
    auto policies = crm.policies().list(clerk).value();
    std::size_t history = 0;
    for (const auto& p : policies) history += crm.policies().history(clerk, p.id).value().size();
    return std::tuple{policies.size(), history, crm.events().poll(10000).value().size(),
                      crm.customers().get(clerk, holder.id).value().version};
  };
  const auto before = count_all();
  int failures = 0;
  for (int k = 1; k < 100; ++k) {
    plan->fail_at = k;
    auto r = crm.policies().issue(clerk, {.product = "WL", .holder = holder.id, .sum_insured = Money::cny(100'000'00),
                                          .premium = Money::cny(1'000'00)});
    plan->fail_at = 0;  // count_all reads personal data, and such a read is audited: a write itself
    if (r) break;  // k is past the last write: the call went through
    CHECK(r.error().code() == Errc::StorageUnavailable);
    CHECK(count_all() == before);
    ++failures;
  }
  // issue() writes the policy, its number, three or four transitions with events, and the stage.
  CHECK(failures >= 10);
  plan->fail_at = 0;
  CHECK(std::get<0>(count_all()) == 1);
}

TEST_CASE("bulk import: all-or-nothing writes nothing when a row is bad; skip mode reports each bad row once") {
  Fixture f;
  std::vector<Customer> rows{{.name = "甲"}, {.name = ""}, {.name = "乙", .phones = {{.number = "999"}}},
                             {.external_ref = "CORE-1", .name = "丙"}, {.external_ref = "CORE-1", .name = "丁"}};
  const auto before = f.snapshot();
  auto strict = f.crm.customers().import(clerk, rows, ImportMode::AllOrNothing);
  REQUIRE(strict);
  CHECK(strict.value().imported == 0);
  REQUIRE(strict.value().errors.size() == 3);
  CHECK(strict.value().errors[0].row == 1);
  CHECK(strict.value().errors[0].error.field() == "name");
  CHECK(strict.value().errors[1].row == 2);
  CHECK(strict.value().errors[1].error.field() == "phones[0].number");
  CHECK(strict.value().errors[2].row == 4);
  CHECK(strict.value().errors[2].error.code() == Errc::AlreadyExists);
  CHECK(f.snapshot() == before);

  auto lenient = f.crm.customers().import(clerk, rows, ImportMode::SkipBadRows);
  REQUIRE(lenient);
  CHECK(lenient.value().imported == 2);
  CHECK(lenient.value().errors.size() == 3);
  CHECK(f.crm.customers().find_by_external_ref(clerk, "CORE-1").value()->name == "丙");
}

TEST_CASE("policy import is all or nothing: a bad payment in the last row undoes every policy") {
  Fixture f;
  std::vector<PolicyImportRow> rows;
  for (int i = 0; i < 3; ++i) {
    auto app = f.application();
    app.number = fmt::format("MIG-{}", i);
    app.effective_date = Date{2023y / 5 / 1};
    rows.push_back({app, PolicyStatus::InForce, {{.due = Date{2023y / 5 / 1}}}});
  }
  rows.back().payments.push_back({.due = Date{2023y / 5 / 2}});  // not a due date
  const auto before = f.snapshot();
  auto r = f.crm.policies().import(clerk, rows);
  REQUIRE_FALSE(r);
  CHECK(r.error().field() == "[2].payments[1].due");
  CHECK(f.snapshot() == before);

  rows.back().payments.pop_back();
  auto ok = f.crm.policies().import(clerk, rows);
  REQUIRE(ok);
  CHECK(ok.value().size() == 3);
  CHECK(f.crm.policies().payments(clerk, ok.value()[0]).value().size() == 1);
}

TEST_CASE("the outbox: each state change is an event; drain acknowledges what the host handled") {
  Fixture f;
  auto id = f.crm.policies().issue(clerk, f.application()).value().id;
  auto events = f.crm.events().poll(1000).value();
  std::vector<std::string> types;
  for (const auto& e : events) types.push_back(e.type);
  CHECK(std::count(types.begin(), types.end(), "customer.created") == 2);
  CHECK(std::count(types.begin(), types.end(), "policy.in_force") == 1);
  CHECK(std::count(types.begin(), types.end(), "customer.stage_changed") == 1);
  CHECK(events.back().at == f.clock->now());

  std::size_t seen = 0;
  auto handled = f.crm.events().drain([&](const DomainEvent& e) { return ++seen <= 3 || e.entity_id < 0; });
  REQUIRE(handled);
  CHECK(handled.value() == 3);
  CHECK(f.crm.events().poll(1000).value().size() == events.size() - 3);

  REQUIRE(f.crm.policies().surrender(clerk, id, "needs cash"));
  auto last = f.crm.events().poll(1000).value();
  CHECK(last.back().type == "customer.stage_changed");
  CHECK(last[last.size() - 2].type == "policy.surrendered");
}

TEST_CASE("customer stages follow the facts") {
  Fixture f;
  CHECK(f.holder.stage == CustomerStage::Prospect);
  REQUIRE(f.crm.policies().issue(clerk, f.application()));
  CHECK(f.crm.customers().get(clerk, f.holder.id).value().stage == CustomerStage::New);
  // Six months on, and premiums paid, the customer is simply active.
  REQUIRE(f.crm.policies().record_payment(clerk, f.crm.policies().list(clerk).value()[0].id,
                                          {.due = Date{2024y / 1 / 10}}));
  auto run = f.crm.run_daily(Actor::system(), Date{2024y / 8 / 1});
  REQUIRE(run);
  CHECK(run.value().stage_changes == 1);
  CHECK(f.crm.customers().get(clerk, f.holder.id).value().stage == CustomerStage::Active);
  CHECK(f.crm.customers().get(clerk, f.spouse.id).value().stage == CustomerStage::Prospect);
}

TEST_CASE("summary counts policies by status, first-year vs renewal premium and customers by stage") {
  Fixture f;
  auto id = f.crm.policies().issue(clerk, f.application()).value().id;
  REQUIRE(f.crm.policies().record_payment(clerk, id, {.due = Date{2024y / 1 / 10}}));
  f.clock->set(Date{2025y / 1 / 10});
  REQUIRE(f.crm.policies().record_payment(clerk, id, {.due = Date{2025y / 1 / 10}}));
  auto s = f.crm.summary(analyst).value();
  CHECK(s.customers == 2);
  CHECK(s.policies == 1);
  CHECK(s.count(PolicyStatus::InForce) == 1);
  CHECK(s.first_year_premium == Money::cny(12'000'00));
  CHECK(s.renewal_premium == Money::cny(12'000'00));
  CHECK(s.annualised_premium_in_force == Money::cny(12'000'00));
  CHECK(s.count(CustomerStage::New) == 1);
  CHECK(s.count(CustomerStage::Prospect) == 1);
}

TEST_CASE("open: unknown schemes are errors naming the uri") {
  auto r = Crm::open("mysql://nope");
  REQUIRE_FALSE(r);
  CHECK(r.error().code() == Errc::InvalidArgument);
  CHECK(r.error().field() == "uri");
}

TEST_CASE("payments of a range of policies come in one read, by policy then due date") {
  Fixture f;
  const auto first = f.crm.policies().issue(clerk, f.application()).value();
  const auto second = f.crm.policies().issue(clerk, f.application()).value();
  REQUIRE(f.crm.policies().record_payment(clerk, second.id, {.due = Date{2024y / 1 / 10}}));
  REQUIRE(f.crm.policies().record_payment(clerk, first.id, {.due = Date{2024y / 1 / 10}}));
  f.clock->set(Date{2025y / 1 / 10});
  REQUIRE(f.crm.policies().record_payment(clerk, first.id, {.due = Date{2025y / 1 / 10}}));

  const auto all = f.crm.policies().payments_in_range(clerk, first.id, second.id).value();
  REQUIRE(all.size() == 3);
  CHECK(all[0].policy == first.id);
  CHECK(all[0].due_date == Date{2024y / 1 / 10});
  CHECK(all[1].policy == first.id);
  CHECK(all[1].due_date == Date{2025y / 1 / 10});
  CHECK(all[2].policy == second.id);
  CHECK(f.crm.policies().payments_in_range(clerk, second.id, second.id).value().size() == 1);

  auto backwards = f.crm.policies().payments_in_range(clerk, second.id, first.id);
  REQUIRE_FALSE(backwards);
  CHECK(backwards.error().code() == Errc::InvalidArgument);
  CHECK(backwards.error().field() == "last");
}
