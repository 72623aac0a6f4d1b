// crm.customers: create/update with keyword arguments, look-ups, paging iterators, and the bulk
// paths. Every way a customer's facts arrive (keyword arguments, dict rows, columns) goes through
// the one field table below, so a field means the same thing in each.
//
// Bulk import: all rows are converted to C++ Customer drafts first (with the GIL, reading NumPy
// buffers directly), then the GIL is released for the facade's one-transaction import.

#include "columns.hpp"
#include "common.hpp"
#include "import_report.hpp"
#include "values.hpp"

#include <inscrm/crm/customers.hpp>

#include <pybind11/numpy.h>

#include <algorithm>
#include <unordered_map>

namespace inscrm::python {

py::handle row_error_class() {
  static auto* cls = new py::object(py::module_::import("collections")
                                        .attr("namedtuple")("RowError", py::make_tuple("row", "code", "field", "message"),
                                                            py::arg("module") = "inscrm"));
  return *cls;
}

namespace {

// --- the field table -----------------------------------------------------------------------------

using Setter = void (*)(Customer&, const Column&, const char* field);

struct Field {
  const char* name;
  // Pass 1 fields add to what pass 0 set: the flat `phone`/`email`/`address` append to the lists,
  // `identity_type`/`identity_number` fill in `identity`, whatever the order of the keys.
  int pass;
  Setter set;
  bool importable;  // a flat value that may come as a column
};

void ensure_identity(Customer& c) {
  if (!c.identity) c.identity = IdentityDocument{};
}

const Field kFields[] = {
    {"name", 0, [](Customer& c, const Column& v, const char* f) { c.name = v.blank() ? std::string{} : v.text(f); }, true},
    {"kind", 0, [](Customer& c, const Column& v, const char* f) { c.kind = v.blank() ? PartyKind{} : v.enumeration<PartyKind>(f); }, true},
    {"gender", 0, [](Customer& c, const Column& v, const char* f) { c.gender = v.blank() ? Gender{} : v.enumeration<Gender>(f); }, true},
    {"birth_date", 0, [](Customer& c, const Column& v, const char* f) { c.birth_date = v.date(f); }, true},
    {"identity", 0,
     [](Customer& c, const Column& v, const char* f) {
       if (v.blank())
         c.identity.reset();
       else
         c.identity = identity_from(v.object(f), f);
     },
     false},
    {"identity_type", 1,
     [](Customer& c, const Column& v, const char* f) {
       if (v.blank()) return;
       ensure_identity(c);
       c.identity->type = v.enumeration<IdType>(f);
     },
     true},
    {"identity_number", 1,
     [](Customer& c, const Column& v, const char* f) {
       if (auto n = v.optional_text(f)) {
         ensure_identity(c);
         c.identity->number = std::move(*n);
       }
     },
     true},
    {"marital_status", 0,
     [](Customer& c, const Column& v, const char* f) {
       c.marital_status = v.blank() ? MaritalStatus{} : v.enumeration<MaritalStatus>(f);
     },
     true},
    {"occupation", 0, [](Customer& c, const Column& v, const char* f) { c.occupation = v.optional_text(f).value_or(""); }, true},
    {"industry", 0, [](Customer& c, const Column& v, const char* f) { c.industry = v.optional_text(f).value_or(""); }, true},
    {"annual_income", 0,
     [](Customer& c, const Column& v, const char* f) {
       if (v.blank())
         c.annual_income.reset();
       else
         c.annual_income = v.money(Currency::cny(), f);
     },
     true},
    {"region", 0, [](Customer& c, const Column& v, const char* f) { c.region = v.optional_text(f).value_or(""); }, true},
    {"phones", 0, [](Customer& c, const Column& v, const char* f) { c.phones = list_from<Phone>(v.object(f), f, phone_from); }, false},
    {"emails", 0, [](Customer& c, const Column& v, const char* f) { c.emails = list_from<Email>(v.object(f), f, email_from); }, false},
    {"addresses", 0,
     [](Customer& c, const Column& v, const char* f) { c.addresses = list_from<Address>(v.object(f), f, address_from); }, false},
    {"relationships", 0,
     [](Customer& c, const Column& v, const char* f) {
       c.relationships = list_from<Relationship>(v.object(f), f, relationship_from);
     },
     false},
    {"needs", 0, [](Customer& c, const Column& v, const char* f) { c.needs = list_from<Need>(v.object(f), f, need_from); }, false},
    {"phone", 1,
     [](Customer& c, const Column& v, const char* f) {
       if (auto n = v.optional_text(f)) c.phones.push_back(Phone{std::move(*n)});
     },
     true},
    {"email", 1,
     [](Customer& c, const Column& v, const char* f) {
       if (auto n = v.optional_text(f)) c.emails.push_back(Email{std::move(*n)});
     },
     true},
    {"address", 1,
     [](Customer& c, const Column& v, const char* f) {
       if (auto n = v.optional_text(f)) c.addresses.push_back(Address{std::move(*n)});
     },
     true},
    {"source", 0, [](Customer& c, const Column& v, const char* f) { c.source = v.blank() ? Source{} : v.enumeration<Source>(f); }, true},
    {"org_unit", 0,
     [](Customer& c, const Column& v, const char* f) { c.org_unit = v.blank() ? OrgUnitId{} : v.id<OrgUnitId>(f); }, true},
    {"agent", 0,
     [](Customer& c, const Column& v, const char* f) {
       c.agent.reset();
       if (!v.blank())
         if (auto id = v.id<AgentId>(f); id.valid()) c.agent = id;
     },
     true},
    {"external_ref", 0, [](Customer& c, const Column& v, const char* f) { c.external_ref = v.optional_text(f); }, true},
    {"verified_on", 0, [](Customer& c, const Column& v, const char* f) { c.verified_on = v.date(f); }, true},
};

const Field* find_field(std::string_view name) {
  static const auto* index = [] {
    auto* m = new std::unordered_map<std::string_view, const Field*>();
    for (const auto& f : kFields) m->emplace(f.name, &f);
    return m;
  }();
  auto it = index->find(name);
  return it == index->end() ? nullptr : it->second;
}

std::string_view key_text(py::handle key) {
  if (!PyUnicode_Check(key.ptr())) raise_invalid("", "field names must be strings");
  Py_ssize_t n = 0;
  const char* s = PyUnicode_AsUTF8AndSize(key.ptr(), &n);
  if (!s) throw py::error_already_set();
  return {s, static_cast<std::size_t>(n)};
}

enum class Unknown { TypeError, RowError };

// Applies a dict of fields (keyword arguments or one row) in pass order.
void apply_fields(Customer& c, py::handle mapping, Unknown unknown, const char* what) {
  struct Pending {
    const Field* field;
    py::handle value;
  };
  Pending pending[std::size(kFields)];
  std::size_t n = 0;
  PyObject *key = nullptr, *value = nullptr;
  Py_ssize_t pos = 0;
  while (PyDict_Next(mapping.ptr(), &pos, &key, &value)) {
    const auto name = key_text(key);
    const Field* f = find_field(name);
    if (!f) {
      if (unknown == Unknown::TypeError)
        throw py::type_error(std::string{what} + "() got an unexpected keyword argument '" + std::string{name} + "'");
      raise_invalid(std::string{name}, "unknown customer field");
    }
    pending[n++] = {f, value};
  }
  for (int pass = 0; pass < 2; ++pass)
    for (std::size_t i = 0; i < n; ++i)
      if (pending[i].field->pass == pass) pending[i].field->set(c, Column::scalar(pending[i].value), pending[i].field->name);
}

Customer customer_from_kwargs(const py::kwargs& fields, const char* what) {
  Customer c;
  apply_fields(c, fields, Unknown::TypeError, what);
  return c;
}

// --- bulk import -------------------------------------------------------------------------------

ImportMode mode_from(const std::string& mode) {
  if (mode == "all_or_nothing") return ImportMode::AllOrNothing;
  if (mode == "skip_bad_rows") return ImportMode::SkipBadRows;
  raise_invalid("mode", "unknown import mode '" + mode + "'; expected all_or_nothing or skip_bad_rows");
}

struct Converted {
  std::vector<Customer> drafts;
  std::vector<std::size_t> rows;  // input row of each draft
  std::vector<RowError> errors;   // rows that did not even convert
  std::size_t total = 0;
};

ImportReportPy finish_import(const CustomersHandle& h, const py::object& actor, Converted&& in, ImportMode mode) {
  auto crm = h.state->live();
  const auto who = h.state->actor_for(actor);
  std::vector<RowError> errors = std::move(in.errors);
  std::vector<CustomerId> ids;
  std::size_t imported = 0;
  if (mode == ImportMode::AllOrNothing && !errors.empty()) {
    // Nothing may be written, so storage is not touched; the rows that did convert still get the
    // validation import() would apply, so the report lists every bad row at once.
    auto more = without_gil([&] {
      std::vector<RowError> out;
      const auto today = crm.clock().today();
      for (std::size_t k = 0; k < in.drafts.size(); ++k)
        if (auto v = validate_customer(in.drafts[k], today); !v) out.push_back({in.rows[k], v.error()});
      return out;
    });
    errors.insert(errors.end(), more.begin(), more.end());
  } else {
    auto report = unwrap(without_gil([&] { return crm.customers().import(who, std::move(in.drafts), mode); }));
    for (auto& e : report.errors) errors.push_back({in.rows[e.row], std::move(e.error)});
    ids = std::move(report.ids);
    imported = report.imported;
  }
  std::stable_sort(errors.begin(), errors.end(), [](const RowError& a, const RowError& b) { return a.row < b.row; });

  ImportReportPy out;
  out.imported = imported;
  out.rows = in.total;
  out.mode = mode == ImportMode::AllOrNothing ? "all_or_nothing" : "skip_bad_rows";
  auto cls = row_error_class();
  for (const auto& e : errors) {
    const auto code = to_string(e.error.code());
    out.errors.append(cls(e.row, py::str(code.data(), code.size()), e.error.field(), e.error.message()));
  }
  py::array_t<std::int64_t> arr(static_cast<py::ssize_t>(ids.size()));
  auto* p = arr.mutable_data();
  for (std::size_t i = 0; i < ids.size(); ++i) p[i] = ids[i].value;
  out.ids = std::move(arr);
  return out;
}

Converted convert_rows(py::handle rows) {
  Converted out;
  auto seq = py::reinterpret_steal<py::object>(PySequence_Fast(rows.ptr(), "rows must be a list of dicts"));
  if (!seq) throw py::error_already_set();
  out.total = static_cast<std::size_t>(PySequence_Fast_GET_SIZE(seq.ptr()));
  out.drafts.reserve(out.total);
  out.rows.reserve(out.total);
  for (std::size_t i = 0; i < out.total; ++i) {
    py::handle row = PySequence_Fast_GET_ITEM(seq.ptr(), static_cast<Py_ssize_t>(i));
    py::object dict;
    if (PyDict_Check(row.ptr())) {
      dict = py::reinterpret_borrow<py::object>(row);
    } else if (PyMapping_Check(row.ptr()) && py::hasattr(row, "keys")) {
      dict = py::dict(py::reinterpret_borrow<py::object>(row));
    } else {
      out.errors.push_back({i, Error::invalid_argument("", std::string{"row is not a dict but "} + Py_TYPE(row.ptr())->tp_name)});
      continue;
    }
    Customer c;
    try {
      apply_fields(c, dict, Unknown::RowError, "import_rows");
    } catch (const ErrorException& e) {
      out.errors.push_back({i, e.error()});
      continue;
    }
    out.drafts.push_back(std::move(c));
    out.rows.push_back(i);
  }
  return out;
}

Converted convert_columns(const py::dict& columns) {
  Converted out;
  struct Named {
    const Field* field;
    Column column;
  };
  std::vector<Named> cols;
  bool sized = false;
  for (auto item : columns) {
    const auto name = key_text(item.first);
    const Field* f = find_field(name);
    if (!f) raise_invalid(std::string{name}, "unknown column; customer columns are the flat fields of create()");
    if (!f->importable)
      raise_invalid(std::string{name}, "not a column field; use import_rows for lists of phones, e-mails or needs");
    auto column = Column::of(item.second, f->name);
    if (!sized) {
      out.total = column.size();
      sized = true;
    } else if (column.size() != out.total) {
      raise_invalid(f->name, "column has " + std::to_string(column.size()) + " rows, the others " + std::to_string(out.total));
    }
    cols.push_back({f, std::move(column)});
  }
  std::stable_sort(cols.begin(), cols.end(), [](const Named& a, const Named& b) { return a.field->pass < b.field->pass; });
  out.drafts.reserve(out.total);
  out.rows.reserve(out.total);
  const auto convert = [&] {
    for (std::size_t i = 0; i < out.total; ++i) {
      Customer c;
      try {
        for (auto& col : cols) {
          col.column.at(i);
          col.field->set(c, col.column, col.field->name);
        }
      } catch (const ErrorException& e) {
        out.errors.push_back({i, e.error()});
        continue;
      }
      out.drafts.push_back(std::move(c));
      out.rows.push_back(i);
    }
  };
  // NumPy columns of native dtypes are read straight from their buffers, so the row loop (a good
  // share of an import's time) runs without the GIL and two threads importing overlap here too.
  // The arrays stay referenced by `cols` throughout and no Python object is made or dropped
  // inside; the few cells that need Python (text to bool or money) take the GIL back themselves.
  const bool python_free = std::none_of(cols.begin(), cols.end(), [](const Named& n) { return n.column.reads_python_objects(); });
  if (python_free) {
    py::gil_scoped_release release;
    convert();
  } else {
    convert();
  }
  return out;
}

// --- export ------------------------------------------------------------------------------------

// Builds the columns of a result table page by page: ids, counts and dates as typed NumPy arrays
// (dates datetime64[D], instants datetime64[us] in UTC, with NaT for none), text as object arrays.
class TableBuilder {
 public:
  void int64(const char* name, std::int64_t v) { ints_[name].push_back(v); }
  void date(const char* name, const std::optional<Date>& d) {
    dates_[name].push_back(d ? to_epoch_days(*d) : std::numeric_limits<std::int64_t>::min());
  }
  void instant(const char* name, Instant t) { instants_[name].push_back(to_epoch_micros(t)); }
  void object(const char* name, py::object v) { objects_[name].append(std::move(v)); }
  void order(std::initializer_list<const char*> names) { order_.assign(names.begin(), names.end()); }

  py::dict build() {
    auto np = py::module_::import("numpy");
    py::dict out;
    for (const char* name : order_) {
      if (auto it = ints_.find(name); it != ints_.end()) {
        out[name] = to_array(it->second);
      } else if (auto d = dates_.find(name); d != dates_.end()) {
        out[name] = to_array(d->second).attr("view")("datetime64[D]");
      } else if (auto t = instants_.find(name); t != instants_.end()) {
        out[name] = to_array(t->second).attr("view")("datetime64[us]");
      } else {
        out[name] = np.attr("array")(objects_[name], py::arg("dtype") = "object");
      }
    }
    return out;
  }

 private:
  static py::array_t<std::int64_t> to_array(const std::vector<std::int64_t>& v) {
    py::array_t<std::int64_t> a(static_cast<py::ssize_t>(v.size()));
    std::copy(v.begin(), v.end(), a.mutable_data());
    return a;
  }
  std::vector<const char*> order_;
  std::unordered_map<std::string_view, std::vector<std::int64_t>> ints_, dates_, instants_;
  std::unordered_map<std::string_view, py::list> objects_;
};

py::object opt_text(const std::optional<std::string>& s) { return s ? py::object(py::str(*s)) : py::object(py::none()); }

storage::CustomerQuery query_from(py::handle org_unit, py::handle agent, py::handle stage, std::int64_t after, std::size_t limit) {
  storage::CustomerQuery q;
  if (!is_missing(org_unit)) q.org_unit = to_id<OrgUnitId>(org_unit, "org_unit");
  q.agent = to_optional_id<AgentId>(agent, "agent");
  if (!is_missing(stage)) q.stage = to_enum<CustomerStage>(stage, "stage");
  q.after = CustomerId{after};
  q.limit = limit;
  return q;
}

// Keyset paging over crm.customers.list, one page per fetch (the GIL released while fetching).
struct CustomerPager {
  StatePtr state;
  Actor actor;
  storage::CustomerQuery query;
  std::vector<Customer> page;
  std::size_t pos = 0;
  bool done = false;

  py::object next() {
    if (pos == page.size()) {
      if (done) throw py::stop_iteration();
      auto crm = state->live();
      page = unwrap(without_gil([&] { return crm.customers().list(actor, query); }));
      pos = 0;
      done = page.size() < query.limit;
      if (page.empty()) throw py::stop_iteration();
      query.after = page.back().id;
    }
    return py::cast(std::move(page[pos++]));
  }
};

}  // namespace

void register_customers(py::module_& m) {
  py::class_<ImportReportPy>(m, "ImportReport",
                             "The outcome of a bulk import: how many rows were stored, every rejected row as\n"
                             "RowError(row, code, field, message) in row order, and the new ids (NumPy int64)\n"
                             "of the stored rows in input order.")
      .def_readonly("imported", &ImportReportPy::imported)
      .def_readonly("rows", &ImportReportPy::rows, "How many input rows there were.")
      .def_readonly("errors", &ImportReportPy::errors)
      .def_readonly("ids", &ImportReportPy::ids)
      .def_readonly("mode", &ImportReportPy::mode)
      .def_property_readonly("ok", [](const ImportReportPy& r) { return py::len(r.errors) == 0; })
      .def("__repr__", [](const ImportReportPy& r) {
        return "ImportReport(imported=" + std::to_string(r.imported) + ", rejected=" + std::to_string(py::len(r.errors)) +
               ", rows=" + std::to_string(r.rows) + ", mode='" + r.mode + "')";
      });
  m.attr("RowError") = row_error_class();

  py::class_<CustomerPager>(m, "CustomerIterator")
      .def("__iter__", [](py::object self) { return self; })
      .def("__next__", &CustomerPager::next);

  py::class_<CustomersHandle>(m, "CustomerService", "crm.customers: register, find, change and bulk-load customers.")
      .def(
          "create",
          [](const CustomersHandle& h, py::object actor, py::kwargs fields) {
            auto draft = customer_from_kwargs(fields, "create");
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            return unwrap(without_gil([&] { return crm.customers().create(who, std::move(draft)); }));
          },
          py::kw_only(), py::arg("actor") = py::none(),
          "Registers a customer from keyword arguments: name, kind, gender, birth_date, identity=(type, number),\n"
          "marital_status, occupation, industry, annual_income, region, phones, emails, addresses,\n"
          "relationships, needs, source, org_unit, agent, external_ref, verified_on (see _core.pyi).\n"
          "Bad input raises inscrm.InvalidArgument naming the field, e.g. 'identity.number'.")
      .def(
          "update",
          [](const CustomersHandle& h, const Customer& customer, py::object actor, py::kwargs changes) {
            Customer c = customer;
            apply_fields(c, changes, Unknown::TypeError, "update");
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            return unwrap(without_gil([&] { return crm.customers().update(who, std::move(c)); }));
          },
          py::arg("customer"), py::kw_only(), py::arg("actor") = py::none(),
          "Saves the customer with the given fields changed (None clears an optional field). The record's\n"
          "version must be the stored one, else inscrm.Conflict: re-read and retry. Returns the stored record.")
      .def(
          "get",
          [](const CustomersHandle& h, py::object id, py::object actor) {
            const auto cid = to_id<CustomerId>(id, "id");
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            return unwrap(without_gil([&] { return crm.customers().get(who, cid); }));
          },
          py::arg("id"), py::kw_only(), py::arg("actor") = py::none(), "The customer with this id; inscrm.NotFound if none.")
      .def(
          "find_by_external_ref",
          [](const CustomersHandle& h, std::string ref, py::object actor) {
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            return unwrap(without_gil([&] { return crm.customers().find_by_external_ref(who, ref); }));
          },
          py::arg("ref"), py::kw_only(), py::arg("actor") = py::none(), "The customer with this external_ref, or None.")
      .def(
          "find_by_identity",
          [](const CustomersHandle& h, std::string number, py::object actor) {
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            return to_list(unwrap(without_gil([&] { return crm.customers().find_by_identity(who, number); })));
          },
          py::arg("number"), py::kw_only(), py::arg("actor") = py::none(), "Customers holding this identity number.")
      .def(
          "list",
          [](const CustomersHandle& h, py::object org_unit, py::object agent, py::object stage, std::int64_t after,
             std::size_t limit, py::object actor) {
            const auto q = query_from(org_unit, agent, stage, after, limit);
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            return to_list(unwrap(without_gil([&] { return crm.customers().list(who, q); })));
          },
          py::kw_only(), py::arg("org_unit") = py::none(), py::arg("agent") = py::none(), py::arg("stage") = py::none(),
          py::arg("after") = 0, py::arg("limit") = 1000, py::arg("actor") = py::none(),
          "One page of customers in id order, after id `after` (keyset pagination).")
      .def(
          "iter",
          [](const CustomersHandle& h, py::object org_unit, py::object agent, py::object stage, std::size_t page_size,
             py::object actor) {
            if (page_size == 0) raise_invalid("page_size", "must be at least 1");
            return CustomerPager{h.state, h.state->actor_for(actor), query_from(org_unit, agent, stage, 0, page_size), {}, 0, false};
          },
          py::kw_only(), py::arg("org_unit") = py::none(), py::arg("agent") = py::none(), py::arg("stage") = py::none(),
          py::arg("page_size") = 1000, py::arg("actor") = py::none(), "Every matching customer, fetched a page at a time.")
      .def("__iter__", [](const CustomersHandle& h) {
        return CustomerPager{h.state, h.state->actor, query_from(py::none(), py::none(), py::none(), 0, 1000), {}, 0, false};
      })
      .def(
          "import_rows",
          [](const CustomersHandle& h, py::handle rows, const std::string& mode, py::object actor) {
            const auto import_mode = mode_from(mode);
            return finish_import(h, actor, convert_rows(rows), import_mode);
          },
          py::arg("rows"), py::kw_only(), py::arg("mode") = "all_or_nothing", py::arg("actor") = py::none(),
          "Imports a list of dicts (the keyword arguments of create()) in one transaction.\n"
          "mode='all_or_nothing' stores nothing if any row is bad; 'skip_bad_rows' stores the good ones.\n"
          "Either way the report lists every bad row.")
      .def(
          "import_arrays",
          [](const CustomersHandle& h, py::object data, const std::string& mode, py::object actor, py::kwargs columns) {
            const auto import_mode = mode_from(mode);
            py::dict all;
            if (!data.is_none()) all = py::dict(data);
            for (auto item : columns) all[item.first] = item.second;
            return finish_import(h, actor, convert_columns(all), import_mode);
          },
          py::arg("data") = py::none(), py::kw_only(), py::arg("mode") = "all_or_nothing", py::arg("actor") = py::none(),
          "Imports columns (NumPy arrays, lists or pandas Series of equal length), given as keyword arguments\n"
          "and/or a mapping: name, gender, birth_date, identity_type, identity_number, phone, email, region,\n"
          "source, org_unit, agent, external_ref, … Columns are converted in C++; no Python call per row.")
      .def(
          "import_dataframe",
          [](const CustomersHandle& h, py::object frame, const std::string& mode, py::object actor) {
            const auto import_mode = mode_from(mode);
            py::dict columns = py::module_::import("inscrm._frames").attr("columns_of")(frame);
            return finish_import(h, actor, convert_columns(columns), import_mode);
          },
          py::arg("frame"), py::kw_only(), py::arg("mode") = "all_or_nothing", py::arg("actor") = py::none(),
          "Imports a pandas DataFrame whose columns are customer column names (see import_arrays).")
      .def(
          "import_csv",
          [](const CustomersHandle& h, py::object path, const std::string& mode, const std::string& encoding, py::object actor) {
            const auto import_mode = mode_from(mode);
            py::dict columns = py::module_::import("inscrm._frames").attr("csv_columns")(path, encoding);
            return finish_import(h, actor, convert_columns(columns), import_mode);
          },
          py::arg("path"), py::kw_only(), py::arg("mode") = "all_or_nothing", py::arg("encoding") = "utf-8-sig",
          py::arg("actor") = py::none(),
          "Imports a CSV file with a header row of customer column names. Cells are text: empty means\n"
          "absent, dates are YYYY-MM-DD, annual_income is in yuan.")
      .def(
          "export_arrays",
          [](const CustomersHandle& h, py::object org_unit, py::object agent, py::object stage, py::object actor) {
            auto q = query_from(org_unit, agent, stage, 0, 5000);
            auto crm = h.state->live();
            const auto who = h.state->actor_for(actor);
            TableBuilder t;
            t.order({"id", "version", "external_ref", "kind", "name", "gender", "birth_date", "identity_type",
                     "identity_number", "marital_status", "occupation", "industry", "annual_income", "region", "phone",
                     "email", "source", "org_unit", "agent", "stage", "stage_since", "verified_on", "created_at",
                     "updated_at"});
            for (;;) {
              auto page = unwrap(without_gil([&] { return crm.customers().list(who, q); }));
              for (const auto& c : page) {
                t.int64("id", c.id.value);
                t.int64("version", c.version);
                t.object("external_ref", opt_text(c.external_ref));
                t.object("kind", from_enum(c.kind));
                t.object("name", py::str(c.name));
                t.object("gender", from_enum(c.gender));
                t.date("birth_date", c.birth_date);
                t.object("identity_type", c.identity ? py::object(from_enum(c.identity->type)) : py::object(py::none()));
                t.object("identity_number", c.identity ? py::object(py::str(c.identity->number)) : py::object(py::none()));
                t.object("marital_status", from_enum(c.marital_status));
                t.object("occupation", py::str(c.occupation));
                t.object("industry", py::str(c.industry));
                t.object("annual_income", c.annual_income ? py::object(py::int_(c.annual_income->minor)) : py::object(py::none()));
                t.object("region", py::str(c.region));
                const Phone* phone = c.primary_phone();
                t.object("phone", phone ? py::object(py::str(phone->number)) : py::object(py::none()));
                const Email* email = c.primary_email();
                t.object("email", email ? py::object(py::str(email->address)) : py::object(py::none()));
                t.object("source", from_enum(c.source));
                t.int64("org_unit", c.org_unit.value);
                t.int64("agent", c.agent ? c.agent->value : 0);
                t.object("stage", from_enum(c.stage));
                t.date("stage_since", c.stage_since);
                t.date("verified_on", c.verified_on);
                t.instant("created_at", c.created_at);
                t.instant("updated_at", c.updated_at);
              }
              if (page.size() < q.limit) break;
              q.after = page.back().id;
            }
            return t.build();
          },
          py::kw_only(), py::arg("org_unit") = py::none(), py::arg("agent") = py::none(), py::arg("stage") = py::none(),
          py::arg("actor") = py::none(),
          "Every matching customer as columns: a dict of NumPy arrays (ids int64 with 0 for none, dates\n"
          "datetime64[D], instants datetime64[us] UTC, text and enum names as object arrays).")
      .def(
          "dataframe",
          [](py::object self, py::object org_unit, py::object agent, py::object stage, py::object actor) {
            auto arrays = self.attr("export_arrays")(py::arg("org_unit") = org_unit, py::arg("agent") = agent,
                                                     py::arg("stage") = stage, py::arg("actor") = actor);
            return py::module_::import("inscrm._frames").attr("dataframe")(arrays);
          },
          py::kw_only(), py::arg("org_unit") = py::none(), py::arg("agent") = py::none(), py::arg("stage") = py::none(),
          py::arg("actor") = py::none(), "export_arrays() as a pandas DataFrame indexed by nothing (id is a column).")
      .def("__repr__", [](const CustomersHandle& h) { return "<inscrm.CustomerService of " + py::repr(py::str(h.state->uri)).cast<std::string>() + ">"; });

  m.def(
      "validate_customer",
      [](py::object today, py::kwargs fields) {
        auto c = customer_from_kwargs(fields, "validate_customer");
        const auto day = is_missing(today) ? system_clock()->today() : to_date(today, "today");
        unwrap(without_gil([&] { return validate_customer(c, day); }));
        return c;
      },
      py::kw_only(), py::arg("today") = py::none(),
      "Applies the checks create() applies, without storing: returns the normalised (unsaved) record or\n"
      "raises inscrm.InvalidArgument naming the field. For validating a form before submitting it.");
}

}  // namespace inscrm::python
