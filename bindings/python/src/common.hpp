#pragma once
// Shared by the translation units of inscrm._core: the Python-side Crm state, error raising, and
// the conversions between Python values and the C++ API's types.
//
// GIL rules kept throughout (style.md, pybind11 issues #4748, #2177, #1446): every facade call
// runs inside `without_gil`, after all Python arguments were converted to C++ values and before
// any result is converted back; nothing inside touches a Python object or a NumPy buffer.

#include <inscrm/core/clock.hpp>
#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/money.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/core/validation.hpp>
#include <inscrm/crm.hpp>
#include <inscrm/security/actor.hpp>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace py = pybind11;

namespace inscrm::python {

// ---------------------------------------------------------------------------------------------
// Errors

// An inscrm::Error travelling as a C++ exception to the one translator (errors.cpp), which raises
// the Python class registered for its code with .code, .field and .message set.
class ErrorException : public std::exception {
 public:
  explicit ErrorException(Error e) : error_(std::move(e)) {}
  const char* what() const noexcept override { return error_.message().c_str(); }
  const Error& error() const noexcept { return error_; }

 private:
  Error error_;
};

[[noreturn]] inline void raise(Error e) { throw ErrorException(std::move(e)); }
[[noreturn]] inline void raise_invalid(std::string field, std::string message) {
  raise(Error::invalid_argument(std::move(field), std::move(message)));
}

template <class T>
T unwrap(Result<T>&& r) {
  if (!r) raise(std::move(r).error());
  return std::move(r).value();
}
inline void unwrap(Result<void>&& r) {
  if (!r) raise(r.error());
}

// Runs fn with the GIL released. fn must not touch Python objects.
template <class Fn>
auto without_gil(Fn&& fn) {
  py::gil_scoped_release release;
  return fn();
}

void register_errors(py::module_& m);
// The Python exception object for an error (for callers that must hold it, e.g. drain()).
void set_python_error(const Error& e);

// ---------------------------------------------------------------------------------------------
// The state a Python Crm and its service handles share.

struct State {
  std::optional<Crm> crm;            // empty once closed
  Actor actor = Actor::system();     // used when a call passes no actor=
  py::object clock;                  // the Python Clock object given to open(), kept for identity
  std::string uri;

  // A copy of the Crm (cheap: it shares the engine), so a close() on another thread cannot pull
  // the engine from under a call that already started.
  Crm live() const {
    if (!crm) raise_invalid("crm", "this Crm is closed");
    return *crm;
  }
  // The actor a call runs as: the one passed, else the Crm's default. Copied while the GIL is held.
  Actor actor_for(const py::object& given) const;
};
using StatePtr = std::shared_ptr<State>;

// The service handles crm.customers, crm.policies, … : each shares the Crm's state.
struct CustomersHandle { StatePtr state; };
struct PoliciesHandle { StatePtr state; };
struct ProductsHandle { StatePtr state; };
struct OrganisationHandle { StatePtr state; };
struct EventsHandle { StatePtr state; };
struct InteractionsHandle { StatePtr state; };
struct ComplaintsHandle { StatePtr state; };
struct ClaimsHandle { StatePtr state; };
struct ServiceRequestsHandle { StatePtr state; };
struct SurveysHandle { StatePtr state; };
struct SegmentsHandle { StatePtr state; };
struct LoyaltyHandle { StatePtr state; };
struct ImportsHandle { StatePtr state; };
struct ExportsHandle { StatePtr state; };
struct DuplicatesHandle { StatePtr state; };
struct ConsentsHandle { StatePtr state; };
struct CareHandle { StatePtr state; };
struct CampaignsHandle { StatePtr state; };

// One facade call the way every binding makes it: the live Crm and the actor taken while the GIL
// is held, then fn(crm, actor) with the GIL released, and its error raised as the typed exception.
template <class Fn>
auto call_service(const StatePtr& state, const py::object& actor, Fn&& fn) {
  auto crm = state->live();
  const auto who = state->actor_for(actor);
  return unwrap(without_gil([&] { return fn(crm, who); }));
}

// ---------------------------------------------------------------------------------------------
// Conversions (convert.cpp). `field` names the argument in errors, as the C++ API does.

// None, float NaN, pandas NA and NaT: a value that is absent.
bool is_missing(py::handle h);

Date to_date(py::handle h, const char* field);  // datetime.date (or datetime) or "YYYY-MM-DD"
std::optional<Date> to_optional_date(py::handle h, const char* field);
py::object from_date(Date d);
py::object from_date(const std::optional<Date>& d);

// Aware datetimes are converted to UTC; naive ones are taken as UTC; a date is its midnight UTC.
Instant to_instant(py::handle h, const char* field);
py::object from_instant(Instant t);  // aware datetime in UTC
std::chrono::microseconds to_duration(py::handle h, const char* field);  // datetime.timedelta
py::object from_duration(std::chrono::microseconds d);                    // datetime.timedelta
py::object from_instant(const std::optional<Instant>& t);                 // None when absent
// A time of day since local midnight: datetime.time, or a timedelta (which can say 24:00).
std::chrono::minutes to_time_of_day(py::handle h, const char* field);

std::string to_text(py::handle h, const char* field);
std::optional<std::string> to_optional_text(py::handle h, const char* field);  // missing or "" → nullopt
std::int64_t to_int(py::handle h, const char* field);
bool to_bool(py::handle h, const char* field);

// Money crosses as int minor units (fen for CNY); a decimal.Decimal is read as major units (yuan)
// and must be exact to the cent. Floats are refused: no floating point in amounts.
Money to_money(py::handle h, Currency currency, const char* field);
Currency to_currency(py::handle h, const char* field);
py::object yuan(std::int64_t minor);  // decimal.Decimal("12000.00")
py::str currency_text(Currency c);

// Ids cross as plain ints; 0 (or None where allowed) means "none".
template <class Id>
Id to_id(py::handle h, const char* field) {
  const auto v = to_int(h, field);
  if (v < 0) raise_invalid(field, "ids are positive integers");
  return Id{v};
}
template <class Id>
std::optional<Id> to_optional_id(py::handle h, const char* field) {
  if (is_missing(h)) return std::nullopt;
  const auto id = to_id<Id>(h, field);
  if (!id.valid()) return std::nullopt;
  return id;
}
template <class Id>
py::object from_optional_id(const std::optional<Id>& id) {
  return id ? py::object(py::int_(id->value)) : py::object(py::none());
}

// Enums cross as their stable text names (enum_text.hpp). The names are interned Python strings
// made once per enumerator, so a million-row export shares a handful of string objects.
std::string expected_names(std::span<const std::string_view> names);
template <class E>
E parse_enum(std::string_view text, const char* field) {
  if (auto e = enum_from_string<E>(text)) return *e;
  const auto& names = EnumText<E>::names;
  raise_invalid(field, "unknown value '" + std::string{text} + "'; expected one of " +
                           expected_names(std::span<const std::string_view>(names.data(), names.size())));
}
template <class E>
E to_enum(py::handle h, const char* field) {
  if (!PyUnicode_Check(h.ptr()))
    raise_invalid(field, std::string{"expected a string naming a value, not "} + Py_TYPE(h.ptr())->tp_name);
  return parse_enum<E>(to_text(h, field), field);
}
template <class E>
py::str from_enum(E e) {
  // Leaked on purpose: must not be released after the interpreter has gone.
  static auto* cache = [] {
    auto* names = new std::vector<py::str>();
    for (auto v : enum_values<E>()) {
      const auto s = to_string(v);
      py::str text(s.data(), s.size());
      PyUnicode_InternInPlace(&text.ptr());
      names->push_back(std::move(text));
    }
    return names;
  }();
  return (*cache)[static_cast<std::size_t>(e)];
}

// One enum name, or a list of them (a query's status filter); None gives an empty list (= any).
template <class E>
std::vector<E> to_enum_list(py::handle h, const char* field) {
  std::vector<E> out;
  if (is_missing(h)) return out;
  if (PyUnicode_Check(h.ptr())) {
    out.push_back(to_enum<E>(h, field));
    return out;
  }
  std::size_t i = 0;
  for (auto item : py::reinterpret_borrow<py::iterable>(h)) {
    const auto path = std::string{field} + "[" + std::to_string(i++) + "]";
    out.push_back(to_enum<E>(item, path.c_str()));
  }
  return out;
}
template <class E>
py::object from_optional_enum(const std::optional<E>& e) {
  return e ? py::object(from_enum(*e)) : py::object(py::none());
}

// repr() of a text, for __repr__ methods.
inline std::string repr_text(const std::string& s) { return py::repr(py::str(s)).cast<std::string>(); }

// Records returned to Python: vectors become lists of bound objects.
template <class T>
py::list to_list(std::vector<T>&& items) {
  py::list out(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) out[i] = py::cast(std::move(items[i]));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Registration of each part of the module.
void register_values(py::module_& m);      // small value types and records (records.cpp)
void register_crm(py::module_& m);         // Actor, clocks, Crm, open (crm.cpp)
void register_customers(py::module_& m);   // customers.cpp
void register_policies(py::module_& m);    // policies.cpp
void register_services(py::module_& m);    // products, organisation, events (services.cpp)
// Service and complaints (domain.md C4–C6).
void register_service_settings(py::module_& m);  // calendar, SLA policies, assignment (service_settings.cpp)
void register_service_records(py::module_& m);   // complaints, claims, requests, … (service_records.cpp)
void register_interactions(py::module_& m);      // interactions.cpp
void register_complaints(py::module_& m);        // complaints.cpp
void register_claims(py::module_& m);            // claims.cpp
void register_service_requests(py::module_& m);  // service_requests.cpp
void register_surveys(py::module_& m);           // surveys.cpp
void register_loyalty(py::module_& m);           // loyalty.cpp
void register_imports(py::module_& m);           // imports.cpp
void register_care(py::module_& m);              // consents, care calendar, campaigns (care.cpp)
// inscrm.open(care=…): the care calendar's settings from a dict (care.cpp); defaults for None.
CareSettings care_settings_from(py::handle h);
// Segmentation, analytics and KPIs (domain.md C8–C11).
void register_segments(py::module_& m);   // segments.cpp
void register_analytics(py::module_& m);  // pure analytics and their records (analytics.cpp)
void register_portfolio(py::module_& m);  // Portfolio and its analytics (portfolio.cpp, portfolio_analytics.cpp)
// Personal data (domain.md C12): blind-index lookups, erasure, retention, key rotation
// (personal_data.cpp); after register_customers and register_crm, whose classes it extends.
void register_personal_data(py::module_& m);
// The master key of inscrm.open(master_key=, key_file=) (personal_data.cpp).
storage::KeyOptions master_key_options(const py::object& master_key, const py::object& key_file);

}  // namespace inscrm::python
