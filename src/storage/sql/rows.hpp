#pragma once
// One row struct per table, in schema order (src/storage/migrations/0001_initial.*.sql), and the
// mapping between rows and domain records. Statement text and bindings are generated from each
// row's each() list (statements.hpp), so a column is named in exactly two places: the migration
// and here. The service tables (0002_service) have theirs in service_rows.hpp.

#include "storage/sql/columns.hpp"

#include <inscrm/domain/agent.hpp>
#include <inscrm/domain/customer.hpp>
#include <inscrm/domain/event.hpp>
#include <inscrm/domain/org_unit.hpp>
#include <inscrm/domain/payment.hpp>
#include <inscrm/domain/policy.hpp>
#include <inscrm/domain/policy_lifecycle.hpp>
#include <inscrm/domain/product.hpp>

#include <string_view>

namespace inscrm::storage::sql {

struct OrgUnitRow {
  static constexpr std::string_view table = "org_units";
  static constexpr bool has_id = true;
  IntCol id, version;
  TextCol code, name, kind;
  IntCol parent_id, created_at;

  template <class F>
  void each(F&& f) {
    f("id", id), f("version", version), f("code", code), f("name", name), f("kind", kind);
    f("parent_id", parent_id), f("created_at", created_at);
  }
};

struct AgentRow {
  static constexpr std::string_view table = "agents";
  static constexpr bool has_id = true;
  IntCol id, version;
  TextCol code, name;
  IntCol org_unit_id, hired_on, active, created_at;

  template <class F>
  void each(F&& f) {
    f("id", id), f("version", version), f("code", code), f("name", name), f("org_unit_id", org_unit_id);
    f("hired_on", hired_on), f("active", active), f("created_at", created_at);
  }
};

struct ProductRow {
  static constexpr std::string_view table = "products";
  static constexpr bool has_id = true;
  IntCol id, version;
  TextCol code, name, line, term;
  IntCol renewable, free_look_days, grace_days, reinstatement_days, term_years;
  TextCol currency;
  IntCol active, created_at;

  template <class F>
  void each(F&& f) {
    f("id", id), f("version", version), f("code", code), f("name", name), f("line", line), f("term", term);
    f("renewable", renewable), f("free_look_days", free_look_days), f("grace_days", grace_days);
    f("reinstatement_days", reinstatement_days), f("term_years", term_years), f("currency", currency);
    f("active", active), f("created_at", created_at);
  }
};

struct CustomerRow {
  static constexpr std::string_view table = "customers";
  static constexpr bool has_id = true;
  IntCol id, version;
  TextCol external_ref, kind, name, gender;
  IntCol birth_date;
  TextCol id_type, id_number, marital_status, occupation, industry;
  IntCol income_minor;
  TextCol income_currency, region, phones, emails, addresses, relationships, needs, source;
  IntCol org_unit_id, agent_id;
  TextCol stage;
  IntCol stage_since, verified_on, created_at, updated_at;
  TextCol data_key, sealed;  // 0007_crypto: the wrapped data key and the sealed personal fields
  IntCol erased_on;
  IntCol merged_into;  // 0008_merge: the survivor this record was merged into

  template <class F>
  void each(F&& f) {
    f("id", id), f("version", version), f("external_ref", external_ref), f("kind", kind), f("name", name);
    f("gender", gender), f("birth_date", birth_date), f("id_type", id_type), f("id_number", id_number);
    f("marital_status", marital_status), f("occupation", occupation), f("industry", industry);
    f("income_minor", income_minor), f("income_currency", income_currency), f("region", region);
    f("phones", phones), f("emails", emails), f("addresses", addresses), f("relationships", relationships);
    f("needs", needs), f("source", source), f("org_unit_id", org_unit_id), f("agent_id", agent_id);
    f("stage", stage), f("stage_since", stage_since), f("verified_on", verified_on);
    f("created_at", created_at), f("updated_at", updated_at);
    f("data_key", data_key), f("sealed", sealed), f("erased_on", erased_on), f("merged_into", merged_into);
  }
};

// 0007_crypto: keyed digests of identity numbers, phones and e-mails (crypto/personal_cipher.hpp).
struct BlindIndexRow {
  static constexpr std::string_view table = "customer_blind_index";
  static constexpr bool has_id = false;
  IntCol digest, customer_id;

  template <class F>
  void each(F&& f) {
    f("digest", digest), f("customer_id", customer_id);
  }
};

struct PolicyRow {
  static constexpr std::string_view table = "policies";
  static constexpr bool has_id = true;
  IntCol id, version;
  TextCol external_ref, number;
  IntCol product_id, holder_id, agent_id, org_unit_id, sum_insured_minor;
  TextCol sum_insured_currency;
  IntCol premium_minor;
  TextCol premium_currency, frequency;
  IntCol premium_years, application_date, issue_date, effective_date, expiry_date, term_start, renewals;
  TextCol status;
  IntCol status_since, created_at, updated_at;

  template <class F>
  void each(F&& f) {
    f("id", id), f("version", version), f("external_ref", external_ref), f("number", number);
    f("product_id", product_id), f("holder_id", holder_id), f("agent_id", agent_id), f("org_unit_id", org_unit_id);
    f("sum_insured_minor", sum_insured_minor), f("sum_insured_currency", sum_insured_currency);
    f("premium_minor", premium_minor), f("premium_currency", premium_currency), f("frequency", frequency);
    f("premium_years", premium_years), f("application_date", application_date), f("issue_date", issue_date);
    f("effective_date", effective_date), f("expiry_date", expiry_date), f("term_start", term_start);
    f("renewals", renewals), f("status", status), f("status_since", status_since);
    f("created_at", created_at), f("updated_at", updated_at);
  }
};

// policy_insured and policy_beneficiaries: position keeps the order the host gave.
struct InsuredRow {
  static constexpr std::string_view table = "policy_insured";
  static constexpr bool has_id = false;
  IntCol policy_id, position, customer_id;

  template <class F>
  void each(F&& f) {
    f("policy_id", policy_id), f("position", position), f("customer_id", customer_id);
  }
};

struct BeneficiaryRow {
  static constexpr std::string_view table = "policy_beneficiaries";
  static constexpr bool has_id = false;
  IntCol policy_id, position, customer_id, share_percent;

  template <class F>
  void each(F&& f) {
    f("policy_id", policy_id), f("position", position), f("customer_id", customer_id);
    f("share_percent", share_percent);
  }
};

struct PaymentRow {
  static constexpr std::string_view table = "payments";
  static constexpr bool has_id = true;
  IntCol id, policy_id, due_date, paid_on, amount_minor;
  TextCol currency;
  IntCol policy_year;
  TextCol channel;
  IntCol recorded_at;

  template <class F>
  void each(F&& f) {
    f("id", id), f("policy_id", policy_id), f("due_date", due_date), f("paid_on", paid_on);
    f("amount_minor", amount_minor), f("currency", currency), f("policy_year", policy_year);
    f("channel", channel), f("recorded_at", recorded_at);
  }
};

struct TransitionRow {
  static constexpr std::string_view table = "policy_transitions";
  static constexpr bool has_id = true;
  IntCol id, policy_id;
  TextCol from_status, to_status, event;
  IntCol effective_on, recorded_at;
  TextCol actor, reason;

  template <class F>
  void each(F&& f) {
    f("id", id), f("policy_id", policy_id), f("from_status", from_status), f("to_status", to_status);
    f("event", event), f("effective_on", effective_on), f("recorded_at", recorded_at), f("actor", actor);
    f("reason", reason);
  }
};

struct EventRow {
  static constexpr std::string_view table = "outbox";
  static constexpr bool has_id = true;
  IntCol id;
  TextCol type, entity;
  IntCol entity_id;
  TextCol payload, actor;
  IntCol occurred_at;

  template <class F>
  void each(F&& f) {
    f("id", id), f("type", type), f("entity", entity), f("entity_id", entity_id), f("payload", payload);
    f("actor", actor), f("occurred_at", occurred_at);
  }
};

// to_row fills every column (bulk loops call it on one reused row). from_row fails with
// StorageError when a stored value cannot have come from the library.
void to_row(const OrgUnit& u, OrgUnitRow& r);
Result<OrgUnit> from_row(const OrgUnitRow& r);
void to_row(const Agent& a, AgentRow& r);
Result<Agent> from_row(const AgentRow& r);
void to_row(const Product& p, ProductRow& r);
Result<Product> from_row(const ProductRow& r);
void to_row(const Customer& c, CustomerRow& r);
Result<Customer> from_row(const CustomerRow& r);
// Parties (insured, beneficiaries) live in their own tables and are attached by the caller.
void to_row(const Policy& p, PolicyRow& r);
Result<Policy> from_row(const PolicyRow& r);
void to_row(const Payment& p, PaymentRow& r);
Result<Payment> from_row(const PaymentRow& r);
void to_row(const PolicyTransition& t, TransitionRow& r);
Result<PolicyTransition> from_row(const TransitionRow& r);
void to_row(const DomainEvent& e, EventRow& r);
Result<DomainEvent> from_row(const EventRow& r);

}  // namespace inscrm::storage::sql
