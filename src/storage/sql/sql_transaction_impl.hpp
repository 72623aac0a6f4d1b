#pragma once
// Member templates of SqlTransaction shared by sql_transaction.cpp and sql_records.cpp.

#include "storage/sql/copy_format.hpp"
#include "storage/sql/errors.hpp"
#include "storage/sql/prepared.hpp"
#include "storage/sql/sql_transaction.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <utility>

namespace inscrm::storage::sql {

// Rows per COPY on PostgreSQL: large enough that the round trips of a chunk (savepoint, ids,
// COPY, release) vanish against its rows, small enough that a chunk a row spoils is cheap to
// redo row by row.
inline constexpr std::size_t kCopyChunk = 5000;

inline long long sql_limit(std::size_t limit) noexcept {
  return static_cast<long long>(std::min<std::size_t>(limit, std::numeric_limits<long long>::max()));
}

inline Error with_index(Error e, std::size_t i) {
  e.within(fmt::format("[{}]", i));
  return e;
}

template <class T, class Body>
Result<T> SqlTransaction::run(Access access, Body&& body) {
  if (finished_) return Error::internal("transaction already finished");
  if (failed_) return *failed_;
  if (access == Access::Write && mode_ != TxMode::Write) return Error::internal("write in a read transaction");
  try {
    return body();
  } catch (const std::exception& e) {
    return fail(e);
  } catch (...) {
    return fail(std::runtime_error("unknown exception"));
  }
}

template <class Row>
auto SqlTransaction::load(long long id, std::string_view what) {
  using Rec = typename decltype(from_row(std::declval<const Row&>()))::value_type;
  auto& sel = stmt<PreparedSelect<Row>>();
  if (!sel.run(id)) return Result<Rec>{Error::not_found("id", fmt::format("{} {} does not exist", what, id))};
  if (auto opened = open_row(sel.row); !opened) return Result<Rec>{opened.error()};
  return from_row(sel.row);
}

// The version-checked update of the storage port: writes only when the stored version is the one
// read, then bumps it in `rec`. When nothing was written, tells apart NotFound, Conflict and a
// unique key taken by another row (`taken()` gives that error), in the memory adapter's order.
template <class Row, class Rec, class Taken>
Result<void> SqlTransaction::update(Rec& rec, std::string_view what, Taken&& taken) {
  auto& up = stmt<PreparedUpdate<Row>>();
  to_row(rec, up.row);
  if constexpr (std::is_same_v<Row, CustomerRow>) seal_row(up.row);
  if (up.run() == 1) {
    rec.version += 1;
    return ok();
  }
  const auto stored = stmt<PreparedVersion<Row>>().run(rec.id.value);
  if (!stored) return Error::not_found("id", fmt::format("{} {} does not exist", what, rec.id.value));
  if (*stored != rec.version)
    return Error::conflict(fmt::format("{} {} was changed by someone else (version {} read, {} stored)", what,
                                       rec.id.value, rec.version, *stored));
  return taken();
}

// SELECT <every column> FROM <table> <tail>, one-off; `bind(st)` binds tail's parameters in order.
template <class Row, class Bind>
auto SqlTransaction::select_rows(const std::string& tail, Bind&& bind) {
  using Rec = typename decltype(from_row(std::declval<const Row&>()))::value_type;
  Row row;
  soci::statement st(c_.sql());
  bind_into(st, row);
  bind(st);
  prepare(st, "SELECT " + select_list<Row>() + " FROM " + std::string{Row::table} + " " + tail, false);
  std::vector<Rec> out;
  auto done = for_each_row(st, [&]() -> Result<void> {
    INSCRM_TRYV(open_row(row));
    INSCRM_TRY(Rec rec, from_row(row));
    out.push_back(std::move(rec));
    return ok();
  });
  if (!done) return Result<std::vector<Rec>>{done.error()};
  return Result<std::vector<Rec>>{std::move(out)};
}

template <class Bind>
Result<std::vector<long long>> SqlTransaction::select_ids(const std::string& sql, Bind&& bind) {
  IntCol id;
  soci::statement st(c_.sql());
  st.exchange(soci::into(id.v, id.ind));
  bind(st);
  prepare(st, sql, false);
  std::vector<long long> out;
  INSCRM_TRYV(for_each_row(st, [&]() -> Result<void> {
    INSCRM_TRY(long long v, get(id, "id"));
    out.push_back(v);
    return ok();
  }));
  return out;
}

// PostgreSQL bulk insert: per chunk, ids from the table's identity sequence, then COPY. If the
// database refuses a chunk (a taken key, a missing policy), the chunk is undone to its savepoint
// and redone row by row, so that the first bad row is reported exactly as the single insert
// reports it ("[i]." prefixed) and the rows before it stay written, as in the memory adapter.
template <class Rec, class Copy, class Assign, class One>
Result<void> SqlTransaction::pg_bulk(std::vector<Rec>& recs, std::string_view table, Copy&& copy_chunk,
                                     Assign&& assign, One&& insert_one) {
  for (std::size_t first = 0; first < recs.size(); first += kCopyChunk) {
    const std::size_t last = std::min(recs.size(), first + kCopyChunk);
    c_.exec("SAVEPOINT inscrm_bulk");
    std::vector<long long> ids;
    bool copied = false;
    try {
      // MATERIALIZED: a plain subquery is flattened and pg_get_serial_sequence() then runs once
      // per generated row, which made this query ~25 ms per 5,000 ids instead of ~2 ms.
      ids = c_.query_integers(fmt::format(
          "WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence('{}', 'id')::regclass AS seq) "
          "SELECT nextval(s.seq) FROM s, generate_series(1, {})",
          table, last - first));
      copy_chunk(first, last, ids);
      copied = true;
    } catch (const soci::soci_error&) {
      if (!c_.alive()) throw;
    }
    if (copied) {
      c_.exec("RELEASE SAVEPOINT inscrm_bulk");
      for (std::size_t i = first; i < last; ++i) assign(recs[i], ids[i - first]);
      continue;
    }
    c_.exec("ROLLBACK TO SAVEPOINT inscrm_bulk");
    c_.exec("RELEASE SAVEPOINT inscrm_bulk");
    for (std::size_t i = first; i < last; ++i) {
      auto r = insert_one(recs[i]);
      if (!r) return with_index(r.error(), i);
    }
  }
  return ok();
}

}  // namespace inscrm::storage::sql
