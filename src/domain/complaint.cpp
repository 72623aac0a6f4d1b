#include <inscrm/domain/complaint.hpp>

#include <inscrm/core/validation.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>  // fmt::join (in format.h before fmt 11)

#include <algorithm>
#include <array>
#include <chrono>

namespace inscrm {

namespace {

using S = ComplaintStatus;
using E = ComplaintEvent;

struct Row {
  ComplaintStatus from;
  ComplaintEvent event;
  ComplaintStatus to;
};

// domain.md C5 [000 §6.1.3]: the whole handling flow. Self-rows are steps that keep the status:
// reassignment, escalation, and waiting on the customer.
constexpr std::array kTable{
    Row{S::Received, E::Assign, S::Assigned},
    Row{S::Assigned, E::Reassign, S::Assigned},
    Row{S::Investigating, E::Reassign, S::Investigating},
    Row{S::SolutionProposed, E::Reassign, S::SolutionProposed},
    Row{S::Assigned, E::StartInvestigation, S::Investigating},
    Row{S::Investigating, E::ProposeSolution, S::SolutionProposed},
    Row{S::SolutionProposed, E::InformCustomer, S::CustomerInformed},
    Row{S::CustomerInformed, E::Close, S::Closed},
    Row{S::CustomerInformed, E::Reopen, S::Investigating},
    Row{S::Closed, E::Reopen, S::Investigating},
    Row{S::Received, E::Escalate, S::Received},
    Row{S::Assigned, E::Escalate, S::Assigned},
    Row{S::Investigating, E::Escalate, S::Investigating},
    Row{S::SolutionProposed, E::Escalate, S::SolutionProposed},
    Row{S::CustomerInformed, E::Escalate, S::CustomerInformed},
    Row{S::Received, E::WaitOnCustomer, S::Received},
    Row{S::Assigned, E::WaitOnCustomer, S::Assigned},
    Row{S::Investigating, E::WaitOnCustomer, S::Investigating},
    Row{S::SolutionProposed, E::WaitOnCustomer, S::SolutionProposed},
    Row{S::Received, E::CustomerResponded, S::Received},
    Row{S::Assigned, E::CustomerResponded, S::Assigned},
    Row{S::Investigating, E::CustomerResponded, S::Investigating},
    Row{S::SolutionProposed, E::CustomerResponded, S::SolutionProposed},
};

constexpr std::array<std::string_view, 4> kProduct{"coverage", "pricing", "terms", "claims_decision"};
constexpr std::array<std::string_view, 4> kService{"attitude", "delay", "wrong_information", "agent_conduct"};
constexpr std::array<std::string_view, 4> kCompliance{"mis_selling", "privacy", "unauthorised_change", "other"};

Error refused(std::string message, std::string field = "status") {
  return Error::illegal_transition(std::move(message), std::move(field));
}

bool blank(std::string_view text) noexcept { return trim(text).empty(); }

Result<void> check_satisfaction(const std::optional<int>& score) {
  if (score && (*score < 1 || *score > 5))
    return Error::invalid_argument("customer_satisfaction", fmt::format("a score is 1..5 (got {})", *score));
  return ok();
}

// The row's guard: nullopt when the event may happen, else why not.
std::optional<Error> check_guard(const Complaint& c, ComplaintEvent event, const ComplaintContext& ctx) {
  switch (event) {
    case E::Assign:
    case E::Reassign:
      // [000 §6.1.3]: assigned to a department *and* a person; either alone leaves nobody answerable.
      if (blank(ctx.department)) return refused("name the department that handles the complaint", "department");
      if (blank(ctx.assignee)) return refused("name the handler of the complaint", "assignee");
      return std::nullopt;
    case E::ProposeSolution:
      if (blank(ctx.resolution)) return refused("write the proposed solution", "resolution");
      return std::nullopt;
    case E::Close:
      // domain.md C5: statistics by root cause; a closed complaint without one is a hole in them.
      if (!ctx.root_cause && !c.root_cause) return refused("record the root cause before closing", "root_cause");
      if (auto bad = check_satisfaction(ctx.customer_satisfaction); !bad) return bad.error();
      return std::nullopt;
    case E::Escalate:
      if (blank(ctx.note)) return refused("say why the complaint is escalated", "note");
      return std::nullopt;
    case E::Reopen:
      if (blank(ctx.note)) return refused("record what the customer disagrees with", "note");
      return std::nullopt;
    case E::Receive:
    case E::StartInvestigation:
    case E::InformCustomer:
    case E::WaitOnCustomer:
    case E::CustomerResponded:
      return std::nullopt;
  }
  return refused("unknown event");
}

// The SLA side of the step, applied to a copy so that a refusal leaves the complaint untouched.
Result<void> move_clock(SlaClock& clock, ComplaintEvent event, const ComplaintContext& ctx) {
  switch (event) {
    case E::Assign: return record_acknowledged(clock, ctx.at);
    case E::InformCustomer: return record_resolved(clock, ctx.at);
    case E::Reopen: return record_reopened(clock, ctx.at);
    case E::WaitOnCustomer: return pause(clock, ctx.at, ctx.note.empty() ? "waiting on the customer" : ctx.note);
    case E::CustomerResponded: return resume(clock, ctx.at);
    default: return ok();
  }
}

ComplaintStep step_of(const Complaint& c, ComplaintStatus from, ComplaintEvent event, const ComplaintContext& ctx,
                      std::string note) {
  ComplaintStep s;
  s.complaint = c.id;
  s.from = from;
  s.to = c.status;
  s.event = event;
  s.at = ctx.at;
  s.actor = ctx.actor;
  s.note = std::move(note);
  return s;
}

}  // namespace

std::span<const std::string_view> complaint_subcategories(ComplaintCategory category) noexcept {
  switch (category) {
    case ComplaintCategory::Product: return kProduct;
    case ComplaintCategory::Service: return kService;
    case ComplaintCategory::Compliance: return kCompliance;
  }
  return {};
}

Result<void> validate_classification(ComplaintCategory category, std::string_view subcategory) {
  const auto allowed = complaint_subcategories(category);
  if (std::find(allowed.begin(), allowed.end(), subcategory) != allowed.end()) return ok();
  return Error::invalid_argument("subcategory", fmt::format("'{}' is not a sub-category of {} complaints (one of: {})",
                                                            subcategory, to_string(category),
                                                            fmt::join(allowed, ", ")));
}

Result<void> validate_complaint(const Complaint& c, Instant now) {
  if (!c.customer) return Error::invalid_argument("customer", "a complaint comes from a customer");
  if (c.policy && !c.policy->valid()) return Error::invalid_argument("policy", "not a stored policy id");
  if (blank(c.matter)) return Error::invalid_argument("matter", "record what the customer complains about");
  if (c.received_at > now)
    return Error::invalid_argument("received_at", fmt::format("{} is in the future", to_string(c.received_at)));
  INSCRM_TRYV(validate_classification(c.category, c.subcategory));
  if (!c.org_unit) return Error::invalid_argument("org_unit", "name the org unit answerable for the complaint");
  INSCRM_TRYV(check_satisfaction(c.customer_satisfaction));
  return ok();
}

Result<ComplaintStep> receive_complaint(Complaint& draft, const ComplaintContext& ctx) {
  INSCRM_TRYV(validate_complaint(draft, ctx.at));
  draft.status = S::Received;
  draft.reopen_count = 0;
  draft.escalation_level = 0;
  draft.closed_at.reset();
  draft.sla = SlaClock{};
  draft.sla.started_at = draft.received_at;
  draft.created_at = ctx.at;
  draft.updated_at = ctx.at;
  return step_of(draft, S::Received, E::Receive, ctx, ctx.note);
}

std::optional<ComplaintStatus> transition_target(ComplaintStatus from, ComplaintEvent event) noexcept {
  const auto* row = std::find_if(kTable.begin(), kTable.end(),
                                 [&](const Row& r) { return r.from == from && r.event == event; });
  if (row == kTable.end()) return std::nullopt;
  return row->to;
}

Result<ComplaintStep> apply_event(Complaint& c, ComplaintEvent event, const ComplaintContext& ctx) {
  const auto to = transition_target(c.status, event);
  if (!to)
    return Error::illegal_transition(
        fmt::format("cannot {} a complaint that is {}", to_string(event), to_string(c.status)));
  if (ctx.at < c.received_at)
    return Error::invalid_argument("at", fmt::format("{} is before the complaint was received ({})", to_string(ctx.at),
                                                     to_string(c.received_at)));
  if (auto refusal = check_guard(c, event, ctx)) return std::move(*refusal);
  SlaClock clock = c.sla;
  INSCRM_TRYV(move_clock(clock, event, ctx));

  // Past this point nothing can fail, so an error above always leaves the complaint as it was.
  const ComplaintStatus from = c.status;
  std::string note = ctx.note;
  switch (event) {
    case E::Assign:
    case E::Reassign:
      c.department = ctx.department;
      c.assignee = ctx.assignee;
      note = fmt::format("assigned to {} ({})", ctx.assignee, ctx.department);
      if (!ctx.note.empty()) note += "; " + ctx.note;
      break;
    case E::ProposeSolution:
      c.resolution = ctx.resolution;
      break;
    case E::Close:
      if (ctx.root_cause) c.root_cause = ctx.root_cause;
      if (ctx.customer_satisfaction) c.customer_satisfaction = ctx.customer_satisfaction;
      c.closed_at = ctx.at;
      break;
    case E::Reopen:
      ++c.reopen_count;
      c.closed_at.reset();
      c.customer_satisfaction.reset();  // that score judged the answer the customer has now rejected
      break;
    case E::Escalate:
      ++c.escalation_level;
      break;
    default:
      break;
  }
  c.sla = std::move(clock);
  c.status = *to;
  c.updated_at = ctx.at;
  return step_of(c, from, event, ctx, std::move(note));
}

std::vector<ComplaintStep> escalate_overdue(Complaint& c, const SlaRow& row, const BusinessCalendar& calendar,
                                            const ComplaintContext& ctx) {
  std::vector<ComplaintStep> steps;
  const SlaBreaches fresh = check_breach(c.sla, row, calendar, ctx.at);
  if (!fresh.any() || !is_open(c.status)) return steps;
  const auto escalate_for = [&](SlaKind kind, const std::optional<Instant>& due) {
    ComplaintContext why = ctx;
    why.note = fmt::format("{} deadline {} missed", to_string(kind), due ? to_string(*due) : std::string{"?"});
    // Escalate has a row from every open status and its only guard is the note, given here.
    if (auto step = apply_event(c, E::Escalate, why)) steps.push_back(std::move(step).value());
  };
  if (fresh.acknowledge) escalate_for(SlaKind::Acknowledge, c.sla.breached_ack_at);
  if (fresh.resolve) escalate_for(SlaKind::Resolve, c.sla.breached_resolve_at);
  return steps;
}

const SlaRow& sla_row_for(const SlaPolicy& policy, const Complaint& c) noexcept {
  return sla_row_for(policy, to_string(c.category), to_string(c.severity));
}

Result<void> validate_complaint_sla_policy(const SlaPolicy& policy) {
  INSCRM_TRYV(validate_sla_policy(policy));
  for (std::size_t i = 0; i < policy.rows.size(); ++i) {
    const auto& row = policy.rows[i];
    if (!row.category.empty() && !enum_from_string<ComplaintCategory>(row.category))
      return Error::invalid_argument(fmt::format("rows[{}].category", i),
                                     fmt::format("'{}' is not a complaint category", row.category));
    if (!row.severity.empty() && !enum_from_string<ComplaintSeverity>(row.severity))
      return Error::invalid_argument(fmt::format("rows[{}].severity", i),
                                     fmt::format("'{}' is not a complaint severity", row.severity));
  }
  return ok();
}

SlaPolicy standard_complaint_sla() {
  using std::chrono::hours;
  SlaPolicy policy;
  policy.fallback = SlaRow{"", "", hours{8}, hours{80}, SlaCalendar::Business};
  policy.rows = {
      SlaRow{"", "high", hours{4}, hours{40}, SlaCalendar::Business},
      // A night or a holiday must not buy time on a critical complaint.
      SlaRow{"", "critical", hours{2}, hours{24}, SlaCalendar::RoundTheClock},
  };
  return policy;
}

Result<std::string> choose_assignee(const AssignmentRule& rule, std::span<const HandlerLoad> loads,
                                    std::string_view last_assigned) {
  const auto& handlers = rule.handlers;
  if (handlers.empty())
    return Error::invalid_argument("handlers", fmt::format("department '{}' has no handlers", rule.department));
  // The rotation starts right after the last one assigned (at the top when unknown).
  const auto last = std::find(handlers.begin(), handlers.end(), last_assigned);
  const std::size_t first = last == handlers.end() ? 0 : static_cast<std::size_t>(last - handlers.begin()) + 1;
  const std::size_t n = handlers.size();
  if (rule.mode == AssignmentMode::RoundRobin) return handlers[first % n];

  const auto load_of = [&](const std::string& handler) {
    const auto it = std::find_if(loads.begin(), loads.end(), [&](const HandlerLoad& l) { return l.handler == handler; });
    return it == loads.end() ? 0 : it->open_cases;
  };
  std::size_t best = first % n;
  int best_load = load_of(handlers[best]);
  for (std::size_t k = 1; k < n; ++k) {
    const std::size_t i = (first + k) % n;
    const int load = load_of(handlers[i]);
    if (load < best_load) {
      best = i;
      best_load = load;
    }
  }
  return handlers[best];
}

}  // namespace inscrm
