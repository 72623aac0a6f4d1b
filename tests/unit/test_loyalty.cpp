// domain.md C7: the points ledger, earning rules and tiers — the pure rules, and the facade on the
// memory store with a manual clock.
#include <doctest/doctest.h>

#include <inscrm/crm.hpp>

#include "test_service_fixture.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace inscrm;
using namespace inscrm::test;
using namespace std::chrono;

namespace {

EarningRule premium_rule(int expiry_months = 24) {
  EarningRule r;
  r.name = "premium";
  r.event = EarnEventType::PremiumPaid;
  r.points_per_unit = 1;
  r.unit_minor = 10'00;  // one point per 10 yuan
  r.valid_from = Date{2020y / 1 / 1};
  r.expiry_months = expiry_months;
  return r;
}

EarnEvent paid(CustomerId customer, std::string source, std::int64_t yuan, std::optional<PolicyId> policy = {}) {
  return {.customer = customer,
          .type = EarnEventType::PremiumPaid,
          .amount = Money::cny(yuan * 100),
          .policy = policy,
          .source = std::move(source)};
}

std::int64_t count(const std::vector<std::string>& types, std::string_view type) {
  return std::count(types.begin(), types.end(), type);
}

}  // namespace

// ---- pure rules --------------------------------------------------------------------------------

TEST_CASE("points: spending takes the oldest-expiring grant first, never an expired one") {
  const std::vector<OpenGrant> open{{PointsEntryId{1}, 100, Date{2025y / 6 / 1}},
                                    {PointsEntryId{2}, 50, Date{2025y / 3 / 1}},
                                    {PointsEntryId{3}, 70, std::nullopt},
                                    {PointsEntryId{4}, 30, Date{2025y / 1 / 10}}};
  const auto spent = allocate_spend(open, 120, Date{2025y / 1 / 10});  // grant 4 expired that day
  REQUIRE(spent);
  REQUIRE(spent.value().size() == 2);
  CHECK(spent.value()[0].grant == PointsEntryId{2});
  CHECK(spent.value()[0].points == 50);
  CHECK(spent.value()[1].grant == PointsEntryId{1});
  CHECK(spent.value()[1].points == 70);
  CHECK(available(open, Date{2025y / 1 / 10}) == 220);
  const auto too_much = allocate_spend(open, 221, Date{2025y / 1 / 10});
  REQUIRE_FALSE(too_much);
  CHECK(too_much.error().field() == "points");
  const auto gone = expiring(open, Date{2025y / 3 / 1});
  REQUIRE(gone.size() == 2);
  CHECK(gone[0].grant == PointsEntryId{2});
  CHECK(gone[1].grant == PointsEntryId{4});
}

TEST_CASE("points: replay proves a ledger and rejects a debit the rules do not give") {
  auto entry = [](std::int64_t id, PointsKind kind, std::int64_t points, Date on, std::optional<Date> expires = {},
                  std::optional<std::int64_t> reverses = {}) {
    PointsEntry e;
    e.id = PointsEntryId{id};
    e.customer = CustomerId{1};
    e.kind = kind;
    e.points = points;
    e.on = on;
    e.expires_on = expires;
    if (reverses) e.reverses = PointsEntryId{*reverses};
    e.idempotency_key = std::to_string(id);
    return e;
  };
  std::vector<PointsEntry> ledger{entry(1, PointsKind::Earn, 100, Date{2025y / 1 / 1}, Date{2025y / 3 / 1}),
                                  entry(2, PointsKind::Earn, 40, Date{2025y / 1 / 2}, Date{2025y / 2 / 1}),
                                  entry(3, PointsKind::Redeem, -60, Date{2025y / 1 / 5})};
  // The redemption took 40 from grant 2 (it expires first) and 20 from grant 1: 80 are left of it.
  ledger.push_back(entry(4, PointsKind::Reverse, -80, Date{2025y / 1 / 6}, {}, 1));
  const auto ok_state = replay(ledger);
  REQUIRE(ok_state);
  CHECK(ok_state.value().balance == 0);
  CHECK(ok_state.value().open.empty());

  ledger.back().points = -100;  // more than was left of grant 1
  const auto bad = replay(ledger);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code() == Errc::Internal);
}

TEST_CASE("points: an entry's sign must fit its kind") {
  PointsEntry e;
  e.customer = CustomerId{1};
  e.kind = PointsKind::Redeem;
  e.points = 5;
  e.on = Date{2025y / 1 / 1};
  e.idempotency_key = "k";
  CHECK(validate_points_entry(e).error().field() == "points");
  e.kind = PointsKind::Earn;
  e.expires_on = Date{2025y / 1 / 1};
  CHECK(validate_points_entry(e).error().field() == "expires_on");
  e.expires_on = Date{2026y / 1 / 1};
  CHECK(validate_points_entry(e));
  e.idempotency_key.clear();
  CHECK(validate_points_entry(e).error().field() == "idempotency_key");
}

TEST_CASE("earning rule: amount is fixed plus whole units, validity is half-open") {
  auto r = premium_rule();
  r.fixed_points = 5;
  CHECK(points_for(r, Money::cny(12'345)) == 5 + 12);
  CHECK(points_for(r, std::nullopt) == 5);
  r.valid_to = Date{2025y / 1 / 1};
  CHECK(in_force(r, Date{2024y / 12 / 31}));
  CHECK_FALSE(in_force(r, Date{2025y / 1 / 1}));
  r.unit_minor = 0;
  CHECK(validate_earning_rule(r).error().field() == "unit_minor");
  r = premium_rule();
  r.points_per_unit = 0;
  r.unit_minor = 0;
  CHECK(validate_earning_rule(r).error().field() == "fixed_points");
}

TEST_CASE("tier: upgrade at once, downgrade only after the grace, cleared by qualifying again") {
  TierProgramme p;
  p.tiers = {{.code = "standard", .name = "Standard"},
             {.code = "silver", .name = "Silver", .min_window_premium = Money::cny(10'000'00)},
             {.code = "gold", .name = "Gold", .min_window_premium = Money::cny(30'000'00), .min_products = 2}};
  p.grace_days = 30;
  REQUIRE(validate_tier_programme(p));
  const TierFacts rich{.window_premium = Money::cny(40'000'00), .products = 2};
  const TierFacts silver{.window_premium = Money::cny(12'000'00), .products = 1};
  const TierFacts poor{};
  const Date d0{2025y / 1 / 1};

  auto first = evaluate_tier(p, {}, silver, d0);
  CHECK(first.move == TierMove::Upgrade);
  CHECK(first.next.tier == "silver");
  auto up = evaluate_tier(p, first.next, rich, d0);
  CHECK(up.move == TierMove::Upgrade);
  CHECK(up.next.tier == "gold");
  auto fall = evaluate_tier(p, up.next, silver, add_days(d0, 10));
  CHECK(fall.move == TierMove::GraceStarted);
  CHECK(fall.next.tier == "gold");
  CHECK(fall.next.grace_until == add_days(d0, 40));
  auto still = evaluate_tier(p, fall.next, poor, add_days(d0, 39));
  CHECK(still.move == TierMove::None);
  CHECK(still.next.tier == "gold");
  auto drop = evaluate_tier(p, still.next, poor, add_days(d0, 40));
  CHECK(drop.move == TierMove::Downgrade);
  CHECK(drop.next.tier == "standard");
  CHECK_FALSE(drop.next.grace_until);
  auto again = evaluate_tier(p, fall.next, rich, add_days(d0, 20));
  CHECK(again.move == TierMove::GraceCleared);
  CHECK(again.next.tier == "gold");
  CHECK_FALSE(again.next.grace_until);

  p.tiers.push_back(p.tiers[1]);
  CHECK(validate_tier_programme(p).error().field() == "tiers[3].code");
}

// ---- the facade --------------------------------------------------------------------------------

TEST_CASE("loyalty permissions: rules are settings, runs are the nightly batch, the counter earns and redeems") {
  ServiceFixture f;
  auto loyalty = f.crm.loyalty();
  const auto denied = loyalty.add_rule(clerk, premium_rule());
  REQUIRE_FALSE(denied);
  CHECK(denied.error().code() == Errc::PermissionDenied);
  CHECK(denied.error().field() == "settings.create");
  CHECK(loyalty.evaluate_tiers(clerk, Date{2025y / 1 / 1}).error().field() == "daily_run.update");
  CHECK(loyalty.expire(handler).error().code() == Errc::PermissionDenied);
  take(loyalty.add_rule(admin, premium_rule()));
  CHECK(take(loyalty.earn(clerk, paid(f.holder.id, "payment:1", 12'000))).entries.size() == 1);
  CHECK(take(loyalty.balance(handler, f.holder.id)).balance > 0);  // reading is every operational role's
  CHECK(loyalty.earn(analyst, paid(f.holder.id, "payment:2", 1'000)).error().field() == "loyalty.create");
}

TEST_CASE("loyalty: a replayed event pays once; the entry records the rule version") {
  ServiceFixture f;
  auto loyalty = f.crm.loyalty();
  const auto rule = take(loyalty.add_rule(admin, premium_rule()));
  CHECK(rule.version == 1);
  const auto first = take(loyalty.earn(clerk, paid(f.holder.id, "payment:1", 12'000)));
  REQUIRE(first.entries.size() == 1);
  CHECK_FALSE(first.replayed);
  CHECK(first.entries[0].points == 1'200);
  CHECK(first.entries[0].rule == rule.id);
  CHECK(first.entries[0].rule_version == 1);
  CHECK(first.entries[0].expires_on == Date{2026y / 9 / 12});

  const auto again = take(loyalty.earn(clerk, paid(f.holder.id, "payment:1", 12'000)));
  CHECK(again.replayed);
  REQUIRE(again.entries.size() == 1);
  CHECK(again.entries[0].id == first.entries[0].id);
  CHECK(take(loyalty.balance(clerk, f.holder.id)).balance == 1'200);
  CHECK(count(f.event_types(), "loyalty.points_earned") == 1);

  auto next = rule;
  next.points_per_unit = 2;
  const auto v2 = take(loyalty.change_rule(admin, next));
  CHECK(v2.version == 2);
  const auto stale = loyalty.change_rule(admin, next);  // still says version 1
  REQUIRE_FALSE(stale);
  CHECK(stale.error().is_conflict());
  const auto second = take(loyalty.earn(clerk, paid(f.holder.id, "payment:2", 100)));
  REQUIRE(second.entries.size() == 1);
  CHECK(second.entries[0].points == 20);
  CHECK(second.entries[0].rule_version == 2);
  CHECK(take(loyalty.rule_versions(clerk, rule.id)).size() == 2);
  CHECK(take(loyalty.rules(clerk)).size() == 1);
}

TEST_CASE("loyalty: conditions in the rule language select the events that earn") {
  ServiceFixture f;
  auto loyalty = f.crm.loyalty();
  auto big = premium_rule();
  big.name = "big payer bonus";
  big.points_per_unit = 0;
  big.unit_minor = 0;
  big.fixed_points = 500;
  big.condition = "event_amount >= 10000 and event_product = 'WL'";
  take(loyalty.add_rule(admin, big));
  auto bad = big;
  bad.name = "typo";
  bad.condition = "event_amout > 1";
  const auto rejected = loyalty.add_rule(admin, bad);
  REQUIRE_FALSE(rejected);
  CHECK(rejected.error().field() == "condition");

  CHECK(take(loyalty.earn(clerk, paid(f.holder.id, "p:small", 9'999, f.policy.id))).entries.empty());
  const auto large = take(loyalty.earn(clerk, paid(f.holder.id, "p:large", 12'000, f.policy.id)));
  REQUIRE(large.entries.size() == 1);
  CHECK(large.entries[0].points == 500);
  CHECK(take(loyalty.earn(clerk, paid(f.holder.id, "p:nopolicy", 12'000))).entries.empty());
}

TEST_CASE("loyalty: redeem spends FIFO, refuses overdraft, and a replayed redemption spends once") {
  ServiceFixture f;
  auto loyalty = f.crm.loyalty();
  take(loyalty.add_rule(admin, premium_rule(1)));
  auto referral = premium_rule(6);
  referral.name = "referral";
  referral.event = EarnEventType::Referral;
  referral.points_per_unit = 0;
  referral.unit_minor = 0;
  referral.fixed_points = 300;
  take(loyalty.add_rule(admin, referral));
  take(loyalty.earn(clerk, {.customer = f.holder.id, .type = EarnEventType::Referral, .source = "ref:1"}));
  take(loyalty.earn(clerk, paid(f.holder.id, "payment:1", 2'000)));  // 200 points, expire in 1 month

  const auto over = loyalty.redeem(clerk, f.holder.id, 501, "gift-1");
  REQUIRE_FALSE(over);
  CHECK(over.error().field() == "points");
  const auto r = take(loyalty.redeem(clerk, f.holder.id, 250, "gift-1", "cinema tickets"));
  CHECK(r.points == -250);
  CHECK(take(loyalty.redeem(clerk, f.holder.id, 250, "gift-1")).id == r.id);
  CHECK(take(loyalty.balance(clerk, f.holder.id)).balance == 250);

  // The 200 short-lived points went first: nothing is left to expire after a month.
  f.clock->set(Date{2024y / 10 / 12});
  const auto run = take(loyalty.expire(nightly));
  CHECK(run.points_expired == 0);
  f.clock->set(Date{2025y / 3 / 12});
  CHECK(take(loyalty.expire(nightly)).points_expired == 250);
  CHECK(take(loyalty.expire(nightly)).points_expired == 0);  // idempotent for the day
  CHECK(take(loyalty.balance(clerk, f.holder.id)).balance == 0);
  CHECK(take(loyalty.check_balances(clerk)).ok());
}

TEST_CASE("loyalty: a free-look cancellation and a reversed payment take their points back") {
  ServiceFixture f;
  auto loyalty = f.crm.loyalty();
  take(loyalty.add_rule(admin, premium_rule()));
  take(loyalty.earn(clerk, paid(f.holder.id, "payment:1", 12'000, f.policy.id)));
  take(loyalty.earn(clerk, paid(f.holder.id, "payment:other", 1'000)));
  CHECK(take(loyalty.balance(clerk, f.holder.id)).balance == 1'300);

  const auto reversed = take(loyalty.reverse_source(clerk, f.holder.id, "payment:other"));
  REQUIRE(reversed.size() == 1);
  CHECK(reversed[0].points == -100);
  CHECK(take(loyalty.reverse_source(clerk, f.holder.id, "payment:other")).empty());  // once

  take(loyalty.redeem(clerk, f.holder.id, 200, "gift"));  // spends from the policy's grant
  f.clock->set(local(Date{2024y / 9 / 20}, 10));
  take(f.crm.policies().cancel_in_free_look(clerk, f.policy.id, "changed my mind"));
  const auto statement = take(loyalty.statement(clerk, f.holder.id));
  REQUIRE(statement.size() == 5);
  CHECK(statement.back().kind == PointsKind::Reverse);
  CHECK(statement.back().points == -1'000);  // what was left; the 200 spent are not clawed back
  CHECK(statement.back().reverses == statement[0].id);
  CHECK(take(loyalty.balance(clerk, f.holder.id)).balance == 0);
  CHECK(count(f.event_types(), "loyalty.points_reversed") == 2);
  CHECK(take(loyalty.check_balances(clerk)).ok());
}

TEST_CASE("loyalty: bad input is a typed error and writes nothing") {
  ServiceFixture f;
  auto loyalty = f.crm.loyalty();
  take(loyalty.add_rule(admin, premium_rule()));
  const auto before = f.event_types().size();
  CHECK(loyalty.earn(clerk, paid(CustomerId{999}, "p", 10)).error().is_not_found());
  CHECK(loyalty.earn(clerk, {.customer = f.holder.id}).error().field() == "idempotency_key");
  CHECK(loyalty.redeem(clerk, f.holder.id, 0, "k").error().field() == "points");
  CHECK(loyalty.adjust(clerk, f.holder.id, 10, "k", "").error().field() == "note");
  CHECK(loyalty.redeem(clerk, f.holder.id, 1, "expire:2024-09-12").error().field() == "idempotency_key");
  CHECK(loyalty.add_rule(admin, premium_rule()).error().code() == Errc::AlreadyExists);
  CHECK(f.event_types().size() == before);
  CHECK(take(loyalty.statement(clerk, f.holder.id)).empty());
}

TEST_CASE("loyalty: a call that fails half-way leaves the ledger and the account as they were") {
  for (int k = 1; k <= 4; ++k) {
    CAPTURE(k);
    auto plan = std::make_shared<testing::FaultPlan>();
    ServiceFixture f{plan};
    auto loyalty = f.crm.loyalty();
    take(loyalty.add_rule(admin, premium_rule()));
    take(loyalty.earn(clerk, paid(f.holder.id, "payment:1", 1'000)));
    const auto events = f.event_types().size();
    plan->fail_at = k;  // the entry, the account, the event, the commit
    CHECK_FALSE(loyalty.redeem(clerk, f.holder.id, 10, "gift"));
    plan->fail_at = 0;
    CHECK(take(loyalty.statement(clerk, f.holder.id)).size() == 1);
    CHECK(take(loyalty.balance(clerk, f.holder.id)).balance == 100);
    CHECK(take(loyalty.check_balances(clerk)).ok());
    CHECK(f.event_types().size() == events);
  }
}

// ---- the ledger property test ------------------------------------------------------------------

namespace {

// The reference: grants in the order they were made, spent by a straightforward FIFO.
struct RefGrant {
  std::string source;
  std::int64_t remaining = 0;
  Date expires_on{};
};

struct Reference {
  std::vector<RefGrant> grants;

  std::int64_t balance() const {
    std::int64_t s = 0;
    for (const auto& g : grants) s += g.remaining;
    return s;
  }
  std::int64_t available(Date on) const {
    std::int64_t s = 0;
    for (const auto& g : grants)
      if (g.expires_on > on) s += g.remaining;
    return s;
  }
  void spend(std::int64_t points, Date on) {
    std::vector<RefGrant*> order;
    for (auto& g : grants)
      if (g.remaining > 0 && g.expires_on > on) order.push_back(&g);
    std::stable_sort(order.begin(), order.end(),
                     [](const RefGrant* a, const RefGrant* b) { return a->expires_on < b->expires_on; });
    for (auto* g : order) {
      const auto take_now = std::min(points, g->remaining);
      g->remaining -= take_now;
      points -= take_now;
    }
  }
  std::int64_t expire(Date as_of) {
    std::int64_t s = 0;
    for (auto& g : grants)
      if (g.expires_on <= as_of) s += std::exchange(g.remaining, 0);
    return s;
  }
  std::int64_t reverse(const std::string& source) {
    std::int64_t s = 0;
    for (auto& g : grants)
      if (g.source == source) s += std::exchange(g.remaining, 0);
    return s;
  }
};

}  // namespace

TEST_CASE("loyalty property: random earn/redeem/expire/reverse with replays match a FIFO reference") {
  constexpr int kSequences = 1500;
  constexpr int kSteps = 30;
  std::int64_t operations = 0, replays = 0, refused = 0;
  for (int seq = 0; seq < kSequences; ++seq) {
    CAPTURE(seq);
    std::mt19937_64 rng(0x10A17u + static_cast<unsigned>(seq));
    auto pick = [&](std::int64_t lo, std::int64_t hi) {
      return std::uniform_int_distribution<std::int64_t>{lo, hi}(rng);
    };
    auto clock = std::make_shared<ManualClock>(Date{2025y / 1 / 1});
    auto crm = take(Crm::open("memory:", {.clock = clock}));
    const auto customer = take(crm.customers().create(clerk, {.name = "王芳"}));
    auto loyalty = crm.loyalty();
    // Three rules with different lives, so that FIFO by expiry differs from FIFO by age.
    auto premium = premium_rule(3);
    take(loyalty.add_rule(admin, premium));
    auto referral = premium_rule(1);
    referral.name = "referral";
    referral.event = EarnEventType::Referral;
    referral.points_per_unit = 0;
    referral.unit_minor = 0;
    referral.fixed_points = 50;
    take(loyalty.add_rule(admin, referral));
    auto birthday = referral;
    birthday.name = "birthday";
    birthday.event = EarnEventType::Birthday;
    birthday.fixed_points = 80;
    birthday.expiry_months = 12;
    take(loyalty.add_rule(admin, birthday));

    Reference ref;
    struct Sent {
      EarnEvent event;
      std::int64_t points;
    };
    std::vector<Sent> sent;
    std::vector<std::pair<std::string, std::int64_t>> redemptions;
    for (int step = 0; step < kSteps; ++step) {
      ++operations;
      const Date today = clock->today();
      const auto op = pick(0, 99);
      if (op < 40) {  // earn, a fifth of them replays of an earlier event
        if (!sent.empty() && pick(0, 4) == 0) {
          const auto& old = sent[static_cast<std::size_t>(pick(0, static_cast<std::int64_t>(sent.size()) - 1))];
          const auto again = take(loyalty.earn(clerk, old.event));
          CHECK(again.replayed);
          ++replays;
        } else {
          EarnEvent e{.customer = customer.id, .on = today, .source = fmt::format("ev:{}", step)};
          std::int64_t points = 0;
          const auto kind = pick(0, 2);
          if (kind == 0) {
            e.type = EarnEventType::PremiumPaid;
            e.amount = Money::cny(pick(0, 5'000'00));
            points = e.amount->minor / 10'00;
          } else if (kind == 1) {
            e.type = EarnEventType::Referral;
            points = 50;
          } else {
            e.type = EarnEventType::Birthday;
            points = 80;
          }
          const auto months = kind == 0 ? 3 : kind == 1 ? 1 : 12;
          const auto got = take(loyalty.earn(clerk, e));
          if (points > 0) {
            REQUIRE(got.entries.size() == 1);
            CHECK(got.entries[0].points == points);
            ref.grants.push_back({e.source, points, add_months(today, months)});
          } else {
            CHECK(got.entries.empty());
          }
          if (points > 0) sent.push_back({e, points});
        }
      } else if (op < 65) {  // redeem, sometimes more than there is, sometimes a replay
        if (!redemptions.empty() && pick(0, 5) == 0) {
          const auto& [key, points] =
              redemptions[static_cast<std::size_t>(pick(0, static_cast<std::int64_t>(redemptions.size()) - 1))];
          const auto again = take(loyalty.redeem(clerk, customer.id, points, key));
          CHECK(again.points == -points);
          ++replays;
        } else {
          const auto have = ref.available(today);
          const auto want = pick(1, std::max<std::int64_t>(1, have + have / 5 + 1));
          const auto key = fmt::format("redeem:{}", step);
          const auto r = loyalty.redeem(clerk, customer.id, want, key);
          CHECK(static_cast<bool>(r) == (want <= have));
          if (r) {
            ref.spend(want, today);
            redemptions.emplace_back(key, want);
          } else {
            CHECK(r.error().field() == "points");
            ++refused;
          }
        }
      } else if (op < 80) {  // expire as of today, sometimes twice
        const auto run = take(loyalty.expire(nightly, today));
        CHECK(run.points_expired == ref.expire(today));
        if (pick(0, 2) == 0) CHECK(take(loyalty.expire(nightly, today)).points_expired == 0);
      } else if (op < 90 && !sent.empty()) {  // a payment or event reversed (again, at times)
        const auto& old = sent[static_cast<std::size_t>(pick(0, static_cast<std::int64_t>(sent.size()) - 1))];
        const auto reversed = take(loyalty.reverse_source(clerk, customer.id, old.event.source));
        std::int64_t total = 0;
        for (const auto& e : reversed) total -= e.points;
        CHECK(total == ref.reverse(old.event.source));
      } else {
        clock->set(add_days(today, static_cast<int>(pick(1, 40))));
      }
      const auto b = take(loyalty.balance(clerk, customer.id));
      CHECK(b.balance >= 0);
      CHECK(b.balance == ref.balance());
      CHECK(b.available == ref.available(clock->today()));
    }
    // FIFO expiry holds to the end: expiring everything due by a far day leaves only later grants.
    const Date far = add_months(clock->today(), 6);
    CHECK(take(loyalty.expire(nightly, far)).points_expired == ref.expire(far));
    const auto statement = take(loyalty.statement(clerk, customer.id));
    CHECK(balance(statement) == ref.balance());
    const auto check = take(loyalty.check_balances(clerk));
    CHECK(check.ok());
    CHECK(check.points_outstanding == ref.balance());
  }
  MESSAGE(operations << " operations, " << replays << " replays, " << refused << " overdrafts refused");
  CHECK(replays > 0);
  CHECK(refused > 0);
}

// ---- tiers through the facade ------------------------------------------------------------------

TEST_CASE("loyalty tiers: a rolling window on a manual clock, with downgrade grace, as events") {
  TierProgramme programme;
  programme.tiers = {{.code = "standard", .name = "Standard"},
                     {.code = "silver", .name = "Silver", .min_window_premium = Money::cny(10'000'00),
                      .benefits = {"priority_service_line"}}};
  programme.window_months = 12;
  programme.grace_days = 30;
  auto clock = std::make_shared<ManualClock>(local(Date{2024y / 9 / 12}, 16));
  auto crm = take(Crm::open("memory:", {.clock = clock, .loyalty = {.tiers = programme}}));
  const auto wl = take(crm.products().create(admin, {.code = "WL", .name = "Whole life", .free_look_days = 15,
                                                     .grace_days = 60, .term_years = 20}));
  const auto holder = take(crm.customers().create(clerk, {.name = "张伟"}));
  const auto other = take(crm.customers().create(clerk, {.name = "李娜"}));
  const auto policy = take(crm.policies().issue(
      clerk, {.product = "WL", .holder = holder.id, .sum_insured = Money::cny(500'000'00),
              .premium = Money::cny(12'000'00)}));
  take(crm.policies().record_payment(clerk, policy.id, {.due = Date{2024y / 9 / 12}}));
  auto loyalty = crm.loyalty();

  auto run = take(loyalty.evaluate_tiers(nightly, clock->today()));
  CHECK(run.customers == 2);
  CHECK(run.upgrades == 1);
  CHECK(take(loyalty.account(clerk, holder.id)).tier == "silver");
  CHECK(take(loyalty.account(clerk, other.id)).tier == "standard");
  CHECK(take(loyalty.evaluate_tiers(nightly, clock->today())).changes.empty());  // idempotent

  // A year on, the payment has left the window: grace starts, the tier holds.
  clock->set(Date{2025y / 9 / 13});
  run = take(loyalty.evaluate_tiers(nightly, clock->today()));
  CHECK(run.grace_started == 1);
  auto account = take(loyalty.account(clerk, holder.id));
  CHECK(account.tier == "silver");
  CHECK(account.grace_until == Date{2025y / 10 / 13});
  clock->set(Date{2025y / 10 / 12});
  CHECK(take(loyalty.evaluate_tiers(nightly, clock->today())).changes.empty());
  clock->set(Date{2025y / 10 / 13});
  run = take(loyalty.evaluate_tiers(nightly, clock->today()));
  CHECK(run.downgrades == 1);
  REQUIRE(run.changes.size() == 1);
  CHECK(run.changes[0].from == "silver");
  CHECK(run.changes[0].to == "standard");
  CHECK(take(loyalty.account(clerk, holder.id)).tier == "standard");

  // Paying the next instalment qualifies again: upgraded at once.
  take(crm.policies().record_payment(clerk, policy.id, {.due = Date{2025y / 9 / 12}}));
  run = take(loyalty.evaluate_tiers(nightly, clock->today()));
  CHECK(run.upgrades == 1);

  // Grace cleared: fall short, then qualify again within the grace.
  clock->set(Date{2026y / 10 / 14});
  CHECK(take(loyalty.evaluate_tiers(nightly, clock->today())).grace_started == 1);
  take(crm.policies().record_payment(clerk, policy.id, {.due = Date{2026y / 9 / 12}}));
  run = take(loyalty.evaluate_tiers(nightly, clock->today()));
  CHECK(run.grace_cleared == 1);
  CHECK_FALSE(take(loyalty.account(clerk, holder.id)).grace_until);

  std::vector<std::string> moves;
  for (const auto& e : take(crm.events().poll(100000)))
    if (e.type == "loyalty.tier_changed") moves.push_back(e.payload);
  REQUIRE(moves.size() == 6);
  CHECK(moves[0].find(R"("move":"upgrade")") != std::string::npos);
  CHECK(moves[1].find(R"("move":"grace_started")") != std::string::npos);
  CHECK(moves[2].find(R"("move":"downgrade")") != std::string::npos);
  CHECK(moves[3].find(R"("move":"upgrade")") != std::string::npos);
  CHECK(moves[4].find(R"("move":"grace_started")") != std::string::npos);
  CHECK(moves[5].find(R"("move":"grace_cleared")") != std::string::npos);

  const auto dist = take(loyalty.tier_distribution(analyst));
  REQUIRE(dist.tiers.size() == 2);
  CHECK(dist.tiers[0].customers == 1);
  CHECK(dist.tiers[1].customers == 1);

  // The tier is a fact of the rule language and of the KPIs (analytics/loyalty_facts.hpp).
  CHECK(take(crm.segments().evaluate(analyst, "tier = 'silver'", clock->today())) == std::vector{holder.id});
  CHECK(take(crm.segments().evaluate(analyst, "tier = 'standard'", clock->today())) == std::vector{other.id});
  const auto kpis = take(crm.kpis(analyst, {.from = Date{2026y / 1 / 1}, .to = Date{2026y / 11 / 1}}));
  using TierCount = std::pair<std::string, std::size_t>;
  CHECK(kpis.tier_distribution == std::vector<TierCount>{{"silver", 1}, {"standard", 1}});
  (void)wl;
}

TEST_CASE("loyalty facts: rules and the portfolio see the points an account holds") {
  ServiceFixture f;
  auto loyalty = f.crm.loyalty();
  take(loyalty.add_rule(admin, premium_rule()));
  take(loyalty.earn(clerk, paid(f.holder.id, "payment:1", 12'000)));
  const Date today = f.clock->today();
  CHECK(take(f.crm.segments().evaluate(analyst, "points >= 1200", today)) == std::vector{f.holder.id});
  CHECK(take(f.crm.segments().evaluate(analyst, "points > 1200", today)).empty());
  const Portfolio p = take(f.crm.portfolio(analyst, today));
  const auto row = p.row_of(f.holder.id);
  REQUIRE(row);
  CHECK(p.value(fact::points, *row) == FactValue{std::int64_t{1'200}});
  CHECK(p.value(fact::tier, *row) == FactValue{std::string{"standard"}});  // never evaluated
}

TEST_CASE("loyalty: points outstanding are reported as money at the programme's point value") {
  auto clock = std::make_shared<ManualClock>(Date{2025y / 1 / 1});
  auto crm = take(Crm::open("memory:", {.clock = clock, .loyalty = {.point_value = Money::cny(5)}}));
  const auto c = take(crm.customers().create(clerk, {.name = "王芳"}));
  take(crm.loyalty().adjust(clerk, c.id, 1'000, "welcome", "welcome bonus"));
  const auto d = take(crm.loyalty().tier_distribution(analyst));
  CHECK(d.points_outstanding == 1'000);
  CHECK(d.outstanding_value == Money::cny(5'000));
  CHECK(d.tiers.size() == 4);
  CHECK(d.tiers[0].customers == 1);
  const auto bad = Crm::open("memory:", {.loyalty = {.tiers = TierProgramme{}}});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().field() == "loyalty.tiers");
}
