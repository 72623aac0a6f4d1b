#pragma once

#include <inscrm/core/money.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/crm/service_base.hpp>
#include <inscrm/domain/claim.hpp>
#include <inscrm/security/actor.hpp>
#include <inscrm/storage/service_records.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inscrm {

// domain.md C4: claims (理赔) from report to payment. Each call is one transaction: the pure step
// (claim.hpp apply_event), the claim saved with its version check, the transition appended to its
// history and an outbox event (claim.reported, .documents_requested, .document_received,
// .assessment_started, .approved, .declined, .paid, .closed, .reopened).
class ClaimService : detail::ServiceBase {
 public:
  // Validates the draft (validate_claim) and:
  //  - the policy exists and covered the incident: it was issued, the incident is on or after its
  //    effective date, and the policy is either in force (grace included) or ended on or after the
  //    incident (a claim for a death before a lapse or an expiry is still a claim). Quotes,
  //    declined applications and policies cancelled in the free-look window (void from the start)
  //    never covered anything: InvalidArgument "policy"; an incident outside cover:
  //    InvalidArgument "incident_date";
  //  - the claimant exists (NotFound "claimant") and is the holder, an insured or a named
  //    beneficiary of the policy — or anyone for a death claim when the policy names no
  //    beneficiary (statutory heirs): else InvalidArgument "claimant";
  //  - the claimed amount is in the policy's currency ("claimed_amount").
  // Defaults: number generated from the id ("C0000000042") when empty; reported_at = now when left
  // at the epoch; org_unit = the policy's; the checklist from the claim type (domain
  // required_documents) plus any names the draft brings; documents the draft brings count as
  // received (at now, unless their time is given). A claim reported with documents missing moves
  // to DocumentsPending at once, so the customer sees what to send.
  Result<Claim> report(const Actor& actor, Claim draft) const;
  // Records a document as received (any status but Closed); claim.document_received.
  Result<Claim> receive_document(const Actor& actor, ClaimId id, std::string name) const;
  Result<Claim> start_assessment(const Actor& actor, ClaimId id, std::string note = {}) const;
  // 0 < amount ≤ claimed and ≤ the policy's sum insured (InvalidArgument "approved_amount").
  Result<Claim> approve(const Actor& actor, ClaimId id, Money amount, std::string note = {}) const;
  Result<Claim> decline(const Actor& actor, ClaimId id, std::string reason) const;
  // Pays what is approved and not yet paid. A paid death claim ends the policy: PolicyEvent
  // Terminate "death claim paid" through the C2 lifecycle, recorded in the policy's history, in
  // the same transaction (a policy that has already ended — lapsed, expired, matured — is left as
  // it is). Paying a declined claim is IllegalTransition.
  Result<Claim> pay(const Actor& actor, ClaimId id, std::optional<Date> on = std::nullopt) const;
  Result<Claim> close(const Actor& actor, ClaimId id, std::string note = {}) const;
  Result<Claim> reopen(const Actor& actor, ClaimId id, std::string reason) const;
  // Any step by its event. ctx.on defaults to today; ctx.now and ctx.actor are the facade's;
  // ctx.sum_insured is always the policy's.
  Result<Claim> apply_event(const Actor& actor, ClaimId id, ClaimEvent event, ClaimContext ctx = {}) const;

  // "Where is my claim and what is missing" (domain progress()), as of now.
  Result<ClaimProgress> progress(const Actor& actor, ClaimId id) const;
  Result<Claim> get(const Actor& actor, ClaimId id) const;
  Result<Claim> by_number(const Actor& actor, std::string_view number) const;  // NotFound "number"
  Result<std::vector<Claim>> list(const Actor& actor, const storage::ClaimQuery& query = {}) const;
  Result<std::vector<ClaimTransition>> history(const Actor& actor, ClaimId id) const;

 private:
  friend class Crm;
  using ServiceBase::ServiceBase;
};

}  // namespace inscrm
