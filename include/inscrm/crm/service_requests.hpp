#pragma once

#include <inscrm/core/money.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/crm/deadlines.hpp>
#include <inscrm/crm/service_base.hpp>
#include <inscrm/domain/service_request.hpp>
#include <inscrm/domain/sla.hpp>
#include <inscrm/security/actor.hpp>
#include <inscrm/storage/service_records.hpp>

#include <optional>
#include <string>
#include <vector>

namespace inscrm {

// domain.md C4: service requests — policy servicing (保全) and value-added services. Each call is
// one transaction: the pure step (service_request.hpp apply_event), the request saved with its
// version check, the step appended to its history and an outbox event (service_request.submitted,
// .started, .waiting_on_customer, .customer_responded, .completed, .rejected, .cancelled, and
// .sla_breached from the daily watchdog).
class ServiceRequestService : detail::ServiceBase {
 public:
  // Validates the draft (validate_service_request) and that the customer exists (NotFound
  // "customer"); a named policy exists (NotFound "policy") and, for a policy-bound kind, is held by
  // the customer (InvalidArgument "policy"); beneficiaries named in a change exist (NotFound
  // "payload.beneficiaries[i].customer"). Defaults: requested_at = now when left at the epoch,
  // org_unit = the customer's. Starts the SLA clock.
  Result<ServiceRequest> submit(const Actor& actor, ServiceRequest draft) const;
  Result<ServiceRequest> start(const Actor& actor, ServiceRequestId id, std::string assignee = {}) const;
  Result<ServiceRequest> wait_on_customer(const Actor& actor, ServiceRequestId id, std::string reason) const;
  Result<ServiceRequest> customer_responded(const Actor& actor, ServiceRequestId id, std::string note = {}) const;
  // Completes the request and applies what it asks for, in the same transaction — if the effect
  // fails, nothing is written (the request stays open):
  //  - surrender → PolicyEvent::Surrender, reinstatement → PolicyEvent::Reinstate, through the C2
  //    lifecycle (its guards decide; the transition is in the policy's history);
  //  - change_contact → the customer's phones and / or e-mails replaced by the new sets;
  //  - change_address → the new address becomes the customer's primary one (replacing the old
  //    primary address; other addresses are kept);
  //  - change_beneficiary → the policy's beneficiaries replaced (shares sum to 100; each must
  //    exist; a policy that has ended is not changed: InvalidArgument "policy");
  //  - the others (payment method, loans, value-added services) are recorded on the request only:
  //    the library keeps no payment-method or loan ledger of its own.
  Result<ServiceRequest> complete(const Actor& actor, ServiceRequestId id, std::string result,
                                  std::optional<Money> amount = std::nullopt) const;
  Result<ServiceRequest> reject(const Actor& actor, ServiceRequestId id, std::string reason) const;
  Result<ServiceRequest> cancel(const Actor& actor, ServiceRequestId id, std::string note = {}) const;
  // Any step by its event (Complete applies the effect as above). ctx.at and ctx.actor are the
  // facade's.
  Result<ServiceRequest> apply_event(const Actor& actor, ServiceRequestId id, ServiceEvent event,
                                     ServiceRequestContext ctx = {}) const;

  Result<ServiceRequest> get(const Actor& actor, ServiceRequestId id) const;
  Result<std::vector<ServiceRequest>> list(const Actor& actor, const storage::ServiceRequestQuery& query = {}) const;
  Result<std::vector<ServiceRequestStep>> history(const Actor& actor, ServiceRequestId id) const;
  Result<Deadlines> deadlines(const Actor& actor, ServiceRequestId id) const;

  // Replace the service-request SLA policy (validate_service_sla_policy); settings.changed event.
  Result<void> set_sla_policy(const Actor& actor, SlaPolicy policy) const;
  SlaPolicy sla_policy() const;

 private:
  friend class Crm;
  using ServiceBase::ServiceBase;
};

}  // namespace inscrm
