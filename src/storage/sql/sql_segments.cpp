// Segments in the SQL adapters (migration 0003_segments): definitions, the append-only rule history
// and membership snapshots; and rule push-down, which runs a checked rule as a WHERE clause over
// the customer_facts view (rules/sql.hpp) as of a day.
#include "storage/sql/segment_rows.hpp"
#include "storage/sql/sql_transaction_impl.hpp"
#include "storage/standard_facts.hpp"

#include <inscrm/rules/sql.hpp>

#include <algorithm>
#include <deque>
#include <variant>

namespace inscrm::storage::sql {

template <>
struct UniqueGuard<SegmentRow> {
  static constexpr const char* sql = "NOT EXISTS (SELECT 1 FROM segments o WHERE o.name = :g_name AND o.id <> :g_id)";
  static void bind(soci::statement& st, SegmentRow& r) {
    st.exchange(soci::use(r.name.v, r.name.ind));
    st.exchange(soci::use(r.id.v, r.id.ind));
  }
};

namespace {

Error name_taken(const Segment& s) {
  return Error::already_exists("name", fmt::format("segment name '{}' is taken", s.name));
}

// One member row per statement execution, kept prepared: the SQLite path (a local call per row is
// what SQLite is fast at) and the fallback nothing else needs on PostgreSQL.
struct PreparedMemberInsert final : CachedStatement {
  long long snapshot_id = 0;
  long long customer_id = 0;
  soci::statement st;

  explicit PreparedMemberInsert(Connection& c) : st(c.sql()) {
    st.exchange(soci::use(snapshot_id));
    st.exchange(soci::use(customer_id));
    prepare(st, "INSERT INTO segment_members (snapshot_id, customer_id) VALUES (:s, :c)", true);
  }
};

}  // namespace

// Foreign keys would refuse an unknown segment too, but on PostgreSQL that error ends the
// transaction; the port promises NotFound as an ordinary answer.
Result<void> SqlTransaction::require_segment(SegmentId segment) {
  if (!stmt<PreparedVersion<SegmentRow>>().run(segment.value))
    return Error::not_found("segment", fmt::format("segment {} does not exist", segment.value));
  return ok();
}

Result<void> SqlTransaction::insert_segment(Segment& s) {
  return run<void>(Access::Write, [&]() -> Result<void> {
    auto& ins = stmt<PreparedInsert<SegmentRow>>();
    to_row(s, ins.row);
    put(ins.row.version, 1);
    const auto id = ins.run(c_);
    if (!id) return name_taken(s);
    s.id = SegmentId{*id};
    s.version = 1;
    return ok();
  });
}

Result<void> SqlTransaction::update_segment(Segment& s) {
  return run<void>(Access::Write, [&] { return update<SegmentRow>(s, "segment", [&] { return name_taken(s); }); });
}

Result<Segment> SqlTransaction::segment(SegmentId id) {
  return run<Segment>(Access::Read, [&] { return load<SegmentRow>(id.value, "segment"); });
}

Result<std::optional<Segment>> SqlTransaction::segment_by_name(std::string_view name) {
  return run<std::optional<Segment>>(Access::Read, [&]() -> Result<std::optional<Segment>> {
    std::string wanted{name};
    INSCRM_TRY(auto ids, select_ids("SELECT id FROM segments WHERE name = :name",
                                    [&](soci::statement& st) { st.exchange(soci::use(wanted)); }));
    if (ids.empty()) return std::optional<Segment>{};
    INSCRM_TRY(Segment s, load<SegmentRow>(ids.front(), "segment"));
    return std::optional<Segment>{std::move(s)};
  });
}

Result<std::vector<Segment>> SqlTransaction::segments() {
  return run<std::vector<Segment>>(Access::Read,
                                   [&] { return select_rows<SegmentRow>("ORDER BY id", [](soci::statement&) {}); });
}

Result<void> SqlTransaction::append_segment_rule(SegmentId segment, const rules::StoredRule& rule) {
  return run<void>(Access::Write, [&]() -> Result<void> {
    INSCRM_TRYV(require_segment(segment));
    auto& ins = stmt<PreparedInsert<SegmentRuleRow>>();
    to_row(segment, rule, ins.row);
    if (!ins.run(c_))
      return Error::already_exists("version", fmt::format("segment {} already has rule version {}", segment.value,
                                                          rule.version));
    return ok();
  });
}

Result<std::vector<rules::StoredRule>> SqlTransaction::segment_rules(SegmentId segment) {
  return run<std::vector<rules::StoredRule>>(Access::Read, [&] {
    long long wanted = segment.value;
    return select_rows<SegmentRuleRow>("WHERE segment_id = :s ORDER BY version",
                                       [&](soci::statement& st) { st.exchange(soci::use(wanted)); });
  });
}

Result<void> SqlTransaction::insert_segment_snapshot(SegmentSnapshot& snap) {
  return run<void>(Access::Write, [&]() -> Result<void> {
    INSCRM_TRYV(require_segment(snap.segment));
    snap.member_count = static_cast<std::int64_t>(snap.members.size());
    auto& ins = stmt<PreparedInsert<SegmentSnapshotRow>>();
    to_row(snap, ins.row);
    const auto id = ins.run(c_);
    if (!id) return Error::internal("segment snapshot row was not written");
    snap.id = SegmentSnapshotId{*id};
    if (c_.backend() == Backend::Postgresql) {
      // COPY: SOCI's vector insert is one round trip per row on PostgreSQL (toolchain.md).
      std::string data;
      data.reserve(snap.members.size() * 24);
      for (const CustomerId member : snap.members) data += fmt::format("{}\t{}\n", snap.id.value, member.value);
      if (!data.empty()) c_.copy_in("COPY segment_members (snapshot_id, customer_id) FROM STDIN", data);
      return ok();
    }
    auto& member = stmt<PreparedMemberInsert>();
    member.snapshot_id = snap.id.value;
    for (const CustomerId m : snap.members) {
      member.customer_id = m.value;
      member.st.execute(true);
    }
    return ok();
  });
}

Result<SegmentSnapshot> SqlTransaction::segment_snapshot(SegmentSnapshotId id) {
  return run<SegmentSnapshot>(Access::Read, [&]() -> Result<SegmentSnapshot> {
    INSCRM_TRY(SegmentSnapshot snap, load<SegmentSnapshotRow>(id.value, "segment snapshot"));
    long long wanted = id.value;
    INSCRM_TRY(auto members, select_ids("SELECT customer_id FROM segment_members WHERE snapshot_id = :s "
                                        "ORDER BY customer_id",
                                        [&](soci::statement& st) { st.exchange(soci::use(wanted)); }));
    snap.members.reserve(members.size());
    for (long long m : members) snap.members.emplace_back(m);
    return snap;
  });
}

Result<std::vector<SegmentSnapshot>> SqlTransaction::segment_snapshots(SegmentId segment) {
  return run<std::vector<SegmentSnapshot>>(Access::Read, [&] {
    long long wanted = segment.value;
    return select_rows<SegmentSnapshotRow>("WHERE segment_id = :s ORDER BY id",
                                           [&](soci::statement& st) { st.exchange(soci::use(wanted)); });
  });
}

Result<std::vector<CustomerId>> SqlTransaction::rule_members(const rules::Rule& rule, Date as_of) {
  INSCRM_TRYV(check_standard_facts(rule));
  rules::SqlOptions options;
  options.dialect = c_.backend() == Backend::Postgresql ? rules::SqlDialect::PostgreSql : rules::SqlDialect::Sqlite;
  options.placeholder = rules::SqlPlaceholder::Named;
  options.as_of = as_of;
  // Push-down stops at the income (README "Personal data"): it is sealed, so a rule reading it
  // has every income decrypted here into a per-connection table, and the rest still runs as SQL.
  const auto& facts = rule.facts();
  const bool needs_income = cipher_ && std::find(facts.begin(), facts.end(), "annual_income") != facts.end();
  std::string source = "customer_facts";
  if (needs_income) {
    options.columns.emplace("annual_income", "decrypted_income");
    source =
        "(SELECT cf.*, di.income AS decrypted_income FROM customer_facts cf "
        "LEFT JOIN inscrm_income di ON di.customer_id = cf.customer_id) f";
  }
  INSCRM_TRY(const rules::SqlWhere where, rules::to_sql(rule, options));
  return run<std::vector<CustomerId>>(Access::Read, [&]() -> Result<std::vector<CustomerId>> {
    c_.set_facts_day(to_epoch_days(as_of));
    if (needs_income) INSCRM_TRYV(decrypted_incomes());
    // Parameters bound in placeholder order, from storage that outlives the statement. Booleans go
    // as 0/1: SQLite stores them so, and PostgreSQL reads the text '1' / '0' as a BOOLEAN where
    // to_sql wrote CAST(:pN AS BOOLEAN).
    std::deque<long long> ints;
    std::deque<double> decimals;
    std::deque<std::string> texts;
    INSCRM_TRY(auto ids,
               select_ids("SELECT customer_id FROM " + source + " WHERE " + where.text + " ORDER BY customer_id",
                          [&](soci::statement& st) {
                            for (const rules::SqlParam& p : where.params) {
                              if (const auto* b = std::get_if<bool>(&p)) {
                                st.exchange(soci::use(ints.emplace_back(*b ? 1 : 0)));
                              } else if (const auto* i = std::get_if<std::int64_t>(&p)) {
                                st.exchange(soci::use(ints.emplace_back(*i)));
                              } else if (const auto* d = std::get_if<double>(&p)) {
                                st.exchange(soci::use(decimals.emplace_back(*d)));
                              } else {
                                st.exchange(soci::use(texts.emplace_back(std::get<std::string>(p))));
                              }
                            }
                          }));
    std::vector<CustomerId> out;
    out.reserve(ids.size());
    for (long long id : ids) out.emplace_back(id);
    return out;
  });
}

}  // namespace inscrm::storage::sql
