#pragma once
// The storage port for service and complaints (domain.md C4–C6): the interaction log, complaints,
// claims and service requests with their append-only histories, and survey responses. Reached
// through Transaction::service(), so it shares the transaction of the service call: a complaint
// step, its history record and its outbox event commit together or not at all.
//
// The rules of store.hpp hold here too: insert_* assigns the id and sets version = 1 (records that
// have a version); update_* writes only when the stored version equals the given one, then
// increments it (else Conflict, nothing changed); unknown ids are NotFound; external_ref and
// claim numbers are unique (AlreadyExists). Queries page by id (`after`, `limit`), in id order.

#include <inscrm/core/id.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/domain/claim.hpp>
#include <inscrm/domain/complaint.hpp>
#include <inscrm/domain/interaction.hpp>
#include <inscrm/domain/service_request.hpp>
#include <inscrm/domain/survey.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace inscrm::storage {

struct InteractionQuery {
  std::optional<CustomerId> customer;
  std::optional<AgentId> agent;
  std::optional<Instant> from;  // started_at >= from
  std::optional<Instant> to;    // started_at < to
  InteractionId after;
  std::size_t limit = 1000;
};

struct ComplaintQuery {
  std::optional<CustomerId> customer;
  std::vector<ComplaintStatus> statuses;  // empty = any
  std::optional<std::string> department;
  std::optional<std::string> assignee;
  std::optional<Instant> received_from;  // received_at >= from
  std::optional<Instant> received_to;    // received_at < to
  ComplaintId after;
  std::size_t limit = 1000;
};

struct ClaimQuery {
  std::optional<PolicyId> policy;
  std::optional<CustomerId> claimant;
  std::vector<ClaimStatus> statuses;
  ClaimId after;
  std::size_t limit = 1000;
};

struct ServiceRequestQuery {
  std::optional<CustomerId> customer;
  std::optional<PolicyId> policy;
  std::vector<ServiceStatus> statuses;
  ServiceRequestId after;
  std::size_t limit = 1000;
};

struct SurveyQuery {
  std::optional<CustomerId> customer;
  std::optional<SurveyKind> kind;
  std::optional<Date> from;  // answered_on >= from
  std::optional<Date> to;    // answered_on < to
  SurveyResponseId after;
  std::size_t limit = 1000;
};

class ServiceRecords {
 public:
  virtual ~ServiceRecords() = default;
  ServiceRecords() = default;
  ServiceRecords(const ServiceRecords&) = delete;
  ServiceRecords& operator=(const ServiceRecords&) = delete;

  // Interactions: an append-only log.
  virtual Result<void> insert_interaction(Interaction& interaction) = 0;
  virtual Result<void> insert_interactions(std::vector<Interaction>& interactions) = 0;
  virtual Result<std::vector<Interaction>> interactions(const InteractionQuery& query) = 0;

  // Complaints and their steps.
  virtual Result<void> insert_complaint(Complaint& complaint) = 0;
  virtual Result<void> update_complaint(Complaint& complaint) = 0;
  virtual Result<Complaint> complaint(ComplaintId id) = 0;
  virtual Result<std::vector<Complaint>> complaints(const ComplaintQuery& query) = 0;
  virtual Result<void> append_complaint_step(ComplaintStep& step) = 0;
  virtual Result<std::vector<ComplaintStep>> complaint_steps(ComplaintId id) = 0;  // in append order

  // Claims and their transitions. number is unique.
  virtual Result<void> insert_claim(Claim& claim) = 0;
  virtual Result<void> update_claim(Claim& claim) = 0;
  virtual Result<Claim> claim(ClaimId id) = 0;
  virtual Result<std::optional<ClaimId>> claim_by_number(std::string_view number) = 0;
  virtual Result<std::vector<Claim>> claims(const ClaimQuery& query) = 0;
  virtual Result<void> append_claim_transition(ClaimTransition& transition) = 0;
  virtual Result<std::vector<ClaimTransition>> claim_transitions(ClaimId id) = 0;

  // Service requests (保全 and value-added services) and their steps.
  virtual Result<void> insert_service_request(ServiceRequest& request) = 0;
  virtual Result<void> update_service_request(ServiceRequest& request) = 0;
  virtual Result<ServiceRequest> service_request(ServiceRequestId id) = 0;
  virtual Result<std::vector<ServiceRequest>> service_requests(const ServiceRequestQuery& query) = 0;
  virtual Result<void> append_service_step(ServiceRequestStep& step) = 0;
  virtual Result<std::vector<ServiceRequestStep>> service_steps(ServiceRequestId id) = 0;

  // Survey responses: append-only.
  virtual Result<void> insert_survey_response(SurveyResponse& response) = 0;
  virtual Result<std::vector<SurveyResponse>> survey_responses(const SurveyQuery& query) = 0;
};

}  // namespace inscrm::storage
