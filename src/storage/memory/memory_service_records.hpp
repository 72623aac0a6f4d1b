#pragma once
// The memory adapter's ServiceRecords (storage/service_records.hpp): the same undo-log design as
// MemoryTransaction (memory_store.cpp), whose lock, undo log and state it shares. Every write
// pushes the closure that reverses it onto the transaction's undo log; the transaction replays the
// log backwards when it is dropped without commit() and restores the id counters it saved.

#include <inscrm/storage/store.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace inscrm::storage::memory {

struct ServiceCounters {
  std::int64_t interaction = 0, complaint = 0, complaint_step = 0, claim = 0, claim_transition = 0,
               service_request = 0, service_step = 0, survey_response = 0;
};

// The service tables of the memory store. Histories are keyed (parent id, own id), so one parent's
// steps are one ordered range, in append (id) order.
struct ServiceState {
  std::map<std::int64_t, Interaction> interactions;
  std::unordered_map<std::string, std::int64_t> interaction_by_ref;

  std::map<std::int64_t, Complaint> complaints;
  std::unordered_map<std::string, std::int64_t> complaint_by_ref;
  std::map<std::pair<std::int64_t, std::int64_t>, ComplaintStep> complaint_steps;

  std::map<std::int64_t, Claim> claims;
  std::unordered_map<std::string, std::int64_t> claim_by_number;
  std::unordered_map<std::string, std::int64_t> claim_by_ref;
  std::map<std::pair<std::int64_t, std::int64_t>, ClaimTransition> claim_transitions;

  std::map<std::int64_t, ServiceRequest> service_requests;
  std::unordered_map<std::string, std::int64_t> service_request_by_ref;
  std::map<std::pair<std::int64_t, std::int64_t>, ServiceRequestStep> service_steps;

  std::map<std::int64_t, SurveyResponse> survey_responses;

  ServiceCounters next;
};

class MemoryServiceRecords final : public ServiceRecords {
 public:
  using UndoLog = std::vector<std::function<void()>>;

  // `undo` and `finished` are the owning transaction's; `mode` its mode.
  MemoryServiceRecords(ServiceState& state, UndoLog& undo, const bool& finished, TxMode mode) noexcept
      : s_(state), undo_(undo), finished_(finished), mode_(mode) {}

  Result<void> insert_interaction(Interaction& interaction) override;
  Result<void> insert_interactions(std::vector<Interaction>& interactions) override;
  Result<std::vector<Interaction>> interactions(const InteractionQuery& query) override;

  Result<void> insert_complaint(Complaint& complaint) override;
  Result<void> update_complaint(Complaint& complaint) override;
  Result<Complaint> complaint(ComplaintId id) override;
  Result<std::vector<Complaint>> complaints(const ComplaintQuery& query) override;
  Result<void> append_complaint_step(ComplaintStep& step) override;
  Result<std::vector<ComplaintStep>> complaint_steps(ComplaintId id) override;

  Result<void> insert_claim(Claim& claim) override;
  Result<void> update_claim(Claim& claim) override;
  Result<Claim> claim(ClaimId id) override;
  Result<std::optional<ClaimId>> claim_by_number(std::string_view number) override;
  Result<std::vector<Claim>> claims(const ClaimQuery& query) override;
  Result<void> append_claim_transition(ClaimTransition& transition) override;
  Result<std::vector<ClaimTransition>> claim_transitions(ClaimId id) override;

  Result<void> insert_service_request(ServiceRequest& request) override;
  Result<void> update_service_request(ServiceRequest& request) override;
  Result<ServiceRequest> service_request(ServiceRequestId id) override;
  Result<std::vector<ServiceRequest>> service_requests(const ServiceRequestQuery& query) override;
  Result<void> append_service_step(ServiceRequestStep& step) override;
  Result<std::vector<ServiceRequestStep>> service_steps(ServiceRequestId id) override;

  Result<void> insert_survey_response(SurveyResponse& response) override;
  Result<std::vector<SurveyResponse>> survey_responses(const SurveyQuery& query) override;

 private:
  Result<void> writable() const;

  ServiceState& s_;
  UndoLog& undo_;
  const bool& finished_;
  TxMode mode_;
};

}  // namespace inscrm::storage::memory
