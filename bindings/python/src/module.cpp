// inscrm._core: the pybind11 extension behind the pure-Python package `inscrm`. It wraps the C++
// facade (include/inscrm/crm.hpp) and adds no domain logic: conversions, errors, GIL handling.

#include "common.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "inscrm._core: the C++ library's facade for Python. Import the `inscrm` package instead.";
  // Errors first: every later registration may raise them.
  inscrm::python::register_errors(m);
  inscrm::python::register_values(m);
  inscrm::python::register_customers(m);
  inscrm::python::register_policies(m);
  inscrm::python::register_services(m);
  inscrm::python::register_crm(m);
  m.attr("__version__") = std::string{inscrm::Crm::library_version()};
}
