#pragma once
// A column as SOCI binds it: a value plus its indicator, so that every column can carry NULL both
// ways (a NULL read into a plain variable throws in SOCI). Rows are structs of these with an
// each(f) visitor calling f("column_name", col) in schema order; the statements, the bindings and
// the PostgreSQL COPY writer are all generated from that one list.
//
// Stored forms (shared by both backends): dates as INTEGER epoch days, instants as BIGINT epoch
// microseconds, money as BIGINT minor units + TEXT currency, enums as their stable text names,
// booleans as INTEGER 0/1.

#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/money.hpp>
#include <inscrm/core/result.hpp>

#include <soci/soci-backend.h>

#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>

namespace inscrm::storage::sql {

template <class T>
struct Col {
  T v{};
  soci::indicator ind = soci::i_ok;

  bool null() const noexcept { return ind == soci::i_null; }
};
using IntCol = Col<long long>;
using TextCol = Col<std::string>;

// ---- writing ---------------------------------------------------------------------------------

inline void put(IntCol& c, long long x) noexcept {
  c.v = x;
  c.ind = soci::i_ok;
}
inline void put(TextCol& c, std::string_view x) {
  c.v.assign(x);  // assign, not copy-construct: bulk loops reuse the buffer's capacity
  c.ind = soci::i_ok;
}
inline void put(TextCol& c, const std::string& x) { put(c, std::string_view{x}); }
inline void put(TextCol& c, const char* x) { put(c, std::string_view{x}); }
template <class T>
void put_null(Col<T>& c) noexcept {
  c.ind = soci::i_null;
}
inline void put(TextCol& c, const std::optional<std::string>& x) {
  if (x) put(c, *x);
  else put_null(c);
}
inline void put_bool(IntCol& c, bool x) noexcept { put(c, x ? 1 : 0); }
inline void put_date(IntCol& c, Date d) noexcept { put(c, to_epoch_days(d)); }
inline void put_date(IntCol& c, const std::optional<Date>& d) noexcept {
  if (d) put_date(c, *d);
  else put_null(c);
}
inline void put_instant(IntCol& c, Instant t) noexcept { put(c, to_epoch_micros(t)); }
inline void put_instant(IntCol& c, const std::optional<Instant>& t) noexcept {
  if (t) put_instant(c, *t);
  else put_null(c);
}
inline void put_int(IntCol& c, const std::optional<int>& x) noexcept {
  if (x) put(c, *x);
  else put_null(c);
}
template <class Tag>
void put_id(IntCol& c, StrongId<Tag> id) noexcept {
  put(c, id.value);
}
template <class Tag>
void put_id(IntCol& c, const std::optional<StrongId<Tag>>& id) noexcept {
  if (id) put(c, id->value);
  else put_null(c);
}
template <class E>
void put_enum(TextCol& c, E e) {
  put(c, to_string(e));
}
template <class E>
void put_enum(TextCol& c, const std::optional<E>& e) {
  if (e) put(c, to_string(*e));
  else put_null(c);
}
inline void put_money(IntCol& minor, TextCol& currency, const Money& m) {
  put(minor, m.minor);
  put(currency, m.currency.view());
}
inline void put_money(IntCol& minor, TextCol& currency, const std::optional<Money>& m) {
  if (m) {
    put_money(minor, currency, *m);
  } else {
    put_null(minor);
    put_null(currency);
  }
}

// ---- reading ---------------------------------------------------------------------------------
// A value the library cannot have written (unknown enum text, a malformed currency, NULL in a
// column it always fills) means the database was changed behind its back: StorageError.

inline Error corrupt(std::string_view column, std::string_view what) {
  return Error::storage(fmt::format("column {}: {}", column, what));
}

inline Result<long long> get(const IntCol& c, std::string_view column) {
  if (c.null()) return corrupt(column, "unexpected NULL");
  return c.v;
}
inline Result<std::string> get(const TextCol& c, std::string_view column) {
  if (c.null()) return corrupt(column, "unexpected NULL");
  return c.v;
}
inline std::optional<std::string> get_opt(const TextCol& c) {
  if (c.null()) return std::nullopt;
  return c.v;
}
inline Result<int> get_int(const IntCol& c, std::string_view column) {
  INSCRM_TRY(long long v, get(c, column));
  return static_cast<int>(v);
}
inline Result<bool> get_bool(const IntCol& c, std::string_view column) {
  INSCRM_TRY(long long v, get(c, column));
  return v != 0;
}
inline Result<Date> get_date(const IntCol& c, std::string_view column) {
  INSCRM_TRY(long long v, get(c, column));
  return from_epoch_days(static_cast<int>(v));
}
inline std::optional<Date> get_opt_date(const IntCol& c) {
  if (c.null()) return std::nullopt;
  return from_epoch_days(static_cast<int>(c.v));
}
inline Result<Instant> get_instant(const IntCol& c, std::string_view column) {
  INSCRM_TRY(long long v, get(c, column));
  return from_epoch_micros(v);
}
inline std::optional<Instant> get_opt_instant(const IntCol& c) {
  if (c.null()) return std::nullopt;
  return from_epoch_micros(c.v);
}
inline std::optional<int> get_opt_int(const IntCol& c) {
  if (c.null()) return std::nullopt;
  return static_cast<int>(c.v);
}
template <class Id>
Result<Id> get_id(const IntCol& c, std::string_view column) {
  INSCRM_TRY(long long v, get(c, column));
  return Id{v};
}
template <class Id>
std::optional<Id> get_opt_id(const IntCol& c) {
  if (c.null()) return std::nullopt;
  return Id{c.v};
}
template <class E>
Result<E> get_enum(const TextCol& c, std::string_view column) {
  if (c.null()) return corrupt(column, "unexpected NULL");
  auto e = enum_from_string<E>(c.v);
  if (!e) return corrupt(column, fmt::format("unknown value '{}'", c.v));
  return *e;
}
template <class E>
Result<std::optional<E>> get_opt_enum(const TextCol& c, std::string_view column) {
  if (c.null()) return std::optional<E>{};
  INSCRM_TRY(E e, get_enum<E>(c, column));
  return std::optional<E>{e};
}
inline Result<Currency> get_currency(const TextCol& c, std::string_view column) {
  if (c.null()) return corrupt(column, "unexpected NULL");
  auto cur = Currency::parse(c.v);
  if (!cur) return corrupt(column, fmt::format("invalid currency '{}'", c.v));
  return *cur;
}
inline Result<Money> get_money(const IntCol& minor, const TextCol& currency, std::string_view column) {
  INSCRM_TRY(long long m, get(minor, column));
  INSCRM_TRY(Currency cur, get_currency(currency, column));
  return Money{m, cur};
}
inline Result<std::optional<Money>> get_opt_money(const IntCol& minor, const TextCol& currency,
                                                  std::string_view column) {
  if (minor.null()) return std::optional<Money>{};
  INSCRM_TRY(Money m, get_money(minor, currency, column));
  return std::optional<Money>{m};
}

}  // namespace inscrm::storage::sql
