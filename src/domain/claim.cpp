#include <inscrm/domain/claim.hpp>

#include <inscrm/core/validation.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>  // fmt::join (in format.h before fmt 11)

#include <algorithm>
#include <array>
#include <chrono>

namespace inscrm {

namespace {

using S = ClaimStatus;
using E = ClaimEvent;

struct Row {
  ClaimStatus from;
  ClaimEvent event;
  ClaimStatus to;
};

// domain.md C4: reported → documents pending → under assessment → approved | declined → paid →
// closed, and reopen.
constexpr std::array kTable{
    Row{S::Reported, E::RequestDocuments, S::DocumentsPending},
    Row{S::Reported, E::StartAssessment, S::UnderAssessment},
    Row{S::DocumentsPending, E::StartAssessment, S::UnderAssessment},
    Row{S::UnderAssessment, E::Approve, S::Approved},
    Row{S::UnderAssessment, E::Decline, S::Declined},
    Row{S::Approved, E::Pay, S::Paid},
    Row{S::Paid, E::Close, S::Closed},
    Row{S::Declined, E::Reopen, S::UnderAssessment},
    Row{S::Closed, E::Reopen, S::UnderAssessment},
};

Error refused(std::string message, std::string field = "status") {
  return Error::illegal_transition(std::move(message), std::move(field));
}

Money paid_so_far(const Claim& c) { return c.paid_amount.value_or(Money::zero(c.claimed_amount.currency)); }

std::optional<Error> check_approval(const Claim& c, const ClaimContext& ctx) {
  if (!ctx.approved_amount) return refused("give the approved amount", "approved_amount");
  if (!ctx.sum_insured) return refused("give the policy's sum insured to check the approval against", "sum_insured");
  const Money& x = *ctx.approved_amount;
  const auto bad = [](std::string message) { return Error::invalid_argument("approved_amount", std::move(message)); };
  // Compared only once the currencies agree: Money throws on a mixed comparison.
  if (x.currency != c.claimed_amount.currency || x.currency != ctx.sum_insured->currency)
    return bad(fmt::format("{} is not in the currency of the claim ({}) and the policy ({})", x.to_string(),
                           c.claimed_amount.currency.view(), ctx.sum_insured->currency.view()));
  if (x.minor <= 0) return bad("an approval is a positive amount; decline the claim instead");
  if (x > c.claimed_amount) return bad(fmt::format("{} is more than was claimed ({})", x.to_string(),
                                                   c.claimed_amount.to_string()));
  if (x > *ctx.sum_insured)
    return bad(fmt::format("{} is more than the sum insured ({})", x.to_string(), ctx.sum_insured->to_string()));
  const Money paid = paid_so_far(c);
  if (x < paid)
    return bad(fmt::format("{} is less than was already paid ({})", x.to_string(), paid.to_string()));
  return std::nullopt;
}

// The row's guard: nullopt when the event may happen, else why not.
std::optional<Error> check_guard(const Claim& c, ClaimEvent event, const ClaimContext& ctx) {
  switch (event) {
    case E::RequestDocuments:
      if (missing_documents(c).empty()) return refused("every required document is in; start the assessment", "documents");
      return std::nullopt;
    case E::StartAssessment: {
      // domain.md C4: assessment starts on a complete file; the customer is told what is missing.
      const auto missing = missing_documents(c);
      if (!missing.empty())
        return refused(fmt::format("documents still missing: {}", fmt::join(missing, ", ")), "documents");
      return std::nullopt;
    }
    case E::Approve:
      return check_approval(c, ctx);
    case E::Pay:
      if (!c.approved_amount || *c.approved_amount == paid_so_far(c))
        return refused("nothing approved is left to pay", "approved_amount");
      return std::nullopt;
    case E::Decline:
      // 拒赔 must be explained to the claimant, and is what a dispute or a regulator reads first.
      if (trim(ctx.reason).empty()) return refused("a reason is required to decline a claim", "reason");
      return std::nullopt;
    case E::Reopen:
      if (trim(ctx.reason).empty()) return refused("a reason is required to reopen a claim", "reason");
      return std::nullopt;
    case E::Close:
      return std::nullopt;
  }
  return refused("unknown event");
}

}  // namespace

std::vector<std::string> required_documents(ClaimType type) {
  switch (type) {
    case ClaimType::Death:
      return {"claim_form", "death_certificate", "beneficiary_id", "policy_contract", "household_cancellation"};
    case ClaimType::CriticalIllness:
      return {"claim_form", "insured_id", "diagnosis", "pathology_report", "medical_records"};
    case ClaimType::Medical:
      return {"claim_form", "insured_id", "invoices", "expense_list", "diagnosis", "discharge_summary"};
    case ClaimType::AccidentDisability:
      return {"claim_form", "insured_id", "accident_report", "disability_assessment", "medical_records"};
    case ClaimType::HospitalAllowance:
      return {"claim_form", "insured_id", "admission_record", "discharge_summary"};
    case ClaimType::PropertyDamage:
      return {"claim_form", "loss_report", "damage_photos", "repair_estimate", "ownership_proof"};
    case ClaimType::Motor:
      return {"claim_form", "driving_licence", "vehicle_licence", "accident_report", "repair_invoice"};
  }
  return {"claim_form"};
}

std::vector<std::string> missing_documents(const Claim& c) {
  std::vector<std::string> missing;
  for (const auto& name : c.required_documents) {
    const bool in = std::any_of(c.documents.begin(), c.documents.end(),
                                [&](const ClaimDocument& d) { return d.name == name; });
    if (!in) missing.push_back(name);
  }
  return missing;
}

Result<void> validate_claim(const Claim& c, Instant now) {
  if (!c.policy) return Error::invalid_argument("policy", "a claim is made under a policy");
  if (!c.claimant) return Error::invalid_argument("claimant", "name the customer who claims");
  if (c.claimed_amount.minor <= 0) return Error::invalid_argument("claimed_amount", "claim a positive amount");
  if (c.reported_at > now)
    return Error::invalid_argument("reported_at", fmt::format("{} is in the future", to_string(c.reported_at)));
  if (!c.incident_date.ok() || c.incident_date > date_of(c.reported_at))
    return Error::invalid_argument("incident_date", "the incident happens before it is reported");
  for (std::size_t i = 0; i < c.required_documents.size(); ++i)
    if (trim(c.required_documents[i]).empty())
      return Error::invalid_argument(fmt::format("required_documents[{}]", i), "a document needs a name");
  return ok();
}

Result<void> report_claim(Claim& draft, const ClaimContext& ctx) {
  INSCRM_TRYV(validate_claim(draft, ctx.now));
  if (draft.required_documents.empty()) draft.required_documents = required_documents(draft.type);
  draft.status = S::Reported;
  draft.status_since = ctx.on;
  draft.approved_amount.reset();
  draft.paid_amount.reset();
  draft.paid_on.reset();
  draft.decline_reason.clear();
  draft.reopen_count = 0;
  draft.created_at = ctx.now;
  draft.updated_at = ctx.now;
  return ok();
}

Result<void> receive_document(Claim& c, std::string name, Instant at) {
  if (trim(name).empty()) return Error::invalid_argument("name", "a document needs a name");
  if (c.status == S::Closed) return refused("the claim is closed; reopen it to add documents");
  c.documents.push_back(ClaimDocument{std::string{trim(name)}, at});
  c.updated_at = at;
  return ok();
}

std::optional<ClaimStatus> transition_target(ClaimStatus from, ClaimEvent event) noexcept {
  const auto* row = std::find_if(kTable.begin(), kTable.end(),
                                 [&](const Row& r) { return r.from == from && r.event == event; });
  if (row == kTable.end()) return std::nullopt;
  return row->to;
}

Result<ClaimTransition> apply_event(Claim& c, ClaimEvent event, const ClaimContext& ctx) {
  const auto to = transition_target(c.status, event);
  if (!to)
    return Error::illegal_transition(fmt::format("cannot {} a claim that is {}", to_string(event), to_string(c.status)));
  if (auto refusal = check_guard(c, event, ctx)) return std::move(*refusal);

  // Past the guard nothing can fail, so an error above always leaves the claim as it was.
  const ClaimStatus from = c.status;
  switch (event) {
    case E::Approve:
      c.approved_amount = ctx.approved_amount;
      break;
    case E::Decline:
      c.decline_reason = ctx.reason;
      break;
    case E::Pay:
      c.paid_amount = c.approved_amount;
      c.paid_on = ctx.on;
      break;
    case E::Reopen:
      ++c.reopen_count;
      c.decline_reason.clear();
      break;
    default:
      break;
  }
  c.status = *to;
  c.status_since = ctx.on;
  c.updated_at = ctx.now;

  ClaimTransition t;
  t.claim = c.id;
  t.from = from;
  t.to = *to;
  t.event = event;
  t.effective_on = ctx.on;
  t.at = ctx.now;
  t.actor = ctx.actor;
  t.reason = ctx.reason;
  return t;
}

ClaimProgress progress(const Claim& c, Instant now) {
  ClaimProgress p;
  p.status = c.status;
  p.missing_documents = missing_documents(c);
  // Whole 24-hour days, so the answer does not depend on the time zone of whoever asks.
  const auto waited = std::chrono::floor<std::chrono::days>(now - c.reported_at).count();
  p.days_since_reported = waited > 0 ? static_cast<int>(waited) : 0;
  switch (c.status) {
    case S::Reported:
    case S::DocumentsPending:
      p.next_step = p.missing_documents.empty()
                        ? "All documents are in; the assessment starts next."
                        : fmt::format("Send the missing documents: {}.", fmt::join(p.missing_documents, ", "));
      break;
    case S::UnderAssessment:
      p.next_step = "The claim is being assessed; a decision follows.";
      break;
    case S::Approved:
      p.next_step = fmt::format("Approved for {}; payment follows.",
                                c.approved_amount ? c.approved_amount->to_string() : std::string{"?"});
      break;
    case S::Declined:
      p.next_step = fmt::format("Declined: {}. The claimant may ask for a review with new evidence.", c.decline_reason);
      break;
    case S::Paid:
      p.next_step = fmt::format("Paid {} on {}.", c.paid_amount ? c.paid_amount->to_string() : std::string{"?"},
                                c.paid_on ? to_string(*c.paid_on) : std::string{"?"});
      break;
    case S::Closed:
      p.next_step = "Closed; nothing more to do.";
      break;
  }
  return p;
}

}  // namespace inscrm
