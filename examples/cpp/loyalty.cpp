// The loyalty programme (domain.md C7) over a year and a half on a manual clock: an earning rule as
// data, points earned on premium payments (a replayed payment pays once), a redemption that spends
// the oldest-expiring points first, a payment reversed, expiry, the customer's statement, and tiers
// evaluated over a rolling window — an upgrade, the downgrade grace, the downgrade — with the
// ledger proven against its balances at the end. Usage: loyalty [storage-uri]   (default: memory:)

#include <inscrm/crm.hpp>

#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>

using namespace std::chrono_literals;

namespace {

int fail(const inscrm::Error& e) {
  std::fprintf(stderr, "error: %s\n", e.to_string().c_str());
  return 1;
}

void print_balance(const inscrm::LoyaltyService& loyalty, const inscrm::Actor& who, inscrm::CustomerId c,
                   const char* when) {
  auto b = loyalty.balance(who, c);
  if (!b) return;
  fmt::print("  {:<34} balance {:>6}  available {:>6}", when, b.value().balance, b.value().available);
  if (b.value().next_expiry)
    fmt::print("  ({} expire on {})", b.value().expiring_next, inscrm::to_string(*b.value().next_expiry));
  fmt::print("\n");
}

}  // namespace

int main(int argc, char** argv) {
  const std::string uri = argc > 1 ? argv[1] : "memory:";
  auto clock = std::make_shared<inscrm::ManualClock>(inscrm::Date{2025y / 1 / 15});

  // Two tiers for the example: Silver needs 10,000 yuan of premium paid in the last 12 months; a
  // customer who falls short keeps Silver for 60 days of grace. A point is worth 1 fen.
  inscrm::LoyaltySettings programme;
  programme.tiers.tiers = {{.code = "standard", .name = "Standard"},
                           {.code = "silver",
                            .name = "Silver",
                            .min_window_premium = inscrm::Money::cny(10'000'00),
                            .benefits = {"priority_service_line", "annual_health_check"}}};
  programme.tiers.grace_days = 60;
  auto crm = inscrm::Crm::open(uri, {.clock = clock, .loyalty = programme});
  if (!crm) return fail(crm.error());
  const auto clerk = inscrm::Actor{.user = "u-1024", .roles = {inscrm::Role::ServiceRep}};
  const auto admin = inscrm::Actor{.user = "admin", .roles = {inscrm::Role::Administrator}};
  const auto nightly = inscrm::Actor{.user = "nightly", .roles = {inscrm::Role::System}};  // the batch runs
  const auto loyalty = crm.value().loyalty();

  // The product catalogue and the earning rules are configuration: an administrator's job.
  auto product = crm.value().products().create(
      admin, {.code = "WL", .name = "Whole life", .free_look_days = 15, .grace_days = 60, .term_years = 20});
  if (!product) return fail(product.error());
  auto wei = crm.value().customers().create(clerk, {.name = "张伟"});
  if (!wei) return fail(wei.error());
  const auto customer = wei.value().id;
  auto policy = crm.value().policies().issue(clerk, {.product = "WL",
                                                     .holder = customer,
                                                     .sum_insured = inscrm::Money::cny(500'000'00),
                                                     .premium = inscrm::Money::cny(12'000'00)});
  if (!policy) return fail(policy.error());

  // The earning rule is data: one point per 10 yuan of premium on a whole-life policy, kept 12 months.
  inscrm::EarningRule rule;
  rule.name = "premium_paid";
  rule.event = inscrm::EarnEventType::PremiumPaid;
  rule.condition = "event_product = 'WL'";
  rule.points_per_unit = 1;
  rule.unit_minor = 10'00;
  rule.expiry_months = 12;
  auto added = loyalty.add_rule(admin, rule);
  if (!added) return fail(added.error());
  fmt::print("earning rule '{}' version {}: {} point per {} yuan where {}\n", added.value().name,
             added.value().version, rule.points_per_unit, rule.unit_minor / 100, rule.condition);

  // The first premium is paid; the core system delivers the event twice.
  auto paid = crm.value().policies().record_payment(clerk, policy.value().id, {.due = inscrm::Date{2025y / 1 / 15}});
  if (!paid) return fail(paid.error());
  const inscrm::EarnEvent event{.customer = customer,
                                .type = inscrm::EarnEventType::PremiumPaid,
                                .amount = paid.value().amount,
                                .policy = policy.value().id,
                                .source = fmt::format("payment:{}", paid.value().id.value)};
  for (int delivery = 1; delivery <= 2; ++delivery) {
    auto earned = loyalty.earn(clerk, event);
    if (!earned) return fail(earned.error());
    fmt::print("delivery {} of {}: {} points{}\n", delivery, event.source, earned.value().entries.front().points,
               earned.value().replayed ? " (a replay: nothing paid again)" : "");
  }
  // A welcome bonus that lasts two years, and a goodwill gesture that is later reversed.
  if (auto r = loyalty.adjust(clerk, customer, 500, "welcome", "welcome bonus", 24); !r) return fail(r.error());
  auto goodwill = loyalty.earn(clerk, {.customer = customer,
                                       .type = inscrm::EarnEventType::PremiumPaid,
                                       .amount = inscrm::Money::cny(1'000'00),
                                       .policy = policy.value().id,
                                       .source = "payment:top-up-7"});
  if (!goodwill) return fail(goodwill.error());
  print_balance(loyalty, clerk, customer, "after earning (2025-01-15)");

  // The top-up bounces: its points are taken back.
  auto reversed = loyalty.reverse_source(clerk, customer, "payment:top-up-7", "top-up bounced");
  if (!reversed) return fail(reversed.error());
  print_balance(loyalty, clerk, customer, "after the top-up bounced");

  // Spring: 1,000 points redeemed — the premium points expire first, so they go first.
  clock->set(inscrm::Date{2025y / 4 / 1});
  if (auto r = loyalty.redeem(clerk, customer, 1'000, "gift:2025-04", "health check voucher"); !r) return fail(r.error());
  print_balance(loyalty, clerk, customer, "after redeeming 1,000 (2025-04-01)");

  auto tiers = loyalty.evaluate_tiers(nightly, clock->today());
  if (!tiers) return fail(tiers.error());
  auto account = loyalty.account(clerk, customer);
  if (!account) return fail(account.error());
  fmt::print("tier on {}: {} (since {})\n", inscrm::to_string(clock->today()), account.value().tier,
             inscrm::to_string(account.value().tier_since));

  // A year later the premium has left the window and the renewal is not paid: grace, then downgrade.
  for (const auto day : {inscrm::Date{2026y / 1 / 16}, inscrm::Date{2026y / 3 / 16}, inscrm::Date{2026y / 3 / 17}}) {
    clock->set(day);
    auto expired = loyalty.expire(nightly);
    if (!expired) return fail(expired.error());
    auto run = loyalty.evaluate_tiers(nightly, day);
    if (!run) return fail(run.error());
    account = loyalty.account(clerk, customer);
    if (!account) return fail(account.error());
    fmt::print("{}: {} points expired; tier {}{}\n", inscrm::to_string(day), expired.value().points_expired,
               account.value().tier,
               account.value().grace_until
                   ? fmt::format(" (in downgrade grace until {})", inscrm::to_string(*account.value().grace_until))
                   : "");
  }

  fmt::print("statement:\n");
  auto statement = loyalty.statement(clerk, customer);
  if (!statement) return fail(statement.error());
  for (const auto& e : statement.value())
    fmt::print("  {}  {:<8} {:>6}  {}{}\n", inscrm::to_string(e.on), inscrm::to_string(e.kind), e.points,
               e.note.empty() ? e.source : e.note,
               e.expires_on ? fmt::format("  (expires {})", inscrm::to_string(*e.expires_on)) : "");

  auto check = loyalty.check_balances(clerk);
  if (!check) return fail(check.error());
  auto distribution = loyalty.tier_distribution(admin);
  if (!distribution) return fail(distribution.error());
  fmt::print("ledger check: {} customer(s), {} entries: {}\n", check.value().customers, check.value().entries,
             check.value().ok() ? "every balance equals the sum of its entries" : "MISMATCH");
  fmt::print("points outstanding: {} (a liability of {})\n", distribution.value().points_outstanding,
             distribution.value().outstanding_value.to_string());
  return check.value().ok() ? 0 : 1;
}
