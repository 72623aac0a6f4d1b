// inscrm._core: the pybind11 extension behind the pure-Python package `inscrm`. It wraps the C++
// facade (include/inscrm/crm.hpp) and adds no domain logic: conversions, errors, GIL handling.

#include "common.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "inscrm._core: the C++ library's facade for Python. Import the `inscrm` package instead.";
  // Errors first: every later registration may raise them.
  inscrm::python::register_errors(m);
  inscrm::python::register_values(m);
  inscrm::python::register_service_settings(m);
  inscrm::python::register_service_records(m);
  inscrm::python::register_customers(m);
  inscrm::python::register_policies(m);
  inscrm::python::register_services(m);
  inscrm::python::register_interactions(m);
  inscrm::python::register_complaints(m);
  inscrm::python::register_claims(m);
  inscrm::python::register_service_requests(m);
  inscrm::python::register_surveys(m);
  inscrm::python::register_loyalty(m);
  inscrm::python::register_imports(m);
  inscrm::python::register_care(m);
  inscrm::python::register_segments(m);
  inscrm::python::register_analytics(m);
  inscrm::python::register_portfolio(m);
  inscrm::python::register_crm(m);
  inscrm::python::register_personal_data(m);
  m.attr("__version__") = std::string{inscrm::Crm::library_version()};
}
