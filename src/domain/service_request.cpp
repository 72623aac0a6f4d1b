#include <inscrm/domain/service_request.hpp>

#include <inscrm/core/validation.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace inscrm {

namespace {

using S = ServiceStatus;
using E = ServiceEvent;
using K = ServiceKind;

struct Row {
  ServiceStatus from;
  ServiceEvent event;
  ServiceStatus to;
};

// domain.md C4: submitted → in progress (⇄ waiting on the customer) → completed | rejected |
// cancelled.
constexpr std::array kTable{
    Row{S::Submitted, E::Start, S::InProgress},
    Row{S::InProgress, E::WaitOnCustomer, S::WaitingOnCustomer},
    Row{S::WaitingOnCustomer, E::CustomerResponded, S::InProgress},
    Row{S::InProgress, E::Complete, S::Completed},
    Row{S::Submitted, E::Reject, S::Rejected},
    Row{S::InProgress, E::Reject, S::Rejected},
    Row{S::WaitingOnCustomer, E::Reject, S::Rejected},
    Row{S::Submitted, E::Cancel, S::Cancelled},
    Row{S::InProgress, E::Cancel, S::Cancelled},
    Row{S::WaitingOnCustomer, E::Cancel, S::Cancelled},
};

Error refused(std::string message, std::string field = "status") {
  return Error::illegal_transition(std::move(message), std::move(field));
}

Error in_payload(Error e) {
  e.within("payload");
  return e;
}

// The payload alternative each kind carries (index into ServicePayload).
constexpr std::size_t payload_index(ServiceKind k) noexcept {
  switch (k) {
    case K::ChangeContact: return 1;
    case K::ChangeAddress: return 2;
    case K::ChangeBeneficiary: return 3;
    case K::ChangePaymentMethod: return 4;
    default: return 0;
  }
}

Result<void> validate_contacts(const ContactChange& change) {
  if (change.phones.empty() && change.emails.empty())
    return Error::invalid_argument("phones", "give the new phones or e-mails");
  for (std::size_t i = 0; i < change.phones.size(); ++i)
    if (auto r = normalize_mobile(change.phones[i].number); !r)
      return std::move(r.error().within(fmt::format("phones[{}]", i)));
  for (std::size_t i = 0; i < change.emails.size(); ++i) {
    if (auto r = normalize_email(change.emails[i].address); !r)
      return std::move(r.error().within(fmt::format("emails[{}]", i)));
  }
  return ok();
}

Result<void> validate_beneficiaries(const BeneficiaryChange& change) {
  int total = 0;
  const auto& list = change.beneficiaries;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& b = list[i];
    if (!b.customer) return Error::invalid_argument(fmt::format("beneficiaries[{}].customer", i), "name the beneficiary");
    if (b.share_percent < 1 || b.share_percent > 100)
      return Error::invalid_argument(fmt::format("beneficiaries[{}].share_percent", i),
                                     fmt::format("a share must be between 1 and 100 %, not {}", b.share_percent));
    const auto same = [&](const Beneficiary& o) { return o.customer == b.customer; };
    if (std::any_of(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(i), same))
      return Error::invalid_argument(fmt::format("beneficiaries[{}].customer", i), "beneficiary listed twice");
    total += b.share_percent;
  }
  // domain.md C2: shares sum to 100 %; no list at all means statutory heirs.
  if (!list.empty() && total != 100)
    return Error::invalid_argument("beneficiaries", fmt::format("beneficiary shares sum to {} %, not 100 %", total));
  return ok();
}

Result<void> validate_payload(const ServiceRequest& r) {
  const std::size_t want = payload_index(r.kind);
  if (r.payload.index() != want) {
    if (want == 0)
      return Error::invalid_argument("payload", fmt::format("a {} request carries no change", to_string(r.kind)));
    return Error::invalid_argument("payload", fmt::format("a {} request needs the change it asks for", to_string(r.kind)));
  }
  if (const auto* contacts = std::get_if<ContactChange>(&r.payload)) {
    if (auto v = validate_contacts(*contacts); !v) return in_payload(v.error());
  } else if (const auto* address = std::get_if<AddressChange>(&r.payload)) {
    if (trim(address->address.line).empty())
      return Error::invalid_argument("payload.address.line", "give the new address");
  } else if (const auto* beneficiaries = std::get_if<BeneficiaryChange>(&r.payload)) {
    if (auto v = validate_beneficiaries(*beneficiaries); !v) return in_payload(v.error());
  } else if (const auto* method = std::get_if<PaymentMethodChange>(&r.payload)) {
    if (method->channel == PayChannel::AutoDebit && trim(method->account).empty())
      return Error::invalid_argument("payload.account", "auto-debit needs the account to debit");
  }
  return ok();
}

// The row's guard: nullopt when the event may happen, else why not.
std::optional<Error> check_guard(const ServiceRequest& r, ServiceEvent event, const ServiceRequestContext& ctx) {
  switch (event) {
    case E::Complete:
      if (trim(ctx.result).empty()) return refused("record what was done", "result");
      if (needs_amount(r.kind) && !ctx.amount && !r.amount)
        return refused(fmt::format("a {} is completed with its amount", to_string(r.kind)), "amount");
      if (ctx.amount && ctx.amount->minor < 0) return Error::invalid_argument("amount", "cannot be negative");
      return std::nullopt;
    case E::Reject:
      if (trim(ctx.note).empty()) return refused("a reason is required to reject a request", "note");
      return std::nullopt;
    case E::Submit:
    case E::Start:
    case E::WaitOnCustomer:
    case E::CustomerResponded:
    case E::Cancel:
      return std::nullopt;
  }
  return refused("unknown event");
}

Result<void> move_clock(SlaClock& clock, ServiceEvent event, const ServiceRequestContext& ctx) {
  switch (event) {
    case E::Start: return record_acknowledged(clock, ctx.at);
    case E::WaitOnCustomer: return pause(clock, ctx.at, ctx.note.empty() ? "waiting on the customer" : ctx.note);
    case E::CustomerResponded: return resume(clock, ctx.at);
    case E::Complete:
    case E::Reject:
    case E::Cancel: return record_resolved(clock, ctx.at);
    case E::Submit: return ok();
  }
  return ok();
}

ServiceRequestStep step_of(const ServiceRequest& r, ServiceStatus from, ServiceEvent event,
                           const ServiceRequestContext& ctx) {
  ServiceRequestStep s;
  s.request = r.id;
  s.from = from;
  s.to = r.status;
  s.event = event;
  s.at = ctx.at;
  s.actor = ctx.actor;
  s.note = event == E::Complete ? ctx.result : ctx.note;
  return s;
}

}  // namespace

Result<void> validate_service_request(const ServiceRequest& r, Instant now) {
  if (!r.customer) return Error::invalid_argument("customer", "a service request comes from a customer");
  if (r.policy && !r.policy->valid()) return Error::invalid_argument("policy", "not a stored policy id");
  if (is_policy_bound(r.kind) && !r.policy)
    return Error::invalid_argument("policy", fmt::format("a {} request names its policy", to_string(r.kind)));
  if (r.amount && r.amount->minor < 0) return Error::invalid_argument("amount", "cannot be negative");
  if ((r.kind == K::PolicyLoan || r.kind == K::LoanRepayment) && (!r.amount || r.amount->minor <= 0))
    return Error::invalid_argument("amount", fmt::format("a {} request states a positive amount", to_string(r.kind)));
  if (r.requested_at > now)
    return Error::invalid_argument("requested_at", fmt::format("{} is in the future", to_string(r.requested_at)));
  return validate_payload(r);
}

Result<ServiceRequestStep> submit_request(ServiceRequest& draft, const ServiceRequestContext& ctx) {
  INSCRM_TRYV(validate_service_request(draft, ctx.at));
  draft.status = S::Submitted;
  draft.completed_at.reset();
  draft.result.clear();
  draft.sla = SlaClock{};
  draft.sla.started_at = draft.requested_at;
  draft.created_at = ctx.at;
  draft.updated_at = ctx.at;
  return step_of(draft, S::Submitted, E::Submit, ctx);
}

std::optional<ServiceStatus> transition_target(ServiceStatus from, ServiceEvent event) noexcept {
  const auto* row = std::find_if(kTable.begin(), kTable.end(),
                                 [&](const Row& r) { return r.from == from && r.event == event; });
  if (row == kTable.end()) return std::nullopt;
  return row->to;
}

Result<ServiceRequestStep> apply_event(ServiceRequest& r, ServiceEvent event, const ServiceRequestContext& ctx) {
  const auto to = transition_target(r.status, event);
  if (!to)
    return Error::illegal_transition(
        fmt::format("cannot {} a service request that is {}", to_string(event), to_string(r.status)));
  if (ctx.at < r.requested_at)
    return Error::invalid_argument("at", fmt::format("{} is before the request was made ({})", to_string(ctx.at),
                                                     to_string(r.requested_at)));
  if (auto refusal = check_guard(r, event, ctx)) return std::move(*refusal);
  SlaClock clock = r.sla;
  INSCRM_TRYV(move_clock(clock, event, ctx));

  // Past this point nothing can fail, so an error above always leaves the request as it was.
  const ServiceStatus from = r.status;
  switch (event) {
    case E::Start:
      if (!ctx.assignee.empty()) r.assignee = ctx.assignee;
      break;
    case E::Complete:
      r.result = ctx.result;
      if (ctx.amount) r.amount = ctx.amount;
      r.completed_at = ctx.at;
      break;
    case E::Reject:
    case E::Cancel:
      r.result = ctx.note;
      break;
    default:
      break;
  }
  r.sla = std::move(clock);
  r.status = *to;
  r.updated_at = ctx.at;
  return step_of(r, from, event, ctx);
}

const SlaRow& sla_row_for(const SlaPolicy& policy, const ServiceRequest& request) noexcept {
  return sla_row_for(policy, to_string(request.kind), "");
}

}  // namespace inscrm
