#pragma once
// The storage port: what every adapter (memory, sqlite, postgresql) implements. The facade opens
// one Transaction per service call; everything it writes commits together or not at all (a
// Transaction destroyed without commit() rolls back). Adapters know nothing of the facade.
//
// Versions: insert_* sets version = 1; update_* writes only when the stored version equals the
// given one, then increments it in the record passed in — otherwise Errc::Conflict and nothing
// changes. Ids are assigned by the store on insert (id > 0).
//
// Errors: after a write method fails, the transaction may hold part of the failed call (a bulk
// insert stops at its first bad row); the caller must not commit it. The facade never does: it
// drops the transaction, which rolls everything back.
//
// Threading: a Store is shared by all threads; a Transaction belongs to the thread that began it.

#include <inscrm/core/id.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/domain/agent.hpp>
#include <inscrm/domain/customer.hpp>
#include <inscrm/domain/event.hpp>
#include <inscrm/domain/org_unit.hpp>
#include <inscrm/domain/payment.hpp>
#include <inscrm/domain/policy.hpp>
#include <inscrm/domain/policy_lifecycle.hpp>
#include <inscrm/domain/product.hpp>
#include <inscrm/domain/segment.hpp>
#include <inscrm/rules/rule.hpp>
#include <inscrm/rules/stored_rule.hpp>
#include <inscrm/security/key_provider.hpp>
#include <inscrm/storage/loyalty_records.hpp>
#include <inscrm/storage/audit_records.hpp>
#include <inscrm/storage/care_records.hpp>
#include <inscrm/storage/merge_records.hpp>
#include <inscrm/storage/service_records.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inscrm::storage {

enum class TxMode { Read, Write };

// Keyset pagination: results are in id order, starting after `after`.
struct CustomerQuery {
  std::optional<OrgUnitId> org_unit;
  std::optional<AgentId> agent;
  std::optional<CustomerStage> stage;
  CustomerId after;
  std::size_t limit = 1000;
};

struct PolicyQuery {
  std::optional<CustomerId> holder;
  std::vector<PolicyStatus> statuses;  // empty = any
  PolicyId after;
  std::size_t limit = 1000;
};

class Transaction {
 public:
  virtual ~Transaction() = default;
  Transaction() = default;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // Org units, agents, products: reference data. Codes are unique (AlreadyExists).
  virtual Result<void> insert_org_unit(OrgUnit& unit) = 0;
  virtual Result<OrgUnit> org_unit(OrgUnitId id) = 0;
  virtual Result<std::vector<OrgUnit>> org_units() = 0;
  virtual Result<void> insert_agent(Agent& agent) = 0;
  virtual Result<void> update_agent(Agent& agent) = 0;
  virtual Result<Agent> agent(AgentId id) = 0;
  virtual Result<std::vector<Agent>> agents(std::optional<OrgUnitId> org_unit) = 0;
  virtual Result<void> insert_product(Product& product) = 0;
  virtual Result<void> update_product(Product& product) = 0;
  virtual Result<Product> product(ProductId id) = 0;
  virtual Result<std::optional<Product>> product_by_code(std::string_view code) = 0;
  virtual Result<std::vector<Product>> products() = 0;

  // Customers. external_ref is unique when present (AlreadyExists). A customer merged into another
  // (merged_into set) is still read by id and external_ref, but customers(), count_customers() and
  // the lookups by identity, phone and e-mail leave it out: it is no longer a customer of its own.
  virtual Result<void> insert_customer(Customer& customer) = 0;
  // Bulk path: the same as insert_customer for each, with per-row overhead kept low.
  virtual Result<void> insert_customers(std::vector<Customer>& customers) = 0;
  virtual Result<void> update_customer(Customer& customer) = 0;
  virtual Result<Customer> customer(CustomerId id) = 0;
  virtual Result<std::optional<CustomerId>> customer_by_external_ref(std::string_view ref) = 0;
  // Lookups by personal data go through keyed blind indexes (no plaintext in the database): the
  // value must be in its normalised form (validate_customer), and erased customers are not found.
  virtual Result<std::vector<CustomerId>> customers_by_identity(std::string_view number) = 0;
  virtual Result<std::vector<CustomerId>> customers_by_phone(std::string_view number) = 0;
  virtual Result<std::vector<CustomerId>> customers_by_email(std::string_view address) = 0;
  // Which of `refs` are already taken: the bulk form of customer_by_external_ref, so that an import
  // checks a batch with one statement per few hundred rows instead of one round trip per row.
  virtual Result<std::vector<std::string>> taken_customer_refs(const std::vector<std::string>& refs) = 0;
  virtual Result<std::vector<Customer>> customers(const CustomerQuery& query) = 0;
  virtual Result<std::int64_t> count_customers() = 0;

  // Erasure (domain.md C12): saves `anonymised` — version-checked as update_customer, erased_on
  // set — and destroys the customer's data key and blind-index entries, so whatever of the
  // personal fields survives elsewhere (a WAL, a backup) can no longer be decrypted.
  virtual Result<void> erase_customer(Customer& anonymised) = 0;
  // Rotation: re-wraps every data key and the index key under `next` without touching the
  // sealed data; the store uses `next` from the commit on (the old key no longer opens it).
  // Returns the number of data keys re-wrapped.
  virtual Result<std::int64_t> rotate_master_key(const MasterKey& next) = 0;

  // Policies. number and external_ref are unique (AlreadyExists).
  virtual Result<void> insert_policy(Policy& policy) = 0;
  virtual Result<void> insert_policies(std::vector<Policy>& policies) = 0;
  virtual Result<void> update_policy(Policy& policy) = 0;
  virtual Result<Policy> policy(PolicyId id) = 0;
  virtual Result<std::optional<PolicyId>> policy_by_number(std::string_view number) = 0;
  virtual Result<std::vector<Policy>> policies(const PolicyQuery& query) = 0;

  // Payments: one per (policy, due date) — a second is AlreadyExists.
  virtual Result<void> insert_payment(Payment& payment) = 0;
  virtual Result<void> insert_payments(std::vector<Payment>& payments) = 0;
  virtual Result<std::vector<Payment>> payments(PolicyId policy) = 0;
  // All payments of policies with id in [first, last], ordered by policy then due date: lets a
  // batch job read a page of policies' payments in one statement.
  virtual Result<std::vector<Payment>> payments_in_range(PolicyId first, PolicyId last) = 0;

  // Lifecycle history: append-only.
  virtual Result<void> append_transition(PolicyTransition& transition) = 0;
  virtual Result<std::vector<PolicyTransition>> transitions(PolicyId policy) = 0;

  // Outbox: append-only until acknowledged.
  virtual Result<void> append_event(DomainEvent& event) = 0;
  virtual Result<std::vector<DomainEvent>> pending_events(EventId after, std::size_t limit) = 0;
  // Marks every event with id <= up_to as delivered.
  virtual Result<void> ack_events(EventId up_to) = 0;

  // Segments (domain.md C8). name is unique (AlreadyExists "name"). The rule history is
  // append-only: one StoredRule per (segment, version), listed in version order.
  virtual Result<void> insert_segment(Segment& segment) = 0;
  virtual Result<void> update_segment(Segment& segment) = 0;
  virtual Result<Segment> segment(SegmentId id) = 0;
  virtual Result<std::optional<Segment>> segment_by_name(std::string_view name) = 0;
  virtual Result<std::vector<Segment>> segments() = 0;  // in id order
  // NotFound "segment" for an unknown segment; AlreadyExists "version" for a version stored before.
  virtual Result<void> append_segment_rule(SegmentId segment, const rules::StoredRule& rule) = 0;
  virtual Result<std::vector<rules::StoredRule>> segment_rules(SegmentId segment) = 0;
  // Snapshots are append-only. insert stores the members (ascending, unique) and sets id and
  // member_count; NotFound "segment" for an unknown segment.
  virtual Result<void> insert_segment_snapshot(SegmentSnapshot& snapshot) = 0;
  virtual Result<SegmentSnapshot> segment_snapshot(SegmentSnapshotId id) = 0;  // with members
  // A segment's snapshots in id order, without their members (member_count is set).
  virtual Result<std::vector<SegmentSnapshot>> segment_snapshots(SegmentId segment) = 0;

  // The customers for whom `rule` holds as of `as_of`, ascending — the rule evaluated where the
  // data lives. The facts are the standard ones (analytics/portfolio.hpp, FactRegistry::standard()
  // plus what analytics/service_facts.hpp fills) as of that day: the SQL adapters push the rule
  // down as a WHERE clause over their customer_facts view (rules/sql.hpp; migration 0003), the
  // memory adapter builds a Portfolio and evaluates it columnar. A rule reading a fact that is not
  // standard (a host fact) is InvalidArgument "rule".
  virtual Result<std::vector<CustomerId>> rule_members(const rules::Rule& rule, Date as_of) = 0;

  // Service and complaints (service_records.hpp), in this same transaction: valid for the
  // transaction's life, and finished with it.
  virtual ServiceRecords& service() = 0;
  // The loyalty programme (loyalty_records.hpp), in this same transaction, likewise.
  virtual LoyaltyRecords& loyalty() = 0;
  // Consent, the care calendar and campaigns (care_records.hpp), in this same transaction, likewise.
  virtual CareRecords& care() = 0;
  // Merges of duplicate customers (merge_records.hpp), in this same transaction, likewise.
  virtual MergeRecords& merges() = 0;

  // The audit chain (audit_records.hpp), in this same transaction.
  virtual AuditRecords& audit() = 0;

  // Makes every write of this transaction durable and visible. After a failed commit nothing of
  // it is visible. A Transaction is finished after commit(), successful or not.
  virtual Result<void> commit() = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual Result<std::unique_ptr<Transaction>> begin(TxMode mode) = 0;
  // "memory", "sqlite", "postgresql"
  virtual std::string_view kind() const noexcept = 0;
  // The schema version the database is at (the memory store reports the library's).
  virtual int schema_version() const noexcept = 0;
};

// Where the master key comes from (security/key_provider.hpp). The host's provider wins, then a
// key file; with neither the default depends on the store: SQLite uses "<db>.key" next to the
// database (created 0600 on first open), PostgreSQL $INSCRM_KEY_FILE (else InvalidArgument
// "master_key": a shared server gets no silent key), memory an ephemeral random key.
struct KeyOptions {
  std::shared_ptr<KeyProvider> provider;
  std::string key_file;
  // false: personal fields are stored in plain text with no blind indexes — only to measure what
  // encryption costs (bench/bench_crypto.cpp) and for throwaway data; a database is one or the
  // other for life (InvalidArgument "master_key" when opened the other way).
  bool encrypt = true;
};

// Opens the adapter a URI names: "memory:", "sqlite:path/file.db", "postgresql://…". A wrong
// master key is PermissionDenied "master_key".
Result<std::unique_ptr<Store>> open_store(std::string_view uri, const KeyOptions& keys = {});

}  // namespace inscrm::storage
