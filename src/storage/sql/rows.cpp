#include "storage/sql/rows.hpp"

#include "storage/sql/customer_lists.hpp"

namespace inscrm::storage::sql {

// ---- org units -------------------------------------------------------------------------------

void to_row(const OrgUnit& u, OrgUnitRow& r) {
  put(r.id, u.id.value);
  put(r.version, u.version);
  put(r.code, u.code);
  put(r.name, u.name);
  put_enum(r.kind, u.kind);
  put_id(r.parent_id, u.parent);
  put_instant(r.created_at, u.created_at);
}

Result<OrgUnit> from_row(const OrgUnitRow& r) {
  OrgUnit u;
  INSCRM_TRY(u.id, get_id<OrgUnitId>(r.id, "org_units.id"));
  INSCRM_TRY(u.version, get(r.version, "org_units.version"));
  INSCRM_TRY(u.code, get(r.code, "org_units.code"));
  INSCRM_TRY(u.name, get(r.name, "org_units.name"));
  INSCRM_TRY(u.kind, get_enum<OrgUnitKind>(r.kind, "org_units.kind"));
  u.parent = get_opt_id<OrgUnitId>(r.parent_id);
  INSCRM_TRY(u.created_at, get_instant(r.created_at, "org_units.created_at"));
  return u;
}

// ---- agents ----------------------------------------------------------------------------------

void to_row(const Agent& a, AgentRow& r) {
  put(r.id, a.id.value);
  put(r.version, a.version);
  put(r.code, a.code);
  put(r.name, a.name);
  put_id(r.org_unit_id, a.org_unit);
  put_date(r.hired_on, a.hired_on);
  put_bool(r.active, a.active);
  put_instant(r.created_at, a.created_at);
}

Result<Agent> from_row(const AgentRow& r) {
  Agent a;
  INSCRM_TRY(a.id, get_id<AgentId>(r.id, "agents.id"));
  INSCRM_TRY(a.version, get(r.version, "agents.version"));
  INSCRM_TRY(a.code, get(r.code, "agents.code"));
  INSCRM_TRY(a.name, get(r.name, "agents.name"));
  INSCRM_TRY(a.org_unit, get_id<OrgUnitId>(r.org_unit_id, "agents.org_unit_id"));
  a.hired_on = get_opt_date(r.hired_on);
  INSCRM_TRY(a.active, get_bool(r.active, "agents.active"));
  INSCRM_TRY(a.created_at, get_instant(r.created_at, "agents.created_at"));
  return a;
}

// ---- products --------------------------------------------------------------------------------

void to_row(const Product& p, ProductRow& r) {
  put(r.id, p.id.value);
  put(r.version, p.version);
  put(r.code, p.code);
  put(r.name, p.name);
  put_enum(r.line, p.line);
  put_enum(r.term, p.term);
  put_bool(r.renewable, p.renewable);
  put(r.free_look_days, p.free_look_days);
  put(r.grace_days, p.grace_days);
  put(r.reinstatement_days, p.reinstatement_days);
  put(r.term_years, p.term_years);
  put(r.currency, p.currency.view());
  put_bool(r.active, p.active);
  put_instant(r.created_at, p.created_at);
}

Result<Product> from_row(const ProductRow& r) {
  Product p;
  INSCRM_TRY(p.id, get_id<ProductId>(r.id, "products.id"));
  INSCRM_TRY(p.version, get(r.version, "products.version"));
  INSCRM_TRY(p.code, get(r.code, "products.code"));
  INSCRM_TRY(p.name, get(r.name, "products.name"));
  INSCRM_TRY(p.line, get_enum<LineOfBusiness>(r.line, "products.line"));
  INSCRM_TRY(p.term, get_enum<ProductTerm>(r.term, "products.term"));
  INSCRM_TRY(p.renewable, get_bool(r.renewable, "products.renewable"));
  INSCRM_TRY(p.free_look_days, get_int(r.free_look_days, "products.free_look_days"));
  INSCRM_TRY(p.grace_days, get_int(r.grace_days, "products.grace_days"));
  INSCRM_TRY(p.reinstatement_days, get_int(r.reinstatement_days, "products.reinstatement_days"));
  INSCRM_TRY(p.term_years, get_int(r.term_years, "products.term_years"));
  INSCRM_TRY(p.currency, get_currency(r.currency, "products.currency"));
  INSCRM_TRY(p.active, get_bool(r.active, "products.active"));
  INSCRM_TRY(p.created_at, get_instant(r.created_at, "products.created_at"));
  return p;
}

// ---- customers -------------------------------------------------------------------------------

void to_row(const Customer& c, CustomerRow& r) {
  put(r.id, c.id.value);
  put(r.version, c.version);
  put(r.external_ref, c.external_ref);
  put_enum(r.kind, c.kind);
  put(r.name, c.name);
  put_enum(r.gender, c.gender);
  put_date(r.birth_date, c.birth_date);
  if (c.identity) {
    put_enum(r.id_type, c.identity->type);
    put(r.id_number, c.identity->number);
  } else {
    put_null(r.id_type);
    put_null(r.id_number);
  }
  put_enum(r.marital_status, c.marital_status);
  put(r.occupation, c.occupation);
  put(r.industry, c.industry);
  put_money(r.income_minor, r.income_currency, c.annual_income);
  put(r.region, c.region);
  encode_phones(c.phones, r.phones.v);
  encode_emails(c.emails, r.emails.v);
  encode_addresses(c.addresses, r.addresses.v);
  encode_relationships(c.relationships, r.relationships.v);
  encode_needs(c.needs, r.needs.v);
  r.phones.ind = r.emails.ind = r.addresses.ind = r.relationships.ind = r.needs.ind = soci::i_ok;
  put_enum(r.source, c.source);
  put_id(r.org_unit_id, c.org_unit);
  put_id(r.agent_id, c.agent);
  put_enum(r.stage, c.stage);
  put_date(r.stage_since, c.stage_since);
  put_date(r.verified_on, c.verified_on);
  put_instant(r.created_at, c.created_at);
  put_instant(r.updated_at, c.updated_at);
  put_date(r.erased_on, c.erased_on);
  put_id(r.merged_into, c.merged_into);
  put_null(r.data_key);  // sealed by the transaction when the database is encrypted (seal_row)
  put_null(r.sealed);
}

Result<Customer> from_row(const CustomerRow& r) {
  Customer c;
  INSCRM_TRY(c.id, get_id<CustomerId>(r.id, "customers.id"));
  INSCRM_TRY(c.version, get(r.version, "customers.version"));
  c.external_ref = get_opt(r.external_ref);
  INSCRM_TRY(c.kind, get_enum<PartyKind>(r.kind, "customers.kind"));
  INSCRM_TRY(c.name, get(r.name, "customers.name"));
  INSCRM_TRY(c.gender, get_enum<Gender>(r.gender, "customers.gender"));
  c.birth_date = get_opt_date(r.birth_date);
  if (!r.id_number.null()) {
    IdentityDocument doc;
    INSCRM_TRY(doc.type, get_enum<IdType>(r.id_type, "customers.id_type"));
    doc.number = r.id_number.v;
    c.identity = std::move(doc);
  }
  INSCRM_TRY(c.marital_status, get_enum<MaritalStatus>(r.marital_status, "customers.marital_status"));
  INSCRM_TRY(c.occupation, get(r.occupation, "customers.occupation"));
  INSCRM_TRY(c.industry, get(r.industry, "customers.industry"));
  INSCRM_TRY(c.annual_income, get_opt_money(r.income_minor, r.income_currency, "customers.income"));
  INSCRM_TRY(c.region, get(r.region, "customers.region"));
  INSCRM_TRY(c.phones, decode_phones(r.phones.v, "customers.phones"));
  INSCRM_TRY(c.emails, decode_emails(r.emails.v, "customers.emails"));
  INSCRM_TRY(c.addresses, decode_addresses(r.addresses.v, "customers.addresses"));
  INSCRM_TRY(c.relationships, decode_relationships(r.relationships.v, "customers.relationships"));
  INSCRM_TRY(c.needs, decode_needs(r.needs.v, "customers.needs"));
  INSCRM_TRY(c.source, get_enum<Source>(r.source, "customers.source"));
  INSCRM_TRY(c.org_unit, get_id<OrgUnitId>(r.org_unit_id, "customers.org_unit_id"));
  c.agent = get_opt_id<AgentId>(r.agent_id);
  INSCRM_TRY(c.stage, get_enum<CustomerStage>(r.stage, "customers.stage"));
  c.stage_since = get_opt_date(r.stage_since);
  c.verified_on = get_opt_date(r.verified_on);
  INSCRM_TRY(c.created_at, get_instant(r.created_at, "customers.created_at"));
  INSCRM_TRY(c.updated_at, get_instant(r.updated_at, "customers.updated_at"));
  c.erased_on = get_opt_date(r.erased_on);
  c.merged_into = get_opt_id<CustomerId>(r.merged_into);
  return c;
}

// ---- policies --------------------------------------------------------------------------------

void to_row(const Policy& p, PolicyRow& r) {
  put(r.id, p.id.value);
  put(r.version, p.version);
  put(r.external_ref, p.external_ref);
  put(r.number, p.number);
  put_id(r.product_id, p.product);
  put_id(r.holder_id, p.holder);
  put_id(r.agent_id, p.agent);
  put_id(r.org_unit_id, p.org_unit);
  put_money(r.sum_insured_minor, r.sum_insured_currency, p.sum_insured);
  put_money(r.premium_minor, r.premium_currency, p.premium);
  put_enum(r.frequency, p.frequency);
  put(r.premium_years, p.premium_years);
  put_date(r.application_date, p.application_date);
  put_date(r.issue_date, p.issue_date);
  put_date(r.effective_date, p.effective_date);
  put_date(r.expiry_date, p.expiry_date);
  put_date(r.term_start, p.term_start);
  put(r.renewals, p.renewals);
  put_enum(r.status, p.status);
  put_date(r.status_since, p.status_since);
  put_instant(r.created_at, p.created_at);
  put_instant(r.updated_at, p.updated_at);
}

Result<Policy> from_row(const PolicyRow& r) {
  Policy p;
  INSCRM_TRY(p.id, get_id<PolicyId>(r.id, "policies.id"));
  INSCRM_TRY(p.version, get(r.version, "policies.version"));
  p.external_ref = get_opt(r.external_ref);
  INSCRM_TRY(p.number, get(r.number, "policies.number"));
  INSCRM_TRY(p.product, get_id<ProductId>(r.product_id, "policies.product_id"));
  INSCRM_TRY(p.holder, get_id<CustomerId>(r.holder_id, "policies.holder_id"));
  p.agent = get_opt_id<AgentId>(r.agent_id);
  INSCRM_TRY(p.org_unit, get_id<OrgUnitId>(r.org_unit_id, "policies.org_unit_id"));
  INSCRM_TRY(p.sum_insured, get_money(r.sum_insured_minor, r.sum_insured_currency, "policies.sum_insured"));
  INSCRM_TRY(p.premium, get_money(r.premium_minor, r.premium_currency, "policies.premium"));
  INSCRM_TRY(p.frequency, get_enum<Frequency>(r.frequency, "policies.frequency"));
  INSCRM_TRY(p.premium_years, get_int(r.premium_years, "policies.premium_years"));
  INSCRM_TRY(p.application_date, get_date(r.application_date, "policies.application_date"));
  p.issue_date = get_opt_date(r.issue_date);
  p.effective_date = get_opt_date(r.effective_date);
  p.expiry_date = get_opt_date(r.expiry_date);
  p.term_start = get_opt_date(r.term_start);
  INSCRM_TRY(p.renewals, get_int(r.renewals, "policies.renewals"));
  INSCRM_TRY(p.status, get_enum<PolicyStatus>(r.status, "policies.status"));
  INSCRM_TRY(p.status_since, get_date(r.status_since, "policies.status_since"));
  INSCRM_TRY(p.created_at, get_instant(r.created_at, "policies.created_at"));
  INSCRM_TRY(p.updated_at, get_instant(r.updated_at, "policies.updated_at"));
  return p;
}

// ---- payments --------------------------------------------------------------------------------

void to_row(const Payment& p, PaymentRow& r) {
  put(r.id, p.id.value);
  put_id(r.policy_id, p.policy);
  put_date(r.due_date, p.due_date);
  put_date(r.paid_on, p.paid_on);
  put_money(r.amount_minor, r.currency, p.amount);
  put(r.policy_year, p.policy_year);
  put_enum(r.channel, p.channel);
  put_instant(r.recorded_at, p.recorded_at);
}

Result<Payment> from_row(const PaymentRow& r) {
  Payment p;
  INSCRM_TRY(p.id, get_id<PaymentId>(r.id, "payments.id"));
  INSCRM_TRY(p.policy, get_id<PolicyId>(r.policy_id, "payments.policy_id"));
  INSCRM_TRY(p.due_date, get_date(r.due_date, "payments.due_date"));
  INSCRM_TRY(p.paid_on, get_date(r.paid_on, "payments.paid_on"));
  INSCRM_TRY(p.amount, get_money(r.amount_minor, r.currency, "payments.amount"));
  INSCRM_TRY(p.policy_year, get_int(r.policy_year, "payments.policy_year"));
  INSCRM_TRY(p.channel, get_enum<PayChannel>(r.channel, "payments.channel"));
  INSCRM_TRY(p.recorded_at, get_instant(r.recorded_at, "payments.recorded_at"));
  return p;
}

// ---- lifecycle history -----------------------------------------------------------------------

void to_row(const PolicyTransition& t, TransitionRow& r) {
  put(r.id, t.id.value);
  put_id(r.policy_id, t.policy);
  put_enum(r.from_status, t.from);
  put_enum(r.to_status, t.to);
  put_enum(r.event, t.event);
  put_date(r.effective_on, t.effective_on);
  put_instant(r.recorded_at, t.at);
  put(r.actor, t.actor);
  put(r.reason, t.reason);
}

Result<PolicyTransition> from_row(const TransitionRow& r) {
  PolicyTransition t;
  INSCRM_TRY(t.id, get_id<TransitionId>(r.id, "policy_transitions.id"));
  INSCRM_TRY(t.policy, get_id<PolicyId>(r.policy_id, "policy_transitions.policy_id"));
  INSCRM_TRY(t.from, get_enum<PolicyStatus>(r.from_status, "policy_transitions.from_status"));
  INSCRM_TRY(t.to, get_enum<PolicyStatus>(r.to_status, "policy_transitions.to_status"));
  INSCRM_TRY(t.event, get_enum<PolicyEvent>(r.event, "policy_transitions.event"));
  INSCRM_TRY(t.effective_on, get_date(r.effective_on, "policy_transitions.effective_on"));
  INSCRM_TRY(t.at, get_instant(r.recorded_at, "policy_transitions.recorded_at"));
  INSCRM_TRY(t.actor, get(r.actor, "policy_transitions.actor"));
  INSCRM_TRY(t.reason, get(r.reason, "policy_transitions.reason"));
  return t;
}

// ---- outbox ----------------------------------------------------------------------------------

void to_row(const DomainEvent& e, EventRow& r) {
  put(r.id, e.id.value);
  put(r.type, e.type);
  put(r.entity, e.entity);
  put(r.entity_id, e.entity_id);
  put(r.payload, e.payload);
  put(r.actor, e.actor);
  put_instant(r.occurred_at, e.at);
}

Result<DomainEvent> from_row(const EventRow& r) {
  DomainEvent e;
  INSCRM_TRY(e.id, get_id<EventId>(r.id, "outbox.id"));
  INSCRM_TRY(e.type, get(r.type, "outbox.type"));
  INSCRM_TRY(e.entity, get(r.entity, "outbox.entity"));
  INSCRM_TRY(e.entity_id, get(r.entity_id, "outbox.entity_id"));
  INSCRM_TRY(e.payload, get(r.payload, "outbox.payload"));
  INSCRM_TRY(e.actor, get(r.actor, "outbox.actor"));
  INSCRM_TRY(e.at, get_instant(r.occurred_at, "outbox.occurred_at"));
  return e;
}

}  // namespace inscrm::storage::sql
