#pragma once
// Statement text and bindings generated from the row structs (rows.hpp), and the statements the
// connection keeps prepared (statements.hpp): insert, version-checked update and select-by-id
// per table, plus the policy parties.
//
// Inserts use ON CONFLICT DO NOTHING and updates guard their unique keys with NOT EXISTS, so a
// taken key shows as "no row written" instead of an exception: on PostgreSQL an exception aborts
// the whole transaction, and the port promises AlreadyExists as an ordinary, recoverable answer.
// (A race with a concurrent writer can still surface as a unique violation; that one is
// translated and ends the transaction.)

#include "storage/sql/connection.hpp"
#include "storage/sql/rows.hpp"
#include "storage/sql/statements.hpp"

#include <soci/soci.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace inscrm::storage::sql {

// ---- text ------------------------------------------------------------------------------------

template <class Row>
const std::vector<std::string>& column_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    Row r;
    r.each([&](std::string_view name, auto&) { out.emplace_back(name); });
    return out;
  }();
  return names;
}

// "p.id, p.version, …" (prefix "p.") or "id, version, …".
template <class Row>
std::string select_list(std::string_view prefix = {}) {
  std::string out;
  for (const auto& name : column_names<Row>()) {
    if (!out.empty()) out += ", ";
    out += prefix;
    out += name;
  }
  return out;
}

// ---- binding ---------------------------------------------------------------------------------

template <class Row>
void bind_into(soci::statement& st, Row& r) {
  r.each([&](std::string_view, auto& col) { st.exchange(soci::into(col.v, col.ind)); });
}

// Binds every column for which keep(name) holds, in each() order.
template <class Row, class Keep>
void bind_use(soci::statement& st, Row& r, Keep keep) {
  r.each([&](std::string_view name, auto& col) {
    if (keep(name)) st.exchange(soci::use(col.v, col.ind));
  });
}

// Kept statements are prepared server-side on PostgreSQL; one-off ones run as a single
// PQexecParams round trip instead of prepare + execute + deallocate.
inline void prepare(soci::statement& st, const std::string& sql, bool keep) {
  st.alloc();
  st.prepare(sql, keep ? soci::details::st_repeatable_query : soci::details::st_one_time_query);
  st.define_and_bind();
}

// Runs `text` once with the given soci::use/soci::into bindings; true when a row came back (read
// into the intos). Used instead of SOCI's `sql << …`, whose once_temp_type makes UBSan's vptr
// check link against the typeinfo of a class SOCI does not export (the asan preset would not link).
template <class... Exchange>
bool run_once(soci::session& sql, const std::string& text, Exchange&&... x) {
  soci::statement st(sql);
  (st.exchange(std::forward<Exchange>(x)), ...);
  prepare(st, text, false);
  return st.execute(true);
}

// Runs a statement whose results are already bound and feeds each row to `on_row`, which returns
// Result<void>. Reads to the end: on SQLite a statement left mid-step keeps its snapshot open.
template <class OnRow>
Result<void> for_each_row(soci::statement& st, OnRow&& on_row) {
  if (st.execute(true)) {
    do {
      INSCRM_TRYV(on_row());
    } while (st.fetch());
  }
  return ok();
}

// ---- inserts ---------------------------------------------------------------------------------

template <class Row>
struct InsertText {
  static std::string sql(bool returning) {
    std::string cols, params;
    for (const auto& name : column_names<Row>()) {
      if (name == "id") continue;
      if (!cols.empty()) cols += ", ", params += ", ";
      cols += name;
      params += ":" + name;
    }
    std::string out = "INSERT INTO " + std::string{Row::table} + " (" + cols + ") VALUES (" + params +
                      ") ON CONFLICT DO NOTHING";
    if (returning) out += " RETURNING id";
    return out;
  }
  static void bind(soci::statement& st, Row& r) {
    bind_use(st, r, [](std::string_view name) { return name != "id"; });
  }
};

// A payment must name an existing policy (the port reports NotFound, not a foreign-key error that
// would abort a PostgreSQL transaction): insert from a one-row SELECT guarded by EXISTS. The casts
// give PostgreSQL the parameter types a bare SELECT list does not imply.
template <>
struct InsertText<PaymentRow> {
  static std::string sql(bool returning) {
    std::string out =
        "INSERT INTO payments (policy_id, due_date, paid_on, amount_minor, currency, policy_year, channel, "
        "recorded_at) SELECT CAST(:policy_id AS BIGINT), CAST(:due_date AS INTEGER), CAST(:paid_on AS INTEGER), "
        "CAST(:amount_minor AS BIGINT), CAST(:currency AS TEXT), CAST(:policy_year AS INTEGER), "
        "CAST(:channel AS TEXT), CAST(:recorded_at AS BIGINT) "
        "WHERE EXISTS (SELECT 1 FROM policies WHERE id = CAST(:policy AS BIGINT)) ON CONFLICT DO NOTHING";
    if (returning) out += " RETURNING id";
    return out;
  }
  static void bind(soci::statement& st, PaymentRow& r) {
    bind_use(st, r, [](std::string_view name) { return name != "id"; });
    st.exchange(soci::use(r.policy_id.v, r.policy_id.ind));
  }
};

template <class Row>
struct PreparedInsert final : CachedStatement {
  Row row;
  IntCol new_id;
  bool returning;
  soci::statement st;

  explicit PreparedInsert(Connection& c)
      : returning(Row::has_id && ids_by_returning(c.backend())), st(c.sql()) {
    InsertText<Row>::bind(st, row);
    if (returning) st.exchange(soci::into(new_id.v, new_id.ind));
    prepare(st, InsertText<Row>::sql(returning), true);
  }

  // Inserts `row`; the new id (0 for tables without one), or nullopt when nothing was written
  // because a unique key is taken (or, for payments, the policy does not exist).
  std::optional<long long> run(Connection& c) {
    if (returning) {
      if (!st.execute(true)) return std::nullopt;
      const long long id = new_id.v;
      st.fetch();  // drives the statement to its end
      return id;
    }
    st.execute(true);
    if (st.get_affected_rows() == 0) return std::nullopt;
    return Row::has_id ? c.sqlite_last_rowid() : 0;
  }
};

// ---- version-checked updates -----------------------------------------------------------------

// The unique keys an update must not take from another row; see the header comment.
template <class Row>
struct UniqueGuard;

template <>
struct UniqueGuard<AgentRow> {
  static constexpr const char* sql = "NOT EXISTS (SELECT 1 FROM agents o WHERE o.code = :g_code AND o.id <> :g_id)";
  static void bind(soci::statement& st, AgentRow& r) {
    st.exchange(soci::use(r.code.v, r.code.ind));
    st.exchange(soci::use(r.id.v, r.id.ind));
  }
};
template <>
struct UniqueGuard<ProductRow> {
  static constexpr const char* sql =
      "NOT EXISTS (SELECT 1 FROM products o WHERE o.code = :g_code AND o.id <> :g_id)";
  static void bind(soci::statement& st, ProductRow& r) {
    st.exchange(soci::use(r.code.v, r.code.ind));
    st.exchange(soci::use(r.id.v, r.id.ind));
  }
};
template <>
struct UniqueGuard<CustomerRow> {
  static constexpr const char* sql =
      "NOT EXISTS (SELECT 1 FROM customers o WHERE o.external_ref = :g_ref AND o.id <> :g_id)";
  static void bind(soci::statement& st, CustomerRow& r) {
    st.exchange(soci::use(r.external_ref.v, r.external_ref.ind));
    st.exchange(soci::use(r.id.v, r.id.ind));
  }
};
template <>
struct UniqueGuard<PolicyRow> {
  static constexpr const char* sql =
      "NOT EXISTS (SELECT 1 FROM policies o WHERE (o.number = :g_number OR o.external_ref = :g_ref) "
      "AND o.id <> :g_id)";
  static void bind(soci::statement& st, PolicyRow& r) {
    st.exchange(soci::use(r.number.v, r.number.ind));
    st.exchange(soci::use(r.external_ref.v, r.external_ref.ind));
    st.exchange(soci::use(r.id.v, r.id.ind));
  }
};

template <class Row>
struct PreparedUpdate final : CachedStatement {
  Row row;
  soci::statement st;

  explicit PreparedUpdate(Connection& c) : st(c.sql()) {
    std::string sets;
    for (const auto& name : column_names<Row>()) {
      if (name == "id" || name == "version") continue;
      if (!sets.empty()) sets += ", ";
      sets += name + " = :" + name;
    }
    bind_use(st, row, [](std::string_view name) { return name != "id" && name != "version"; });
    st.exchange(soci::use(row.id.v, row.id.ind));
    st.exchange(soci::use(row.version.v, row.version.ind));
    UniqueGuard<Row>::bind(st, row);
    prepare(st,
            "UPDATE " + std::string{Row::table} + " SET " + sets +
                ", version = version + 1 WHERE id = :id AND version = :version AND " + UniqueGuard<Row>::sql,
            true);
  }

  // Rows written: 1, or 0 when the row is missing, its version moved on, or a unique key is taken.
  long long run() {
    st.execute(true);
    return st.get_affected_rows();
  }
};

// ---- reads by id -----------------------------------------------------------------------------

template <class Row>
struct PreparedSelect final : CachedStatement {
  Row row;
  long long id = 0;
  soci::statement st;

  explicit PreparedSelect(Connection& c) : st(c.sql()) {
    bind_into(st, row);
    st.exchange(soci::use(id));
    prepare(st, "SELECT " + select_list<Row>() + " FROM " + std::string{Row::table} + " WHERE id = :id", true);
  }

  bool run(long long wanted) {
    id = wanted;
    const bool found = st.execute(true);
    if (found) st.fetch();  // to the end (ids are unique, so this finds nothing more)
    return found;
  }
};

// The stored version of a row, to tell NotFound from Conflict after an update wrote nothing.
template <class Row>
struct PreparedVersion final : CachedStatement {
  long long id = 0;
  IntCol version;
  soci::statement st;

  explicit PreparedVersion(Connection& c) : st(c.sql()) {
    st.exchange(soci::into(version.v, version.ind));
    st.exchange(soci::use(id));
    prepare(st, "SELECT version FROM " + std::string{Row::table} + " WHERE id = :id", true);
  }

  std::optional<long long> run(long long wanted) {
    id = wanted;
    if (!st.execute(true)) return std::nullopt;
    const long long v = version.v;
    st.fetch();
    return v;
  }
};

// ---- policy parties --------------------------------------------------------------------------

// One row per insured (kind 0) or beneficiary (kind 1) of a policy, in stored order.
struct PartyRow {
  IntCol kind, policy_id, position, customer_id, share_percent;
};

inline void bind_into(soci::statement& st, PartyRow& r) {
  for (IntCol* col : {&r.kind, &r.policy_id, &r.position, &r.customer_id, &r.share_percent})
    st.exchange(soci::into(col->v, col->ind));
}

// `where` selects policy ids: "= :p" or "IN (SELECT …)".
inline std::string parties_sql(std::string_view where_insured, std::string_view where_beneficiary) {
  return "SELECT 0, policy_id, position, customer_id, 0 FROM policy_insured WHERE policy_id " +
         std::string{where_insured} +
         " UNION ALL SELECT 1, policy_id, position, customer_id, share_percent FROM policy_beneficiaries "
         "WHERE policy_id " +
         std::string{where_beneficiary} + " ORDER BY 2, 1, 3";
}

struct PreparedParties final : CachedStatement {
  PartyRow row;
  long long policy = 0;
  soci::statement st;

  explicit PreparedParties(Connection& c) : st(c.sql()) {
    bind_into(st, row);
    st.exchange(soci::use(policy));
    st.exchange(soci::use(policy));
    prepare(st, parties_sql("= :p1", "= :p2"), true);
  }
};

// Replacing a policy's parties: delete both lists, then insert through PreparedInsert.
struct PreparedPartiesDelete final : CachedStatement {
  long long policy = 0;
  soci::statement insured, beneficiaries;

  explicit PreparedPartiesDelete(Connection& c) : insured(c.sql()), beneficiaries(c.sql()) {
    insured.exchange(soci::use(policy));
    prepare(insured, "DELETE FROM policy_insured WHERE policy_id = :p", true);
    beneficiaries.exchange(soci::use(policy));
    prepare(beneficiaries, "DELETE FROM policy_beneficiaries WHERE policy_id = :p", true);
  }

  void run(long long id) {
    policy = id;
    insured.execute(true);
    beneficiaries.execute(true);
  }
};

}  // namespace inscrm::storage::sql
