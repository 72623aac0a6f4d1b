// The loyalty programme in the SQL adapters: the points ledger, accounts and versioned earning
// rules (storage/loyalty_records.hpp, migration 0004_loyalty).
#include "storage/sql/sql_loyalty_records.hpp"

#include "storage/sql/sql_transaction_impl.hpp"

#include <string>
#include <utility>

namespace inscrm::storage::sql {

// ---- rows --------------------------------------------------------------------------------------

struct PointsRow {
  static constexpr std::string_view table = "loyalty_points";
  static constexpr bool has_id = true;
  IntCol id, customer_id;
  TextCol kind;
  IntCol points, on_day, expires_on;
  TextCol idempotency_key;
  IntCol rule_id, rule_version;
  TextCol source;
  IntCol policy_id, reverses_id;
  TextCol note, actor;
  IntCol recorded_at;

  template <class F>
  void each(F&& f) {
    f("id", id), f("customer_id", customer_id), f("kind", kind), f("points", points), f("on_day", on_day);
    f("expires_on", expires_on), f("idempotency_key", idempotency_key), f("rule_id", rule_id);
    f("rule_version", rule_version), f("source", source), f("policy_id", policy_id), f("reverses_id", reverses_id);
    f("note", note), f("actor", actor), f("recorded_at", recorded_at);
  }
};

struct AccountRow {
  static constexpr std::string_view table = "loyalty_accounts";
  static constexpr bool has_id = false;
  IntCol customer_id, version, balance;
  TextCol tier;
  IntCol tier_since, grace_until, updated_at;

  template <class F>
  void each(F&& f) {
    f("customer_id", customer_id), f("version", version), f("balance", balance), f("tier", tier);
    f("tier_since", tier_since), f("grace_until", grace_until), f("updated_at", updated_at);
  }
};

struct RuleRow {
  static constexpr std::string_view table = "loyalty_rules";
  static constexpr bool has_id = false;
  IntCol id, version;
  TextCol name, event, condition_text;
  IntCol fixed_points, points_per_unit, unit_minor, valid_from, valid_to, expiry_months, active, created_at;

  template <class F>
  void each(F&& f) {
    f("id", id), f("version", version), f("name", name), f("event", event), f("condition_text", condition_text);
    f("fixed_points", fixed_points), f("points_per_unit", points_per_unit), f("unit_minor", unit_minor);
    f("valid_from", valid_from), f("valid_to", valid_to), f("expiry_months", expiry_months), f("active", active);
    f("created_at", created_at);
  }
};

void to_row(const PointsEntry& e, PointsRow& r) {
  put(r.id, e.id.value);
  put_id(r.customer_id, e.customer);
  put_enum(r.kind, e.kind);
  put(r.points, e.points);
  put_date(r.on_day, e.on);
  put_date(r.expires_on, e.expires_on);
  put(r.idempotency_key, e.idempotency_key);
  put_id(r.rule_id, e.rule);
  put(r.rule_version, e.rule_version);
  put(r.source, e.source);
  put_id(r.policy_id, e.policy);
  put_id(r.reverses_id, e.reverses);
  put(r.note, e.note);
  put(r.actor, e.actor);
  put_instant(r.recorded_at, e.recorded_at);
}

Result<PointsEntry> from_row(const PointsRow& r) {
  PointsEntry e;
  INSCRM_TRY(e.id, get_id<PointsEntryId>(r.id, "loyalty_points.id"));
  INSCRM_TRY(e.customer, get_id<CustomerId>(r.customer_id, "loyalty_points.customer_id"));
  INSCRM_TRY(e.kind, get_enum<PointsKind>(r.kind, "loyalty_points.kind"));
  INSCRM_TRY(e.points, get(r.points, "loyalty_points.points"));
  INSCRM_TRY(e.on, get_date(r.on_day, "loyalty_points.on_day"));
  e.expires_on = get_opt_date(r.expires_on);
  INSCRM_TRY(e.idempotency_key, get(r.idempotency_key, "loyalty_points.idempotency_key"));
  e.rule = get_opt_id<EarningRuleId>(r.rule_id);
  INSCRM_TRY(e.rule_version, get_int(r.rule_version, "loyalty_points.rule_version"));
  INSCRM_TRY(e.source, get(r.source, "loyalty_points.source"));
  e.policy = get_opt_id<PolicyId>(r.policy_id);
  e.reverses = get_opt_id<PointsEntryId>(r.reverses_id);
  INSCRM_TRY(e.note, get(r.note, "loyalty_points.note"));
  INSCRM_TRY(e.actor, get(r.actor, "loyalty_points.actor"));
  INSCRM_TRY(e.recorded_at, get_instant(r.recorded_at, "loyalty_points.recorded_at"));
  return e;
}

void to_row(const LoyaltyAccount& a, AccountRow& r) {
  put_id(r.customer_id, a.customer);
  put(r.version, a.version);
  put(r.balance, a.balance);
  put(r.tier, a.tier);
  put_date(r.tier_since, a.tier_since);
  put_date(r.grace_until, a.grace_until);
  put_instant(r.updated_at, a.updated_at);
}

Result<LoyaltyAccount> from_row(const AccountRow& r) {
  LoyaltyAccount a;
  INSCRM_TRY(a.customer, get_id<CustomerId>(r.customer_id, "loyalty_accounts.customer_id"));
  INSCRM_TRY(a.version, get(r.version, "loyalty_accounts.version"));
  INSCRM_TRY(a.balance, get(r.balance, "loyalty_accounts.balance"));
  INSCRM_TRY(a.tier, get(r.tier, "loyalty_accounts.tier"));
  INSCRM_TRY(a.tier_since, get_date(r.tier_since, "loyalty_accounts.tier_since"));
  a.grace_until = get_opt_date(r.grace_until);
  INSCRM_TRY(a.updated_at, get_instant(r.updated_at, "loyalty_accounts.updated_at"));
  return a;
}

void to_row(const EarningRule& x, RuleRow& r) {
  put_id(r.id, x.id);
  put(r.version, x.version);
  put(r.name, x.name);
  put_enum(r.event, x.event);
  put(r.condition_text, x.condition);
  put(r.fixed_points, x.fixed_points);
  put(r.points_per_unit, x.points_per_unit);
  put(r.unit_minor, x.unit_minor);
  put_date(r.valid_from, x.valid_from);
  put_date(r.valid_to, x.valid_to);
  put(r.expiry_months, x.expiry_months);
  put_bool(r.active, x.active);
  put_instant(r.created_at, x.created_at);
}

Result<EarningRule> from_row(const RuleRow& r) {
  EarningRule x;
  INSCRM_TRY(x.id, get_id<EarningRuleId>(r.id, "loyalty_rules.id"));
  INSCRM_TRY(x.version, get_int(r.version, "loyalty_rules.version"));
  INSCRM_TRY(x.name, get(r.name, "loyalty_rules.name"));
  INSCRM_TRY(x.event, get_enum<EarnEventType>(r.event, "loyalty_rules.event"));
  INSCRM_TRY(x.condition, get(r.condition_text, "loyalty_rules.condition_text"));
  INSCRM_TRY(x.fixed_points, get(r.fixed_points, "loyalty_rules.fixed_points"));
  INSCRM_TRY(x.points_per_unit, get(r.points_per_unit, "loyalty_rules.points_per_unit"));
  INSCRM_TRY(x.unit_minor, get(r.unit_minor, "loyalty_rules.unit_minor"));
  INSCRM_TRY(x.valid_from, get_date(r.valid_from, "loyalty_rules.valid_from"));
  x.valid_to = get_opt_date(r.valid_to);
  INSCRM_TRY(x.expiry_months, get_int(r.expiry_months, "loyalty_rules.expiry_months"));
  INSCRM_TRY(x.active, get_bool(r.active, "loyalty_rules.active"));
  INSCRM_TRY(x.created_at, get_instant(r.created_at, "loyalty_rules.created_at"));
  return x;
}

namespace {

// Runs a one-off statement with the given bindings; the number of rows it changed.
template <class Bind>
long long execute(soci::session& sql, const std::string& text, Bind&& bind) {
  soci::statement st(sql);
  bind(st);
  prepare(st, text, false);
  st.execute(true);
  return st.get_affected_rows();
}

// INSERT of every column of `row`, ON CONFLICT DO NOTHING: 0 rows when a key is taken.
template <class Row>
long long insert_all(soci::session& sql, Row& row) {
  std::string cols, params;
  for (const auto& name : column_names<Row>()) {
    if (!cols.empty()) cols += ", ", params += ", ";
    cols += name;
    params += ":" + name;
  }
  return execute(sql,
                 fmt::format("INSERT INTO {} ({}) VALUES ({}) ON CONFLICT DO NOTHING", Row::table, cols, params),
                 [&](soci::statement& st) { bind_use(st, row, [](std::string_view) { return true; }); });
}

}  // namespace

template <class T, class Body>
Result<T> SqlLoyaltyRecords::write(Body&& body) {
  return tx_.run<T>(SqlTransaction::Access::Write, std::forward<Body>(body));
}

template <class T, class Body>
Result<T> SqlLoyaltyRecords::read(Body&& body) {
  return tx_.run<T>(SqlTransaction::Access::Read, std::forward<Body>(body));
}

// ---- ledger ------------------------------------------------------------------------------------

Result<void> SqlLoyaltyRecords::append_points(PointsEntry& e) {
  return write<void>([&]() -> Result<void> {
    auto& ins = tx_.stmt<PreparedInsert<PointsRow>>();
    to_row(e, ins.row);
    const auto id = ins.run(tx_.c_);
    if (!id)
      return Error::already_exists("idempotency_key", fmt::format("customer {} already has an entry with key '{}'",
                                                                  e.customer.value, e.idempotency_key));
    e.id = PointsEntryId{*id};
    return ok();
  });
}

Result<std::optional<PointsEntry>> SqlLoyaltyRecords::points_by_key(CustomerId customer, std::string_view key) {
  return read<std::optional<PointsEntry>>([&]() -> Result<std::optional<PointsEntry>> {
    long long c = customer.value;
    std::string k{key};
    INSCRM_TRY(auto rows, tx_.select_rows<PointsRow>("WHERE customer_id = :c AND idempotency_key = :k",
                                                     [&](soci::statement& st) {
                                                       st.exchange(soci::use(c));
                                                       st.exchange(soci::use(k));
                                                     }));
    if (rows.empty()) return std::optional<PointsEntry>{};
    return std::optional<PointsEntry>{std::move(rows.front())};
  });
}

Result<std::vector<PointsEntry>> SqlLoyaltyRecords::points_of(CustomerId customer) {
  return read<std::vector<PointsEntry>>([&] {
    long long c = customer.value;
    return tx_.select_rows<PointsRow>("WHERE customer_id = :c ORDER BY id",
                                      [&](soci::statement& st) { st.exchange(soci::use(c)); });
  });
}

Result<std::vector<PointsEntry>> SqlLoyaltyRecords::points_page(PointsEntryId after, std::size_t limit) {
  return read<std::vector<PointsEntry>>([&]() -> Result<std::vector<PointsEntry>> {
    if (limit == 0) return std::vector<PointsEntry>{};
    long long a = after.value, n = sql_limit(limit);
    return tx_.select_rows<PointsRow>("WHERE id > :a ORDER BY id LIMIT :n", [&](soci::statement& st) {
      st.exchange(soci::use(a));
      st.exchange(soci::use(n));
    });
  });
}

Result<std::vector<PointsEntry>> SqlLoyaltyRecords::points_on_policy(PolicyId policy) {
  return read<std::vector<PointsEntry>>([&] {
    long long p = policy.value;
    return tx_.select_rows<PointsRow>("WHERE policy_id = :p ORDER BY id",
                                      [&](soci::statement& st) { st.exchange(soci::use(p)); });
  });
}

Result<std::vector<CustomerId>> SqlLoyaltyRecords::customers_with_grants_expiring(Date as_of) {
  return read<std::vector<CustomerId>>([&]() -> Result<std::vector<CustomerId>> {
    long long day = to_epoch_days(as_of);
    // A grant is settled once an expire entry of its customer is dated on or after its expiry day.
    INSCRM_TRY(auto ids, tx_.select_ids("SELECT DISTINCT g.customer_id FROM loyalty_points g "
                                        "WHERE g.points > 0 AND g.expires_on <= :d AND NOT EXISTS ("
                                        "SELECT 1 FROM loyalty_points x WHERE x.customer_id = g.customer_id "
                                        "AND x.kind = 'expire' AND x.on_day >= g.expires_on) "
                                        "ORDER BY g.customer_id",
                                        [&](soci::statement& st) { st.exchange(soci::use(day)); }));
    std::vector<CustomerId> out;
    out.reserve(ids.size());
    for (auto id : ids) out.emplace_back(id);
    return out;
  });
}

// ---- accounts ----------------------------------------------------------------------------------

Result<std::optional<LoyaltyAccount>> SqlLoyaltyRecords::account(CustomerId customer) {
  return read<std::optional<LoyaltyAccount>>([&]() -> Result<std::optional<LoyaltyAccount>> {
    long long c = customer.value;
    INSCRM_TRY(auto rows, tx_.select_rows<AccountRow>("WHERE customer_id = :c",
                                                      [&](soci::statement& st) { st.exchange(soci::use(c)); }));
    if (rows.empty()) return std::optional<LoyaltyAccount>{};
    return std::optional<LoyaltyAccount>{std::move(rows.front())};
  });
}

Result<void> SqlLoyaltyRecords::save_account(LoyaltyAccount& a) {
  return write<void>([&]() -> Result<void> {
    AccountRow row;
    if (a.version == 0) {
      LoyaltyAccount stored = a;
      stored.version = 1;
      to_row(stored, row);
      if (insert_all(tx_.c_.sql(), row) == 0)
        return Error::already_exists("customer",
                                     fmt::format("customer {} already has a loyalty account", a.customer.value));
      a.version = 1;
      return ok();
    }
    to_row(a, row);
    long long next = a.version + 1;
    const auto changed = execute(
        tx_.c_.sql(),
        "UPDATE loyalty_accounts SET version = :nv, balance = :b, tier = :t, tier_since = :s, grace_until = :g, "
        "updated_at = :u WHERE customer_id = :c AND version = :v",
        [&](soci::statement& st) {
          st.exchange(soci::use(next));
          st.exchange(soci::use(row.balance.v, row.balance.ind));
          st.exchange(soci::use(row.tier.v, row.tier.ind));
          st.exchange(soci::use(row.tier_since.v, row.tier_since.ind));
          st.exchange(soci::use(row.grace_until.v, row.grace_until.ind));
          st.exchange(soci::use(row.updated_at.v, row.updated_at.ind));
          st.exchange(soci::use(row.customer_id.v, row.customer_id.ind));
          st.exchange(soci::use(row.version.v, row.version.ind));
        });
    if (changed == 1) {
      a.version = next;
      return ok();
    }
    long long c = a.customer.value;
    INSCRM_TRY(auto rows, tx_.select_rows<AccountRow>("WHERE customer_id = :c",
                                                      [&](soci::statement& st) { st.exchange(soci::use(c)); }));
    if (rows.empty())
      return Error::not_found("customer", fmt::format("customer {} has no loyalty account", a.customer.value));
    return Error::conflict(fmt::format("loyalty account of customer {} was changed by someone else (version {} read, "
                                       "{} stored)",
                                       a.customer.value, a.version, rows.front().version));
  });
}

Result<std::vector<LoyaltyAccount>> SqlLoyaltyRecords::accounts(CustomerId after, std::size_t limit) {
  return read<std::vector<LoyaltyAccount>>([&]() -> Result<std::vector<LoyaltyAccount>> {
    if (limit == 0) return std::vector<LoyaltyAccount>{};
    long long a = after.value, n = sql_limit(limit);
    return tx_.select_rows<AccountRow>("WHERE customer_id > :a ORDER BY customer_id LIMIT :n",
                                       [&](soci::statement& st) {
                                         st.exchange(soci::use(a));
                                         st.exchange(soci::use(n));
                                       });
  });
}

// ---- earning rules -----------------------------------------------------------------------------

Result<int> SqlLoyaltyRecords::latest_rule_version(long long id) {
  long long v = 0;
  soci::indicator ind = soci::i_ok;
  run_once(tx_.c_.sql(), "SELECT MAX(version) FROM loyalty_rules WHERE id = :id", soci::into(v, ind),
           soci::use(id));
  return ind == soci::i_null ? 0 : static_cast<int>(v);
}

Result<void> SqlLoyaltyRecords::insert_rule_row(const EarningRule& rule) {
  RuleRow row;
  to_row(rule, row);
  if (insert_all(tx_.c_.sql(), row) == 0)
    return Error::conflict(fmt::format("earning rule {} version {} was stored by someone else", rule.id.value,
                                       rule.version));
  return ok();
}

Result<void> SqlLoyaltyRecords::insert_earning_rule(EarningRule& rule) {
  return write<void>([&]() -> Result<void> {
    long long taken = 0;
    std::string name = rule.name;
    run_once(tx_.c_.sql(), "SELECT COUNT(*) FROM loyalty_rules WHERE name = :name", soci::into(taken),
             soci::use(name));
    if (taken > 0) return Error::already_exists("name", fmt::format("earning rule name '{}' is taken", rule.name));
    long long max_id = 0;
    soci::indicator ind = soci::i_ok;
    run_once(tx_.c_.sql(), "SELECT MAX(id) FROM loyalty_rules", soci::into(max_id, ind));
    EarningRule stored = rule;
    stored.id = EarningRuleId{(ind == soci::i_null ? 0 : max_id) + 1};
    stored.version = 1;
    INSCRM_TRYV(insert_rule_row(stored));
    rule.id = stored.id;
    rule.version = 1;
    return ok();
  });
}

Result<void> SqlLoyaltyRecords::append_earning_rule_version(const EarningRule& rule) {
  return write<void>([&]() -> Result<void> {
    INSCRM_TRY(const int latest, latest_rule_version(rule.id.value));
    if (latest == 0) return Error::not_found("id", fmt::format("earning rule {} does not exist", rule.id.value));
    if (rule.version != latest + 1)
      return Error::conflict(fmt::format("earning rule {} is at version {}; version {} cannot follow it",
                                         rule.id.value, latest, rule.version));
    long long id = rule.id.value;
    std::string first_name;
    run_once(tx_.c_.sql(), "SELECT name FROM loyalty_rules WHERE id = :id AND version = 1", soci::into(first_name),
             soci::use(id));
    if (first_name != rule.name) return Error::invalid_argument("name", "a rule keeps its name across versions");
    return insert_rule_row(rule);
  });
}

Result<EarningRule> SqlLoyaltyRecords::earning_rule(EarningRuleId id, std::optional<int> version) {
  return read<EarningRule>([&]() -> Result<EarningRule> {
    long long rid = id.value;
    long long v = 0;
    if (version) {
      v = *version;
    } else {
      INSCRM_TRY(const int latest, latest_rule_version(rid));
      v = latest;
    }
    INSCRM_TRY(auto rows, tx_.select_rows<RuleRow>("WHERE id = :id AND version = :v", [&](soci::statement& st) {
      st.exchange(soci::use(rid));
      st.exchange(soci::use(v));
    }));
    if (rows.empty())
      return Error::not_found("id", version ? fmt::format("earning rule {} has no version {}", id.value, *version)
                                            : fmt::format("earning rule {} does not exist", id.value));
    return std::move(rows.front());
  });
}

Result<std::vector<EarningRule>> SqlLoyaltyRecords::earning_rules() {
  return read<std::vector<EarningRule>>([&] {
    return tx_.select_rows<RuleRow>(
        "r WHERE r.version = (SELECT MAX(l.version) FROM loyalty_rules l WHERE l.id = r.id) ORDER BY r.id",
        [](soci::statement&) {});
  });
}

Result<std::vector<EarningRule>> SqlLoyaltyRecords::earning_rule_versions(EarningRuleId id) {
  return read<std::vector<EarningRule>>([&] {
    long long rid = id.value;
    return tx_.select_rows<RuleRow>("WHERE id = :id ORDER BY version",
                                    [&](soci::statement& st) { st.exchange(soci::use(rid)); });
  });
}

}  // namespace inscrm::storage::sql

// ---- tier measures -----------------------------------------------------------------------------

namespace inscrm::storage::sql {

// One aggregate statement per evaluation instead of reading every policy, payment, claim and
// ledger entry into the library (bench_care: the reads were most of a tier run). The sums are
// cast to BIGINT: PostgreSQL's SUM of a BIGINT is NUMERIC.
Result<std::vector<TierMeasures>> SqlLoyaltyRecords::tier_measures(Date window_start, Date as_of) {
  return read<std::vector<TierMeasures>>([&]() -> Result<std::vector<TierMeasures>> {
    const long long from = to_epoch_days(window_start), to = to_epoch_days(as_of);
    IntCol customer, premium, first_effective, products, points, last_claim;
    soci::statement st(tx_.c_.sql());
    st.exchange(soci::into(customer.v, customer.ind));
    st.exchange(soci::into(premium.v, premium.ind));
    st.exchange(soci::into(first_effective.v, first_effective.ind));
    st.exchange(soci::into(products.v, products.ind));
    st.exchange(soci::into(points.v, points.ind));
    st.exchange(soci::into(last_claim.v, last_claim.ind));
    // The two days are integers the library computed, written into the text: each is used several
    // times, which positional and named binding handle differently per backend.
    const std::string sql = fmt::format(
        "WITH pol AS ("
        "  SELECT holder_id AS customer_id,"
        "    MIN(CASE WHEN effective_date <= {to} AND issue_date IS NOT NULL THEN effective_date END)"
        "      AS first_effective,"
        "    COUNT(DISTINCT CASE WHEN status IN ('in_force', 'grace_period', 'reinstated', 'renewed')"
        "                        THEN product_id END) AS products"
        "  FROM policies GROUP BY holder_id),"
        " pay AS ("
        "  SELECT p.holder_id AS customer_id, SUM(y.amount_minor) AS premium"
        "  FROM payments y JOIN policies p ON p.id = y.policy_id"
        "  WHERE y.currency = 'CNY' AND y.paid_on > {from} AND y.paid_on <= {to} GROUP BY p.holder_id),"
        " pts AS ("
        "  SELECT customer_id, SUM(points) AS points FROM loyalty_points"
        "  WHERE kind IN ('earn', 'reverse') AND on_day > {from} AND on_day <= {to} GROUP BY customer_id),"
        " clm AS ("
        "  SELECT claimant_id AS customer_id, MAX(incident_date) AS last_claim FROM claims"
        "  WHERE incident_date <= {to} GROUP BY claimant_id),"
        " ids AS ("
        "  SELECT customer_id FROM pol UNION SELECT customer_id FROM loyalty_points"
        "  UNION SELECT claimant_id FROM claims)"
        " SELECT ids.customer_id, CAST(COALESCE(pay.premium, 0) AS BIGINT), pol.first_effective,"
        "   CAST(COALESCE(pol.products, 0) AS BIGINT), CAST(COALESCE(pts.points, 0) AS BIGINT), clm.last_claim"
        " FROM ids LEFT JOIN pol ON pol.customer_id = ids.customer_id"
        " LEFT JOIN pay ON pay.customer_id = ids.customer_id"
        " LEFT JOIN pts ON pts.customer_id = ids.customer_id"
        " LEFT JOIN clm ON clm.customer_id = ids.customer_id"
        " ORDER BY ids.customer_id",
        fmt::arg("from", from), fmt::arg("to", to));
    prepare(st, sql, false);
    std::vector<TierMeasures> out;
    INSCRM_TRYV(for_each_row(st, [&]() -> Result<void> {
      TierMeasures m;
      INSCRM_TRY(long long id, get(customer, "customer_id"));
      m.customer = CustomerId{id};
      INSCRM_TRY(m.window_premium_minor, get(premium, "premium"));
      m.first_effective = get_opt_date(first_effective);
      INSCRM_TRY(long long n, get(products, "products"));
      m.products = static_cast<int>(n);
      INSCRM_TRY(m.window_points, get(points, "points"));
      m.last_claim = get_opt_date(last_claim);
      out.push_back(m);
      return ok();
    }));
    return out;
  });
}

}  // namespace inscrm::storage::sql
