#pragma once
// NumPy arrays made from C++ results in one copy each, so that results of any length cross as
// buffers and no Python object is made per row (analytics and segment members).

#include "common.hpp"

#include <pybind11/numpy.h>

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace inscrm::python {

template <class T>
py::array_t<T> numpy_array(std::span<const T> values) {
  py::array_t<T> out(static_cast<py::ssize_t>(values.size()));
  std::copy(values.begin(), values.end(), out.mutable_data());
  return out;
}
template <class T>
py::array_t<T> numpy_array(const std::vector<T>& values) {
  return numpy_array(std::span<const T>(values));
}

// Ids as an int64 array of their values.
template <class Id>
py::array_t<std::int64_t> id_array(const std::vector<Id>& ids) {
  py::array_t<std::int64_t> out(static_cast<py::ssize_t>(ids.size()));
  auto* data = out.mutable_data();
  for (std::size_t i = 0; i < ids.size(); ++i) data[i] = ids[i].value;
  return out;
}

// One field of every record as an array: numpy_of(scores, [](const RfmScore& s) { return s.recency; }).
template <class Record, class Get>
auto numpy_of(const std::vector<Record>& records, Get get) {
  using T = decltype(get(records.front()));
  py::array_t<T> out(static_cast<py::ssize_t>(records.size()));
  auto* data = out.mutable_data();
  for (std::size_t i = 0; i < records.size(); ++i) data[i] = get(records[i]);
  return out;
}

// A 1-D array (or anything np.asarray takes) as a vector of T, converted by NumPy (so a list of
// ints, a pandas Series or an int32 array all work); `field` names it in errors.
template <class T>
std::vector<T> vector_from(py::handle values, const char* field) {
  // ensure() converts what NumPy can and gives an empty handle (error cleared) for the rest.
  auto arr = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(values);
  if (!arr || arr.ndim() != 1) raise_invalid(field, "expected a one-dimensional array of numbers");
  return std::vector<T>(arr.data(), arr.data() + arr.size());
}

}  // namespace inscrm::python
