#pragma once
// The SQL adapters' ServiceRecords (storage/service_records.hpp): a view of its SqlTransaction,
// which it reaches through friendship — the same connection, the same run() edge (exceptions become
// Errors; a failed transaction stays failed), the same prepared statements and bulk path.

#include <inscrm/storage/service_records.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace inscrm::storage::sql {

class SqlTransaction;

class SqlServiceRecords final : public ServiceRecords {
 public:
  explicit SqlServiceRecords(SqlTransaction& tx) noexcept : tx_(tx) {}

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
  // SqlTransaction::run for writes and for reads.
  template <class T, class Body>
  Result<T> write(Body&& body);
  template <class T, class Body>
  Result<T> read(Body&& body);

  Result<void> insert_interaction_row(Interaction& interaction);
  Error claim_key_taken(const Claim& claim);

  SqlTransaction& tx_;
};

}  // namespace inscrm::storage::sql
