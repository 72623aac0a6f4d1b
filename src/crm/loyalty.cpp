#include <inscrm/crm/loyalty.hpp>

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/rules/evaluate.hpp>
#include <inscrm/rules/rule.hpp>

#include "crm/engine.hpp"
#include "crm/json.hpp"
#include "crm/loyalty_steps.hpp"
#include "crm/references.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace inscrm {
namespace {

constexpr std::size_t kPage = 1000;

// The facts an earning condition may read: the standard customer facts plus the event's own.
FactRegistry condition_registry() {
  FactRegistry r = FactRegistry::standard();
  (void)r.add("event_amount", FactType::Money);
  (void)r.add("event_product", FactType::String);
  return r;
}

Result<rules::Rule> compile_condition(const EarningRule& rule) {
  auto compiled = rules::compile(rule.condition, condition_registry());
  if (!compiled) return Error::invalid_argument("condition", compiled.error().message());
  return std::move(compiled).value();
}

std::string event_type_of(PointsKind kind) {
  switch (kind) {
    case PointsKind::Earn: return "loyalty.points_earned";
    case PointsKind::Redeem: return "loyalty.points_redeemed";
    case PointsKind::Expire: return "loyalty.points_expired";
    case PointsKind::Adjust: return "loyalty.points_adjusted";
    case PointsKind::Reverse: return "loyalty.points_reversed";
  }
  return "loyalty.points";
}

Result<storage::LoyaltyAccount> account_of(storage::Transaction& tx, CustomerId customer) {
  INSCRM_TRY(auto found, tx.loyalty().account(customer));
  if (found) return std::move(*found);
  storage::LoyaltyAccount a;
  a.customer = customer;
  return a;
}

// Appends one entry, moves the account's balance with it and writes the outbox event — the one
// way points move.
Result<PointsEntry> post(const detail::Engine& engine, storage::Transaction& tx, const Actor& actor, PointsEntry e) {
  const auto now = engine.clock->now();
  e.actor = actor.user;
  e.recorded_at = now;
  INSCRM_TRYV(validate_points_entry(e));
  INSCRM_TRYV(tx.loyalty().append_points(e));
  INSCRM_TRY(auto account, account_of(tx, e.customer));
  account.balance += e.points;
  account.updated_at = now;
  if (account.balance < 0)
    return Error::internal(fmt::format("customer {}'s points balance would go negative", e.customer.value));
  INSCRM_TRYV(tx.loyalty().save_account(account));
  INSCRM_TRYV(engine.emit(
      tx, actor, event_type_of(e.kind), "customer", e.customer.value,
      fmt::format(R"({{"entry_id":{},"customer_id":{},"kind":"{}","points":{},"on":"{}","expires_on":{},)"
                  R"("idempotency_key":{},"rule_id":{},"rule_version":{},"source":{},"policy_id":{},)"
                  R"("reverses":{},"balance":{}}})",
                  e.id.value, e.customer.value, to_string(e.kind), e.points, to_string(e.on),
                  e.expires_on ? detail::json_string(to_string(*e.expires_on)) : "null",
                  detail::json_string(e.idempotency_key), e.rule ? e.rule->value : 0, e.rule_version,
                  detail::json_string(e.source), e.policy ? e.policy->value : 0, e.reverses ? e.reverses->value : 0,
                  account.balance)));
  return e;
}

// The entry a replayed key wrote before, when it is of the same kind; AlreadyExists when the key
// was used for something else.
Result<std::optional<PointsEntry>> replayed(storage::Transaction& tx, CustomerId customer, const std::string& key,
                                            PointsKind kind) {
  INSCRM_TRY(auto found, tx.loyalty().points_by_key(customer, key));
  if (found && found->kind != kind)
    return Error::already_exists("idempotency_key", fmt::format("key '{}' of customer {} was used for a {} entry",
                                                                key, customer.value, to_string(found->kind)));
  return found;
}

// The keys the library writes itself (expiry runs, reversals) may not be taken by a host's call.
Result<void> check_host_key(const std::string& key) {
  if (key.empty()) return Error::invalid_argument("idempotency_key", "must not be empty");
  if (key.starts_with("expire:") || key.starts_with("reverse:"))
    return Error::invalid_argument("idempotency_key", "keys starting 'expire:' or 'reverse:' are the library's own");
  return ok();
}

Result<LedgerState> ledger_of(storage::Transaction& tx, CustomerId customer) {
  INSCRM_TRY(auto entries, tx.loyalty().points_of(customer));
  return replay(entries);
}

Result<void> require_customer(storage::Transaction& tx, CustomerId customer) {
  INSCRM_TRYV(detail::referenced(tx.customer(customer), "customer", "customer", customer.value));
  return ok();
}

// Reverses what is left of the customer's grants that `pick` selects, each once.
template <class Pick>
Result<std::vector<PointsEntry>> reverse_grants(const detail::Engine& engine, storage::Transaction& tx,
                                                const Actor& actor, CustomerId customer, Date on,
                                                const std::string& note, Pick&& pick) {
  INSCRM_TRY(auto entries, tx.loyalty().points_of(customer));
  INSCRM_TRY(auto state, replay(entries));
  std::vector<PointsEntry> out;
  for (const auto& grant : entries) {
    if (!grant.is_grant() || !pick(grant)) continue;
    auto open = std::find_if(state.open.begin(), state.open.end(),
                             [&](const OpenGrant& g) { return g.entry == grant.id; });
    if (open == state.open.end() || open->remaining <= 0) continue;  // spent, expired or reversed already
    PointsEntry r;
    r.customer = customer;
    r.kind = PointsKind::Reverse;
    r.points = -open->remaining;
    r.on = on;
    r.idempotency_key = fmt::format("reverse:{}", grant.id.value);
    r.source = grant.source;
    r.policy = grant.policy;
    r.reverses = grant.id;
    r.note = note;
    INSCRM_TRY(auto written, post(engine, tx, actor, std::move(r)));
    open->remaining = 0;
    out.push_back(std::move(written));
  }
  return out;
}

// The customer's standard facts on `on` plus the event's facts, one row, for earning conditions.
Result<Portfolio> event_portfolio(storage::Transaction& tx, const EarnEvent& event, Date on) {
  INSCRM_TRY(auto customer, tx.customer(event.customer));
  std::vector<Policy> policies;
  storage::PolicyQuery q;
  q.holder = event.customer;
  q.limit = kPage;
  for (;;) {
    INSCRM_TRY(auto page, tx.policies(q));
    const bool last = page.size() < kPage;
    if (!page.empty()) q.after = page.back().id;
    policies.insert(policies.end(), page.begin(), page.end());
    if (last) break;
  }
  std::vector<Payment> payments;
  for (const auto& p : policies) {
    INSCRM_TRY(auto paid, tx.payments(p.id));
    payments.insert(payments.end(), paid.begin(), paid.end());
  }
  INSCRM_TRY(auto products, tx.products());
  Portfolio p = Portfolio::build(std::span<const Customer>{&customer, 1}, policies, payments, products, on);
  INSCRM_TRY(auto account, account_of(tx, event.customer));
  INSCRM_TRYV(p.set(fact::points, 0, FactValue{account.balance}));
  if (!account.tier.empty()) INSCRM_TRYV(p.set(fact::tier, 0, FactValue{account.tier}));
  INSCRM_TRY(auto amount_fact, p.register_fact("event_amount", FactType::Money));
  INSCRM_TRY(auto product_fact, p.register_fact("event_product", FactType::String));
  if (event.amount && event.amount->currency == Currency::cny())
    INSCRM_TRYV(p.set(amount_fact, 0, FactValue{*event.amount}));
  if (event.policy) {
    auto held = std::find_if(policies.begin(), policies.end(), [&](const Policy& x) { return x.id == *event.policy; });
    std::optional<Policy> policy;
    if (held != policies.end()) {
      policy = *held;
    } else {
      INSCRM_TRY(auto other, detail::referenced(tx.policy(*event.policy), "policy", "policy", event.policy->value));
      policy = other;
    }
    for (const auto& product : products)
      if (product.id == policy->product) INSCRM_TRYV(p.set(product_fact, 0, FactValue{product.code}));
  }
  return p;
}

Result<void> check_rule(const EarningRule& rule) {
  INSCRM_TRYV(validate_earning_rule(rule));
  if (!rule.condition.empty()) INSCRM_TRYV(compile_condition(rule));
  return ok();
}

Result<void> emit_rule(const detail::Engine& engine, storage::Transaction& tx, const Actor& actor,
                       const EarningRule& r) {
  return engine.emit(tx, actor, "loyalty.rule_changed", "earning_rule", r.id.value,
                     fmt::format(R"({{"rule_id":{},"version":{},"name":{},"event":"{}","condition":{},)"
                                 R"("fixed_points":{},"points_per_unit":{},"unit_minor":{},"active":{}}})",
                                 r.id.value, r.version, detail::json_string(r.name), to_string(r.event),
                                 detail::json_string(r.condition), r.fixed_points, r.points_per_unit, r.unit_minor,
                                 r.active ? "true" : "false"));
}

std::string_view move_text(TierMove m) {
  switch (m) {
    case TierMove::None: return "none";
    case TierMove::Upgrade: return "upgrade";
    case TierMove::GraceStarted: return "grace_started";
    case TierMove::GraceCleared: return "grace_cleared";
    case TierMove::Downgrade: return "downgrade";
  }
  return "none";
}

}  // namespace

Result<void> validate_loyalty_settings(const LoyaltySettings& s) {
  INSCRM_TRYV(validate_tier_programme(s.tiers));
  if (s.point_value.minor < 0) return Error::invalid_argument("point_value", "must not be negative");
  return ok();
}

const LoyaltySettings& LoyaltyService::settings() const noexcept { return engine_->loyalty; }

// ---- rules -------------------------------------------------------------------------------------

Result<EarningRule> LoyaltyService::add_rule(const Actor& actor, EarningRule draft) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Settings, Action::Create));
  auto& engine = *engine_;
  EarningRule r = std::move(draft);
  r.id = EarningRuleId{};
  r.version = 1;
  r.created_at = engine.clock->now();
  if (r.valid_from == Date{}) r.valid_from = date_of(r.created_at);
  INSCRM_TRYV(check_rule(r));
  return engine.write([&](storage::Transaction& tx) -> Result<EarningRule> {
    INSCRM_TRYV(tx.loyalty().insert_earning_rule(r));
    INSCRM_TRYV(emit_rule(engine, tx, actor, r));
    return r;
  });
}

Result<EarningRule> LoyaltyService::change_rule(const Actor& actor, EarningRule next) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Settings, Action::Update));
  auto& engine = *engine_;
  EarningRule r = std::move(next);
  r.created_at = engine.clock->now();
  INSCRM_TRYV(check_rule(r));
  return engine.write([&](storage::Transaction& tx) -> Result<EarningRule> {
    INSCRM_TRY(auto current, detail::referenced(tx.loyalty().earning_rule(r.id, std::nullopt), "id", "earning rule",
                                                r.id.value));
    if (r.version != current.version)
      return Error::conflict(fmt::format("earning rule {} is at version {}, not {}", r.id.value, current.version,
                                         r.version));
    if (r.name != current.name) return Error::invalid_argument("name", "a rule keeps its name across versions");
    r.version = current.version + 1;
    INSCRM_TRYV(tx.loyalty().append_earning_rule_version(r));
    INSCRM_TRYV(emit_rule(engine, tx, actor, r));
    return r;
  });
}

Result<std::vector<EarningRule>> LoyaltyService::rules(const Actor& actor) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Loyalty, Action::Read));
  return engine_->read([&](storage::Transaction& tx) { return tx.loyalty().earning_rules(); });
}

Result<std::vector<EarningRule>> LoyaltyService::rule_versions(const Actor& actor, EarningRuleId id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Loyalty, Action::Read));
  return engine_->read([&](storage::Transaction& tx) -> Result<std::vector<EarningRule>> {
    INSCRM_TRY(auto versions, tx.loyalty().earning_rule_versions(id));
    if (versions.empty()) return Error::not_found("id", fmt::format("earning rule {} does not exist", id.value));
    return versions;
  });
}

// ---- ledger ------------------------------------------------------------------------------------

Result<EarnResult> LoyaltyService::earn(const Actor& actor, const EarnEvent& event) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Loyalty, Action::Create));
  auto& engine = *engine_;
  const Date on = event.on == Date{} ? engine.clock->today() : event.on;
  if (!on.ok()) return Error::invalid_argument("on", "not a calendar date");
  if (event.amount && event.amount->minor < 0) return Error::invalid_argument("amount", "must not be negative");
  std::string key = event.idempotency_key;
  if (key.empty() && !event.source.empty()) key = fmt::format("{}:{}", to_string(event.type), event.source);
  if (key.empty()) return Error::invalid_argument("idempotency_key", "an event needs a key or a source");
  return engine.write([&](storage::Transaction& tx) -> Result<EarnResult> {
    INSCRM_TRYV(require_customer(tx, event.customer));
    INSCRM_TRY(auto all, tx.loyalty().earning_rules());
    EarnResult result;
    std::optional<Portfolio> facts;  // built once, when a rule has a condition
    bool all_replayed = true;
    for (const auto& rule : all) {
      if (rule.event != event.type || !in_force(rule, on)) continue;
      const auto entry_key = fmt::format("{}#rule:{}", key, rule.id.value);
      INSCRM_TRY(auto before, replayed(tx, event.customer, entry_key, PointsKind::Earn));
      if (before) {
        result.entries.push_back(std::move(*before));
        continue;
      }
      if (!rule.condition.empty()) {
        if (!facts) {
          INSCRM_TRY(auto built, event_portfolio(tx, event, on));
          facts = std::move(built);
        }
        INSCRM_TRY(auto condition, compile_condition(rule));
        INSCRM_TRY(auto holds, rules::evaluate_row(condition, *facts, 0));
        if (!holds || !*holds) continue;
      }
      const auto points = points_for(rule, event.amount);
      if (points <= 0) continue;
      PointsEntry e;
      e.customer = event.customer;
      e.kind = PointsKind::Earn;
      e.points = points;
      e.on = on;
      e.expires_on = add_months(on, rule.expiry_months);
      e.idempotency_key = entry_key;
      e.rule = rule.id;
      e.rule_version = rule.version;
      e.source = event.source;
      e.policy = event.policy;
      INSCRM_TRY(auto written, post(engine, tx, actor, std::move(e)));
      result.entries.push_back(std::move(written));
      all_replayed = false;
    }
    result.replayed = all_replayed && !result.entries.empty();
    return result;
  });
}

Result<PointsEntry> LoyaltyService::redeem(const Actor& actor, CustomerId customer, std::int64_t points,
                                           std::string idempotency_key, std::string note) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Loyalty, Action::Create));
  auto& engine = *engine_;
  if (points <= 0) return Error::invalid_argument("points", "redeem at least one point");
  INSCRM_TRYV(check_host_key(idempotency_key));
  const Date today = engine.clock->today();
  return engine.write([&](storage::Transaction& tx) -> Result<PointsEntry> {
    INSCRM_TRYV(require_customer(tx, customer));
    INSCRM_TRY(auto before, replayed(tx, customer, idempotency_key, PointsKind::Redeem));
    if (before) return std::move(*before);
    INSCRM_TRY(auto state, ledger_of(tx, customer));
    INSCRM_TRYV(allocate_spend(state.open, points, today));
    PointsEntry e;
    e.customer = customer;
    e.kind = PointsKind::Redeem;
    e.points = -points;
    e.on = today;
    e.idempotency_key = std::move(idempotency_key);
    e.note = std::move(note);
    return post(engine, tx, actor, std::move(e));
  });
}

Result<PointsEntry> LoyaltyService::adjust(const Actor& actor, CustomerId customer, std::int64_t points,
                                           std::string idempotency_key, std::string note, int expiry_months) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Loyalty, Action::Update));
  auto& engine = *engine_;
  if (points == 0) return Error::invalid_argument("points", "an adjustment moves at least one point");
  INSCRM_TRYV(check_host_key(idempotency_key));
  if (note.empty()) return Error::invalid_argument("note", "an adjustment says why");
  if (expiry_months < 1 || expiry_months > 120)
    return Error::invalid_argument("expiry_months", fmt::format("{} is not within 1..120", expiry_months));
  const Date today = engine.clock->today();
  return engine.write([&](storage::Transaction& tx) -> Result<PointsEntry> {
    INSCRM_TRYV(require_customer(tx, customer));
    INSCRM_TRY(auto before, replayed(tx, customer, idempotency_key, PointsKind::Adjust));
    if (before) return std::move(*before);
    if (points < 0) {
      INSCRM_TRY(auto state, ledger_of(tx, customer));
      INSCRM_TRYV(allocate_spend(state.open, -points, today));
    }
    PointsEntry e;
    e.customer = customer;
    e.kind = PointsKind::Adjust;
    e.points = points;
    e.on = today;
    if (points > 0) e.expires_on = add_months(today, expiry_months);
    e.idempotency_key = std::move(idempotency_key);
    e.note = std::move(note);
    return post(engine, tx, actor, std::move(e));
  });
}

Result<std::vector<PointsEntry>> LoyaltyService::reverse_source(const Actor& actor, CustomerId customer,
                                                                std::string source, std::string note) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Loyalty, Action::Update));
  auto& engine = *engine_;
  if (source.empty()) return Error::invalid_argument("source", "must not be empty");
  const Date today = engine.clock->today();
  return engine.write([&](storage::Transaction& tx) -> Result<std::vector<PointsEntry>> {
    INSCRM_TRYV(require_customer(tx, customer));
    return reverse_grants(engine, tx, actor, customer, today, note.empty() ? "source reversed: " + source : note,
                          [&](const PointsEntry& g) { return g.source == source; });
  });
}

Result<ExpiryRun> LoyaltyService::expire(const Actor& actor) const { return expire(actor, engine_->clock->today()); }

Result<ExpiryRun> LoyaltyService::expire(const Actor& actor, Date as_of) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::DailyRun, Action::Update));
  auto& engine = *engine_;
  if (!as_of.ok()) return Error::invalid_argument("as_of", "not a calendar date");
  return engine.write([&](storage::Transaction& tx) -> Result<ExpiryRun> {
    ExpiryRun run;
    run.as_of = as_of;
    INSCRM_TRY(auto candidates, tx.loyalty().customers_with_grants_expiring(as_of));
    const auto key = fmt::format("expire:{}", to_string(as_of));
    for (auto customer : candidates) {
      INSCRM_TRY(auto before, replayed(tx, customer, key, PointsKind::Expire));
      if (before) continue;  // this day was run for this customer already
      INSCRM_TRY(auto state, ledger_of(tx, customer));
      std::int64_t points = 0;
      for (const auto& a : expiring(state.open, as_of)) points += a.points;
      if (points == 0) continue;
      PointsEntry e;
      e.customer = customer;
      e.kind = PointsKind::Expire;
      e.points = -points;
      e.on = as_of;
      e.idempotency_key = key;
      INSCRM_TRYV(post(engine, tx, actor, std::move(e)));
      ++run.customers;
      run.points_expired += points;
    }
    return run;
  });
}

Result<PointsBalance> LoyaltyService::balance(const Actor& actor, CustomerId customer) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Loyalty, Action::Read));
  const Date today = engine_->clock->today();
  return engine_->read([&](storage::Transaction& tx) -> Result<PointsBalance> {
    INSCRM_TRYV(require_customer(tx, customer));
    INSCRM_TRY(auto state, ledger_of(tx, customer));
    PointsBalance b;
    b.customer = customer;
    b.balance = state.balance;
    b.available = available(state.open, today);
    for (const auto& g : state.open)
      if (g.expires_on && *g.expires_on > today && (!b.next_expiry || *g.expires_on < *b.next_expiry))
        b.next_expiry = g.expires_on;
    for (const auto& g : state.open)
      if (b.next_expiry && g.expires_on == b.next_expiry) b.expiring_next += g.remaining;
    return b;
  });
}

Result<std::vector<PointsEntry>> LoyaltyService::statement(const Actor& actor, CustomerId customer) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Loyalty, Action::Read));
  return engine_->read([&](storage::Transaction& tx) -> Result<std::vector<PointsEntry>> {
    INSCRM_TRYV(require_customer(tx, customer));
    return tx.loyalty().points_of(customer);
  });
}

Result<BalanceCheck> LoyaltyService::check_balances(const Actor& actor) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Loyalty, Action::Read));
  return engine_->read([&](storage::Transaction& tx) -> Result<BalanceCheck> {
    std::map<std::int64_t, std::vector<PointsEntry>> ledgers;
    BalanceCheck check;
    PointsEntryId after;
    for (;;) {
      INSCRM_TRY(auto page, tx.loyalty().points_page(after, kPage));
      for (auto& e : page) {
        after = e.id;
        ++check.entries;
        ledgers[e.customer.value].push_back(std::move(e));
      }
      if (page.size() < kPage) break;
    }
    std::map<std::int64_t, storage::LoyaltyAccount> accounts;
    CustomerId after_customer;
    for (;;) {
      INSCRM_TRY(auto page, tx.loyalty().accounts(after_customer, kPage));
      for (auto& a : page) {
        after_customer = a.customer;
        accounts[a.customer.value] = std::move(a);
      }
      if (page.size() < kPage) break;
    }
    std::set<std::int64_t> customers;
    for (const auto& [c, _] : ledgers) customers.insert(c);
    for (const auto& [c, _] : accounts) customers.insert(c);
    for (auto c : customers) {
      ++check.customers;
      const auto& entries = ledgers[c];
      const auto sum = inscrm::balance(entries);
      const auto it = accounts.find(c);
      const std::int64_t cached = it == accounts.end() ? 0 : it->second.balance;
      check.points_outstanding += sum;
      auto replayed_ok = replay(entries);
      if (!replayed_ok)
        check.mismatches.push_back({CustomerId{c}, cached, sum, replayed_ok.error().message()});
      else if (cached != sum)
        check.mismatches.push_back(
            {CustomerId{c}, cached, sum, fmt::format("the account says {}, the entries sum to {}", cached, sum)});
    }
    return check;
  });
}

// ---- tiers -------------------------------------------------------------------------------------

Result<TierRun> LoyaltyService::evaluate_tiers(const Actor& actor, Date as_of) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::DailyRun, Action::Update));
  auto& engine = *engine_;
  if (!as_of.ok()) return Error::invalid_argument("as_of", "not a calendar date");
  const auto& programme = engine.loyalty.tiers;
  const Date window_start = add_months(as_of, -programme.window_months);  // exclusive
  return engine.write([&](storage::Transaction& tx) -> Result<TierRun> {
    // Per-customer measures, aggregated by the store (one statement on SQL stores).
    INSCRM_TRY(const auto measures, tx.loyalty().tier_measures(window_start, as_of));
    std::unordered_map<std::int64_t, const storage::TierMeasures*> m;
    m.reserve(measures.size());
    for (const auto& x : measures) m.emplace(x.customer.value, &x);
    std::unordered_map<std::int64_t, storage::LoyaltyAccount> accounts;
    CustomerId after_account;
    for (;;) {
      INSCRM_TRY(auto page, tx.loyalty().accounts(after_account, kPage));
      for (auto& a : page) {
        after_account = a.customer;
        accounts[a.customer.value] = std::move(a);
      }
      if (page.size() < kPage) break;
    }

    TierRun run;
    run.as_of = as_of;
    const storage::TierMeasures none;
    // Who needs evaluating: a customer with no policy, payment, claim, points or account has all
    // facts zero and no tier, so stays at the base tier without an account row — unless the
    // programme qualifies zero facts for more (a tier with no thresholds), checked here. So in
    // the usual case only the customers with measures or an account are visited, by id, and the
    // customer records (personal data to decrypt) are never read.
    std::vector<CustomerId> visit;
    const auto zero = evaluate_tier(programme, TierState{}, TierFacts{.window_premium = Money::cny(0)}, as_of);
    if (tier_rank(programme, zero.next.tier) == 0 && !zero.next.grace_until) {
      INSCRM_TRY(const auto total, tx.count_customers());
      run.customers = static_cast<std::size_t>(total);
      visit.reserve(m.size() + accounts.size());
      for (const auto& x : measures) visit.push_back(x.customer);
      for (const auto& [id, a] : accounts)
        if (!m.contains(id)) visit.push_back(CustomerId{id});
      std::sort(visit.begin(), visit.end());
    } else {
      storage::CustomerQuery q;
      q.limit = kPage;
      for (;;) {
        INSCRM_TRY(auto page, tx.customers(q));
        for (const auto& c : page) visit.push_back(c.id);
        if (page.size() < kPage) break;
        q.after = page.back().id;
      }
      run.customers = visit.size();
    }
    for (const CustomerId id : visit) {
      const auto mit = m.find(id.value);
      const storage::TierMeasures& x = mit == m.end() ? none : *mit->second;
      TierFacts facts;
      facts.window_premium = Money::cny(x.window_premium_minor);
      facts.tenure_years = x.first_effective ? years_between(*x.first_effective, as_of) : 0;
      facts.products = x.products;
      facts.window_points = x.window_points;
      facts.claim_free_years = x.last_claim ? years_between(*x.last_claim, as_of) : facts.tenure_years;
      auto ait = accounts.find(id.value);
      storage::LoyaltyAccount account;
      account.customer = id;
      if (ait != accounts.end()) account = ait->second;
      const TierState state{account.tier, account.tier_since, account.grace_until};
      const auto d = evaluate_tier(programme, state, facts, as_of);
      const bool changed = d.next.tier != state.tier || d.next.grace_until != state.grace_until;
      // A customer who only ever qualified for the base tier needs no account row.
      const bool base_only = account.version == 0 && tier_rank(programme, d.next.tier) == 0;
      if (!changed || base_only) continue;
      const auto from = state.tier.empty() ? programme.tiers.front().code : state.tier;
      account.tier = d.next.tier;
      account.tier_since = d.next.since;
      account.grace_until = d.next.grace_until;
      account.updated_at = engine.clock->now();
      INSCRM_TRYV(tx.loyalty().save_account(account));
      if (d.move == TierMove::None) continue;
      switch (d.move) {
        case TierMove::Upgrade: ++run.upgrades; break;
        case TierMove::Downgrade: ++run.downgrades; break;
        case TierMove::GraceStarted: ++run.grace_started; break;
        case TierMove::GraceCleared: ++run.grace_cleared; break;
        case TierMove::None: break;
      }
      run.changes.push_back({id, from, d.next.tier, d.move, d.next.grace_until});
      INSCRM_TRYV(engine.emit(
          tx, actor, "loyalty.tier_changed", "customer", id.value,
          fmt::format(R"({{"customer_id":{},"from":{},"to":{},"move":"{}","qualified":{},"as_of":"{}",)"
                      R"("grace_until":{}}})",
                      id.value, detail::json_string(from), detail::json_string(d.next.tier), move_text(d.move),
                      detail::json_string(d.qualified), to_string(as_of),
                      d.next.grace_until ? detail::json_string(to_string(*d.next.grace_until)) : "null")));
    }
    return run;
  });
}

Result<storage::LoyaltyAccount> LoyaltyService::account(const Actor& actor, CustomerId customer) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Loyalty, Action::Read));
  const auto base = engine_->loyalty.tiers.tiers.front().code;
  return engine_->read([&](storage::Transaction& tx) -> Result<storage::LoyaltyAccount> {
    INSCRM_TRYV(require_customer(tx, customer));
    INSCRM_TRY(auto a, account_of(tx, customer));
    if (a.tier.empty()) a.tier = base;
    return a;
  });
}

Result<TierDistribution> LoyaltyService::tier_distribution(const Actor& actor) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Analytics, Action::Read));
  const auto& settings = engine_->loyalty;
  return engine_->read([&](storage::Transaction& tx) -> Result<TierDistribution> {
    TierDistribution d;
    for (const auto& t : settings.tiers.tiers) d.tiers.push_back({t.code, 0});
    INSCRM_TRY(const auto total, tx.count_customers());
    std::size_t placed = 0;
    CustomerId after;
    for (;;) {
      INSCRM_TRY(auto page, tx.loyalty().accounts(after, kPage));
      for (const auto& a : page) {
        after = a.customer;
        d.points_outstanding += a.balance;
        if (a.tier.empty()) continue;
        const auto rank = tier_rank(settings.tiers, a.tier);
        if (rank == 0) continue;  // counted with the never-evaluated below
        ++d.tiers[rank].customers;
        ++placed;
      }
      if (page.size() < kPage) break;
    }
    d.tiers.front().customers = static_cast<std::size_t>(total) - placed;
    d.outstanding_value = settings.point_value * d.points_outstanding;
    return d;
  });
}

// ---- steps run by other services ---------------------------------------------------------------

Result<std::size_t> detail::reverse_policy_points(const Engine& engine, storage::Transaction& tx, const Actor& actor,
                                                  PolicyId policy, Date on, const std::string& note) {
  INSCRM_TRY(auto entries, tx.loyalty().points_on_policy(policy));
  std::set<std::int64_t> customers;
  for (const auto& e : entries)
    if (e.is_grant()) customers.insert(e.customer.value);
  std::size_t written = 0;
  for (auto c : customers) {
    INSCRM_TRY(auto reversed, reverse_grants(engine, tx, actor, CustomerId{c}, on, note,
                                             [&](const PointsEntry& g) { return g.policy == policy; }));
    written += reversed.size();
  }
  return written;
}

}  // namespace inscrm
