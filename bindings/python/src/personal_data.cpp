// Personal data (domain.md C12): lookups through the blind index, erasure, retention and master-key
// rotation, added to crm.customers (CustomerService) and the Crm; the master key of inscrm.open is
// read by master_key_options (crm.cpp).

#include "common.hpp"

#include <inscrm/security/key_provider.hpp>

namespace inscrm::python {
namespace {

// Adds a method to a class registered elsewhere (customers.cpp, crm.cpp): what class_::def does.
template <class Fn, class... Extra>
void add_method(py::object cls, const char* name, Fn&& fn, const Extra&... extra) {
  py::cpp_function f(std::forward<Fn>(fn), py::name(name), py::is_method(cls),
                     py::sibling(py::getattr(cls, name, py::none())), extra...);
  py::setattr(cls, name, f);
}

}  // namespace

storage::KeyOptions master_key_options(const py::object& master_key, const py::object& key_file) {
  storage::KeyOptions keys;
  if (!master_key.is_none()) {
    std::string text;
    if (py::isinstance<py::bytes>(master_key)) text = master_key.cast<std::string>();
    else if (py::isinstance<py::str>(master_key)) text = master_key.cast<std::string>();
    else throw py::type_error("master_key must be 32 bytes or a str of 64 hex digits");
    keys.provider = key_from_bytes(unwrap(parse_master_key(text)));
  } else if (!key_file.is_none()) {
    keys.key_file = py::str(key_file).cast<std::string>();  // str or os.PathLike via str()
  }
  return keys;
}

void register_personal_data(py::module_& m) {
  py::object customers = m.attr("CustomerService");
  add_method(
      customers, "find_by_phone",
      [](const CustomersHandle& h, std::string number, py::object actor) {
        return to_list(call_service(h.state, actor, [&](Crm& crm, const Actor& who) {
          return crm.customers().find_by_phone(who, number);
        }));
      },
      py::arg("number"), py::kw_only(), py::arg("actor") = py::none(),
      "Customers with this phone (normalised first: '+86 138 1234 5678' finds 13812345678), through the\n"
      "keyed blind index. Erased customers are not found.");
  add_method(
      customers, "find_by_email",
      [](const CustomersHandle& h, std::string address, py::object actor) {
        return to_list(call_service(h.state, actor, [&](Crm& crm, const Actor& who) {
          return crm.customers().find_by_email(who, address);
        }));
      },
      py::arg("address"), py::kw_only(), py::arg("actor") = py::none(),
      "Customers with this e-mail address (the domain matched case-insensitively), through the blind index.");
  add_method(
      customers, "erase",
      [](const CustomersHandle& h, std::int64_t id, py::object actor) {
        return call_service(h.state, actor, [&](Crm& crm, const Actor& who) {
          return crm.customers().erase(who, CustomerId{id});
        });
      },
      py::arg("id"), py::kw_only(), py::arg("actor") = py::none(),
      "Erasure on request: destroys the customer's data key (the personal fields can never be decrypted\n"
      "again) and anonymises the record; statistics, policies, ledgers and the audit chain stay.\n"
      "inscrm.IllegalTransition when already erased. Returns the record as it now is.");
  add_method(
      customers, "due_for_erasure",
      [](const CustomersHandle& h, int years, py::object today, py::object actor) {
        auto on = to_optional_date(today, "today");
        auto ids = call_service(h.state, actor, [&](Crm& crm, const Actor& who) {
          return crm.customers().due_for_erasure(who, years, on.value_or(crm.clock().today()));
        });
        py::list out;
        for (CustomerId id : ids) out.append(id.value);
        return out;
      },
      py::arg("years"), py::kw_only(), py::arg("today") = py::none(), py::arg("actor") = py::none(),
      "Ids of the customers (not erased) whose last cover ended `years` or more before `today`\n"
      "(default: the clock's today); one never insured counts from the record's creation.");
  add_method(
      customers, "erase_due",
      [](const CustomersHandle& h, int years, py::object actor) {
        auto ids = call_service(h.state, actor, [&](Crm& crm, const Actor& who) {
          return crm.customers().erase_due(who, years);
        });
        py::list out;
        for (CustomerId id : ids) out.append(id.value);
        return out;
      },
      py::arg("years"), py::kw_only(), py::arg("actor") = py::none(),
      "Erases every customer due_for_erasure today; returns their ids.");

  add_method(
      m.attr("Crm"), "rotate_master_key",
      [](const StatePtr& s, py::object master_key, py::object key_file, py::object actor) {
        if (master_key.is_none() && key_file.is_none())
          raise_invalid("master_key", "give the new master key, or a key file that holds it");
        auto keys = master_key_options(master_key, key_file);
        auto provider = keys.provider ? keys.provider : key_from_file(keys.key_file);
        return call_service(s, actor, [&](Crm& crm, const Actor& who) { return crm.rotate_master_key(who, *provider); });
      },
      py::arg("master_key") = py::none(), py::kw_only(), py::arg("key_file") = py::none(),
      py::arg("actor") = py::none(),
      "Re-wraps every customer's data key and the blind-index key under a new master key (32 bytes,\n"
      "or 64 hex digits; or key_file=) without rewriting personal data. Afterwards only the new key\n"
      "opens the database. Administrator only. Returns the number of data keys re-wrapped.");
}

}  // namespace inscrm::python
