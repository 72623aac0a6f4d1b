// Conformance: the loyalty programme's storage (storage/loyalty_records.hpp) on every adapter — the
// append-only points ledger with its per-customer idempotency key, the accounts with their version
// check, and the versioned earning rules.
#include "conformance.hpp"
#include "harness.hpp"

#include <string>
#include <vector>

namespace inscrm {
inline doctest::String toString(PointsKind k) { return std::string{to_string(k)}.c_str(); }
inline doctest::String toString(EarnEventType k) { return std::string{to_string(k)}.c_str(); }
}  // namespace inscrm

namespace inscrm::conformance {
namespace {

using storage::LoyaltyAccount;
using storage::Store;
using storage::Transaction;
using storage::TxMode;

struct Fixture {
  TestDatabase db;
  std::unique_ptr<Store> store = db.open();

  std::unique_ptr<Transaction> write() { return MUST(store->begin(TxMode::Write)); }
  std::unique_ptr<Transaction> read() { return MUST(store->begin(TxMode::Read)); }
};

PointsEntry grant(std::int64_t customer, std::string key, std::int64_t points, Date on, Date expires) {
  PointsEntry e;
  e.customer = CustomerId{customer};
  e.kind = PointsKind::Earn;
  e.points = points;
  e.on = on;
  e.expires_on = expires;
  e.idempotency_key = std::move(key);
  e.actor = "u-1";
  e.recorded_at = micros(1'767'225'600'000'001);
  return e;
}

PointsEntry full_entry() {
  PointsEntry e = grant(7, "premium_paid:payment:42#rule:3", 1'200, day(2026, 1, 31), day(2028, 1, 31));
  e.rule = EarningRuleId{3};
  e.rule_version = 2;
  e.source = kAwkwardText;
  e.policy = PolicyId{11};
  e.note = "首年保费 积分";
  return e;
}

void check_same(const PointsEntry& a, const PointsEntry& b) {
  CHECK(a.id == b.id);
  CHECK(a.customer == b.customer);
  CHECK(a.kind == b.kind);
  CHECK(a.points == b.points);
  CHECK(a.on == b.on);
  CHECK(a.expires_on == b.expires_on);
  CHECK(a.idempotency_key == b.idempotency_key);
  CHECK(a.rule == b.rule);
  CHECK(a.rule_version == b.rule_version);
  CHECK(a.source == b.source);
  CHECK(a.policy == b.policy);
  CHECK(a.reverses == b.reverses);
  CHECK(a.note == b.note);
  CHECK(a.actor == b.actor);
  CHECK(a.recorded_at == b.recorded_at);
}

EarningRule rule(std::string name) {
  EarningRule r;
  r.name = std::move(name);
  r.event = EarnEventType::PremiumPaid;
  r.condition = "event_amount >= 1000 and region = '310000'";
  r.points_per_unit = 1;
  r.unit_minor = 1000;
  r.valid_from = day(2026, 1, 1);
  r.valid_to = day(2027, 1, 1);
  r.expiry_months = 18;
  r.created_at = micros(1'767'225'600'000'002);
  return r;
}

}  // namespace

TEST_CASE_FIXTURE(Fixture, "loyalty/points: entries round-trip exactly and list in id order") {
  auto tx = write();
  PointsEntry full = full_entry();
  MUST(tx->loyalty().append_points(full));
  CHECK(full.id.valid());
  PointsEntry redeem;
  redeem.customer = CustomerId{7};
  redeem.kind = PointsKind::Redeem;
  redeem.points = -200;
  redeem.on = day(2026, 2, 1);
  redeem.idempotency_key = "gift-1";
  MUST(tx->loyalty().append_points(redeem));
  PointsEntry reverse;
  reverse.customer = CustomerId{7};
  reverse.kind = PointsKind::Reverse;
  reverse.points = -1'000;
  reverse.on = day(2026, 2, 2);
  reverse.idempotency_key = "reverse:1";
  reverse.reverses = full.id;
  reverse.policy = PolicyId{11};
  MUST(tx->loyalty().append_points(reverse));
  PointsEntry other = grant(8, "x", 5, day(2026, 1, 1), day(2026, 6, 1));
  MUST(tx->loyalty().append_points(other));
  CHECK(full.id < redeem.id);
  CHECK(redeem.id < reverse.id);
  MUST(tx->commit());

  auto r = read();
  const auto mine = MUST(r->loyalty().points_of(CustomerId{7}));
  REQUIRE(mine.size() == 3);
  check_same(mine[0], full);
  check_same(mine[1], redeem);
  check_same(mine[2], reverse);
  const auto by_key = MUST(r->loyalty().points_by_key(CustomerId{7}, "gift-1"));
  REQUIRE(by_key);
  check_same(*by_key, redeem);
  CHECK_FALSE(MUST(r->loyalty().points_by_key(CustomerId{8}, "gift-1")));
  const auto on_policy = MUST(r->loyalty().points_on_policy(PolicyId{11}));
  REQUIRE(on_policy.size() == 2);
  CHECK(on_policy[0].id == full.id);
  CHECK(on_policy[1].id == reverse.id);
  const auto first = MUST(r->loyalty().points_page(PointsEntryId{}, 2));
  REQUIRE(first.size() == 2);
  const auto rest = MUST(r->loyalty().points_page(first.back().id, 10));
  REQUIRE(rest.size() == 2);
  CHECK(rest.back().id == other.id);
}

TEST_CASE_FIXTURE(Fixture, "loyalty/points: the idempotency key is unique per customer, and a taken one writes nothing") {
  auto tx = write();
  PointsEntry a = grant(7, "payment:1", 100, day(2026, 1, 1), day(2027, 1, 1));
  MUST(tx->loyalty().append_points(a));
  PointsEntry again = grant(7, "payment:1", 999, day(2026, 1, 2), day(2027, 1, 2));
  const auto taken = tx->loyalty().append_points(again);
  CHECK(code_of(taken) == Errc::AlreadyExists);
  CHECK(taken.error().field() == "idempotency_key");
  PointsEntry elsewhere = grant(9, "payment:1", 50, day(2026, 1, 1), day(2027, 1, 1));
  MUST(tx->loyalty().append_points(elsewhere));  // another customer may use the same key
  MUST(tx->commit());  // the transaction survived the taken key

  auto r = read();
  const auto mine = MUST(r->loyalty().points_of(CustomerId{7}));
  REQUIRE(mine.size() == 1);
  CHECK(mine[0].points == 100);
  CHECK(MUST(r->loyalty().points_of(CustomerId{9})).size() == 1);
}

TEST_CASE_FIXTURE(Fixture, "loyalty/points: a transaction dropped without commit leaves no entry, account or rule") {
  {
    auto tx = write();
    PointsEntry e = grant(7, "k", 10, day(2026, 1, 1), day(2027, 1, 1));
    MUST(tx->loyalty().append_points(e));
    LoyaltyAccount a{.customer = CustomerId{7}, .balance = 10};
    MUST(tx->loyalty().save_account(a));
    EarningRule x = rule("dropped");
    MUST(tx->loyalty().insert_earning_rule(x));
  }
  auto r = read();
  CHECK(MUST(r->loyalty().points_of(CustomerId{7})).empty());
  CHECK_FALSE(MUST(r->loyalty().account(CustomerId{7})));
  CHECK(MUST(r->loyalty().earning_rules()).empty());
}

TEST_CASE_FIXTURE(Fixture, "loyalty/points: customers with grants due to expire, until an expire entry settles them") {
  auto tx = write();
  PointsEntry soon = grant(7, "a", 10, day(2026, 1, 1), day(2026, 3, 1));
  PointsEntry late = grant(8, "b", 10, day(2026, 1, 1), day(2026, 9, 1));
  PointsEntry never = grant(9, "c", 10, day(2026, 1, 1), day(2026, 1, 2));
  never.expires_on.reset();
  MUST(tx->loyalty().append_points(soon));
  MUST(tx->loyalty().append_points(late));
  MUST(tx->loyalty().append_points(never));
  CHECK(MUST(tx->loyalty().customers_with_grants_expiring(day(2026, 2, 28))).empty());
  CHECK(MUST(tx->loyalty().customers_with_grants_expiring(day(2026, 3, 1))) == std::vector<CustomerId>{CustomerId{7}});
  CHECK(MUST(tx->loyalty().customers_with_grants_expiring(day(2026, 9, 1))) ==
        std::vector<CustomerId>{CustomerId{7}, CustomerId{8}});
  PointsEntry expired;
  expired.customer = CustomerId{7};
  expired.kind = PointsKind::Expire;
  expired.points = -10;
  expired.on = day(2026, 3, 1);
  expired.idempotency_key = "expire:2026-03-01";
  MUST(tx->loyalty().append_points(expired));
  CHECK(MUST(tx->loyalty().customers_with_grants_expiring(day(2026, 9, 1))) == std::vector<CustomerId>{CustomerId{8}});
  MUST(tx->commit());
}

TEST_CASE_FIXTURE(Fixture, "loyalty/accounts: insert once, update with the version read, list in customer order") {
  auto tx = write();
  LoyaltyAccount a{.customer = CustomerId{7}, .balance = 1'200, .tier = "gold", .tier_since = day(2026, 1, 31),
                   .grace_until = day(2026, 4, 30), .updated_at = micros(1'767'225'600'000'003)};
  MUST(tx->loyalty().save_account(a));
  CHECK(a.version == 1);
  LoyaltyAccount twice{.customer = CustomerId{7}};
  CHECK(code_of(tx->loyalty().save_account(twice)) == Errc::AlreadyExists);
  LoyaltyAccount b{.customer = CustomerId{3}, .balance = 5};
  MUST(tx->loyalty().save_account(b));
  MUST(tx->commit());

  tx = write();
  auto stored = MUST(tx->loyalty().account(CustomerId{7}));
  REQUIRE(stored);
  CHECK(stored->version == 1);
  CHECK(stored->balance == 1'200);
  CHECK(stored->tier == "gold");
  CHECK(stored->tier_since == day(2026, 1, 31));
  CHECK(stored->grace_until == day(2026, 4, 30));
  CHECK(stored->updated_at == micros(1'767'225'600'000'003));
  LoyaltyAccount stale = *stored;
  stored->balance = 1'000;
  stored->grace_until.reset();
  MUST(tx->loyalty().save_account(*stored));
  CHECK(stored->version == 2);
  stale.balance = 1;
  const auto conflict = tx->loyalty().save_account(stale);
  CHECK(code_of(conflict) == Errc::Conflict);
  LoyaltyAccount ghost{.customer = CustomerId{99}, .version = 4};
  CHECK(code_of(tx->loyalty().save_account(ghost)) == Errc::NotFound);
  MUST(tx->commit());

  auto r = read();
  const auto again = MUST(r->loyalty().account(CustomerId{7}));
  REQUIRE(again);
  CHECK(again->balance == 1'000);
  CHECK_FALSE(again->grace_until);
  const auto all = MUST(r->loyalty().accounts(CustomerId{}, 10));
  REQUIRE(all.size() == 2);
  CHECK(all[0].customer == CustomerId{3});
  CHECK(all[1].customer == CustomerId{7});
  CHECK(MUST(r->loyalty().accounts(CustomerId{3}, 10)).size() == 1);
}

TEST_CASE_FIXTURE(Fixture, "loyalty/rules: versions are kept, the latest is in force, names are unique") {
  auto tx = write();
  EarningRule a = rule("premium");
  MUST(tx->loyalty().insert_earning_rule(a));
  CHECK(a.id.valid());
  CHECK(a.version == 1);
  EarningRule b = rule("referral");
  b.event = EarnEventType::Referral;
  b.condition.clear();
  b.points_per_unit = 0;
  b.unit_minor = 0;
  b.fixed_points = 50;
  b.valid_to.reset();
  b.active = false;
  MUST(tx->loyalty().insert_earning_rule(b));
  CHECK(a.id < b.id);
  EarningRule dup = rule("premium");
  const auto taken = tx->loyalty().insert_earning_rule(dup);
  CHECK(code_of(taken) == Errc::AlreadyExists);
  CHECK(taken.error().field() == "name");

  EarningRule a2 = a;
  a2.version = 2;
  a2.points_per_unit = 2;
  MUST(tx->loyalty().append_earning_rule_version(a2));
  CHECK(code_of(tx->loyalty().append_earning_rule_version(a2)) == Errc::Conflict);  // version 2 exists
  EarningRule ghost = a2;
  ghost.id = EarningRuleId{999};
  CHECK(code_of(tx->loyalty().append_earning_rule_version(ghost)) == Errc::NotFound);
  MUST(tx->commit());

  auto r = read();
  const auto latest = MUST(r->loyalty().earning_rules());
  REQUIRE(latest.size() == 2);
  CHECK(latest[0].id == a.id);
  CHECK(latest[0].version == 2);
  CHECK(latest[0].points_per_unit == 2);
  CHECK(latest[1].name == "referral");
  CHECK(latest[1].event == EarnEventType::Referral);
  CHECK(latest[1].fixed_points == 50);
  CHECK_FALSE(latest[1].valid_to);
  CHECK_FALSE(latest[1].active);
  const auto v1 = MUST(r->loyalty().earning_rule(a.id, 1));
  CHECK(v1.condition == a.condition);
  CHECK(v1.points_per_unit == 1);
  CHECK(v1.unit_minor == 1000);
  CHECK(v1.valid_from == day(2026, 1, 1));
  CHECK(v1.valid_to == day(2027, 1, 1));
  CHECK(v1.expiry_months == 18);
  CHECK(v1.created_at == a.created_at);
  CHECK(MUST(r->loyalty().earning_rule(a.id, std::nullopt)).version == 2);
  CHECK(code_of(r->loyalty().earning_rule(a.id, 3)) == Errc::NotFound);
  CHECK(code_of(r->loyalty().earning_rule(EarningRuleId{999}, std::nullopt)) == Errc::NotFound);
  const auto versions = MUST(r->loyalty().earning_rule_versions(a.id));
  REQUIRE(versions.size() == 2);
  CHECK(versions[0].version == 1);
  CHECK(versions[1].version == 2);
}

}  // namespace inscrm::conformance
