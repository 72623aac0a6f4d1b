#pragma once
// One input value, whether it came as a Python object (a keyword argument, a dict value, an item
// of a list column) or as a cell of a NumPy column. NumPy cells of native dtypes (unicode, bytes,
// integers, floats, bools, datetime64) are read straight from the buffer without making a Python
// object, so a bulk import converts its columns in C++ at memory speed.

#include "common.hpp"

#include <cstddef>
#include <optional>
#include <string>

namespace inscrm::python {

class Column {
 public:
  // Wraps a Python object as a single value (kwargs and dict rows).
  static Column scalar(py::handle value);
  // A column: a 1-D NumPy array, a pandas Series (through to_numpy()), a list or a tuple.
  static Column of(py::handle values, const std::string& name);

  std::size_t size() const noexcept { return size_; }
  // False for NumPy columns of native dtypes: reading their cells touches no Python object, so a
  // bulk conversion over such columns may run with the GIL released (convert_columns does).
  bool reads_python_objects() const noexcept { return kind_ == Kind::Object; }
  void at(std::size_t row) noexcept { row_ = row; }

  bool missing() const;
  // Missing, or text that is empty or blank (an empty CSV cell).
  bool blank() const;
  std::string text(const char* field) const;
  std::optional<std::string> optional_text(const char* field) const;  // missing or "" → nullopt
  std::optional<Date> date(const char* field) const;                   // missing or "" → nullopt
  std::int64_t integer(const char* field) const;
  bool boolean(const char* field) const;
  Money money(Currency currency, const char* field) const;
  // Structured values (lists of phones, an identity pair, …) exist only as Python objects.
  py::handle object(const char* field) const;
  template <class E>
  E enumeration(const char* field) const {
    return parse_enum<E>(text(field), field);
  }
  template <class Id>
  Id id(const char* field) const {
    const auto v = integer(field);
    if (v < 0) raise_invalid(field, "ids are positive integers");
    return Id{v};
  }

 private:
  enum class Kind { Object, Unicode, Bytes, Int, UInt, Float, Bool, Datetime };
  Column() = default;
  py::handle item() const;  // Object kind: the current item (borrowed)
  std::string raw_text() const;  // Unicode and Bytes kinds

  Kind kind_ = Kind::Object;
  py::object owner_;  // keeps the array or the fast sequence alive
  const char* data_ = nullptr;
  std::ptrdiff_t stride_ = 0;
  std::size_t itemsize_ = 0;
  std::int64_t per_day_ = 1;  // datetime64 units per day
  bool fast_sequence_ = false;
  std::size_t size_ = 1;
  std::size_t row_ = 0;
};

}  // namespace inscrm::python
