#pragma once
// domain.md C4: a claim (理赔) from report to payment. Its status changes through one transition
// table with guards, the same shape as the policy lifecycle: apply_event is a pure function of
// (claim, event, context) that checks the table and the guard, moves the claim, and returns the
// transition to append to its history. progress() answers the customer's two questions — where is
// my claim, and what is still missing — from the claim alone (domain.md C4, C12 self-service).

#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/money.hpp>
#include <inscrm/core/result.hpp>

#include <optional>
#include <string>
#include <vector>

namespace inscrm {


enum class ClaimType { Death, CriticalIllness, Medical, AccidentDisability, HospitalAllowance, PropertyDamage, Motor };
INSCRM_ENUM_TEXT(ClaimType, "death", "critical_illness", "medical", "accident_disability", "hospital_allowance",
                 "property_damage", "motor")

enum class ClaimStatus { Reported, DocumentsPending, UnderAssessment, Approved, Declined, Paid, Closed };
INSCRM_ENUM_TEXT(ClaimStatus, "reported", "documents_pending", "under_assessment", "approved", "declined", "paid",
                 "closed")

enum class ClaimEvent {
  RequestDocuments,  // Reported → DocumentsPending: something on the checklist has not arrived
  StartAssessment,   // Reported | DocumentsPending → UnderAssessment: everything on the checklist is in
  Approve,           // UnderAssessment → Approved, with the approved amount
  Decline,           // UnderAssessment → Declined (拒赔), with the reason
  Pay,               // Approved → Paid: the approved amount not yet paid is paid
  Close,             // Paid → Closed
  Reopen,            // Declined | Closed → UnderAssessment: new evidence or a dispute
};
INSCRM_ENUM_TEXT(ClaimEvent, "request_documents", "start_assessment", "approve", "decline", "pay", "close", "reopen")

// One document as it arrived. Names are stable keys ("death_certificate"); see required_documents.
struct ClaimDocument {
  std::string name;
  Instant received_at{};
};

struct Claim {
  ClaimId id;
  std::int64_t version = 0;
  std::optional<std::string> external_ref;
  std::string number;  // the claim (report) number the customer quotes

  PolicyId policy;
  CustomerId claimant;  // who claims: the insured, or a beneficiary after a death
  ClaimType type = ClaimType::Medical;
  Date incident_date{};
  Instant reported_at{};

  ClaimStatus status = ClaimStatus::Reported;
  Date status_since{};
  Money claimed_amount;
  std::optional<Money> approved_amount;  // the total approved over the claim's life
  std::optional<Money> paid_amount;      // the total paid so far
  std::optional<Date> paid_on;           // the last payment
  std::vector<std::string> required_documents;  // the checklist; from required_documents(type) at report
  std::vector<ClaimDocument> documents;         // as received, in order; a name may arrive again
  std::string decline_reason;
  int reopen_count = 0;

  OrgUnitId org_unit;
  Instant created_at{};
  Instant updated_at{};
};

// The default checklist per claim type (the host may add to a claim's list at report):
//   death:               claim_form, death_certificate, beneficiary_id, policy_contract, household_cancellation
//   critical_illness:    claim_form, insured_id, diagnosis, pathology_report, medical_records
//   medical:             claim_form, insured_id, invoices, expense_list, diagnosis, discharge_summary
//   accident_disability: claim_form, insured_id, accident_report, disability_assessment, medical_records
//   hospital_allowance:  claim_form, insured_id, admission_record, discharge_summary
//   property_damage:     claim_form, loss_report, damage_photos, repair_estimate, ownership_proof
//   motor:               claim_form, driving_licence, vehicle_licence, accident_report, repair_invoice
std::vector<std::string> required_documents(ClaimType type);

// The checklist entries no received document covers, in checklist order.
std::vector<std::string> missing_documents(const Claim& claim);

struct ClaimContext {
  Date on{};          // business date of the event
  Instant now{};      // when it is recorded (from the injected clock)
  std::string actor;  // Actor::user
  std::string reason;  // required to Decline and to Reopen
  std::optional<Money> approved_amount;  // Approve
  std::optional<Money> sum_insured;      // Approve: the policy's, which no approval may exceed
};

struct ClaimTransition {
  ClaimTransitionId id;
  ClaimId claim;
  ClaimStatus from = ClaimStatus::Reported;
  ClaimStatus to = ClaimStatus::Reported;
  ClaimEvent event = ClaimEvent::RequestDocuments;
  Date effective_on{};
  Instant at{};
  std::string actor;
  std::string reason;
};

// The report checks: a policy ("policy"), a claimant ("claimant"), a positive claimed amount
// ("claimed_amount"), an incident not after the report ("incident_date"), reported no later than
// now ("reported_at").
Result<void> validate_claim(const Claim& claim, Instant now);

// Intake: validates the draft, puts it in Reported on ctx.on, fills the checklist from the claim
// type when the draft brings none, and stamps created_at / updated_at with ctx.now. No transition is
// returned: the claim's history starts with its first event.
Result<void> report_claim(Claim& draft, const ClaimContext& ctx);

// Records a document as received. Any status but Closed; InvalidArgument "name" when blank.
Result<void> receive_document(Claim& claim, std::string name, Instant at);

// The table itself: where `event` leads from `from`, or nullopt when the table has no such row.
std::optional<ClaimStatus> transition_target(ClaimStatus from, ClaimEvent event) noexcept;

// Checks table and guard, then moves the claim. On any error nothing is changed.
// No row: IllegalTransition "cannot <event> a claim that is <status>" (so paying a declined claim is
// refused). Guards: RequestDocuments needs something missing; StartAssessment needs nothing missing
// (IllegalTransition, field "documents", naming what is missing); Approve needs an approved amount
// and the sum insured (IllegalTransition naming the field), and the amount in the claim's currency
// with 0 < amount ≤ claimed, ≤ sum insured and ≥ what was already paid (InvalidArgument
// "approved_amount"); Pay needs something approved and not yet paid; Decline and Reopen a reason.
// Side effects: Approve sets the approved amount; Decline the decline reason; Pay sets paid_amount
// to the approved total and paid_on to ctx.on; Reopen counts a reopen and clears the decline reason.
Result<ClaimTransition> apply_event(Claim& claim, ClaimEvent event, const ClaimContext& ctx);

// "Where is my claim and what is missing."
struct ClaimProgress {
  ClaimStatus status = ClaimStatus::Reported;
  std::vector<std::string> missing_documents;
  int days_since_reported = 0;  // whole days (24 h) from reported_at to now
  std::string next_step;  // one sentence for the customer or the call-centre agent
};

ClaimProgress progress(const Claim& claim, Instant now);

}  // namespace inscrm
