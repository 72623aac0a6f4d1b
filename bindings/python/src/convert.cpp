// Conversions between Python values and the C++ API's types. The datetime C API lives only in
// this translation unit: CPython's datetime.h keeps its API pointer in a per-file static.

#include "common.hpp"

#include <datetime.h>

#include <cmath>
#include <limits>

namespace inscrm::python {
namespace {

void ensure_datetime_api() {
  if (!PyDateTimeAPI) {
    PyDateTime_IMPORT;
    if (!PyDateTimeAPI) throw py::error_already_set();
  }
}

// Leaked on purpose: module-level caches must not be released after the interpreter is gone.
py::handle decimal_class() {
  static auto* cls = new py::object(py::module_::import("decimal").attr("Decimal"));
  return *cls;
}

bool type_name_ends_with(py::handle h, std::string_view suffix) {
  const std::string_view name = Py_TYPE(h.ptr())->tp_name;
  return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
}

[[noreturn]] void wrong_type(const char* field, const char* expected, py::handle h) {
  raise_invalid(field, std::string{"expected "} + expected + ", not " + Py_TYPE(h.ptr())->tp_name);
}

std::string_view utf8_view(py::handle h) {
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(h.ptr(), &size);
  if (!data) throw py::error_already_set();
  return {data, static_cast<std::size_t>(size)};
}

Date checked_date(int y, unsigned m, unsigned d, const char* field) {
  const Date date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!date.ok()) raise_invalid(field, "not a calendar date");
  return date;
}

// "12000", "12000.5", "-3.05": yuan text to fen, exactly, in C++ (CSV columns are mostly this).
// nullopt for anything else, including more than two significant decimals.
std::optional<std::int64_t> parse_yuan(std::string_view text) {
  text = trim(text);
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  const auto dot = text.find('.');
  const auto whole = text.substr(0, dot);
  auto fraction = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  if (whole.empty() && fraction.empty()) return std::nullopt;
  while (fraction.size() > 2 && fraction.back() == '0') fraction.remove_suffix(1);
  if (fraction.size() > 2) return std::nullopt;
  std::int64_t minor = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    if (__builtin_mul_overflow(minor, 10, &minor) || __builtin_add_overflow(minor, c - '0', &minor)) return std::nullopt;
  }
  for (std::size_t i = 0; i < 2; ++i) {
    const char c = i < fraction.size() ? fraction[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    if (__builtin_mul_overflow(minor, 10, &minor) || __builtin_add_overflow(minor, c - '0', &minor)) return std::nullopt;
  }
  return negative ? -minor : minor;
}

}  // namespace

bool is_missing(py::handle h) {
  if (h.is_none()) return true;
  if (PyFloat_Check(h.ptr())) return std::isnan(PyFloat_AS_DOUBLE(h.ptr()));
  if (PyUnicode_Check(h.ptr()) || PyLong_Check(h.ptr())) return false;
  // pandas.NA and pandas.NaT, recognised by type name so that pandas need not be imported.
  return type_name_ends_with(h, "NAType") || type_name_ends_with(h, "NaTType");
}

Date to_date(py::handle h, const char* field) {
  ensure_datetime_api();
  if (PyDate_Check(h.ptr()))  // a datetime is a date too; its calendar date is taken as written
    return checked_date(PyDateTime_GET_YEAR(h.ptr()), static_cast<unsigned>(PyDateTime_GET_MONTH(h.ptr())),
                        static_cast<unsigned>(PyDateTime_GET_DAY(h.ptr())), field);
  if (PyUnicode_Check(h.ptr())) {
    const auto text = utf8_view(h);
    if (auto d = parse_date(trim(text))) return *d;
    raise_invalid(field, "expected a date written YYYY-MM-DD, not '" + std::string{text} + "'");
  }
  if (type_name_ends_with(h, "datetime64"))  // a NumPy scalar: its day, in ISO text
    return to_date(py::str(h.attr("astype")("datetime64[D]")), field);
  wrong_type(field, "datetime.date", h);
}

std::optional<Date> to_optional_date(py::handle h, const char* field) {
  if (is_missing(h)) return std::nullopt;
  if (PyUnicode_Check(h.ptr()) && trim(utf8_view(h)).empty()) return std::nullopt;
  return to_date(h, field);
}

py::object from_date(Date d) {
  ensure_datetime_api();
  if (!d.ok()) return py::none();
  auto* obj = PyDate_FromDate(static_cast<int>(d.year()), static_cast<int>(static_cast<unsigned>(d.month())),
                              static_cast<int>(static_cast<unsigned>(d.day())));
  if (!obj) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(obj);
}

py::object from_date(const std::optional<Date>& d) { return d ? from_date(*d) : py::object(py::none()); }

Instant to_instant(py::handle h, const char* field) {
  ensure_datetime_api();
  if (PyDateTime_Check(h.ptr())) {
    const Date day = checked_date(PyDateTime_GET_YEAR(h.ptr()), static_cast<unsigned>(PyDateTime_GET_MONTH(h.ptr())),
                                  static_cast<unsigned>(PyDateTime_GET_DAY(h.ptr())), field);
    auto t = start_of(day) + std::chrono::hours{PyDateTime_DATE_GET_HOUR(h.ptr())} +
             std::chrono::minutes{PyDateTime_DATE_GET_MINUTE(h.ptr())} +
             std::chrono::seconds{PyDateTime_DATE_GET_SECOND(h.ptr())} +
             std::chrono::microseconds{PyDateTime_DATE_GET_MICROSECOND(h.ptr())};
    // Instants are UTC (architecture.md): an aware datetime is moved to UTC by its own offset.
    py::object offset = py::reinterpret_borrow<py::object>(h).attr("utcoffset")();
    if (!offset.is_none()) t -= to_duration(offset, field);
    return t;
  }
  if (PyDate_Check(h.ptr())) return start_of(to_date(h, field));
  if (PyUnicode_Check(h.ptr())) {
    const auto text = trim(utf8_view(h));
    if (auto t = parse_instant(text)) return *t;
    if (auto d = parse_date(text)) return start_of(*d);
    raise_invalid(field, "expected an instant written 2026-03-14T08:30:00Z, not '" + std::string{text} + "'");
  }
  wrong_type(field, "datetime.datetime", h);
}

py::object from_instant(Instant t) {
  ensure_datetime_api();
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const Date date{day};
  auto rest = t - day;
  const auto h = std::chrono::duration_cast<std::chrono::hours>(rest);
  rest -= h;
  const auto m = std::chrono::duration_cast<std::chrono::minutes>(rest);
  rest -= m;
  const auto s = std::chrono::duration_cast<std::chrono::seconds>(rest);
  rest -= s;
  auto* obj = PyDateTimeAPI->DateTime_FromDateAndTime(
      static_cast<int>(date.year()), static_cast<int>(static_cast<unsigned>(date.month())),
      static_cast<int>(static_cast<unsigned>(date.day())), static_cast<int>(h.count()), static_cast<int>(m.count()),
      static_cast<int>(s.count()), static_cast<int>(rest.count()), PyDateTime_TimeZone_UTC, PyDateTimeAPI->DateTimeType);
  if (!obj) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(obj);
}

std::chrono::microseconds to_duration(py::handle h, const char* field) {
  ensure_datetime_api();
  if (!PyDelta_Check(h.ptr())) wrong_type(field, "datetime.timedelta", h);
  return std::chrono::days{PyDateTime_DELTA_GET_DAYS(h.ptr())} + std::chrono::seconds{PyDateTime_DELTA_GET_SECONDS(h.ptr())} +
         std::chrono::microseconds{PyDateTime_DELTA_GET_MICROSECONDS(h.ptr())};
}

py::object from_duration(std::chrono::microseconds d) {
  ensure_datetime_api();
  const auto days = std::chrono::floor<std::chrono::days>(d);
  const auto rest = d - days;
  const auto seconds = std::chrono::floor<std::chrono::seconds>(rest);
  auto* obj = PyDelta_FromDSU(static_cast<int>(days.count()), static_cast<int>(seconds.count()),
                              static_cast<int>((rest - seconds).count()));
  if (!obj) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(obj);
}

py::object from_instant(const std::optional<Instant>& t) { return t ? from_instant(*t) : py::object(py::none()); }

std::chrono::minutes to_time_of_day(py::handle h, const char* field) {
  ensure_datetime_api();
  if (PyTime_Check(h.ptr())) {
    if (PyDateTime_TIME_GET_SECOND(h.ptr()) != 0 || PyDateTime_TIME_GET_MICROSECOND(h.ptr()) != 0)
      raise_invalid(field, "working hours are whole minutes");
    return std::chrono::hours{PyDateTime_TIME_GET_HOUR(h.ptr())} + std::chrono::minutes{PyDateTime_TIME_GET_MINUTE(h.ptr())};
  }
  const auto d = to_duration(h, field);  // a timedelta since midnight: the only way to say 24:00
  if (d % std::chrono::minutes{1} != std::chrono::microseconds{0}) raise_invalid(field, "working hours are whole minutes");
  return std::chrono::duration_cast<std::chrono::minutes>(d);
}

std::string to_text(py::handle h, const char* field) {
  if (!PyUnicode_Check(h.ptr())) wrong_type(field, "str", h);
  return std::string{utf8_view(h)};
}

std::optional<std::string> to_optional_text(py::handle h, const char* field) {
  if (is_missing(h)) return std::nullopt;
  auto text = to_text(h, field);
  if (text.empty()) return std::nullopt;
  return text;
}

std::int64_t to_int(py::handle h, const char* field) {
  if (PyBool_Check(h.ptr())) wrong_type(field, "int", h);
  if (PyFloat_Check(h.ptr())) {
    // pandas turns an integer column with gaps into floats; whole values are accepted.
    const double v = PyFloat_AS_DOUBLE(h.ptr());
    if (std::isfinite(v) && v == std::floor(v) && std::abs(v) < 9.0e15) return static_cast<std::int64_t>(v);
    wrong_type(field, "int", h);
  }
  if (!PyLong_Check(h.ptr()) && !PyIndex_Check(h.ptr())) wrong_type(field, "int", h);
  auto index = py::reinterpret_steal<py::object>(PyNumber_Index(h.ptr()));
  if (!index) throw py::error_already_set();
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(index.ptr(), &overflow);
  if (overflow != 0) raise_invalid(field, "integer out of the 64-bit range");
  if (v == -1 && PyErr_Occurred()) throw py::error_already_set();
  return v;
}

bool to_bool(py::handle h, const char* field) {
  if (PyBool_Check(h.ptr()) || type_name_ends_with(h, "bool_")) return PyObject_IsTrue(h.ptr()) == 1;
  if (PyLong_Check(h.ptr())) {
    const auto v = to_int(h, field);
    if (v == 0 || v == 1) return v == 1;
  }
  if (PyUnicode_Check(h.ptr())) {  // CSV text
    const auto t = trim(utf8_view(h));
    if (t == "true" || t == "True" || t == "TRUE" || t == "1" || t == "yes") return true;
    if (t == "false" || t == "False" || t == "FALSE" || t == "0" || t == "no") return false;
  }
  wrong_type(field, "bool", h);
}

Currency to_currency(py::handle h, const char* field) {
  const auto text = to_text(h, field);
  if (auto c = Currency::parse(text)) return *c;
  raise_invalid(field, "a currency is three upper-case letters (ISO 4217), not '" + text + "'");
}

Money to_money(py::handle h, Currency currency, const char* field) {
  if (PyFloat_Check(h.ptr()))
    raise_invalid(field, "amounts are int minor units (fen) or decimal.Decimal yuan, never float");
  if (PyLong_Check(h.ptr()) || (PyIndex_Check(h.ptr()) && !PyBool_Check(h.ptr()))) return Money{to_int(h, field), currency};
  if (PyUnicode_Check(h.ptr())) {
    // Text is what people write in a CSV: yuan, like a Decimal ("12000" or "12000.50").
    const auto text = utf8_view(h);
    if (auto minor = parse_yuan(text)) return Money{*minor, currency};
    raise_invalid(field, "expected an amount in yuan with at most 2 decimals, such as 12000.50, not '" +
                             std::string{trim(text)} + "'");
  }
  if (PyObject_IsInstance(h.ptr(), decimal_class().ptr()) != 1) wrong_type(field, "int minor units or decimal.Decimal", h);
  auto major = py::reinterpret_borrow<py::object>(h);
  if (!major.attr("is_finite")().cast<bool>()) raise_invalid(field, "amount is not a finite number");
  py::object minor = major.attr("scaleb")(2);
  py::object whole = minor.attr("to_integral_value")();
  if (!minor.equal(whole)) raise_invalid(field, "amount has more than 2 decimal places");
  return Money{to_int(py::int_(whole), field), currency};
}

py::object yuan(std::int64_t minor) { return decimal_class()(minor).attr("scaleb")(-2); }

py::str currency_text(Currency c) {
  const auto v = c.view();
  return py::str(v.data(), v.size());
}

std::string expected_names(std::span<const std::string_view> names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) out += ", ";
    out += names[i];
  }
  return out;
}

}  // namespace inscrm::python
