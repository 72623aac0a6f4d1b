// Customers module: create, read, update, find, list and bulk import.

#include "contacts.hpp"
#include "guard.hpp"
#include "handle.hpp"
#include "input.hpp"
#include "output.hpp"
#include "customer_output.hpp"

#include <inscrm/crm.hpp>

#include <fmt/format.h>

#include <algorithm>

using namespace inscrm;

namespace {

std::string indexed(std::string_view list, std::size_t i, std::string_view leaf) {
  return fmt::format("{}[{}].{}", list, i, leaf);
}

// The C input as the C++ draft. Field paths in errors are the facade's ("identity.number",
// "phones[1].number"), so the C caller sees the same names however the error arose.
Result<Customer> to_customer(const inscrm_customer_input& in) {
  Customer c;
  c.external_ref = capi::opt_text(in.external_ref);
  INSCRM_TRY(c.kind, capi::enum_named(in.kind, PartyKind::Person, "kind"));
  INSCRM_TRY(c.name, capi::text(in.name, "name"));
  INSCRM_TRY(c.gender, capi::enum_named(in.gender, Gender::Unknown, "gender"));
  INSCRM_TRY(c.birth_date, capi::opt_date(in.birth_date, "birth_date"));
  if (in.identity_number != nullptr) {
    IdentityDocument doc;
    INSCRM_TRY(doc.type, capi::enum_named(in.identity_type, IdType::ResidentId, "identity.type"));
    doc.number = in.identity_number;
    c.identity = std::move(doc);
  } else if (in.identity_type != nullptr) {
    // Dropping the type silently would store a customer without the document the host meant.
    return Error::invalid_argument("identity.number", "identity_type is given but identity_number is NULL");
  }
  INSCRM_TRY(c.marital_status, capi::enum_named(in.marital_status, MaritalStatus::Unknown, "marital_status"));
  c.occupation = capi::text_or_empty(in.occupation);
  c.industry = capi::text_or_empty(in.industry);
  INSCRM_TRY(c.annual_income, capi::opt_money(in.annual_income, "annual_income"));
  c.region = capi::text_or_empty(in.region);

  INSCRM_TRYV(capi::check_array(in.phones, in.phone_count, "phones"));
  for (std::size_t i = 0; i < in.phone_count; ++i) {
    INSCRM_TRY(auto phone, capi::phone_in(in.phones[i], fmt::format("phones[{}]", i)));
    c.phones.push_back(std::move(phone));
  }
  INSCRM_TRYV(capi::check_array(in.emails, in.email_count, "emails"));
  for (std::size_t i = 0; i < in.email_count; ++i) {
    INSCRM_TRY(auto email, capi::email_in(in.emails[i], fmt::format("emails[{}]", i)));
    c.emails.push_back(std::move(email));
  }
  INSCRM_TRYV(capi::check_array(in.addresses, in.address_count, "addresses"));
  for (std::size_t i = 0; i < in.address_count; ++i) {
    INSCRM_TRY(auto address, capi::address_in(in.addresses[i], fmt::format("addresses[{}]", i)));
    c.addresses.push_back(std::move(address));
  }
  INSCRM_TRYV(capi::check_array(in.relationships, in.relationship_count, "relationships"));
  for (std::size_t i = 0; i < in.relationship_count; ++i) {
    const auto& r = in.relationships[i];
    Relationship rel;
    INSCRM_TRY(rel.kind, capi::enum_named(r.kind, RelationKind::Spouse, indexed("relationships", i, "kind")));
    rel.other = CustomerId{r.other};
    c.relationships.push_back(rel);
  }
  INSCRM_TRYV(capi::check_array(in.needs, in.need_count, "needs"));
  for (std::size_t i = 0; i < in.need_count; ++i) {
    const auto& n = in.needs[i];
    Need need;
    INSCRM_TRY(need.line, capi::enum_named(n.line, LineOfBusiness::Life, indexed("needs", i, "line")));
    INSCRM_TRY(need.desired_sum_insured, capi::opt_money(n.desired_sum_insured, indexed("needs", i, "desired_sum_insured")));
    if (n.term_years != 0) need.term_years = n.term_years;
    INSCRM_TRY(need.source, capi::enum_named(n.source, Source::Unknown, indexed("needs", i, "source")));
    INSCRM_TRY(need.noted_on, capi::opt_date(n.noted_on, indexed("needs", i, "noted_on")));
    c.needs.push_back(std::move(need));
  }

  INSCRM_TRY(c.source, capi::enum_named(in.source, Source::Unknown, "source"));
  c.org_unit = OrgUnitId{in.org_unit};
  c.agent = capi::opt_id<AgentId>(in.agent);
  INSCRM_TRY(c.verified_on, capi::opt_date(in.verified_on, "verified_on"));
  return c;
}

void fill_customer(inscrm_customer& o, capi::Arena& a, const Customer& c) {
  o.id = c.id.value;
  o.version = c.version;
  o.external_ref = a.opt_str(c.external_ref);
  o.kind = capi::name_of(c.kind);
  o.name = a.str(c.name);
  o.gender = capi::name_of(c.gender);
  o.birth_date = a.opt_date(c.birth_date);
  o.identity_type = c.identity ? capi::name_of(c.identity->type) : nullptr;
  o.identity_number = c.identity ? a.str(c.identity->number) : nullptr;
  o.marital_status = capi::name_of(c.marital_status);
  o.occupation = a.str(c.occupation);
  o.industry = a.str(c.industry);
  o.annual_income = capi::money_out(a, c.annual_income);
  o.region = a.str(c.region);

  auto* phones = a.array<inscrm_phone>(c.phones.size());
  for (std::size_t i = 0; i < c.phones.size(); ++i) phones[i] = capi::phone_out(a, c.phones[i]);
  o.phones = phones;
  o.phone_count = c.phones.size();
  auto* emails = a.array<inscrm_email>(c.emails.size());
  for (std::size_t i = 0; i < c.emails.size(); ++i) emails[i] = capi::email_out(a, c.emails[i]);
  o.emails = emails;
  o.email_count = c.emails.size();
  auto* addresses = a.array<inscrm_address>(c.addresses.size());
  for (std::size_t i = 0; i < c.addresses.size(); ++i) addresses[i] = capi::address_out(a, c.addresses[i]);
  o.addresses = addresses;
  o.address_count = c.addresses.size();
  auto* relationships = a.array<inscrm_relationship>(c.relationships.size());
  for (std::size_t i = 0; i < c.relationships.size(); ++i)
    relationships[i] = {capi::name_of(c.relationships[i].kind), c.relationships[i].other.value};
  o.relationships = relationships;
  o.relationship_count = c.relationships.size();
  auto* needs = a.array<inscrm_need>(c.needs.size());
  for (std::size_t i = 0; i < c.needs.size(); ++i) {
    const auto& n = c.needs[i];
    needs[i] = {capi::name_of(n.line), capi::money_out(a, n.desired_sum_insured), n.term_years.value_or(0),
                capi::name_of(n.source), a.opt_date(n.noted_on)};
  }
  o.needs = needs;
  o.need_count = c.needs.size();

  o.source = capi::name_of(c.source);
  o.org_unit = c.org_unit.value;
  o.agent = c.agent ? c.agent->value : 0;
  o.stage = static_cast<inscrm_customer_stage>(c.stage);
  o.stage_since = a.opt_date(c.stage_since);
  o.verified_on = a.opt_date(c.verified_on);
  o.created_at_unix_micros = capi::to_c(c.created_at);
  o.updated_at_unix_micros = capi::to_c(c.updated_at);
  o.erased_on = a.opt_date(c.erased_on);
}

}  // namespace

namespace inscrm::capi {

inscrm_customer* customer_output(const Customer& c) {
  return capi::make_output<inscrm_customer>([&](inscrm_customer& o, capi::Arena& a) { fill_customer(o, a, c); });
}

inscrm_customer_list* list_output(const std::vector<Customer>& customers) {
  return capi::make_output<inscrm_customer_list>([&](inscrm_customer_list& l, capi::Arena& a) {
    capi::fill_list<inscrm_customer_list, inscrm_customer>(l, a, customers, fill_customer);
  });
}

}  // namespace inscrm::capi

using capi::customer_output;
using capi::list_output;

inscrm_status inscrm_customer_input_init(inscrm_customer_input* input, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(input, version, "input"); });
}

inscrm_status inscrm_customer_create(inscrm_db* db, const inscrm_actor* actor, const inscrm_customer_input* input,
                                     int64_t* out_id) {
  return capi::guard([&]() -> Result<void> {
    if (out_id) *out_id = 0;
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto in, capi::read_struct(input, "input"));
    INSCRM_TRY(auto draft, to_customer(in));
    INSCRM_TRY(auto customer, capi::from_handle(db).crm.customers().create(who, std::move(draft)));
    if (out_id) *out_id = customer.id.value;
    return ok();
  });
}

inscrm_status inscrm_customer_get(inscrm_db* db, const inscrm_actor* actor, int64_t id, inscrm_customer** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto customer, capi::from_handle(db).crm.customers().get(who, CustomerId{id}));
    *out = customer_output(customer);
    return ok();
  });
}

inscrm_status inscrm_customer_update(inscrm_db* db, const inscrm_actor* actor, const inscrm_customer_input* input,
                                     inscrm_customer** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto in, capi::read_struct(input, "input"));
    INSCRM_TRY(auto customer, to_customer(in));
    customer.id = CustomerId{in.id};
    customer.version = in.expected_version;
    INSCRM_TRY(auto stored, capi::from_handle(db).crm.customers().update(who, std::move(customer)));
    if (out) *out = customer_output(stored);
    return ok();
  });
}

inscrm_status inscrm_customer_find_by_external_ref(inscrm_db* db, const inscrm_actor* actor, const char* ref,
                                                   inscrm_customer** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(ref, "ref"));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto found, capi::from_handle(db).crm.customers().find_by_external_ref(who, ref));
    if (found) *out = customer_output(*found);
    return ok();
  });
}

inscrm_status inscrm_customer_find_by_identity(inscrm_db* db, const inscrm_actor* actor, const char* number,
                                               inscrm_customer_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(number, "number"));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto found, capi::from_handle(db).crm.customers().find_by_identity(who, number));
    *out = list_output(found);
    return ok();
  });
}

void inscrm_customer_free(inscrm_customer** customer) {
  capi::guard_void([&] { capi::free_output(customer); });
}

void inscrm_customer_list_free(inscrm_customer_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}

inscrm_status inscrm_customer_input_from(const inscrm_customer* customer, inscrm_customer_input* input) {
  return capi::guard([&]() -> Result<void> {
    INSCRM_TRYV(capi::require(customer, "customer"));
    INSCRM_TRYV(capi::init_struct(input, INSCRM_CUSTOMER_INPUT_VERSION, "input"));
    const inscrm_customer& c = *customer;
    inscrm_customer_input& in = *input;
    in.id = c.id;
    in.expected_version = c.version;
    in.external_ref = c.external_ref;
    in.kind = c.kind;
    in.name = c.name;
    in.gender = c.gender;
    in.birth_date = c.birth_date;
    in.identity_type = c.identity_type;
    in.identity_number = c.identity_number;
    in.marital_status = c.marital_status;
    in.occupation = c.occupation;
    in.industry = c.industry;
    in.annual_income = c.annual_income;
    in.region = c.region;
    in.phones = c.phones;
    in.phone_count = c.phone_count;
    in.emails = c.emails;
    in.email_count = c.email_count;
    in.addresses = c.addresses;
    in.address_count = c.address_count;
    in.relationships = c.relationships;
    in.relationship_count = c.relationship_count;
    in.needs = c.needs;
    in.need_count = c.need_count;
    in.source = c.source;
    in.org_unit = c.org_unit;
    in.agent = c.agent;
    in.verified_on = c.verified_on;
    return ok();
  });
}

inscrm_status inscrm_customer_query_init(inscrm_customer_query* query, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(query, version, "query"); });
}

inscrm_status inscrm_customers_list(inscrm_db* db, const inscrm_actor* actor, const inscrm_customer_query* query,
                                    inscrm_customer_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    inscrm_customer_query q = capi::Versioned<inscrm_customer_query>::defaults;  // NULL: the first page
    if (query) {
      INSCRM_TRY(q, capi::read_struct(query, "query"));
    }
    INSCRM_TRYV(capi::require(out, "out"));
    storage::CustomerQuery cq;
    cq.org_unit = capi::opt_id<OrgUnitId>(q.org_unit);
    cq.agent = capi::opt_id<AgentId>(q.agent);
    if (q.stage != -1) {
      if (q.stage < 0 || q.stage >= static_cast<int>(enum_count<CustomerStage>()))
        return Error::invalid_argument("query.stage", fmt::format("{} is not an inscrm_customer_stage (or -1 for any)",
                                                                  q.stage));
      cq.stage = static_cast<CustomerStage>(q.stage);
    }
    cq.after = CustomerId{q.after};
    cq.limit = q.limit;
    INSCRM_TRY(auto customers, capi::from_handle(db).crm.customers().list(who, cq));
    *out = list_output(customers);
    return ok();
  });
}

inscrm_status inscrm_customers_import(inscrm_db* db, const inscrm_actor* actor, const inscrm_customer_input* rows,
                                      size_t n, int mode, inscrm_import_report** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::check_array(rows, n, "rows"));
    if (mode != INSCRM_IMPORT_ALL_OR_NOTHING && mode != INSCRM_IMPORT_SKIP_BAD_ROWS)
      return Error::invalid_argument("mode", fmt::format("{} is not an inscrm_import_mode", mode));
    INSCRM_TRYV(capi::require(out, "out"));
    // The array's stride comes from the first row's version, so every row must share it; a
    // mismatch means the caller's array is not what it thinks it is, which no row error can fix.
    if (n > 0) INSCRM_TRYV(capi::check_struct(rows, "rows[0]"));
    for (std::size_t i = 1; i < n; ++i)
      if (capi::element(rows, i)->version != rows->version)
        return Error::invalid_argument(fmt::format("rows[{}].version", i),
                                       fmt::format("row {} has version {} but row 0 has {}; all rows of one call "
                                                   "must have the same version",
                                                   i, capi::element(rows, i)->version, rows->version));

    // Rows the C layer cannot even read (an unknown name, a malformed date) are row errors too,
    // so a bad row never fails the whole batch.
    std::vector<RowError> errors;
    std::vector<Customer> drafts;
    std::vector<std::size_t> draft_rows;  // drafts[k] came from input row draft_rows[k]
    drafts.reserve(n);
    draft_rows.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      INSCRM_TRY(auto in, capi::read_struct(capi::element(rows, i), "rows"));
      auto draft = to_customer(in);
      if (!draft) {
        errors.push_back({i, draft.error()});
        continue;
      }
      drafts.push_back(std::move(draft).value());
      draft_rows.push_back(i);
    }

    ImportReport report;
    std::vector<std::size_t> id_rows;
    const auto import_mode = mode == INSCRM_IMPORT_SKIP_BAD_ROWS ? ImportMode::SkipBadRows : ImportMode::AllOrNothing;
    if (import_mode == ImportMode::AllOrNothing && !errors.empty()) {
      // Nothing may be written, and the facade has no validate-only import, so run the pure
      // checks it would run (the ones that need no storage) to report every row that is bad on
      // its face in this one pass.
      const Date today = capi::from_handle(db).crm.clock().today();
      for (std::size_t k = 0; k < drafts.size(); ++k)
        if (auto v = validate_customer(drafts[k], today); !v) errors.push_back({draft_rows[k], v.error()});
    } else {
      INSCRM_TRY(report, capi::from_handle(db).crm.customers().import(who, std::move(drafts), import_mode));
      std::vector<bool> rejected(draft_rows.size(), false);
      for (const auto& e : report.errors) {
        rejected[e.row] = true;
        errors.push_back({draft_rows[e.row], e.error});
      }
      // The facade's ids are those of its accepted rows, in order.
      for (std::size_t k = 0; k < draft_rows.size() && id_rows.size() < report.ids.size(); ++k)
        if (!rejected[k]) id_rows.push_back(draft_rows[k]);
    }
    std::stable_sort(errors.begin(), errors.end(), [](const RowError& a, const RowError& b) { return a.row < b.row; });

    *out = capi::make_output<inscrm_import_report>([&](inscrm_import_report& r, capi::Arena& a) {
      r.imported = report.imported;
      auto* ids = a.array<int64_t>(report.ids.size());
      auto* from = a.array<size_t>(report.ids.size());
      for (std::size_t i = 0; i < report.ids.size(); ++i) {
        ids[i] = report.ids[i].value;
        from[i] = id_rows[i];
      }
      r.ids = ids;
      r.id_rows = from;
      r.id_count = report.ids.size();
      r.error_count = errors.size();
      r.errors = capi::make_items<inscrm_row_error>(
          a, errors, [](inscrm_row_error& e, capi::Arena& arena, const RowError& source) {
            e.row = source.row;
            e.code = static_cast<inscrm_status>(source.error.code());
            e.field = arena.str(source.error.field());
            e.message = arena.str(source.error.message());
          });
    });
    return ok();
  });
}

void inscrm_import_report_free(inscrm_import_report** report) {
  capi::guard_void([&] { capi::free_output(report); });
}
