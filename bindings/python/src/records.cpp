// The records a call returns (Customer, Policy, Payment, …) as read-only Python objects over the
// C++ structs, and the small value types a caller builds (Phone, Identity, Beneficiary, …).
// Properties convert on access: dates to datetime.date, instants to aware UTC datetimes, enums to
// their text names, money to int minor units with a Decimal `*_yuan` twin.

#include "common.hpp"
#include "values.hpp"

#include <inscrm/analytics/value_loyalty.hpp>
#include <inscrm/crm/daily_run.hpp>
#include <inscrm/crm/policies.hpp>
#include <inscrm/crm/portfolio_summary.hpp>
#include <inscrm/domain/agent.hpp>
#include <inscrm/domain/claim.hpp>
#include <inscrm/domain/complaint.hpp>
#include <inscrm/domain/service_request.hpp>
#include <inscrm/domain/survey.hpp>
#include <inscrm/domain/customer_stage.hpp>
#include <inscrm/domain/event.hpp>
#include <inscrm/domain/org_unit.hpp>
#include <inscrm/domain/payment.hpp>
#include <inscrm/domain/policy_lifecycle.hpp>
#include <inscrm/domain/product.hpp>
#include <inscrm/domain/segment.hpp>

#include <initializer_list>

namespace inscrm::python {
namespace {

std::string repr_of(py::handle h) { return py::repr(h).cast<std::string>(); }

// A dict given for a value type: its keys are checked against the type's fields.
class DictArgs {
 public:
  DictArgs(py::handle h, const std::string& field, std::initializer_list<const char*> keys)
      : dict_(py::reinterpret_borrow<py::dict>(h)), field_(field) {
    for (auto item : dict_) {
      const auto key = py::str(item.first).cast<std::string>();
      bool known = false;
      for (const char* k : keys) known = known || key == k;
      if (!known) raise_invalid(field_ + "." + key, "unknown key");
    }
  }
  // The value, or a null handle when the key is absent or its value missing.
  py::handle get(const char* key) const {
    PyObject* v = PyDict_GetItemString(dict_.ptr(), key);
    if (!v || is_missing(v)) return {};
    return v;
  }
  std::string path(const char* key) const { return field_ + "." + key; }

 private:
  py::dict dict_;
  std::string field_;
};

bool is_pair(py::handle h) { return PyTuple_Check(h.ptr()) || PyList_Check(h.ptr()); }

}  // namespace

// --- value types from their Python forms --------------------------------------------------------

IdentityDocument identity_from(py::handle h, const std::string& field) {
  if (py::isinstance<IdentityDocument>(h)) return h.cast<IdentityDocument>();
  IdentityDocument id;
  if (is_pair(h) && py::len(h) == 2) {
    auto seq = py::reinterpret_borrow<py::sequence>(h);
    id.type = to_enum<IdType>(seq[0], (field + ".type").c_str());
    id.number = to_text(seq[1], (field + ".number").c_str());
    return id;
  }
  if (PyDict_Check(h.ptr())) {
    DictArgs d(h, field, {"type", "number"});
    if (auto t = d.get("type")) id.type = to_enum<IdType>(t, d.path("type").c_str());
    if (auto n = d.get("number")) id.number = to_text(n, d.path("number").c_str());
    return id;
  }
  raise_invalid(field, "expected (type, number), a dict or an inscrm.Identity");
}

Phone phone_from(py::handle h, const std::string& field) {
  if (py::isinstance<Phone>(h)) return h.cast<Phone>();
  if (PyUnicode_Check(h.ptr())) return Phone{to_text(h, (field + ".number").c_str())};
  if (PyDict_Check(h.ptr())) {
    DictArgs d(h, field, {"number", "primary", "verified"});
    Phone p;
    if (auto v = d.get("number")) p.number = to_text(v, d.path("number").c_str());
    if (auto v = d.get("primary")) p.primary = to_bool(v, d.path("primary").c_str());
    if (auto v = d.get("verified")) p.verified = to_bool(v, d.path("verified").c_str());
    return p;
  }
  raise_invalid(field, "expected a phone number string, a dict or an inscrm.Phone");
}

Email email_from(py::handle h, const std::string& field) {
  if (py::isinstance<Email>(h)) return h.cast<Email>();
  if (PyUnicode_Check(h.ptr())) return Email{to_text(h, field.c_str())};
  if (PyDict_Check(h.ptr())) {
    DictArgs d(h, field, {"address", "primary", "verified"});
    Email e;
    if (auto v = d.get("address")) e.address = to_text(v, d.path("address").c_str());
    if (auto v = d.get("primary")) e.primary = to_bool(v, d.path("primary").c_str());
    if (auto v = d.get("verified")) e.verified = to_bool(v, d.path("verified").c_str());
    return e;
  }
  raise_invalid(field, "expected an e-mail address string, a dict or an inscrm.Email");
}

Address address_from(py::handle h, const std::string& field) {
  if (py::isinstance<Address>(h)) return h.cast<Address>();
  if (PyUnicode_Check(h.ptr())) return Address{to_text(h, (field + ".line").c_str())};
  if (PyDict_Check(h.ptr())) {
    DictArgs d(h, field, {"line", "region_code", "postal_code", "primary", "verified"});
    Address a;
    if (auto v = d.get("line")) a.line = to_text(v, d.path("line").c_str());
    if (auto v = d.get("region_code")) a.region_code = to_text(v, d.path("region_code").c_str());
    if (auto v = d.get("postal_code")) a.postal_code = to_text(v, d.path("postal_code").c_str());
    if (auto v = d.get("primary")) a.primary = to_bool(v, d.path("primary").c_str());
    if (auto v = d.get("verified")) a.verified = to_bool(v, d.path("verified").c_str());
    return a;
  }
  raise_invalid(field, "expected an address line, a dict or an inscrm.Address");
}

Relationship relationship_from(py::handle h, const std::string& field) {
  if (py::isinstance<Relationship>(h)) return h.cast<Relationship>();
  Relationship r;
  if (is_pair(h) && py::len(h) == 2) {
    auto seq = py::reinterpret_borrow<py::sequence>(h);
    r.kind = to_enum<RelationKind>(seq[0], (field + ".kind").c_str());
    r.other = to_id<CustomerId>(seq[1], (field + ".other").c_str());
    return r;
  }
  if (PyDict_Check(h.ptr())) {
    DictArgs d(h, field, {"kind", "other"});
    if (auto v = d.get("kind")) r.kind = to_enum<RelationKind>(v, d.path("kind").c_str());
    if (auto v = d.get("other")) r.other = to_id<CustomerId>(v, d.path("other").c_str());
    return r;
  }
  raise_invalid(field, "expected (kind, customer_id), a dict or an inscrm.Relationship");
}

Need need_from(py::handle h, const std::string& field) {
  if (py::isinstance<Need>(h)) return h.cast<Need>();
  if (PyDict_Check(h.ptr())) {
    DictArgs d(h, field, {"line", "desired_sum_insured", "term_years", "source", "noted_on"});
    Need n;
    if (auto v = d.get("line")) n.line = to_enum<LineOfBusiness>(v, d.path("line").c_str());
    if (auto v = d.get("desired_sum_insured"))
      n.desired_sum_insured = to_money(v, Currency::cny(), d.path("desired_sum_insured").c_str());
    if (auto v = d.get("term_years")) n.term_years = static_cast<int>(to_int(v, d.path("term_years").c_str()));
    if (auto v = d.get("source")) n.source = to_enum<Source>(v, d.path("source").c_str());
    if (auto v = d.get("noted_on")) n.noted_on = to_date(v, d.path("noted_on").c_str());
    return n;
  }
  raise_invalid(field, "expected a dict or an inscrm.Need");
}

Beneficiary beneficiary_from(py::handle h, const std::string& field) {
  if (py::isinstance<Beneficiary>(h)) return h.cast<Beneficiary>();
  Beneficiary b;
  if (is_pair(h) && py::len(h) == 2) {
    auto seq = py::reinterpret_borrow<py::sequence>(h);
    b.customer = to_id<CustomerId>(seq[0], (field + ".customer").c_str());
    b.share_percent = static_cast<int>(to_int(seq[1], (field + ".share_percent").c_str()));
    return b;
  }
  if (PyDict_Check(h.ptr())) {
    DictArgs d(h, field, {"customer", "share_percent"});
    if (auto v = d.get("customer")) b.customer = to_id<CustomerId>(v, d.path("customer").c_str());
    if (auto v = d.get("share_percent")) b.share_percent = static_cast<int>(to_int(v, d.path("share_percent").c_str()));
    return b;
  }
  if (PyLong_Check(h.ptr())) {  // a bare customer id takes the whole benefit
    b.customer = to_id<CustomerId>(h, (field + ".customer").c_str());
    return b;
  }
  raise_invalid(field, "expected (customer_id, share_percent), a dict or an inscrm.Beneficiary");
}

// --- registration ------------------------------------------------------------------------------

void register_values(py::module_& m) {
  py::class_<IdentityDocument>(m, "Identity", "An identity document: type (e.g. 'resident_id') and number.")
      .def(py::init([](py::object type, std::string number) {
             return IdentityDocument{to_enum<IdType>(type, "identity.type"), std::move(number)};
           }),
           py::arg("type"), py::arg("number"))
      .def_property_readonly("type", [](const IdentityDocument& d) { return from_enum(d.type); })
      .def_readonly("number", &IdentityDocument::number)
      .def("__eq__", [](const IdentityDocument& a, const IdentityDocument& b) { return a.type == b.type && a.number == b.number; })
      .def("__iter__", [](const IdentityDocument& d) { return py::iter(py::make_tuple(from_enum(d.type), d.number)); })
      .def("__repr__", [](const IdentityDocument& d) {
        return "Identity(type='" + std::string{to_string(d.type)} + "', number=" + repr_text(d.number) + ")";
      });

  py::class_<Phone>(m, "Phone", "A phone number; mainland mobiles are stored as their 11 digits.")
      .def(py::init([](std::string number, bool primary, bool verified) { return Phone{std::move(number), primary, verified}; }),
           py::arg("number"), py::kw_only(), py::arg("primary") = false, py::arg("verified") = false)
      .def_readonly("number", &Phone::number)
      .def_readonly("primary", &Phone::primary)
      .def_readonly("verified", &Phone::verified)
      .def("__eq__", [](const Phone& a, const Phone& b) {
        return a.number == b.number && a.primary == b.primary && a.verified == b.verified;
      })
      .def("__repr__", [](const Phone& p) {
        return "Phone(" + repr_text(p.number) + (p.primary ? ", primary=True" : "") + (p.verified ? ", verified=True" : "") + ")";
      });

  py::class_<Email>(m, "Email", "An e-mail address.")
      .def(py::init([](std::string address, bool primary, bool verified) { return Email{std::move(address), primary, verified}; }),
           py::arg("address"), py::kw_only(), py::arg("primary") = false, py::arg("verified") = false)
      .def_readonly("address", &Email::address)
      .def_readonly("primary", &Email::primary)
      .def_readonly("verified", &Email::verified)
      .def("__eq__", [](const Email& a, const Email& b) {
        return a.address == b.address && a.primary == b.primary && a.verified == b.verified;
      })
      .def("__repr__", [](const Email& e) {
        return "Email(" + repr_text(e.address) + (e.primary ? ", primary=True" : "") + (e.verified ? ", verified=True" : "") + ")";
      });

  py::class_<Address>(m, "Address", "A postal address with its GB/T 2260 region code.")
      .def(py::init([](std::string line, std::string region_code, std::string postal_code, bool primary, bool verified) {
             return Address{std::move(line), std::move(region_code), std::move(postal_code), primary, verified};
           }),
           py::arg("line"), py::kw_only(), py::arg("region_code") = "", py::arg("postal_code") = "",
           py::arg("primary") = false, py::arg("verified") = false)
      .def_readonly("line", &Address::line)
      .def_readonly("region_code", &Address::region_code)
      .def_readonly("postal_code", &Address::postal_code)
      .def_readonly("primary", &Address::primary)
      .def_readonly("verified", &Address::verified)
      .def("__eq__", [](const Address& a, const Address& b) {
        return a.line == b.line && a.region_code == b.region_code && a.postal_code == b.postal_code &&
               a.primary == b.primary && a.verified == b.verified;
      })
      .def("__repr__", [](const Address& a) {
        return "Address(" + repr_text(a.line) + ", region_code=" + repr_text(a.region_code) + ")";
      });

  py::class_<Relationship>(m, "Relationship", "'This customer is my <kind>': kind and the other customer's id.")
      .def(py::init([](py::object kind, py::object other) {
             return Relationship{to_enum<RelationKind>(kind, "kind"), to_id<CustomerId>(other, "other")};
           }),
           py::arg("kind"), py::arg("other"))
      .def_property_readonly("kind", [](const Relationship& r) { return from_enum(r.kind); })
      .def_property_readonly("other", [](const Relationship& r) { return r.other.value; })
      .def("__eq__", [](const Relationship& a, const Relationship& b) { return a.kind == b.kind && a.other == b.other; })
      .def("__repr__", [](const Relationship& r) {
        return "Relationship(kind='" + std::string{to_string(r.kind)} + "', other=" + std::to_string(r.other.value) + ")";
      });

  py::class_<Need>(m, "Need", "A product interest with the desired cover (domain.md C1).")
      .def(py::init([](py::object line, py::object desired, py::object term, py::object source, py::object noted) {
             Need n;
             n.line = to_enum<LineOfBusiness>(line, "line");
             if (!is_missing(desired)) n.desired_sum_insured = to_money(desired, Currency::cny(), "desired_sum_insured");
             if (!is_missing(term)) n.term_years = static_cast<int>(to_int(term, "term_years"));
             n.source = to_enum<Source>(source, "source");
             n.noted_on = to_optional_date(noted, "noted_on");
             return n;
           }),
           py::arg("line"), py::kw_only(), py::arg("desired_sum_insured") = py::none(), py::arg("term_years") = py::none(),
           py::arg("source") = "unknown", py::arg("noted_on") = py::none())
      .def_property_readonly("line", [](const Need& n) { return from_enum(n.line); })
      .def_property_readonly("desired_sum_insured", [](const Need& n) -> py::object {
        return n.desired_sum_insured ? py::object(py::int_(n.desired_sum_insured->minor)) : py::object(py::none());
      })
      .def_property_readonly("term_years", [](const Need& n) { return n.term_years; })
      .def_property_readonly("source", [](const Need& n) { return from_enum(n.source); })
      .def_property_readonly("noted_on", [](const Need& n) { return from_date(n.noted_on); })
      .def("__repr__", [](const Need& n) { return "Need(line='" + std::string{to_string(n.line)} + "')"; });

  py::class_<Beneficiary>(m, "Beneficiary", "A beneficiary of a policy and their whole-percent share.")
      .def(py::init([](py::object customer, int share) { return Beneficiary{to_id<CustomerId>(customer, "customer"), share}; }),
           py::arg("customer"), py::arg("share_percent") = 100)
      .def_property_readonly("customer", [](const Beneficiary& b) { return b.customer.value; })
      .def_readonly("share_percent", &Beneficiary::share_percent)
      .def("__eq__", [](const Beneficiary& a, const Beneficiary& b) {
        return a.customer == b.customer && a.share_percent == b.share_percent;
      })
      .def("__repr__", [](const Beneficiary& b) {
        return "Beneficiary(customer=" + std::to_string(b.customer.value) + ", share_percent=" + std::to_string(b.share_percent) + ")";
      });

  // --- records ---

  py::class_<Customer>(m, "Customer", "A stored customer (read-only). Change one with crm.customers.update(c, ...).")
      .def_property_readonly("id", [](const Customer& c) { return c.id.value; })
      .def_readonly("version", &Customer::version)
      .def_readonly("external_ref", &Customer::external_ref)
      .def_property_readonly("kind", [](const Customer& c) { return from_enum(c.kind); })
      .def_readonly("name", &Customer::name)
      .def_property_readonly("gender", [](const Customer& c) { return from_enum(c.gender); })
      .def_property_readonly("birth_date", [](const Customer& c) { return from_date(c.birth_date); })
      .def_readonly("identity", &Customer::identity)
      .def_property_readonly("marital_status", [](const Customer& c) { return from_enum(c.marital_status); })
      .def_readonly("occupation", &Customer::occupation)
      .def_readonly("industry", &Customer::industry)
      .def_property_readonly("annual_income", [](const Customer& c) -> py::object {
        return c.annual_income ? py::object(py::int_(c.annual_income->minor)) : py::object(py::none());
      }, "Annual income in minor units (fen), or None.")
      .def_property_readonly("annual_income_yuan", [](const Customer& c) -> py::object {
        return c.annual_income ? yuan(c.annual_income->minor) : py::object(py::none());
      }, "Annual income as a decimal.Decimal in yuan, or None.")
      .def_readonly("region", &Customer::region)
      .def_readonly("phones", &Customer::phones)
      .def_readonly("emails", &Customer::emails)
      .def_readonly("addresses", &Customer::addresses)
      .def_readonly("relationships", &Customer::relationships)
      .def_readonly("needs", &Customer::needs)
      .def_property_readonly("source", [](const Customer& c) { return from_enum(c.source); })
      .def_property_readonly("org_unit", [](const Customer& c) { return c.org_unit.value; })
      .def_property_readonly("agent", [](const Customer& c) { return from_optional_id(c.agent); })
      .def_property_readonly("stage", [](const Customer& c) { return from_enum(c.stage); })
      .def_property_readonly("stage_since", [](const Customer& c) { return from_date(c.stage_since); })
      .def_property_readonly("verified_on", [](const Customer& c) { return from_date(c.verified_on); })
      .def_property_readonly("erased_on", [](const Customer& c) { return from_date(c.erased_on); },
                             "The day the customer was erased (personal fields gone for good), or None.")
      .def_property_readonly(
          "merged_into",
          [](const Customer& c) -> py::object {
            if (c.merged_into) return py::int_(c.merged_into->value);
            return py::none();
          },
          "The survivor this record was merged into (crm.duplicates.merge), or None.")
      .def_property_readonly("created_at", [](const Customer& c) { return from_instant(c.created_at); })
      .def_property_readonly("updated_at", [](const Customer& c) { return from_instant(c.updated_at); })
      .def_property_readonly("primary_phone", [](const Customer& c) -> py::object {
        const Phone* p = c.primary_phone();
        return p ? py::object(py::str(p->number)) : py::object(py::none());
      })
      .def_property_readonly("primary_email", [](const Customer& c) -> py::object {
        const Email* e = c.primary_email();
        return e ? py::object(py::str(e->address)) : py::object(py::none());
      })
      .def("age_on", [](const Customer& c, py::object on) { return age_on(c, to_date(on, "on")); }, py::arg("on"),
           "Age in completed years on a date, or None when the birth date is unknown.")
      .def("__repr__", [](const Customer& c) {
        return "Customer(id=" + std::to_string(c.id.value) + ", name=" + repr_text(c.name) + ", stage='" +
               std::string{to_string(c.stage)} + "', version=" + std::to_string(c.version) + ")";
      });

  py::class_<Product>(m, "Product", "A product of the catalogue (read-only).")
      .def_property_readonly("id", [](const Product& p) { return p.id.value; })
      .def_readonly("version", &Product::version)
      .def_readonly("code", &Product::code)
      .def_readonly("name", &Product::name)
      .def_property_readonly("line", [](const Product& p) { return from_enum(p.line); })
      .def_property_readonly("term", [](const Product& p) { return from_enum(p.term); })
      .def_readonly("renewable", &Product::renewable)
      .def_readonly("free_look_days", &Product::free_look_days)
      .def_readonly("grace_days", &Product::grace_days)
      .def_readonly("reinstatement_days", &Product::reinstatement_days)
      .def_readonly("term_years", &Product::term_years)
      .def_property_readonly("currency", [](const Product& p) { return currency_text(p.currency); })
      .def_readonly("active", &Product::active)
      .def_property_readonly("created_at", [](const Product& p) { return from_instant(p.created_at); })
      .def("__repr__", [](const Product& p) {
        return "Product(id=" + std::to_string(p.id.value) + ", code=" + repr_text(p.code) + ", line='" +
               std::string{to_string(p.line)} + "')";
      });

  py::class_<OrgUnit>(m, "OrgUnit", "An org unit: head office, branch, sub-branch or team (read-only).")
      .def_property_readonly("id", [](const OrgUnit& u) { return u.id.value; })
      .def_readonly("version", &OrgUnit::version)
      .def_readonly("code", &OrgUnit::code)
      .def_readonly("name", &OrgUnit::name)
      .def_property_readonly("kind", [](const OrgUnit& u) { return from_enum(u.kind); })
      .def_property_readonly("parent", [](const OrgUnit& u) { return from_optional_id(u.parent); })
      .def_property_readonly("created_at", [](const OrgUnit& u) { return from_instant(u.created_at); })
      .def("__repr__", [](const OrgUnit& u) {
        return "OrgUnit(id=" + std::to_string(u.id.value) + ", code=" + repr_text(u.code) + ", kind='" +
               std::string{to_string(u.kind)} + "')";
      });

  py::class_<Agent>(m, "Agent", "An agent (代理人) working in an org unit (read-only).")
      .def_property_readonly("id", [](const Agent& a) { return a.id.value; })
      .def_readonly("version", &Agent::version)
      .def_readonly("code", &Agent::code)
      .def_readonly("name", &Agent::name)
      .def_property_readonly("org_unit", [](const Agent& a) { return a.org_unit.value; })
      .def_property_readonly("hired_on", [](const Agent& a) { return from_date(a.hired_on); })
      .def_readonly("active", &Agent::active)
      .def_property_readonly("created_at", [](const Agent& a) { return from_instant(a.created_at); })
      .def("__repr__", [](const Agent& a) {
        return "Agent(id=" + std::to_string(a.id.value) + ", code=" + repr_text(a.code) + ", name=" + repr_text(a.name) + ")";
      });

  py::class_<Policy>(m, "Policy", "A stored policy (read-only). Its status changes only through lifecycle events.")
      .def_property_readonly("id", [](const Policy& p) { return p.id.value; })
      .def_readonly("version", &Policy::version)
      .def_readonly("external_ref", &Policy::external_ref)
      .def_readonly("number", &Policy::number)
      .def_property_readonly("product", [](const Policy& p) { return p.product.value; }, "The product's id.")
      .def_property_readonly("holder", [](const Policy& p) { return p.holder.value; })
      .def_property_readonly("insured", [](const Policy& p) {
        py::list out;
        for (auto id : p.insured) out.append(id.value);
        return out;
      })
      .def_readonly("beneficiaries", &Policy::beneficiaries)
      .def_property_readonly("agent", [](const Policy& p) { return from_optional_id(p.agent); })
      .def_property_readonly("org_unit", [](const Policy& p) { return p.org_unit.value; })
      .def_property_readonly("sum_insured", [](const Policy& p) { return p.sum_insured.minor; })
      .def_property_readonly("sum_insured_yuan", [](const Policy& p) { return yuan(p.sum_insured.minor); })
      .def_property_readonly("premium", [](const Policy& p) { return p.premium.minor; }, "Premium per instalment, minor units.")
      .def_property_readonly("premium_yuan", [](const Policy& p) { return yuan(p.premium.minor); })
      .def_property_readonly("currency", [](const Policy& p) { return currency_text(p.premium.currency); })
      .def_property_readonly("frequency", [](const Policy& p) { return from_enum(p.frequency); })
      .def_readonly("premium_years", &Policy::premium_years)
      .def_property_readonly("application_date", [](const Policy& p) { return from_date(p.application_date); })
      .def_property_readonly("issue_date", [](const Policy& p) { return from_date(p.issue_date); })
      .def_property_readonly("effective_date", [](const Policy& p) { return from_date(p.effective_date); })
      .def_property_readonly("expiry_date", [](const Policy& p) { return from_date(p.expiry_date); })
      .def_property_readonly("term_start", [](const Policy& p) { return from_date(p.term_start); })
      .def_readonly("renewals", &Policy::renewals)
      .def_property_readonly("status", [](const Policy& p) { return from_enum(p.status); })
      .def_property_readonly("status_since", [](const Policy& p) { return from_date(p.status_since); })
      .def_property_readonly("in_force", [](const Policy& p) { return in_force(p.status); },
                             "Cover is in place (in force, grace period, reinstated or renewed).")
      .def_property_readonly("is_final", [](const Policy& p) { return is_final(p.status); })
      .def_property_readonly("created_at", [](const Policy& p) { return from_instant(p.created_at); })
      .def_property_readonly("updated_at", [](const Policy& p) { return from_instant(p.updated_at); })
      .def("__repr__", [](const Policy& p) {
        return "Policy(id=" + std::to_string(p.id.value) + ", number=" + repr_text(p.number) + ", status='" +
               std::string{to_string(p.status)} + "', version=" + std::to_string(p.version) + ")";
      });

  py::class_<Payment>(m, "Payment", "A premium payment (read-only).")
      .def_property_readonly("id", [](const Payment& p) { return p.id.value; })
      .def_property_readonly("policy", [](const Payment& p) { return p.policy.value; })
      .def_property_readonly("due_date", [](const Payment& p) { return from_date(p.due_date); })
      .def_property_readonly("paid_on", [](const Payment& p) { return from_date(p.paid_on); })
      .def_property_readonly("amount", [](const Payment& p) { return p.amount.minor; })
      .def_property_readonly("amount_yuan", [](const Payment& p) { return yuan(p.amount.minor); })
      .def_property_readonly("currency", [](const Payment& p) { return currency_text(p.amount.currency); })
      .def_readonly("policy_year", &Payment::policy_year)
      .def_property_readonly("channel", [](const Payment& p) { return from_enum(p.channel); })
      .def_property_readonly("kind", [](const Payment& p) { return from_enum(p.kind()); },
                             "'first_year' (首年保费) or 'renewal' (续期保费).")
      .def_property_readonly("recorded_at", [](const Payment& p) { return from_instant(p.recorded_at); })
      .def("__repr__", [](const Payment& p) {
        return "Payment(id=" + std::to_string(p.id.value) + ", policy=" + std::to_string(p.policy.value) +
               ", due_date=" + to_string(p.due_date) + ", amount=" + std::to_string(p.amount.minor) + ")";
      });

  py::class_<PolicyTransition>(m, "Transition", "One recorded step of a policy's lifecycle (read-only).")
      .def_property_readonly("id", [](const PolicyTransition& t) { return t.id.value; })
      .def_property_readonly("policy", [](const PolicyTransition& t) { return t.policy.value; })
      .def_property_readonly("from_status", [](const PolicyTransition& t) { return from_enum(t.from); })
      .def_property_readonly("to_status", [](const PolicyTransition& t) { return from_enum(t.to); })
      .def_property_readonly("event", [](const PolicyTransition& t) { return from_enum(t.event); })
      .def_property_readonly("effective_on", [](const PolicyTransition& t) { return from_date(t.effective_on); })
      .def_property_readonly("at", [](const PolicyTransition& t) { return from_instant(t.at); })
      .def_readonly("actor", &PolicyTransition::actor)
      .def_readonly("reason", &PolicyTransition::reason)
      .def("__repr__", [](const PolicyTransition& t) {
        return "Transition(" + std::string{to_string(t.from)} + " -> " + std::string{to_string(t.to)} + ", event='" +
               std::string{to_string(t.event)} + "', effective_on=" + to_string(t.effective_on) + ", actor=" +
               repr_text(t.actor) + ", reason=" + repr_text(t.reason) + ")";
      });

  py::class_<PolicyService::ScheduleLine>(m, "ScheduleLine", "A scheduled instalment and the payment covering it, if any.")
      .def_property_readonly("due_date", [](const PolicyService::ScheduleLine& l) { return from_date(l.instalment.due_date); })
      .def_property_readonly("policy_year", [](const PolicyService::ScheduleLine& l) { return l.instalment.policy_year; })
      .def_property_readonly("amount", [](const PolicyService::ScheduleLine& l) { return l.instalment.amount.minor; })
      .def_property_readonly("amount_yuan", [](const PolicyService::ScheduleLine& l) { return yuan(l.instalment.amount.minor); })
      .def_property_readonly("currency", [](const PolicyService::ScheduleLine& l) { return currency_text(l.instalment.amount.currency); })
      .def_readonly("payment", &PolicyService::ScheduleLine::payment)
      .def_property_readonly("paid", [](const PolicyService::ScheduleLine& l) { return l.payment.has_value(); })
      .def("__repr__", [](const PolicyService::ScheduleLine& l) {
        return "ScheduleLine(due_date=" + to_string(l.instalment.due_date) + ", amount=" + std::to_string(l.instalment.amount.minor) +
               ", paid=" + (l.payment ? "True" : "False") + ")";
      });

  py::class_<DomainEvent>(m, "Event", "A domain event from the outbox (read-only).")
      .def_property_readonly("id", [](const DomainEvent& e) { return e.id.value; })
      .def_readonly("type", &DomainEvent::type)
      .def_readonly("entity", &DomainEvent::entity)
      .def_readonly("entity_id", &DomainEvent::entity_id)
      .def_readonly("payload", &DomainEvent::payload, "The facts as a JSON object text.")
      .def_property_readonly("data", [](const DomainEvent& e) { return py::module_::import("json").attr("loads")(e.payload); },
                             "The payload parsed into a dict.")
      .def_readonly("actor", &DomainEvent::actor)
      .def_property_readonly("at", [](const DomainEvent& e) { return from_instant(e.at); })
      .def("__repr__", [](const DomainEvent& e) {
        return "Event(id=" + std::to_string(e.id.value) + ", type=" + repr_text(e.type) + ", entity_id=" +
               std::to_string(e.entity_id) + ")";
      });

  auto status_counts = [](const PortfolioSummary& s) {
    py::dict out;
    for (auto v : enum_values<PolicyStatus>()) out[from_enum(v)] = s.count(v);
    return out;
  };
  auto stage_counts = [](const PortfolioSummary& s) {
    py::dict out;
    for (auto v : enum_values<CustomerStage>()) out[from_enum(v)] = s.count(v);
    return out;
  };
  py::class_<PortfolioSummary>(m, "PortfolioSummary", "A readable picture of the book. Amounts in CNY minor units.")
      .def_readonly("customers", &PortfolioSummary::customers)
      .def_readonly("policies", &PortfolioSummary::policies)
      .def_property_readonly("policies_by_status", status_counts, "Every status name → number of policies (zeros included).")
      .def_property_readonly("customers_by_stage", stage_counts, "Every stage name → number of customers (zeros included).")
      .def_readonly("payments", &PortfolioSummary::payments)
      .def_property_readonly("first_year_premium", [](const PortfolioSummary& s) { return s.first_year_premium.minor; })
      .def_property_readonly("first_year_premium_yuan", [](const PortfolioSummary& s) { return yuan(s.first_year_premium.minor); })
      .def_property_readonly("renewal_premium", [](const PortfolioSummary& s) { return s.renewal_premium.minor; })
      .def_property_readonly("renewal_premium_yuan", [](const PortfolioSummary& s) { return yuan(s.renewal_premium.minor); })
      .def_property_readonly("annualised_premium_in_force", [](const PortfolioSummary& s) { return s.annualised_premium_in_force.minor; })
      .def_property_readonly("annualised_premium_in_force_yuan",
                             [](const PortfolioSummary& s) { return yuan(s.annualised_premium_in_force.minor); })
      .def_property_readonly("currency", [](const PortfolioSummary& s) { return currency_text(s.first_year_premium.currency); })
      .def("__repr__", [](const PortfolioSummary& s) {
        return "PortfolioSummary(customers=" + std::to_string(s.customers) + ", policies=" + std::to_string(s.policies) +
               ", payments=" + std::to_string(s.payments) + ")";
      });

  py::class_<DailyRunReport>(m, "DailyRunReport", "What crm.run_daily(day) did.")
      .def_property_readonly("day", [](const DailyRunReport& r) { return from_date(r.day); })
      .def_readonly("policies_checked", &DailyRunReport::policies_checked)
      .def_readonly("took_effect", &DailyRunReport::took_effect)
      .def_readonly("entered_grace", &DailyRunReport::entered_grace)
      .def_readonly("lapsed", &DailyRunReport::lapsed)
      .def_readonly("matured", &DailyRunReport::matured)
      .def_readonly("expired", &DailyRunReport::expired)
      .def_readonly("renewed_terms_started", &DailyRunReport::renewed_terms_started)
      .def_readonly("stage_changes", &DailyRunReport::stage_changes)
      .def_readonly("complaints_escalated", &DailyRunReport::complaints_escalated,
                    "Complaints escalated by the SLA watchdog for a newly missed deadline.")
      .def_readonly("service_requests_breached", &DailyRunReport::service_requests_breached,
                    "Service requests with a newly missed SLA deadline recorded.")
      .def("__repr__", [](const DailyRunReport& r) {
        return "DailyRunReport(day=" + to_string(r.day) + ", policies_checked=" + std::to_string(r.policies_checked) +
               ", took_effect=" + std::to_string(r.took_effect) + ", entered_grace=" + std::to_string(r.entered_grace) +
               ", lapsed=" + std::to_string(r.lapsed) + ", matured=" + std::to_string(r.matured) + ", expired=" +
               std::to_string(r.expired) + ", stage_changes=" + std::to_string(r.stage_changes) +
               ", complaints_escalated=" + std::to_string(r.complaints_escalated) +
               ", service_requests_breached=" + std::to_string(r.service_requests_breached) + ")";
      });

  py::class_<StageThresholds>(m, "StageThresholds", "Customer-stage thresholds (domain.md C3), given to inscrm.open().")
      .def(py::init([](int new_months, int won_back_months, int no_contact_months, double lapse_risk_at_risk) {
             return StageThresholds{new_months, won_back_months, no_contact_months, lapse_risk_at_risk};
           }),
           py::kw_only(), py::arg("new_months") = StageThresholds{}.new_months,
           py::arg("won_back_months") = StageThresholds{}.won_back_months,
           py::arg("no_contact_months") = StageThresholds{}.no_contact_months,
           py::arg("lapse_risk_at_risk") = StageThresholds{}.lapse_risk_at_risk)
      .def_readonly("new_months", &StageThresholds::new_months)
      .def_readonly("won_back_months", &StageThresholds::won_back_months)
      .def_readonly("no_contact_months", &StageThresholds::no_contact_months)
      .def_readonly("lapse_risk_at_risk", &StageThresholds::lapse_risk_at_risk)
      .def("__repr__", [](const StageThresholds& t) {
        return "StageThresholds(new_months=" + std::to_string(t.new_months) + ", won_back_months=" +
               std::to_string(t.won_back_months) + ", no_contact_months=" + std::to_string(t.no_contact_months) +
               ", lapse_risk_at_risk=" + repr_of(py::float_(t.lapse_risk_at_risk)) + ")";
      });

  // The stable text names of every enum a caller passes or reads, for forms and validation.
  py::dict enums;
  auto add = [&enums]<class E>(const char* name, E) {
    py::list names;
    for (auto v : enum_values<E>()) names.append(from_enum(v));
    enums[name] = py::tuple(names);
  };
  add("party_kind", PartyKind{});
  add("gender", Gender{});
  add("id_type", IdType{});
  add("marital_status", MaritalStatus{});
  add("source", Source{});
  add("relation_kind", RelationKind{});
  add("line_of_business", LineOfBusiness{});
  add("product_term", ProductTerm{});
  add("org_unit_kind", OrgUnitKind{});
  add("policy_status", PolicyStatus{});
  add("policy_event", PolicyEvent{});
  add("frequency", Frequency{});
  add("pay_channel", PayChannel{});
  add("premium_kind", PremiumKind{});
  add("customer_stage", CustomerStage{});
  add("role", Role{});
  add("channel", Channel{});
  add("direction", Direction{});
  add("interaction_purpose", InteractionPurpose{});
  add("interaction_outcome", InteractionOutcome{});
  add("visit_kind", VisitKind{});
  add("complaint_category", ComplaintCategory{});
  add("complaint_severity", ComplaintSeverity{});
  add("complaint_status", ComplaintStatus{});
  add("complaint_event", ComplaintEvent{});
  add("root_cause", RootCause{});
  add("assignment_mode", AssignmentMode{});
  add("sla_calendar", SlaCalendar{});
  add("claim_type", ClaimType{});
  add("claim_status", ClaimStatus{});
  add("claim_event", ClaimEvent{});
  add("service_kind", ServiceKind{});
  add("service_status", ServiceStatus{});
  add("service_event", ServiceEvent{});
  add("survey_kind", SurveyKind{});
  add("segment_kind", SegmentKind{});
  add("fact_type", FactType{});
  add("value_loyalty_cell", ValueLoyaltyCell{});
  enums["import_mode"] = py::make_tuple("all_or_nothing", "skip_bad_rows");
  m.attr("ENUMS") = enums;
}

}  // namespace inscrm::python
