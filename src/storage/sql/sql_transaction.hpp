#pragma once
// A Transaction on one leased connection, for both SQL backends. Every method runs inside run(),
// the adapter edge: exceptions from SOCI, SQLite or libpq become Errors there and never escape.
//
// After an error the database itself has ended the transaction (always on PostgreSQL, sometimes
// on SQLite) the transaction only reports that error again; commit() rolls back and returns it.
// Errors the adapter detects itself (NotFound, Conflict, AlreadyExists) leave it usable, as in
// the memory adapter.

#include "storage/sql/pool.hpp"
#include "storage/sql/sql_care_records.hpp"
#include "storage/sql/sql_loyalty_records.hpp"
#include "storage/sql/sql_service_records.hpp"

#include <inscrm/storage/store.hpp>

#include <exception>
#include <memory>
#include <type_traits>
#include <utility>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inscrm::storage::sql {

class SqlTransaction final : public Transaction, private AuditRecords, private MergeRecords {
 public:
  // The lease's connection has already begun the transaction.
  SqlTransaction(Lease lease, TxMode mode) noexcept;
  ~SqlTransaction() override;

  Result<void> insert_org_unit(OrgUnit& unit) override;
  Result<OrgUnit> org_unit(OrgUnitId id) override;
  Result<std::vector<OrgUnit>> org_units() override;
  Result<void> insert_agent(Agent& agent) override;
  Result<void> update_agent(Agent& agent) override;
  Result<Agent> agent(AgentId id) override;
  Result<std::vector<Agent>> agents(std::optional<OrgUnitId> org_unit) override;
  Result<void> insert_product(Product& product) override;
  Result<void> update_product(Product& product) override;
  Result<Product> product(ProductId id) override;
  Result<std::optional<Product>> product_by_code(std::string_view code) override;
  Result<std::vector<Product>> products() override;

  Result<void> insert_customer(Customer& customer) override;
  Result<void> insert_customers(std::vector<Customer>& customers) override;
  Result<void> update_customer(Customer& customer) override;
  Result<Customer> customer(CustomerId id) override;
  Result<std::optional<CustomerId>> customer_by_external_ref(std::string_view ref) override;
  Result<std::vector<std::string>> taken_customer_refs(const std::vector<std::string>& refs) override;
  Result<std::vector<CustomerId>> customers_by_identity(std::string_view number) override;
  Result<std::vector<CustomerId>> customers_by_phone(std::string_view number) override;
  Result<std::vector<CustomerId>> customers_by_email(std::string_view address) override;
  Result<void> erase_customer(Customer& anonymised) override;
  Result<std::int64_t> rotate_master_key(const MasterKey& next) override;
  Result<std::vector<Customer>> customers(const CustomerQuery& query) override;
  Result<std::int64_t> count_customers() override;

  Result<void> insert_policy(Policy& policy) override;
  Result<void> insert_policies(std::vector<Policy>& policies) override;
  Result<void> update_policy(Policy& policy) override;
  Result<Policy> policy(PolicyId id) override;
  Result<std::optional<PolicyId>> policy_by_number(std::string_view number) override;
  Result<std::vector<Policy>> policies(const PolicyQuery& query) override;

  Result<void> insert_payment(Payment& payment) override;
  Result<void> insert_payments(std::vector<Payment>& payments) override;
  Result<std::vector<Payment>> payments(PolicyId policy) override;
  Result<std::vector<Payment>> payments_in_range(PolicyId first, PolicyId last) override;

  Result<void> append_transition(PolicyTransition& transition) override;
  Result<std::vector<PolicyTransition>> transitions(PolicyId policy) override;

  Result<void> append_event(DomainEvent& event) override;
  Result<std::vector<DomainEvent>> pending_events(EventId after, std::size_t limit) override;
  Result<void> ack_events(EventId up_to) override;

  // Segments and rule push-down (sql_segments.cpp, migration 0003_segments).
  Result<void> insert_segment(Segment& segment) override;
  Result<void> update_segment(Segment& segment) override;
  Result<Segment> segment(SegmentId id) override;
  Result<std::optional<Segment>> segment_by_name(std::string_view name) override;
  Result<std::vector<Segment>> segments() override;
  Result<void> append_segment_rule(SegmentId segment, const rules::StoredRule& rule) override;
  Result<std::vector<rules::StoredRule>> segment_rules(SegmentId segment) override;
  Result<void> insert_segment_snapshot(SegmentSnapshot& snapshot) override;
  Result<SegmentSnapshot> segment_snapshot(SegmentSnapshotId id) override;
  Result<std::vector<SegmentSnapshot>> segment_snapshots(SegmentId segment) override;
  Result<std::vector<CustomerId>> rule_members(const rules::Rule& rule, Date as_of) override;

  ServiceRecords& service() override { return service_; }
  LoyaltyRecords& loyalty() override { return loyalty_; }
  CareRecords& care() override { return care_; }

  // The audit chain (sql_audit_records.cpp, migration 0005_audit).
  AuditRecords& audit() override { return *this; }
  Result<std::optional<AuditRecord>> audit_head() override;
  Result<void> append_audit(const AuditRecord& record) override;
  Result<std::vector<AuditRecord>> audit_records(std::int64_t after, std::size_t limit) override;

  // Merges of duplicate customers (sql_merge_records.cpp, migration 0008_merge).
  MergeRecords& merges() override { return *this; }
  Result<std::vector<MovedRecords>> move_customer_records(CustomerId from, CustomerId to) override;
  Result<void> move_records_back(const std::vector<MovedRecords>& moved, CustomerId to, CustomerId from) override;
  Result<void> insert_merge(CustomerMerge& merge) override;
  Result<void> mark_merge_undone(MergeId id, Instant at, std::string_view actor) override;
  Result<CustomerMerge> merge_record(MergeId id) override;
  Result<std::vector<CustomerMerge>> merge_records(std::optional<CustomerId> customer) override;

  Result<void> commit() override;

 private:
  friend class SqlServiceRecords;  // the service tables, in this transaction (sql_service_records.cpp)
  friend class SqlLoyaltyRecords;  // the loyalty tables, likewise (sql_loyalty_records.cpp)
  friend class SqlCareRecords;     // consent, care tasks, campaigns, likewise (sql_care_records.cpp)

  enum class Access { Read, Write };

  template <class T, class Body>
  Result<T> run(Access access, Body&& body);
  Error fail(const std::exception& e);
  void rollback() noexcept;

  template <class S>
  S& stmt() {
    return c_.statements().get<S>(c_);
  }
  template <class Row>
  auto load(long long id, std::string_view what);
  template <class Row, class Rec, class Taken>
  Result<void> update(Rec& rec, std::string_view what, Taken&& taken);
  template <class Row, class Bind>
  auto select_rows(const std::string& tail, Bind&& bind);
  template <class Bind>
  Result<std::vector<long long>> select_ids(const std::string& sql, Bind&& bind);
  template <class Rec, class Copy, class Assign, class One>
  Result<void> pg_bulk(std::vector<Rec>& recs, std::string_view table, Copy&& copy_chunk, Assign&& assign,
                       One&& insert_one);

  // Inserts the customer row; with `deferred` its blind-index entries (digest, id) are appended
  // there for index_entries() instead of being inserted one by one.
  Result<void> insert_customer_row(Customer& c, std::vector<std::pair<long long, long long>>* deferred = nullptr);
  // Field encryption (sql_crypto.cpp): seals a row to_row() filled in plain text, opens one read
  // back, and keeps the blind index in step with a customer's identity number, phones, e-mails.
  void seal_row(CustomerRow& r);
  template <class Row>
  Result<void> open_row(Row& r) {
    if constexpr (std::is_same_v<Row, CustomerRow>) return open_customer_row(r);
    else return ok();
  }
  Result<void> open_customer_row(CustomerRow& r);
  void blind_digests(const Customer& c, std::vector<long long>& out) const;
  Result<void> index_customer(const Customer& c);
  // Inserts a batch's blind-index entries in digest order (sorts `entries`).
  Result<void> index_entries(std::vector<std::pair<long long, long long>>& entries);
  Result<void> unindex_customer(const Customer& c);
  Result<std::vector<CustomerId>> customers_by_blind(crypto::BlindKind kind, std::string_view value);
  // Fills the connection's inscrm_income table with every customer's CNY income, decrypted.
  Result<void> decrypted_incomes();
  Result<void> insert_policy_row(Policy& p);
  Result<void> insert_payment_row(Payment& p);
  Result<void> write_parties(const Policy& p);
  Result<Policy> load_policy(long long id);
  Error policy_key_taken(const Policy& p);
  Result<void> require_segment(SegmentId segment);
  // The consent in force of `a` and `b` rebuilt from their records (sql_merge_records.cpp).
  void recompute_consent_state(long long a, long long b);
  // A merge row read back: survivor_before opened and unpacked (sql_merge_records.cpp).
  template <class MergeRowT>
  Result<CustomerMerge> merge_from_row(const MergeRowT& row);

  Lease lease_;
  Connection& c_;
  TxMode mode_;
  std::shared_ptr<const crypto::PersonalCipher> cipher_;  // null: a plain-text database
  std::shared_ptr<const crypto::PersonalCipher> rotated_;  // installed in the key ring on commit
  bool erased_ = false;  // a data key destroyed: SQLite checkpoints its WAL after the commit
  std::string plain_;                                      // scratch for sealing, reused per row
  std::vector<long long> digests_;                         // likewise
  bool finished_ = false;
  std::optional<Error> failed_;  // set once the database has ended the transaction
  bool outbox_locked_ = false;
  SqlServiceRecords service_{*this};
  SqlLoyaltyRecords loyalty_{*this};
  SqlCareRecords care_{*this};
};

}  // namespace inscrm::storage::sql
