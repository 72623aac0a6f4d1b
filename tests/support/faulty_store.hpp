#pragma once
// A storage wrapper that fails the k-th write statement of a transaction (or its commit), for
// proving that a service call which fails half-way leaves exactly the state it found. It also
// adds up the time write transactions spend inside the wrapped store, which a benchmark uses to
// split a service call's time between storage (SQL) and the library (bench/bench_care.cpp).

#include <inscrm/storage/store.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace inscrm::testing {

struct FaultPlan {
  std::atomic<int> fail_at{0};  // 1-based write (commit counts as the last write); 0 = never
  std::atomic<int> writes{0};   // writes seen in the current transaction
  std::atomic<std::int64_t> store_nanos{0};  // time spent in the wrapped store's calls, all transactions
};

// Adds the time from its construction to its destruction (one call into the wrapped store) to
// the plan's store_nanos.
class StoreTimer {
 public:
  explicit StoreTimer(FaultPlan& plan) : plan_(plan), start_(std::chrono::steady_clock::now()) {}
  ~StoreTimer() {
    plan_.store_nanos += std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start_).count();
  }
  StoreTimer(const StoreTimer&) = delete;
  StoreTimer& operator=(const StoreTimer&) = delete;

 private:
  FaultPlan& plan_;
  std::chrono::steady_clock::time_point start_;
};

// Counts one write of the current transaction; the injected failure when it is the planned one.
inline Result<void> count_write(FaultPlan& plan) {
  const int n = ++plan.writes;
  if (plan.fail_at != 0 && n == plan.fail_at)
    return Error::storage_unavailable("injected fault at write " + std::to_string(n));
  return ok();
}

#define INSCRM_FAULTY_READ(ret, name, params, args) \
  Result<ret> name params override {                \
    const StoreTimer timer{*plan_};                 \
    return inner_->name args;                       \
  }
#define INSCRM_FAULTY_WRITE(name, params, args)         \
  Result<void> name params override {                   \
    if (auto f = count_write(*plan_); !f) return f;     \
    const StoreTimer timer{*plan_};                     \
    return inner_->name args;                           \
  }
// A write that returns a value (how many rows it stored).
#define INSCRM_FAULTY_READ_WRITE(ret, name, params, args) \
  Result<ret> name params override {                      \
    if (auto f = count_write(*plan_); !f) return f.error(); \
    const StoreTimer timer{*plan_};                       \
    return inner_->name args;                             \
  }

// Transaction::service() of a FaultyTransaction: its insert_*, update_* and append_* calls count
// as writes of the same transaction, in the same plan.
class FaultyServiceRecords final : public storage::ServiceRecords {
 public:
  FaultyServiceRecords(storage::ServiceRecords& inner, std::shared_ptr<FaultPlan> plan)
      : inner_(&inner), plan_(std::move(plan)) {}

  INSCRM_FAULTY_WRITE(insert_interaction, (Interaction & x), (x))
  INSCRM_FAULTY_WRITE(insert_interactions, (std::vector<Interaction> & x), (x))
  INSCRM_FAULTY_READ(std::vector<Interaction>, interactions, (const storage::InteractionQuery& q), (q))
  INSCRM_FAULTY_WRITE(insert_complaint, (Complaint & x), (x))
  INSCRM_FAULTY_WRITE(update_complaint, (Complaint & x), (x))
  INSCRM_FAULTY_READ(Complaint, complaint, (ComplaintId id), (id))
  INSCRM_FAULTY_READ(std::vector<Complaint>, complaints, (const storage::ComplaintQuery& q), (q))
  INSCRM_FAULTY_WRITE(append_complaint_step, (ComplaintStep & x), (x))
  INSCRM_FAULTY_READ(std::vector<ComplaintStep>, complaint_steps, (ComplaintId id), (id))
  INSCRM_FAULTY_WRITE(insert_claim, (Claim & x), (x))
  INSCRM_FAULTY_WRITE(update_claim, (Claim & x), (x))
  INSCRM_FAULTY_READ(Claim, claim, (ClaimId id), (id))
  INSCRM_FAULTY_READ(std::optional<ClaimId>, claim_by_number, (std::string_view n), (n))
  INSCRM_FAULTY_READ(std::vector<Claim>, claims, (const storage::ClaimQuery& q), (q))
  INSCRM_FAULTY_WRITE(append_claim_transition, (ClaimTransition & x), (x))
  INSCRM_FAULTY_READ(std::vector<ClaimTransition>, claim_transitions, (ClaimId id), (id))
  INSCRM_FAULTY_WRITE(insert_service_request, (ServiceRequest & x), (x))
  INSCRM_FAULTY_WRITE(update_service_request, (ServiceRequest & x), (x))
  INSCRM_FAULTY_READ(ServiceRequest, service_request, (ServiceRequestId id), (id))
  INSCRM_FAULTY_READ(std::vector<ServiceRequest>, service_requests, (const storage::ServiceRequestQuery& q), (q))
  INSCRM_FAULTY_WRITE(append_service_step, (ServiceRequestStep & x), (x))
  INSCRM_FAULTY_READ(std::vector<ServiceRequestStep>, service_steps, (ServiceRequestId id), (id))
  INSCRM_FAULTY_WRITE(insert_survey_response, (SurveyResponse & x), (x))
  INSCRM_FAULTY_READ(std::vector<SurveyResponse>, survey_responses, (const storage::SurveyQuery& q), (q))

 private:
  storage::ServiceRecords* inner_;
  std::shared_ptr<FaultPlan> plan_;
};

// Transaction::loyalty() of a FaultyTransaction, likewise.
class FaultyLoyaltyRecords final : public storage::LoyaltyRecords {
 public:
  FaultyLoyaltyRecords(storage::LoyaltyRecords& inner, std::shared_ptr<FaultPlan> plan)
      : inner_(&inner), plan_(std::move(plan)) {}

  INSCRM_FAULTY_WRITE(append_points, (PointsEntry & x), (x))
  INSCRM_FAULTY_READ(std::optional<PointsEntry>, points_by_key, (CustomerId c, std::string_view k), (c, k))
  INSCRM_FAULTY_READ(std::vector<PointsEntry>, points_of, (CustomerId c), (c))
  INSCRM_FAULTY_READ(std::vector<PointsEntry>, points_page, (PointsEntryId a, std::size_t n), (a, n))
  INSCRM_FAULTY_READ(std::vector<PointsEntry>, points_on_policy, (PolicyId p), (p))
  INSCRM_FAULTY_READ(std::vector<CustomerId>, customers_with_grants_expiring, (Date d), (d))
  INSCRM_FAULTY_READ(std::optional<storage::LoyaltyAccount>, account, (CustomerId c), (c))
  INSCRM_FAULTY_WRITE(save_account, (storage::LoyaltyAccount & x), (x))
  INSCRM_FAULTY_READ(std::vector<storage::LoyaltyAccount>, accounts, (CustomerId a, std::size_t n), (a, n))
  INSCRM_FAULTY_READ(std::vector<storage::TierMeasures>, tier_measures, (Date w, Date d), (w, d))
  INSCRM_FAULTY_WRITE(insert_earning_rule, (EarningRule & x), (x))
  INSCRM_FAULTY_WRITE(append_earning_rule_version, (const EarningRule& x), (x))
  INSCRM_FAULTY_READ(EarningRule, earning_rule, (EarningRuleId id, std::optional<int> v), (id, v))
  INSCRM_FAULTY_READ(std::vector<EarningRule>, earning_rules, (), ())
  INSCRM_FAULTY_READ(std::vector<EarningRule>, earning_rule_versions, (EarningRuleId id), (id))

 private:
  storage::LoyaltyRecords* inner_;
  std::shared_ptr<FaultPlan> plan_;
};

// Transaction::care() of a FaultyTransaction, likewise.
class FaultyCareRecords final : public storage::CareRecords {
 public:
  FaultyCareRecords(storage::CareRecords& inner, std::shared_ptr<FaultPlan> plan)
      : inner_(&inner), plan_(std::move(plan)) {}

  INSCRM_FAULTY_WRITE(append_consent, (ConsentRecord & x), (x))
  INSCRM_FAULTY_READ(std::vector<ConsentRecord>, consents_of, (CustomerId c), (c))
  INSCRM_FAULTY_READ(std::vector<CustomerId>, consenting,
                     (ConsentPurpose p, Channel ch, const std::vector<CustomerId>& c), (p, ch, c))
  INSCRM_FAULTY_READ(std::vector<storage::CareCandidate>, born_on, (unsigned m, unsigned d, bool f), (m, d, f))
  INSCRM_FAULTY_READ(std::vector<storage::CareCandidate>, customers_page, (CustomerId a, std::size_t n), (a, n))
  INSCRM_FAULTY_READ(std::vector<storage::CareCandidate>, anniversaries, (Date d, bool f), (d, f))
  INSCRM_FAULTY_READ(std::vector<storage::DueInstalment>, instalments_due, (Date d), (d))
  INSCRM_FAULTY_READ(std::vector<storage::CareCandidate>, grace_ending, (Date d), (d))
  INSCRM_FAULTY_READ(std::vector<storage::CareCandidate>, maturing, (Date d), (d))
  INSCRM_FAULTY_READ(std::vector<storage::CareCandidate>, issued_long_term, (Date d, int n), (d, n))
  INSCRM_FAULTY_READ(std::vector<storage::CareCandidate>, claims_settled, (Date d), (d))
  INSCRM_FAULTY_READ(std::vector<storage::CareCandidate>, complaints_closed, (Date d), (d))
  INSCRM_FAULTY_READ_WRITE(std::size_t, insert_care_tasks, (std::vector<CareTask> & x), (x))
  INSCRM_FAULTY_READ(CareTask, care_task, (CareTaskId id), (id))
  INSCRM_FAULTY_WRITE(update_care_task, (CareTask & x), (x))
  INSCRM_FAULTY_READ(std::vector<CareTask>, care_tasks, (const storage::CareTaskQuery& q), (q))
  INSCRM_FAULTY_WRITE(insert_campaign, (Campaign & x), (x))
  INSCRM_FAULTY_WRITE(update_campaign, (Campaign & x), (x))
  INSCRM_FAULTY_READ(Campaign, campaign, (CampaignId id), (id))
  INSCRM_FAULTY_READ(std::vector<Campaign>, campaigns, (), ())
  INSCRM_FAULTY_READ_WRITE(std::size_t, add_campaign_members,
                           (CampaignId c, const std::vector<CampaignMember>& m), (c, m))
  INSCRM_FAULTY_READ(std::vector<CampaignMember>, campaign_members, (CampaignId c), (c))
  INSCRM_FAULTY_READ(std::optional<CampaignMember>, campaign_member, (CampaignId c, CustomerId x), (c, x))
  INSCRM_FAULTY_WRITE(update_campaign_member, (const CampaignMember& x), (x))

 private:
  storage::CareRecords* inner_;
  std::shared_ptr<FaultPlan> plan_;
};

// Transaction::audit() of a FaultyTransaction: an append counts as a write of the same transaction.
class FaultyAuditRecords final : public storage::AuditRecords {
 public:
  FaultyAuditRecords(storage::AuditRecords& inner, std::shared_ptr<FaultPlan> plan)
      : inner_(&inner), plan_(std::move(plan)) {}

  INSCRM_FAULTY_READ(std::optional<storage::AuditRecord>, audit_head, (), ())
  INSCRM_FAULTY_WRITE(append_audit, (const storage::AuditRecord& r), (r))
  INSCRM_FAULTY_READ(std::vector<storage::AuditRecord>, audit_records, (std::int64_t after, std::size_t limit),
                     (after, limit))

 private:
  storage::AuditRecords* inner_;
  std::shared_ptr<FaultPlan> plan_;
};

// Transaction::merges() of a FaultyTransaction: re-pointing, the history row and the undo mark
// count as writes of the same transaction.
class FaultyMergeRecords final : public storage::MergeRecords {
 public:
  FaultyMergeRecords(storage::MergeRecords& inner, std::shared_ptr<FaultPlan> plan)
      : inner_(&inner), plan_(std::move(plan)) {}

  INSCRM_FAULTY_READ_WRITE(std::vector<MovedRecords>, move_customer_records, (CustomerId from, CustomerId to), (from, to))
  INSCRM_FAULTY_WRITE(move_records_back, (const std::vector<MovedRecords>& m, CustomerId to, CustomerId from), (m, to, from))
  INSCRM_FAULTY_WRITE(insert_merge, (CustomerMerge & x), (x))
  INSCRM_FAULTY_WRITE(mark_merge_undone, (MergeId id, Instant at, std::string_view a), (id, at, a))
  INSCRM_FAULTY_READ(CustomerMerge, merge_record, (MergeId id), (id))
  INSCRM_FAULTY_READ(std::vector<CustomerMerge>, merge_records, (std::optional<CustomerId> c), (c))

 private:
  storage::MergeRecords* inner_;
  std::shared_ptr<FaultPlan> plan_;
};

class FaultyTransaction final : public storage::Transaction {
 public:
  FaultyTransaction(std::unique_ptr<storage::Transaction> inner, std::shared_ptr<FaultPlan> plan)
      : inner_(std::move(inner)),
        plan_(std::move(plan)),
        service_(inner_->service(), plan_),
        loyalty_(inner_->loyalty(), plan_),
        care_(inner_->care(), plan_),
        audit_(inner_->audit(), plan_),
        merges_(inner_->merges(), plan_) {
    plan_->writes = 0;
  }

  storage::ServiceRecords& service() override { return service_; }
  storage::LoyaltyRecords& loyalty() override { return loyalty_; }
  storage::CareRecords& care() override { return care_; }
  storage::AuditRecords& audit() override { return audit_; }
  storage::MergeRecords& merges() override { return merges_; }

  INSCRM_FAULTY_WRITE(insert_org_unit, (OrgUnit & x), (x))
  INSCRM_FAULTY_READ(OrgUnit, org_unit, (OrgUnitId id), (id))
  INSCRM_FAULTY_READ(std::vector<OrgUnit>, org_units, (), ())
  INSCRM_FAULTY_WRITE(insert_agent, (Agent & x), (x))
  INSCRM_FAULTY_WRITE(update_agent, (Agent & x), (x))
  INSCRM_FAULTY_READ(Agent, agent, (AgentId id), (id))
  INSCRM_FAULTY_READ(std::vector<Agent>, agents, (std::optional<OrgUnitId> u), (u))
  INSCRM_FAULTY_WRITE(insert_product, (Product & x), (x))
  INSCRM_FAULTY_WRITE(update_product, (Product & x), (x))
  INSCRM_FAULTY_READ(Product, product, (ProductId id), (id))
  INSCRM_FAULTY_READ(std::optional<Product>, product_by_code, (std::string_view c), (c))
  INSCRM_FAULTY_READ(std::vector<Product>, products, (), ())
  INSCRM_FAULTY_WRITE(insert_customer, (Customer & x), (x))
  INSCRM_FAULTY_WRITE(insert_customers, (std::vector<Customer> & x), (x))
  INSCRM_FAULTY_WRITE(update_customer, (Customer & x), (x))
  INSCRM_FAULTY_READ(Customer, customer, (CustomerId id), (id))
  INSCRM_FAULTY_READ(std::optional<CustomerId>, customer_by_external_ref, (std::string_view r), (r))
  INSCRM_FAULTY_READ(std::vector<CustomerId>, customers_by_identity, (std::string_view n), (n))
  INSCRM_FAULTY_READ(std::vector<CustomerId>, customers_by_phone, (std::string_view n), (n))
  INSCRM_FAULTY_READ(std::vector<CustomerId>, customers_by_email, (std::string_view a), (a))
  INSCRM_FAULTY_WRITE(erase_customer, (Customer & x), (x))
  Result<std::int64_t> rotate_master_key(const MasterKey& next) override {
    if (auto f = count_write(*plan_); !f) return f.error();
    const StoreTimer timer{*plan_};
    return inner_->rotate_master_key(next);
  }
  INSCRM_FAULTY_READ(std::vector<std::string>, taken_customer_refs, (const std::vector<std::string>& r), (r))
  INSCRM_FAULTY_READ(std::vector<Customer>, customers, (const storage::CustomerQuery& q), (q))
  INSCRM_FAULTY_READ(std::int64_t, count_customers, (), ())
  INSCRM_FAULTY_WRITE(insert_policy, (Policy & x), (x))
  INSCRM_FAULTY_WRITE(insert_policies, (std::vector<Policy> & x), (x))
  INSCRM_FAULTY_WRITE(update_policy, (Policy & x), (x))
  INSCRM_FAULTY_READ(Policy, policy, (PolicyId id), (id))
  INSCRM_FAULTY_READ(std::optional<PolicyId>, policy_by_number, (std::string_view n), (n))
  INSCRM_FAULTY_READ(std::vector<Policy>, policies, (const storage::PolicyQuery& q), (q))
  INSCRM_FAULTY_WRITE(insert_payment, (Payment & x), (x))
  INSCRM_FAULTY_WRITE(insert_payments, (std::vector<Payment> & x), (x))
  INSCRM_FAULTY_READ(std::vector<Payment>, payments, (PolicyId id), (id))
  INSCRM_FAULTY_READ(std::vector<Payment>, payments_in_range, (PolicyId a, PolicyId b), (a, b))
  INSCRM_FAULTY_WRITE(append_transition, (PolicyTransition & x), (x))
  INSCRM_FAULTY_READ(std::vector<PolicyTransition>, transitions, (PolicyId id), (id))
  INSCRM_FAULTY_WRITE(append_event, (DomainEvent & x), (x))
  INSCRM_FAULTY_READ(std::vector<DomainEvent>, pending_events, (EventId a, std::size_t n), (a, n))
  INSCRM_FAULTY_WRITE(ack_events, (EventId id), (id))
  INSCRM_FAULTY_WRITE(insert_segment, (Segment & x), (x))
  INSCRM_FAULTY_WRITE(update_segment, (Segment & x), (x))
  INSCRM_FAULTY_READ(Segment, segment, (SegmentId id), (id))
  INSCRM_FAULTY_READ(std::optional<Segment>, segment_by_name, (std::string_view n), (n))
  INSCRM_FAULTY_READ(std::vector<Segment>, segments, (), ())
  INSCRM_FAULTY_WRITE(append_segment_rule, (SegmentId id, const rules::StoredRule& r), (id, r))
  INSCRM_FAULTY_READ(std::vector<rules::StoredRule>, segment_rules, (SegmentId id), (id))
  INSCRM_FAULTY_WRITE(insert_segment_snapshot, (SegmentSnapshot & x), (x))
  INSCRM_FAULTY_READ(SegmentSnapshot, segment_snapshot, (SegmentSnapshotId id), (id))
  INSCRM_FAULTY_READ(std::vector<SegmentSnapshot>, segment_snapshots, (SegmentId id), (id))
  INSCRM_FAULTY_READ(std::vector<CustomerId>, rule_members, (const rules::Rule& r, Date d), (r, d))
  INSCRM_FAULTY_WRITE(commit, (), ())
 private:
  std::unique_ptr<storage::Transaction> inner_;
  std::shared_ptr<FaultPlan> plan_;
  FaultyServiceRecords service_;  // wraps inner_->service(): declared after inner_ and plan_
  FaultyLoyaltyRecords loyalty_;  // likewise
  FaultyCareRecords care_;        // likewise
  FaultyAuditRecords audit_;      // wraps inner_->audit(), likewise
  FaultyMergeRecords merges_;     // wraps inner_->merges(), likewise
};

#undef INSCRM_FAULTY_READ
#undef INSCRM_FAULTY_WRITE
#undef INSCRM_FAULTY_READ_WRITE

class FaultyStore final : public storage::Store {
 public:
  FaultyStore(std::unique_ptr<storage::Store> inner, std::shared_ptr<FaultPlan> plan)
      : inner_(std::move(inner)), plan_(std::move(plan)) {}
  Result<std::unique_ptr<storage::Transaction>> begin(storage::TxMode mode) override {
    const StoreTimer timer{*plan_};
    INSCRM_TRY(auto tx, inner_->begin(mode));
    if (mode == storage::TxMode::Read) return tx;
    return std::unique_ptr<storage::Transaction>{std::make_unique<FaultyTransaction>(std::move(tx), plan_)};
  }
  std::string_view kind() const noexcept override { return inner_->kind(); }
  int schema_version() const noexcept override { return inner_->schema_version(); }

 private:
  std::unique_ptr<storage::Store> inner_;
  std::shared_ptr<FaultPlan> plan_;
};

}  // namespace inscrm::testing
