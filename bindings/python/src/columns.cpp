#include "columns.hpp"

#include <pybind11/numpy.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace inscrm::python {
namespace {

constexpr std::int64_t kNaT = std::numeric_limits<std::int64_t>::min();

// NumPy is optional for everything but the bulk paths: an object can only be an ndarray if NumPy
// was imported already, so this check never imports it.
bool numpy_loaded() {
  static PyObject* name = PyUnicode_InternFromString("numpy");
  PyObject* modules = PyImport_GetModuleDict();
  return PyDict_Contains(modules, name) == 1;
}

std::int64_t units_per_day(const std::string& dtype, const std::string& name) {
  const auto open = dtype.find('[');
  const auto unit = open == std::string::npos ? std::string{} : dtype.substr(open + 1, dtype.size() - open - 2);
  if (unit == "D") return 1;
  if (unit == "h") return 24;
  if (unit == "m") return 24 * 60;
  if (unit == "s") return 86'400;
  if (unit == "ms") return 86'400'000;
  if (unit == "us") return 86'400'000'000;
  if (unit == "ns") return 86'400'000'000'000;
  raise_invalid(name, "unsupported datetime64 unit in dtype " + dtype);
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

template <class T>
T load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

[[noreturn]] void wrong_column(const char* field, const char* expected, const char* got) {
  raise_invalid(field, std::string{"expected "} + expected + ", but the column holds " + got);
}

}  // namespace

Column Column::scalar(py::handle value) {
  Column c;
  c.owner_ = py::reinterpret_borrow<py::object>(value);
  return c;
}

Column Column::of(py::handle values, const std::string& name) {
  Column c;
  if (numpy_loaded() && py::isinstance<py::array>(values)) {
    auto arr = py::reinterpret_borrow<py::array>(values);
    if (arr.ndim() != 1) raise_invalid(name, "a column must be one-dimensional");
    if (!arr.dtype().attr("isnative").cast<bool>())
      arr = py::reinterpret_borrow<py::array>(arr.attr("astype")(arr.dtype().attr("newbyteorder")("=")));
    c.owner_ = arr;
    c.data_ = static_cast<const char*>(arr.data());
    c.stride_ = arr.strides(0);
    c.itemsize_ = static_cast<std::size_t>(arr.itemsize());
    c.size_ = static_cast<std::size_t>(arr.shape(0));
    switch (arr.dtype().kind()) {
      case 'O': c.kind_ = Kind::Object; break;
      case 'U': c.kind_ = Kind::Unicode; break;
      case 'S': c.kind_ = Kind::Bytes; break;
      case 'i': c.kind_ = Kind::Int; break;
      case 'u': c.kind_ = Kind::UInt; break;
      case 'b': c.kind_ = Kind::Bool; break;
      case 'f':
        if (c.itemsize_ != 4 && c.itemsize_ != 8) raise_invalid(name, "unsupported float width");
        c.kind_ = Kind::Float;
        break;
      case 'M':
        c.kind_ = Kind::Datetime;
        c.per_day_ = units_per_day(py::str(arr.dtype()).cast<std::string>(), name);
        break;
      default:
        raise_invalid(name, "unsupported column dtype " + py::str(arr.dtype()).cast<std::string>());
    }
    return c;
  }
  if (PyUnicode_Check(values.ptr()) || PyBytes_Check(values.ptr()) || PyDict_Check(values.ptr()))
    raise_invalid(name, std::string{"expected a column (a list or a 1-D array), not "} + Py_TYPE(values.ptr())->tp_name);
  if (py::hasattr(values, "to_numpy")) return of(values.attr("to_numpy")(), name);  // pandas Series
  if (!PySequence_Check(values.ptr()) && !py::hasattr(values, "__iter__"))
    raise_invalid(name, std::string{"expected a column (a list or a 1-D array), not "} + Py_TYPE(values.ptr())->tp_name);
  c.owner_ = py::reinterpret_steal<py::object>(PySequence_Fast(values.ptr(), "expected a column"));
  if (!c.owner_) throw py::error_already_set();
  c.fast_sequence_ = true;
  c.size_ = static_cast<std::size_t>(PySequence_Fast_GET_SIZE(c.owner_.ptr()));
  return c;
}

py::handle Column::item() const {
  if (fast_sequence_) return PySequence_Fast_GET_ITEM(owner_.ptr(), static_cast<Py_ssize_t>(row_));
  if (data_) return load<PyObject*>(data_ + stride_ * static_cast<std::ptrdiff_t>(row_));
  return owner_;
}

std::string Column::raw_text() const {
  const char* p = data_ + stride_ * static_cast<std::ptrdiff_t>(row_);
  std::string out;
  if (kind_ == Kind::Bytes) {
    const auto n = strnlen(p, itemsize_);
    out.assign(p, n);
    return out;
  }
  // NumPy 'U' is UCS-4 padded with NULs.
  for (std::size_t i = 0; i + 4 <= itemsize_; i += 4) {
    const auto cp = load<char32_t>(p + i);
    if (cp == 0) break;
    append_utf8(out, cp);
  }
  return out;
}

bool Column::missing() const {
  const char* p = data_ + stride_ * static_cast<std::ptrdiff_t>(row_);
  switch (kind_) {
    case Kind::Object: return is_missing(item());
    case Kind::Float: return std::isnan(itemsize_ == 4 ? double{load<float>(p)} : load<double>(p));
    case Kind::Datetime: return load<std::int64_t>(p) == kNaT;
    default: return false;
  }
}

bool Column::blank() const {
  switch (kind_) {
    case Kind::Object: {
      const auto h = item();
      if (is_missing(h)) return true;
      if (!PyUnicode_Check(h.ptr())) return false;
      Py_ssize_t n = 0;
      const char* s = PyUnicode_AsUTF8AndSize(h.ptr(), &n);
      if (!s) throw py::error_already_set();
      return trim(std::string_view{s, static_cast<std::size_t>(n)}).empty();
    }
    case Kind::Unicode:
    case Kind::Bytes: return trim(raw_text()).empty();
    default: return missing();
  }
}

std::string Column::text(const char* field) const {
  switch (kind_) {
    case Kind::Object: return to_text(item(), field);
    case Kind::Unicode:
    case Kind::Bytes: return raw_text();
    case Kind::Int:
    case Kind::UInt:
    case Kind::Float:  // pandas reads digit-only text (region codes, phone numbers) as numbers
      return std::to_string(integer(field));
    default: wrong_column(field, "text", "booleans or dates");
  }
}

std::optional<std::string> Column::optional_text(const char* field) const {
  if (missing()) return std::nullopt;
  auto t = text(field);
  if (t.empty()) return std::nullopt;
  return t;
}

std::optional<Date> Column::date(const char* field) const {
  if (missing()) return std::nullopt;
  const char* p = data_ + stride_ * static_cast<std::ptrdiff_t>(row_);
  switch (kind_) {
    case Kind::Object: return to_optional_date(item(), field);
    case Kind::Unicode:
    case Kind::Bytes: {
      const auto t = raw_text();
      const auto trimmed = trim(t);
      if (trimmed.empty()) return std::nullopt;
      if (auto d = parse_date(trimmed)) return d;
      raise_invalid(field, "expected a date written YYYY-MM-DD, not '" + t + "'");
    }
    case Kind::Datetime: {
      const auto v = load<std::int64_t>(p);
      // Floor division, so that instants before 1970 fall on the right day.
      auto days = v / per_day_;
      if (v % per_day_ != 0 && v < 0) --days;
      return from_epoch_days(static_cast<int>(days));
    }
    default: wrong_column(field, "dates", "numbers");
  }
}

std::int64_t Column::integer(const char* field) const {
  const char* p = data_ + stride_ * static_cast<std::ptrdiff_t>(row_);
  switch (kind_) {
    case Kind::Object: return to_int(item(), field);
    case Kind::Int:
      switch (itemsize_) {
        case 1: return load<std::int8_t>(p);
        case 2: return load<std::int16_t>(p);
        case 4: return load<std::int32_t>(p);
        default: return load<std::int64_t>(p);
      }
    case Kind::UInt: {
      std::uint64_t v = 0;
      switch (itemsize_) {
        case 1: v = load<std::uint8_t>(p); break;
        case 2: v = load<std::uint16_t>(p); break;
        case 4: v = load<std::uint32_t>(p); break;
        default: v = load<std::uint64_t>(p);
      }
      if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        raise_invalid(field, "integer out of the 64-bit range");
      return static_cast<std::int64_t>(v);
    }
    case Kind::Float: {
      const double v = itemsize_ == 4 ? double{load<float>(p)} : load<double>(p);
      if (std::isfinite(v) && v == std::floor(v) && std::abs(v) < 9.0e15) return static_cast<std::int64_t>(v);
      raise_invalid(field, "expected a whole number");
    }
    case Kind::Unicode:
    case Kind::Bytes: {  // CSV text
      const auto t = raw_text();
      const auto s = trim(t);
      std::int64_t v = 0;
      const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (ec != std::errc{} || end != s.data() + s.size() || s.empty())
        raise_invalid(field, "expected a whole number, not '" + t + "'");
      return v;
    }
    default: wrong_column(field, "whole numbers", "booleans or dates");
  }
}

bool Column::boolean(const char* field) const {
  const char* p = data_ + stride_ * static_cast<std::ptrdiff_t>(row_);
  switch (kind_) {
    case Kind::Object: return to_bool(item(), field);
    case Kind::Bool: return load<std::uint8_t>(p) != 0;
    case Kind::Unicode:
    case Kind::Bytes: {
      // The one text-to-bool rule lives in to_bool; it takes a Python string, so borrow the GIL
      // for this cell (convert_columns may have released it).
      py::gil_scoped_acquire gil;
      return to_bool(py::str(raw_text()), field);
    }
    case Kind::Int:
    case Kind::UInt: {
      const auto v = integer(field);
      if (v == 0 || v == 1) return v == 1;
      raise_invalid(field, "expected a bool (0 or 1)");
    }
    default: wrong_column(field, "booleans", "floats or dates");
  }
}

Money Column::money(Currency currency, const char* field) const {
  switch (kind_) {
    case Kind::Object: return to_money(item(), currency, field);
    case Kind::Int:
    case Kind::UInt: return Money{integer(field), currency};
    case Kind::Unicode:
    case Kind::Bytes: {
      py::gil_scoped_acquire gil;  // as in boolean(): to_money parses Python strings
      return to_money(py::str(raw_text()), currency, field);
    }
    case Kind::Float:
      raise_invalid(field, "amounts are int minor units (fen) or decimal.Decimal yuan, never float");
    default: wrong_column(field, "amounts", "booleans or dates");
  }
}

py::handle Column::object(const char* field) const {
  if (kind_ != Kind::Object) wrong_column(field, "a list or a structured value", "plain values");
  return item();
}

}  // namespace inscrm::python
