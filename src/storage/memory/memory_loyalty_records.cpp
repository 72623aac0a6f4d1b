#include "storage/memory/memory_loyalty_records.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace inscrm::storage::memory {

Result<void> MemoryLoyaltyRecords::writable() const {
  if (finished_) return Error::internal("transaction already finished");
  if (mode_ != TxMode::Write) return Error::internal("write in a read transaction");
  return ok();
}

// ---- ledger ------------------------------------------------------------------------------------

Result<void> MemoryLoyaltyRecords::append_points(PointsEntry& e) {
  INSCRM_TRYV(writable());
  const auto key = std::pair{e.customer.value, e.idempotency_key};
  if (s_.entry_by_key.contains(key))
    return Error::already_exists("idempotency_key", fmt::format("customer {} already has an entry with key '{}'",
                                                                e.customer.value, e.idempotency_key));
  e.id = PointsEntryId{++s_.next.entry};
  s_.entries[e.id.value] = e;
  s_.entry_by_key[key] = e.id.value;
  s_.entries_by_customer.insert({e.customer.value, e.id.value});
  if (e.policy) s_.entries_by_policy.emplace(e.policy->value, e.id.value);
  undo_.push_back([this, id = e.id.value, key, policy = e.policy] {
    s_.entries.erase(id);
    s_.entry_by_key.erase(key);
    s_.entries_by_customer.erase({key.first, id});
    if (policy) {
      auto [first, last] = s_.entries_by_policy.equal_range(policy->value);
      for (auto it = first; it != last; ++it)
        if (it->second == id) {
          s_.entries_by_policy.erase(it);
          break;
        }
    }
  });
  return ok();
}

Result<std::optional<PointsEntry>> MemoryLoyaltyRecords::points_by_key(CustomerId customer, std::string_view key) {
  auto it = s_.entry_by_key.find({customer.value, std::string{key}});
  if (it == s_.entry_by_key.end()) return std::optional<PointsEntry>{};
  return std::optional<PointsEntry>{s_.entries.at(it->second)};
}

Result<std::vector<PointsEntry>> MemoryLoyaltyRecords::points_of(CustomerId customer) {
  std::vector<PointsEntry> out;
  for (auto it = s_.entries_by_customer.lower_bound({customer.value, 0});
       it != s_.entries_by_customer.end() && it->first == customer.value; ++it)
    out.push_back(s_.entries.at(it->second));
  return out;
}

Result<std::vector<PointsEntry>> MemoryLoyaltyRecords::points_page(PointsEntryId after, std::size_t limit) {
  std::vector<PointsEntry> out;
  for (auto it = s_.entries.upper_bound(after.value); it != s_.entries.end() && out.size() < limit; ++it)
    out.push_back(it->second);
  return out;
}

Result<std::vector<PointsEntry>> MemoryLoyaltyRecords::points_on_policy(PolicyId policy) {
  std::vector<std::int64_t> ids;
  auto [first, last] = s_.entries_by_policy.equal_range(policy.value);
  for (auto it = first; it != last; ++it) ids.push_back(it->second);
  std::sort(ids.begin(), ids.end());
  std::vector<PointsEntry> out;
  for (auto id : ids) out.push_back(s_.entries.at(id));
  return out;
}

Result<std::vector<CustomerId>> MemoryLoyaltyRecords::customers_with_grants_expiring(Date as_of) {
  // A grant is settled once an expire entry of its customer is dated on or after its expiry day
  // (that entry took everything expired by then); the rest is the candidate set.
  std::map<std::int64_t, Date> expired_through;
  for (const auto& [id, e] : s_.entries)
    if (e.kind == PointsKind::Expire) {
      auto [it, fresh] = expired_through.emplace(e.customer.value, e.on);
      if (!fresh && it->second < e.on) it->second = e.on;
    }
  std::set<std::int64_t> out;
  for (const auto& [id, e] : s_.entries) {
    if (!e.is_grant() || !e.expires_on || *e.expires_on > as_of) continue;
    auto it = expired_through.find(e.customer.value);
    if (it == expired_through.end() || it->second < *e.expires_on) out.insert(e.customer.value);
  }
  std::vector<CustomerId> ids;
  for (auto c : out) ids.emplace_back(c);
  return ids;
}

// ---- accounts ----------------------------------------------------------------------------------

Result<std::optional<LoyaltyAccount>> MemoryLoyaltyRecords::account(CustomerId customer) {
  auto it = s_.accounts.find(customer.value);
  if (it == s_.accounts.end()) return std::optional<LoyaltyAccount>{};
  return std::optional<LoyaltyAccount>{it->second};
}

Result<void> MemoryLoyaltyRecords::save_account(LoyaltyAccount& a) {
  INSCRM_TRYV(writable());
  auto it = s_.accounts.find(a.customer.value);
  if (a.version == 0) {
    if (it != s_.accounts.end())
      return Error::already_exists("customer", fmt::format("customer {} already has a loyalty account", a.customer.value));
    a.version = 1;
    s_.accounts[a.customer.value] = a;
    undo_.push_back([this, c = a.customer.value] { s_.accounts.erase(c); });
    return ok();
  }
  if (it == s_.accounts.end())
    return Error::not_found("customer", fmt::format("customer {} has no loyalty account", a.customer.value));
  if (it->second.version != a.version)
    return Error::conflict(fmt::format("loyalty account of customer {} was changed by someone else (version {} read, "
                                       "{} stored)",
                                       a.customer.value, a.version, it->second.version));
  undo_.push_back([this, old = it->second] { s_.accounts[old.customer.value] = old; });
  a.version += 1;
  it->second = a;
  return ok();
}

Result<std::vector<LoyaltyAccount>> MemoryLoyaltyRecords::accounts(CustomerId after, std::size_t limit) {
  std::vector<LoyaltyAccount> out;
  for (auto it = s_.accounts.upper_bound(after.value); it != s_.accounts.end() && out.size() < limit; ++it)
    out.push_back(it->second);
  return out;
}

// The SQL adapters' aggregate (sql_loyalty_records.cpp), over the maps.
Result<std::vector<TierMeasures>> MemoryLoyaltyRecords::tier_measures(Date window_start, Date as_of) {
  const auto in_window = [&](Date d) { return d > window_start && d <= as_of; };
  struct Sums {
    TierMeasures m;
    std::set<std::int64_t> products;
  };
  std::map<std::int64_t, Sums> by_customer;
  auto at = [&](CustomerId c) -> Sums& {
    Sums& x = by_customer[c.value];
    x.m.customer = c;
    return x;
  };
  for (const auto& [id, p] : sources_.policies) {
    Sums& x = at(p.holder);
    if (p.effective_date && *p.effective_date <= as_of && p.issue_date &&
        (!x.m.first_effective || *p.effective_date < *x.m.first_effective))
      x.m.first_effective = p.effective_date;
    if (in_force(p.status)) x.products.insert(p.product.value);
  }
  for (const auto& [id, pay] : sources_.payments) {
    if (pay.amount.currency != Currency::cny() || !in_window(pay.paid_on)) continue;
    const auto policy = sources_.policies.find(pay.policy.value);
    if (policy != sources_.policies.end()) at(policy->second.holder).m.window_premium_minor += pay.amount.minor;
  }
  for (const auto& [id, c] : sources_.claims) {
    Sums& x = at(c.claimant);
    if (c.incident_date <= as_of && (!x.m.last_claim || c.incident_date > *x.m.last_claim))
      x.m.last_claim = c.incident_date;
  }
  for (const auto& [id, e] : s_.entries) {
    Sums& x = at(e.customer);
    if ((e.kind == PointsKind::Earn || e.kind == PointsKind::Reverse) && in_window(e.on)) x.m.window_points += e.points;
  }
  std::vector<TierMeasures> out;
  out.reserve(by_customer.size());
  for (auto& [id, x] : by_customer) {
    x.m.products = static_cast<int>(x.products.size());
    out.push_back(x.m);
  }
  return out;
}

// ---- earning rules -----------------------------------------------------------------------------

int MemoryLoyaltyRecords::latest_version(std::int64_t rule) const {
  auto it = s_.rules.lower_bound({rule + 1, 0});
  if (it == s_.rules.begin()) return 0;
  --it;
  return it->first.first == rule ? it->first.second : 0;
}

Result<void> MemoryLoyaltyRecords::insert_earning_rule(EarningRule& rule) {
  INSCRM_TRYV(writable());
  if (s_.rule_by_name.contains(rule.name))
    return Error::already_exists("name", fmt::format("earning rule name '{}' is taken", rule.name));
  rule.id = EarningRuleId{++s_.next.rule};
  rule.version = 1;
  s_.rules[{rule.id.value, 1}] = rule;
  s_.rule_by_name[rule.name] = rule.id.value;
  undo_.push_back([this, id = rule.id.value, name = rule.name] {
    s_.rules.erase({id, 1});
    s_.rule_by_name.erase(name);
  });
  return ok();
}

Result<void> MemoryLoyaltyRecords::append_earning_rule_version(const EarningRule& rule) {
  INSCRM_TRYV(writable());
  const int latest = latest_version(rule.id.value);
  if (latest == 0) return Error::not_found("id", fmt::format("earning rule {} does not exist", rule.id.value));
  if (rule.version != latest + 1)
    return Error::conflict(fmt::format("earning rule {} is at version {}; version {} cannot follow it", rule.id.value,
                                       latest, rule.version));
  const auto& first = s_.rules.at({rule.id.value, 1});
  if (rule.name != first.name) return Error::invalid_argument("name", "a rule keeps its name across versions");
  s_.rules[{rule.id.value, rule.version}] = rule;
  undo_.push_back([this, key = std::pair{rule.id.value, rule.version}] { s_.rules.erase(key); });
  return ok();
}

Result<EarningRule> MemoryLoyaltyRecords::earning_rule(EarningRuleId id, std::optional<int> version) {
  const int v = version.value_or(latest_version(id.value));
  auto it = s_.rules.find({id.value, v});
  if (it == s_.rules.end())
    return Error::not_found("id", version ? fmt::format("earning rule {} has no version {}", id.value, *version)
                                          : fmt::format("earning rule {} does not exist", id.value));
  return it->second;
}

Result<std::vector<EarningRule>> MemoryLoyaltyRecords::earning_rules() {
  std::vector<EarningRule> out;
  for (auto it = s_.rules.begin(); it != s_.rules.end(); ++it) {
    auto next = std::next(it);
    if (next == s_.rules.end() || next->first.first != it->first.first) out.push_back(it->second);
  }
  return out;
}

Result<std::vector<EarningRule>> MemoryLoyaltyRecords::earning_rule_versions(EarningRuleId id) {
  std::vector<EarningRule> out;
  for (auto it = s_.rules.lower_bound({id.value, 0}); it != s_.rules.end() && it->first.first == id.value; ++it)
    out.push_back(it->second);
  return out;
}

}  // namespace inscrm::storage::memory
