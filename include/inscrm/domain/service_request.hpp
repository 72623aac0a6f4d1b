#pragma once
// domain.md C4: service requests — policy servicing (保全: changes, policy loan and repayment,
// reinstatement, surrender) and the value-added services (health consultation, emergency rescue,
// legal aid), each with a status, an SLA and a result. The status changes through one transition
// table with guards; apply_event returns the step to append to the request's history.
//
// A request never changes a policy by itself. When completing it must move the policy (surrender,
// reinstatement), policy_effect names the PolicyEvent and the facade applies it through the C2
// lifecycle (policy_lifecycle.hpp) in the same transaction, so its guards still decide.

#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/money.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/domain/customer.hpp>
#include <inscrm/domain/interaction.hpp>
#include <inscrm/domain/payment.hpp>
#include <inscrm/domain/policy.hpp>
#include <inscrm/domain/policy_lifecycle.hpp>
#include <inscrm/domain/sla.hpp>

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace inscrm {


enum class ServiceKind { ChangeContact, ChangeAddress, ChangeBeneficiary, ChangePaymentMethod, PolicyLoan,
                         LoanRepayment, Reinstatement, Surrender, HealthConsultation, EmergencyRescue, LegalAid };
INSCRM_ENUM_TEXT(ServiceKind, "change_contact", "change_address", "change_beneficiary", "change_payment_method",
                 "policy_loan", "loan_repayment", "reinstatement", "surrender", "health_consultation",
                 "emergency_rescue", "legal_aid")

// Requests about one policy; contact and address changes and the value-added services are about the
// customer, and may name a policy or not.
constexpr bool is_policy_bound(ServiceKind k) noexcept {
  return k == ServiceKind::ChangeBeneficiary || k == ServiceKind::ChangePaymentMethod ||
         k == ServiceKind::PolicyLoan || k == ServiceKind::LoanRepayment || k == ServiceKind::Reinstatement ||
         k == ServiceKind::Surrender;
}
// domain.md C4: value-added services, recorded as service requests of their own type.
constexpr bool is_value_added(ServiceKind k) noexcept {
  return k == ServiceKind::HealthConsultation || k == ServiceKind::EmergencyRescue || k == ServiceKind::LegalAid;
}
// The request is for money: the loan asked for, the repayment made (needed at submission), the
// surrender value paid out (needed at completion, when the core system has computed it).
constexpr bool needs_amount(ServiceKind k) noexcept {
  return k == ServiceKind::PolicyLoan || k == ServiceKind::LoanRepayment || k == ServiceKind::Surrender;
}

// The PolicyEvent that completing a request of this kind applies to its policy, if any:
// Surrender → PolicyEvent::Surrender, Reinstatement → PolicyEvent::Reinstate.
constexpr std::optional<PolicyEvent> policy_effect(ServiceKind k) noexcept {
  switch (k) {
    case ServiceKind::Surrender: return PolicyEvent::Surrender;
    case ServiceKind::Reinstatement: return PolicyEvent::Reinstate;
    default: return std::nullopt;
  }
}

enum class ServiceStatus { Submitted, InProgress, WaitingOnCustomer, Completed, Rejected, Cancelled };
INSCRM_ENUM_TEXT(ServiceStatus, "submitted", "in_progress", "waiting_on_customer", "completed", "rejected",
                 "cancelled")

constexpr bool is_open(ServiceStatus s) noexcept {
  return s == ServiceStatus::Submitted || s == ServiceStatus::InProgress || s == ServiceStatus::WaitingOnCustomer;
}

enum class ServiceEvent {
  Submit,             // intake: the first step of every history (submit_request); never through apply_event
  Start,              // Submitted → InProgress; acknowledges the SLA
  WaitOnCustomer,     // InProgress → WaitingOnCustomer; the SLA clock stops
  CustomerResponded,  // WaitingOnCustomer → InProgress; the SLA clock runs again
  Complete,           // InProgress → Completed, with the result
  Reject,             // Submitted | InProgress | WaitingOnCustomer → Rejected, with the reason
  Cancel,             // Submitted | InProgress | WaitingOnCustomer → Cancelled: the customer withdrew
};
INSCRM_ENUM_TEXT(ServiceEvent, "submit", "start", "wait_on_customer", "customer_responded", "complete", "reject",
                 "cancel")

// What a change request asks for; the facade applies it to the customer or policy on completion.
struct ContactChange {
  std::vector<Phone> phones;  // the new set; empty = keep the phones
  std::vector<Email> emails;  // the new set; empty = keep the e-mails
};
struct AddressChange {
  Address address;
};
struct BeneficiaryChange {
  std::vector<Beneficiary> beneficiaries;  // shares sum to 100; empty = statutory heirs (法定受益人)
};
struct PaymentMethodChange {
  PayChannel channel = PayChannel::AutoDebit;
  std::string account;  // bank account for auto-debit (personal data: encrypted by the store)
};
// std::monostate for the kinds that change nothing (loans, reinstatement, surrender, value-added).
using ServicePayload = std::variant<std::monostate, ContactChange, AddressChange, BeneficiaryChange, PaymentMethodChange>;

struct ServiceRequest {
  ServiceRequestId id;
  std::int64_t version = 0;
  std::optional<std::string> external_ref;

  ServiceKind kind = ServiceKind::ChangeContact;
  CustomerId customer;
  std::optional<PolicyId> policy;  // required when is_policy_bound(kind)
  Channel channel = Channel::CallCentre;
  ServicePayload payload;
  std::optional<Money> amount;  // needs_amount(kind): loan, repayment, surrender value

  ServiceStatus status = ServiceStatus::Submitted;
  std::string assignee;  // user id handling it, if assigned
  Instant requested_at{};
  std::optional<Instant> completed_at;  // set by Complete only
  std::string result;                   // the outcome (Complete) or the reason (Reject, Cancel)
  SlaClock sla;                         // started at requested_at; resolved by Complete, Reject, Cancel

  OrgUnitId org_unit;
  std::optional<AgentId> agent;
  Instant created_at{};
  Instant updated_at{};
};

struct ServiceRequestContext {
  Instant at{};        // when the step happens (from the injected clock)
  std::string actor;   // Actor::user
  std::string note;    // why: required to Reject; the pause reason for WaitOnCustomer
  std::string result;  // Complete: what was done
  std::optional<Money> amount;  // Complete: the amount paid out or received, if not known before
  std::string assignee;         // Start: who takes it (optional)
};

struct ServiceRequestStep {
  ServiceRequestStepId id;  // assigned by the store
  ServiceRequestId request;
  ServiceStatus from = ServiceStatus::Submitted;
  ServiceStatus to = ServiceStatus::Submitted;
  ServiceEvent event = ServiceEvent::Submit;
  Instant at{};
  std::string actor;
  std::string note;
};

// The submission checks: a customer ("customer"); a policy for a policy-bound kind ("policy"); a
// positive amount for a loan or a repayment ("amount"), in any case not negative; requested no
// later than now ("requested_at"); the payload that fits the kind ("payload", or a field inside it
// such as "payload.phones[0].number" or "payload.beneficiaries"), and none for the other kinds.
Result<void> validate_service_request(const ServiceRequest& request, Instant now);

// Intake: validates the draft, puts it in Submitted with an SLA clock started at requested_at,
// stamps created_at / updated_at with ctx.at, and returns the Submit step that opens its history.
Result<ServiceRequestStep> submit_request(ServiceRequest& draft, const ServiceRequestContext& ctx);

// The table itself: where `event` leads from `from`, or nullopt when the table has no such row.
std::optional<ServiceStatus> transition_target(ServiceStatus from, ServiceEvent event) noexcept;

// Checks table and guard, then moves the request. On any error nothing is changed. No row:
// IllegalTransition "cannot <event> a service request that is <status>". Guards: Complete needs a
// result ("result") and, for a loan, repayment or surrender, an amount ("amount"); Reject needs a
// note ("note"). ctx.at before the request was made is InvalidArgument "at".
// Side effects: Start acknowledges the SLA and records ctx.assignee when given; WaitOnCustomer and
// CustomerResponded pause and resume it; Complete, Reject and Cancel resolve it (ending any pause),
// and write the result (or the note) into `result`; Complete sets completed_at and any amount.
Result<ServiceRequestStep> apply_event(ServiceRequest& request, ServiceEvent event, const ServiceRequestContext& ctx);

// The SLA row for a request: keyed by the text name of its kind, without a severity.
const SlaRow& sla_row_for(const SlaPolicy& policy, const ServiceRequest& request) noexcept;

}  // namespace inscrm
