#pragma once
// Reading the small value types (identity, phones, beneficiaries, …) from the Python forms a
// caller may write them in: the bound class itself, a tuple, a dict, or for some a bare string.

#include "common.hpp"

#include <inscrm/domain/customer.hpp>
#include <inscrm/domain/policy.hpp>

namespace inscrm::python {

IdentityDocument identity_from(py::handle h, const std::string& field);   // Identity | (type, number) | {"type", "number"}
Phone phone_from(py::handle h, const std::string& field);                 // Phone | "138…" | {"number", "primary", "verified"}
Email email_from(py::handle h, const std::string& field);                 // Email | "a@b.cn" | {"address", …}
Address address_from(py::handle h, const std::string& field);             // Address | "line" | {"line", "region_code", …}
Relationship relationship_from(py::handle h, const std::string& field);   // Relationship | (kind, other) | {"kind", "other"}
Need need_from(py::handle h, const std::string& field);                   // Need | {"line", "desired_sum_insured", …}
Beneficiary beneficiary_from(py::handle h, const std::string& field);     // Beneficiary | (customer, share) | customer | {…}

// Each element of a list (or tuple) through `one`, with the element's index in the field path.
template <class T, class One>
std::vector<T> list_from(py::handle h, const std::string& field, One one) {
  std::vector<T> out;
  if (is_missing(h)) return out;
  if (PyUnicode_Check(h.ptr()) || PyDict_Check(h.ptr()) || !PySequence_Check(h.ptr()))
    raise_invalid(field, std::string{"expected a list, not "} + Py_TYPE(h.ptr())->tp_name);
  auto seq = py::reinterpret_steal<py::object>(PySequence_Fast(h.ptr(), "expected a list"));
  if (!seq) throw py::error_already_set();
  const auto n = PySequence_Fast_GET_SIZE(seq.ptr());
  out.reserve(static_cast<std::size_t>(n));
  for (Py_ssize_t i = 0; i < n; ++i)
    out.push_back(one(py::handle(PySequence_Fast_GET_ITEM(seq.ptr(), i)), field + "[" + std::to_string(i) + "]"));
  return out;
}

}  // namespace inscrm::python
