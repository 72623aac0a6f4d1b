// Merges of duplicate customers in the SQL adapters (storage/merge_records.hpp, migration
// 0008_merge). Ids in the statements are integers the library produced: inlined in chunks of IN
// lists, as in sql_care_records.cpp.
#include "storage/sql/dialect.hpp"
#include "storage/sql/sql_transaction_impl.hpp"

#include <charconv>
#include <type_traits>

namespace inscrm::storage::sql {
namespace {

constexpr std::size_t kChunk = 500;

// Where a MergedTable's rows name their customer.
struct TableSpec {
  const char* table;
  const char* customer;  // the column naming the customer
  const char* key;       // the column MovedRecords::ids holds
  const char* bump;      // the table whose version moves on for each moved key (its id = key), or null
  bool guard;            // a key the other customer holds a row under too stays where it is
};

TableSpec spec(MergedTable t) {
  switch (t) {
    case MergedTable::Policies: return {"policies", "holder_id", "id", "policies", false};
    case MergedTable::Claims: return {"claims", "claimant_id", "id", "claims", false};
    case MergedTable::Interactions: return {"interactions", "customer_id", "id", "interactions", false};
    case MergedTable::Complaints: return {"complaints", "customer_id", "id", "complaints", false};
    case MergedTable::ServiceRequests: return {"service_requests", "customer_id", "id", "service_requests", false};
    case MergedTable::SurveyResponses: return {"survey_responses", "customer_id", "id", nullptr, false};
    case MergedTable::Consents: return {"consents", "customer_id", "id", nullptr, false};
    case MergedTable::CareTasks: return {"care_tasks", "customer_id", "id", "care_tasks", false};
    case MergedTable::CampaignMembers: return {"campaign_members", "customer_id", "campaign_id", nullptr, true};
    case MergedTable::PointsEntries: return {"loyalty_points", "customer_id", "id", nullptr, false};
    case MergedTable::PolicyInsured: return {"policy_insured", "customer_id", "policy_id", "policies", true};
    case MergedTable::PolicyBeneficiaries: return {"policy_beneficiaries", "customer_id", "policy_id", "policies", true};
  }
  return {"", "", "", nullptr, false};
}

std::string id_list(const std::vector<std::int64_t>& ids, std::size_t first, std::size_t last) {
  std::string out;
  for (std::size_t i = first; i < last; ++i) fmt::format_to(std::back_inserter(out), "{}{}", i == first ? "" : ",", ids[i]);
  return out;
}

// "table:id,id;table:id" and back: the moved rows of a merge in one text column.
std::string encode_moved(const std::vector<MovedRecords>& moved) {
  std::string out;
  for (const auto& m : moved) {
    if (!out.empty()) out += ';';
    out += to_string(m.table);
    out += ':';
    out += id_list(m.ids, 0, m.ids.size());
  }
  return out;
}

Result<std::vector<MovedRecords>> decode_moved(std::string_view text) {
  std::vector<MovedRecords> out;
  while (!text.empty()) {
    const auto end = text.find(';');
    std::string_view part = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    const auto colon = part.find(':');
    if (colon == std::string_view::npos) return Error::storage("customer_merges.moved is malformed");
    auto table = enum_from_string<MergedTable>(part.substr(0, colon));
    if (!table) return Error::storage("customer_merges.moved names an unknown table");
    MovedRecords m{*table, {}};
    std::string_view ids = part.substr(colon + 1);
    while (!ids.empty()) {
      const auto comma = ids.find(',');
      std::string_view one = ids.substr(0, comma);
      std::int64_t v = 0;
      if (std::from_chars(one.data(), one.data() + one.size(), v).ec != std::errc{})
        return Error::storage("customer_merges.moved holds a bad id");
      m.ids.push_back(v);
      ids = comma == std::string_view::npos ? std::string_view{} : ids.substr(comma + 1);
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

std::vector<std::string> split(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    out.emplace_back(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return out;
}

// A customers row packed into one text, every column with its NULL-ness: "N" for NULL, "I<n>;"
// for an integer, "T<length>:<bytes>" for text — so that it can be sealed whole and read back
// into the same row type (and from_row) without a second format for customers.
void pack_row(CustomerRow& row, std::string& out) {
  out.clear();
  row.each([&](std::string_view, auto& col) {
    if (col.null()) {
      out += 'N';
    } else if constexpr (std::is_same_v<std::decay_t<decltype(col)>, IntCol>) {
      fmt::format_to(std::back_inserter(out), "I{};", col.v);
    } else {
      fmt::format_to(std::back_inserter(out), "T{}:", col.v.size());
      out += col.v;
    }
  });
}

Result<void> unpack_row(std::string_view in, CustomerRow& row) {
  bool bad = false;
  row.each([&](std::string_view, auto& col) {
    if (bad || in.empty()) {
      bad = true;
      return;
    }
    const char tag = in.front();
    in.remove_prefix(1);
    if (tag == 'N') {
      col.ind = soci::i_null;
      return;
    }
    const char stop = tag == 'I' ? ';' : ':';
    const auto end = in.find(stop);
    long long n = 0;
    if (end == std::string_view::npos || std::from_chars(in.data(), in.data() + end, n).ec != std::errc{}) {
      bad = true;
      return;
    }
    in.remove_prefix(end + 1);
    if constexpr (std::is_same_v<std::decay_t<decltype(col)>, IntCol>) {
      if (tag != 'I') bad = true;
      put(col, n);
    } else {
      if (tag != 'T' || n < 0 || static_cast<std::size_t>(n) > in.size()) {
        bad = true;
        return;
      }
      put(col, in.substr(0, static_cast<std::size_t>(n)));
      in.remove_prefix(static_cast<std::size_t>(n));
    }
  });
  if (bad || !in.empty()) return Error::storage("customer_merges.survivor_before is malformed");
  return ok();
}

// One customer_merges row as SOCI binds it.
struct MergeRow {
  IntCol id, survivor_id, merged_away_id;
  TextCol rule, taken_fields, moved, actor;
  IntCol merged_at, undone_at;
  TextCol undone_by, before_key, survivor_before;

  static constexpr const char* columns =
      "id, survivor_id, merged_away_id, rule, taken_fields, moved, actor, merged_at, undone_at, undone_by, "
      "before_key, survivor_before";

  void into(soci::statement& st) {
    auto in = [&](auto& c) { st.exchange(soci::into(c.v, c.ind)); };
    in(id), in(survivor_id), in(merged_away_id), in(rule), in(taken_fields), in(moved), in(actor);
    in(merged_at), in(undone_at), in(undone_by), in(before_key), in(survivor_before);
  }
};

}  // namespace

void SqlTransaction::recompute_consent_state(long long a, long long b) {
  c_.exec(fmt::format("DELETE FROM consent_state WHERE customer_id IN ({}, {})", a, b));
  // The record in force is the latest one (append_consent upserts each new record).
  c_.exec(fmt::format(
      "INSERT INTO consent_state (customer_id, purpose, channel, consent_id, granted) "
      "SELECT c.customer_id, c.purpose, c.channel, c.id, c.granted FROM consents c "
      "WHERE c.customer_id IN ({0}, {1}) AND c.id = (SELECT MAX(d.id) FROM consents d "
      "WHERE d.customer_id = c.customer_id AND d.purpose = c.purpose AND d.channel = c.channel)",
      a, b));
}

Result<std::vector<MovedRecords>> SqlTransaction::move_customer_records(CustomerId from_id, CustomerId to_id) {
  return run<std::vector<MovedRecords>>(Access::Write, [&]() -> Result<std::vector<MovedRecords>> {
    long long from = from_id.value, to = to_id.value;
    // Checked before anything changes: a unique-key error would end a PostgreSQL transaction.
    INSCRM_TRY(auto clash, select_ids("SELECT a.id FROM loyalty_points a JOIN loyalty_points b "
                                      "ON b.idempotency_key = a.idempotency_key "
                                      "WHERE a.customer_id = :f AND b.customer_id = :t",
                                      [&](soci::statement& st) {
                                        st.exchange(soci::use(from));
                                        st.exchange(soci::use(to));
                                      }));
    if (!clash.empty())
      return Error::already_exists("idempotency_key", "both customers hold a points entry with the same key");
    std::vector<MovedRecords> moved;
    for (MergedTable table : enum_values<MergedTable>()) {
      const TableSpec s = spec(table);
      std::string sql = fmt::format("SELECT DISTINCT {0} FROM {1} WHERE {2} = {3}", s.key, s.table, s.customer, from);
      if (s.guard) sql += fmt::format(" AND {0} NOT IN (SELECT {0} FROM {1} WHERE {2} = {3})", s.key, s.table, s.customer, to);
      sql += fmt::format(" ORDER BY {}", s.key);
      INSCRM_TRY(auto ids, select_ids(sql, [](soci::statement&) {}));
      if (ids.empty()) continue;
      MovedRecords m{table, {ids.begin(), ids.end()}};
      for (std::size_t first = 0; first < m.ids.size(); first += kChunk) {
        const std::size_t last = std::min(m.ids.size(), first + kChunk);
        const std::string chunk = id_list(m.ids, first, last);
        c_.exec(fmt::format("UPDATE {} SET {} = {} WHERE {} = {} AND {} IN ({})", s.table, s.customer, to, s.customer,
                            from, s.key, chunk));
        if (s.bump) c_.exec(fmt::format("UPDATE {} SET version = version + 1 WHERE id IN ({})", s.bump, chunk));
      }
      moved.push_back(std::move(m));
    }
    recompute_consent_state(from, to);
    return moved;
  });
}

Result<void> SqlTransaction::move_records_back(const std::vector<MovedRecords>& moved, CustomerId to_id,
                                               CustomerId from_id) {
  return run<void>(Access::Write, [&]() -> Result<void> {
    long long from = from_id.value, to = to_id.value;
    for (const auto& m : moved) {
      if (m.table != MergedTable::PointsEntries) continue;
      for (std::size_t first = 0; first < m.ids.size(); first += kChunk) {
        const std::size_t last = std::min(m.ids.size(), first + kChunk);
        INSCRM_TRY(auto clash, select_ids(fmt::format("SELECT a.id FROM loyalty_points a JOIN loyalty_points b "
                                                      "ON b.idempotency_key = a.idempotency_key "
                                                      "WHERE a.id IN ({}) AND a.customer_id = {} AND b.customer_id = {}",
                                                      id_list(m.ids, first, last), to, from),
                                          [](soci::statement&) {}));
        if (!clash.empty())
          return Error::already_exists("idempotency_key", "the merged-away customer holds that points key again");
      }
    }
    for (const auto& m : moved) {
      const TableSpec s = spec(m.table);
      for (std::size_t first = 0; first < m.ids.size(); first += kChunk) {
        const std::size_t last = std::min(m.ids.size(), first + kChunk);
        // The rows that still name the survivor; a campaign or policy that names the merged-away
        // customer again since keeps the survivor's row.
        std::string sql = fmt::format("SELECT DISTINCT {0} FROM {1} WHERE {2} = {3} AND {0} IN ({4})", s.key, s.table,
                                      s.customer, to, id_list(m.ids, first, last));
        if (s.guard)
          sql += fmt::format(" AND {0} NOT IN (SELECT {0} FROM {1} WHERE {2} = {3})", s.key, s.table, s.customer, from);
        INSCRM_TRY(auto still, select_ids(sql, [](soci::statement&) {}));
        if (still.empty()) continue;
        const std::vector<std::int64_t> keys(still.begin(), still.end());
        const std::string chunk = id_list(keys, 0, keys.size());
        c_.exec(fmt::format("UPDATE {} SET {} = {} WHERE {} = {} AND {} IN ({})", s.table, s.customer, from, s.customer,
                            to, s.key, chunk));
        if (s.bump) c_.exec(fmt::format("UPDATE {} SET version = version + 1 WHERE id IN ({})", s.bump, chunk));
      }
    }
    recompute_consent_state(from, to);
    return ok();
  });
}

Result<void> SqlTransaction::insert_merge(CustomerMerge& m) {
  return run<void>(Access::Write, [&]() -> Result<void> {
    long long survivor = m.survivor.value, merged_away = m.merged_away.value,
              merged_at = to_epoch_micros(m.merged_at);
    std::string rule{to_string(m.rule)}, taken = join(m.taken_fields), moved = encode_moved(m.moved), actor = m.actor;
    TextCol key, before;
    put_null(key);
    put_null(before);
    if (m.survivor_before) {
      CustomerRow row;
      to_row(*m.survivor_before, row);
      std::string packed;
      pack_row(row, packed);
      if (cipher_) {
        cipher_->seal(packed, key.v, before.v);
        key.ind = before.ind = soci::i_ok;
      } else {
        put(before, packed);
      }
    }
    const bool returning = ids_by_returning(c_.backend());
    IntCol new_id;
    soci::statement st(c_.sql());
    st.exchange(soci::use(survivor));
    st.exchange(soci::use(merged_away));
    st.exchange(soci::use(rule));
    st.exchange(soci::use(taken));
    st.exchange(soci::use(moved));
    st.exchange(soci::use(actor));
    st.exchange(soci::use(merged_at));
    st.exchange(soci::use(key.v, key.ind));
    st.exchange(soci::use(before.v, before.ind));
    if (returning) st.exchange(soci::into(new_id.v, new_id.ind));
    prepare(st,
            std::string{"INSERT INTO customer_merges (survivor_id, merged_away_id, rule, taken_fields, moved, actor, "
                        "merged_at, undone_at, undone_by, before_key, survivor_before) "
                        "VALUES (:s, :m, :r, :t, :mv, :a, :at, NULL, '', :k, :b)"} +
                (returning ? " RETURNING id" : ""),
            false);
    st.execute(true);
    m.id = MergeId{returning ? new_id.v : c_.sqlite_last_rowid()};
    return ok();
  });
}

Result<void> SqlTransaction::mark_merge_undone(MergeId id, Instant at, std::string_view actor) {
  return run<void>(Access::Write, [&]() -> Result<void> {
    long long merge = id.value, when = to_epoch_micros(at);
    std::string who{actor};
    soci::statement st(c_.sql());
    st.exchange(soci::use(when));
    st.exchange(soci::use(who));
    st.exchange(soci::use(merge));
    prepare(st, "UPDATE customer_merges SET undone_at = :at, undone_by = :by WHERE id = :id AND undone_at IS NULL",
            false);
    st.execute(true);
    if (st.get_affected_rows() == 1) return ok();
    INSCRM_TRY(auto found, select_ids("SELECT id FROM customer_merges WHERE id = :id",
                                      [&](soci::statement& s) { s.exchange(soci::use(merge)); }));
    if (found.empty()) return Error::not_found("id", fmt::format("merge {} does not exist", merge));
    return Error{Errc::Conflict, fmt::format("merge {} is undone already", merge), "merge"};
  });
}

template <class MergeRowT>
Result<CustomerMerge> SqlTransaction::merge_from_row(const MergeRowT& r) {
  CustomerMerge m;
  INSCRM_TRY(m.id, get_id<MergeId>(r.id, "customer_merges.id"));
  INSCRM_TRY(m.survivor, get_id<CustomerId>(r.survivor_id, "customer_merges.survivor_id"));
  INSCRM_TRY(m.merged_away, get_id<CustomerId>(r.merged_away_id, "customer_merges.merged_away_id"));
  INSCRM_TRY(m.rule, get_enum<Survivorship>(r.rule, "customer_merges.rule"));
  m.taken_fields = split(r.taken_fields.v);
  INSCRM_TRY(m.moved, decode_moved(r.moved.v));
  m.actor = r.actor.v;
  INSCRM_TRY(m.merged_at, get_instant(r.merged_at, "customer_merges.merged_at"));
  m.undone_at = get_opt_instant(r.undone_at);
  m.undone_by = r.undone_by.null() ? std::string{} : r.undone_by.v;
  if (!r.survivor_before.null()) {
    std::string plain;
    if (!r.before_key.null()) {
      if (!cipher_) return Error::storage("a sealed merge record in a plain-text database");
      INSCRM_TRYV(cipher_->open(r.before_key.v, r.survivor_before.v, plain));
    } else {
      plain = r.survivor_before.v;
    }
    CustomerRow row;
    INSCRM_TRYV(unpack_row(plain, row));
    INSCRM_TRY(auto before, from_row(row));
    m.survivor_before = std::move(before);
  }
  return m;
}

Result<CustomerMerge> SqlTransaction::merge_record(MergeId id) {
  return run<CustomerMerge>(Access::Read, [&]() -> Result<CustomerMerge> {
    long long merge = id.value;
    MergeRow row;
    soci::statement st(c_.sql());
    row.into(st);
    st.exchange(soci::use(merge));
    prepare(st, fmt::format("SELECT {} FROM customer_merges WHERE id = :id", MergeRow::columns), false);
    if (!st.execute(true)) return Error::not_found("id", fmt::format("merge {} does not exist", merge));
    return merge_from_row(row);
  });
}

Result<std::vector<CustomerMerge>> SqlTransaction::merge_records(std::optional<CustomerId> customer) {
  return run<std::vector<CustomerMerge>>(Access::Read, [&]() -> Result<std::vector<CustomerMerge>> {
    long long who = customer ? customer->value : 0;
    MergeRow row;
    soci::statement st(c_.sql());
    row.into(st);
    std::string sql = fmt::format("SELECT {} FROM customer_merges", MergeRow::columns);
    if (customer) {
      st.exchange(soci::use(who));
      st.exchange(soci::use(who));
      sql += " WHERE survivor_id = :a OR merged_away_id = :b";
    }
    prepare(st, sql + " ORDER BY id", false);
    std::vector<CustomerMerge> out;
    INSCRM_TRYV(for_each_row(st, [&]() -> Result<void> {
      INSCRM_TRY(auto m, merge_from_row(row));
      out.push_back(std::move(m));
      return ok();
    }));
    return out;
  });
}

}  // namespace inscrm::storage::sql
