// The exception hierarchy: inscrm.Error and one subclass per Errc, registered from the Errc text
// table (one registration per code, as duckdb's exceptions.cpp does), so that a new code gets its
// class by being added to the table. One translator raises them from every Result error.

#include "common.hpp"

#include <array>

namespace inscrm::python {
namespace {

constexpr std::size_t kCodes = enum_count<Errc>();
std::array<PyObject*, kCodes> g_classes{};  // owned by the module (added with PyModule_AddObject)
PyObject* g_base = nullptr;

// "invalid_argument" → "InvalidArgument": the Python class name is derived from the stable text.
std::string class_name(Errc code) {
  std::string out;
  bool upper = true;
  for (char c : to_string(code)) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out.push_back(upper ? static_cast<char>(c - 'a' + 'A') : c);
    upper = false;
  }
  return out;
}

// Besides inscrm.Error, a few codes also derive from the built-in class a Python programmer
// would reach for first: bad input is a ValueError, a missing record a LookupError.
PyObject* builtin_base(Errc code) {
  switch (code) {
    case Errc::InvalidArgument: return PyExc_ValueError;
    case Errc::NotFound: return PyExc_LookupError;
    default: return nullptr;
  }
}

const char* doc_of(Errc code) {
  switch (code) {
    case Errc::InvalidArgument: return "Bad input; .field names it (e.g. 'identity.number').";
    case Errc::NotFound: return "The referenced record does not exist.";
    case Errc::AlreadyExists: return "A unique key (external_ref, policy number, code) is taken.";
    case Errc::Conflict: return "The record changed since it was read (stale version); re-read and retry.";
    case Errc::IllegalTransition: return "A lifecycle event that is not allowed from the current state.";
    case Errc::PermissionDenied: return "The actor may not do this.";
    case Errc::StorageUnavailable: return "The database cannot be reached or is busy; retrying may succeed.";
    case Errc::StorageError: return "The database rejected the operation or is damaged.";
    case Errc::SchemaTooNew: return "The database was written by a newer library version.";
    case Errc::Internal: return "A bug in inscrm; please report it.";
    case Errc::Ok: break;
  }
  return "";
}

}  // namespace

void set_python_error(const Error& e) {
  auto index = static_cast<std::size_t>(e.code());
  PyObject* cls = index < kCodes && g_classes[index] ? g_classes[index] : g_base;
  // str(exc) reads like the C++ Error minus the code, which the class name already says.
  const std::string text = e.field().empty() ? e.message() : e.field() + ": " + e.message();
  py::str arg(text);
  py::object exc = py::reinterpret_steal<py::object>(PyObject_CallOneArg(cls, arg.ptr()));
  if (!exc) return;  // the call failed and set its own error
  const auto code = to_string(e.code());
  exc.attr("code") = py::str(code.data(), code.size());
  exc.attr("field") = py::str(e.field());
  exc.attr("message") = py::str(e.message());
  PyErr_SetObject(cls, exc.ptr());
}

void register_errors(py::module_& m) {
  py::dict base_attrs;
  base_attrs["code"] = py::str("");
  base_attrs["field"] = py::str("");
  base_attrs["message"] = py::str("");
  g_base = PyErr_NewExceptionWithDoc(
      "inscrm.Error",
      "Base of every inscrm error. .code is the stable code name ('not_found', …), .field the input "
      "field it concerns as a dotted path ('' when none), .message the text without the field.",
      PyExc_Exception, base_attrs.ptr());
  if (!g_base) throw py::error_already_set();
  Py_INCREF(g_base);
  if (PyModule_AddObject(m.ptr(), "Error", g_base) < 0) throw py::error_already_set();

  py::list codes;
  for (Errc code : enum_values<Errc>()) {
    if (code == Errc::Ok) continue;
    const auto name = class_name(code);
    const auto text = to_string(code);
    codes.append(py::str(text.data(), text.size()));
    py::dict attrs;
    attrs["code"] = py::str(text.data(), text.size());
    py::object bases = builtin_base(code) ? py::object(py::make_tuple(py::handle(g_base), py::handle(builtin_base(code))))
                                          : py::reinterpret_borrow<py::object>(g_base);
    PyObject* cls = PyErr_NewExceptionWithDoc(("inscrm." + name).c_str(), doc_of(code), bases.ptr(), attrs.ptr());
    if (!cls) throw py::error_already_set();
    g_classes[static_cast<std::size_t>(code)] = cls;
    Py_INCREF(cls);
    if (PyModule_AddObject(m.ptr(), name.c_str(), cls) < 0) throw py::error_already_set();
  }
  m.attr("ERROR_CODES") = py::tuple(codes);

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ErrorException& e) {
      set_python_error(e.error());
    } catch (const BadResultAccess& e) {
      // Reading the value of an error Result is a bug in the bindings; still a typed error.
      set_python_error(e.error());
    }
  });
}

}  // namespace inscrm::python
