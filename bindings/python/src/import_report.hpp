#pragma once
// inscrm.ImportReport and inscrm.RowError: the one report of every bulk import, whether the rows
// came as Python objects (customers.cpp) or as a CSV / JSON file (imports.cpp).

#include "common.hpp"

#include <cstddef>
#include <string>

namespace inscrm::python {

struct ImportReportPy {
  std::size_t imported = 0;
  std::size_t rows = 0;
  py::list errors;  // RowError(row, code, field, message), in row order
  py::object ids;   // NumPy int64 of the stored rows' ids, in input order
  std::string mode;
};

// The RowError named tuple class (customers.cpp).
py::handle row_error_class();

}  // namespace inscrm::python
