#pragma once
// domain.md C5 [000 §6]: a complaint (投诉) from intake to close. Its handling is one transition
// table with guards; apply_event is a pure function of (complaint, event, context) that checks the
// table and the guard, changes the complaint and its SLA clock, and returns the step to append to
// the complaint's history. Nothing else changes a status.
//
// Escalation is a level, not a state. An escalated complaint keeps its place in the handling flow
// (one being investigated is still being investigated); the level says how far up it has gone and
// each Escalate step records why. A separate "escalated" state would lose where the work stood and
// need a way back for every state it can be entered from. Waiting on the customer is likewise not a
// state but a pause of the SLA clock (WaitOnCustomer / CustomerResponded), for the same reason.

#include <inscrm/core/business_calendar.hpp>
#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/domain/interaction.hpp>
#include <inscrm/domain/sla.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace inscrm {


// [000 §6.1.2]: product (cover, terms), service (attitude, process), compliance (contract, law).
enum class ComplaintCategory { Product, Service, Compliance };
INSCRM_ENUM_TEXT(ComplaintCategory, "product", "service", "compliance")

enum class ComplaintSeverity { Low, Medium, High, Critical };
INSCRM_ENUM_TEXT(ComplaintSeverity, "low", "medium", "high", "critical")

// What the investigation found behind the complaint: the key of the root-cause statistics
// (domain.md C5; [000 §6.1.4] "find the root of the problem and keep improving").
enum class RootCause { ProductDesign, PolicyWording, Pricing, Process, StaffConduct, AgentConduct, SystemError,
                       Communication, CustomerMisunderstanding, ThirdParty, Other };
INSCRM_ENUM_TEXT(RootCause, "product_design", "policy_wording", "pricing", "process", "staff_conduct",
                 "agent_conduct", "system_error", "communication", "customer_misunderstanding", "third_party",
                 "other")

// [000 §6.1.3]: preliminary review (Received) → assigned → investigating → solution proposed →
// customer informed → closed.
enum class ComplaintStatus { Received, Assigned, Investigating, SolutionProposed, CustomerInformed, Closed };
INSCRM_ENUM_TEXT(ComplaintStatus, "received", "assigned", "investigating", "solution_proposed", "customer_informed",
                 "closed")

constexpr bool is_open(ComplaintStatus s) noexcept { return s != ComplaintStatus::Closed; }

enum class ComplaintEvent {
  Receive,             // intake: the first step of every history (receive_complaint); never through apply_event
  Assign,              // Received → Assigned: department and handler chosen; acknowledges the complaint
  Reassign,            // Assigned | Investigating | SolutionProposed → same: another department or handler
  StartInvestigation,  // Assigned → Investigating
  ProposeSolution,     // Investigating → SolutionProposed: the resolution text is written
  InformCustomer,      // SolutionProposed → CustomerInformed: the customer has the answer; resolves the SLA
  Close,               // CustomerInformed → Closed: root cause and satisfaction recorded
  Reopen,              // CustomerInformed | Closed → Investigating: the customer disagrees
  Escalate,            // any open status → same, escalation_level + 1
  WaitOnCustomer,      // Received | Assigned | Investigating | SolutionProposed → same; the SLA clock stops
  CustomerResponded,   // the same statuses → same; the SLA clock runs again
};
INSCRM_ENUM_TEXT(ComplaintEvent, "receive", "assign", "reassign", "start_investigation", "propose_solution",
                 "inform_customer", "close", "reopen", "escalate", "wait_on_customer", "customer_responded")

// The sub-categories of each category, as stable text keys.
//   product:    coverage, pricing, terms, claims_decision
//   service:    attitude, delay, wrong_information, agent_conduct
//   compliance: mis_selling, privacy, unauthorised_change, other
std::span<const std::string_view> complaint_subcategories(ComplaintCategory category) noexcept;

// The sub-category must be one of its category's; InvalidArgument "subcategory" naming the allowed ones.
Result<void> validate_classification(ComplaintCategory category, std::string_view subcategory);

struct Complaint {
  ComplaintId id;
  std::int64_t version = 0;
  std::optional<std::string> external_ref;

  // Intake [000 §6.1.1]: who, about which policy, what, when, through which channel.
  CustomerId customer;
  std::optional<PolicyId> policy;
  Channel channel = Channel::CallCentre;
  std::string matter;  // the complaint as the customer put it
  Instant received_at{};

  ComplaintCategory category = ComplaintCategory::Service;
  std::string subcategory;  // one of complaint_subcategories(category)
  ComplaintSeverity severity = ComplaintSeverity::Medium;

  ComplaintStatus status = ComplaintStatus::Received;
  std::string department;
  std::string assignee;  // user id of the handler
  std::optional<RootCause> root_cause;
  std::string resolution;
  std::optional<int> customer_satisfaction;  // 1..5, asked when closing
  int reopen_count = 0;
  int escalation_level = 0;  // 0 = not escalated
  SlaClock sla;              // started at received_at

  OrgUnitId org_unit;  // the branch answerable for it: the key of "by branch" statistics
  std::optional<AgentId> agent;
  std::optional<Instant> closed_at;
  Instant created_at{};
  Instant updated_at{};
};

// What the guards need besides the complaint.
struct ComplaintContext {
  Instant at{};       // when the step happens (from the injected clock)
  std::string actor;  // Actor::user
  std::string note;   // why: required to Escalate and to Reopen (the customer's objection)
  std::string department;  // Assign, Reassign
  std::string assignee;    // Assign, Reassign
  std::string resolution;  // ProposeSolution
  std::optional<RootCause> root_cause;       // Close, unless the complaint already has one
  std::optional<int> customer_satisfaction;  // Close, optional, 1..5
};

// One entry of the append-only history (domain.md C5: every step is an event with actor and time).
struct ComplaintStep {
  ComplaintStepId id;  // assigned by the store
  ComplaintId complaint;
  ComplaintStatus from = ComplaintStatus::Received;
  ComplaintStatus to = ComplaintStatus::Received;
  ComplaintEvent event = ComplaintEvent::Receive;
  Instant at{};
  std::string actor;
  std::string note;
};

// The intake checks: a customer ("customer"), a valid policy id when one is named ("policy"), the
// matter in words ("matter"), received no later than now ("received_at"), a classification that
// fits ("subcategory"), an org unit ("org_unit"), a satisfaction score within 1..5
// ("customer_satisfaction").
Result<void> validate_complaint(const Complaint& complaint, Instant now);

// Intake: validates the draft, puts it in Received with a fresh SLA clock started at received_at,
// stamps created_at / updated_at with ctx.at, and returns the Receive step that opens its history.
Result<ComplaintStep> receive_complaint(Complaint& draft, const ComplaintContext& ctx);

// The table itself: where `event` leads from `from`, or nullopt when the table has no such row.
std::optional<ComplaintStatus> transition_target(ComplaintStatus from, ComplaintEvent event) noexcept;

// Checks table and guard, then moves the complaint (status, fields, SLA clock, updated_at). On any
// error nothing is changed. No row: IllegalTransition "cannot <event> a complaint that is <status>"
// (so closing a complaint that is not yet assigned, or not yet answered, is refused). Guards:
// Assign and Reassign need a department and an assignee; ProposeSolution a resolution text; Close a
// root cause; Escalate and Reopen a note — each an IllegalTransition naming the missing field.
// WaitOnCustomer needs the clock running, CustomerResponded paused (IllegalTransition "sla").
// A satisfaction outside 1..5 is InvalidArgument "customer_satisfaction"; ctx.at before the
// complaint was received is InvalidArgument "at".
// Side effects: Assign acknowledges the SLA; InformCustomer resolves it; Reopen counts a reopen,
// reopens the SLA clock (the time spent resolved does not count) and clears closed_at and the old
// satisfaction score; Escalate adds one level. Assign and Reassign record "assigned to <assignee>
// (<department>)" in the step's note, followed by ctx.note if any.
Result<ComplaintStep> apply_event(Complaint& complaint, ComplaintEvent event, const ComplaintContext& ctx);

// domain.md C5: escalation when severity is high — a complaint this severe is escalated at intake.
constexpr bool escalates_at_intake(ComplaintSeverity severity,
                                   ComplaintSeverity from = ComplaintSeverity::High) noexcept {
  return severity >= from;
}

// domain.md C5: escalation when an SLA deadline passes. The watchdog for one complaint: records any
// newly missed deadline (check_breach) and, while the complaint is open, escalates once per newly
// missed deadline — so a run that comes late escalates as often as hourly runs would have. A
// deadline already recorded never escalates again. Steps carry ctx.at, ctx.actor and a note naming
// the deadline; a closed complaint only gets the breach recorded.
std::vector<ComplaintStep> escalate_overdue(Complaint& complaint, const SlaRow& row, const BusinessCalendar& calendar,
                                            const ComplaintContext& ctx);

// The SLA row for a complaint: keyed by the text names of its category and severity.
const SlaRow& sla_row_for(const SlaPolicy& policy, const Complaint& complaint) noexcept;

// validate_sla_policy, plus: every non-empty key is a ComplaintCategory / ComplaintSeverity name
// ("rows[1].category", "rows[1].severity").
Result<void> validate_complaint_sla_policy(const SlaPolicy& policy);

// A starting point for hosts, not a regulation: acknowledge within 8 working hours and resolve
// within 80 (ten 8-hour days); high severity 4 and 40; critical 2 hours and 24 hours round the clock.
SlaPolicy standard_complaint_sla();

// Who gets the next complaint of a department.
enum class AssignmentMode { RoundRobin, LeastBusy };
INSCRM_ENUM_TEXT(AssignmentMode, "round_robin", "least_busy")

struct AssignmentRule {
  std::string department;
  AssignmentMode mode = AssignmentMode::RoundRobin;
  std::vector<std::string> handlers;  // user ids, in rotation order
};

struct HandlerLoad {
  std::string handler;
  int open_cases = 0;
};

// RoundRobin: the handler after `last_assigned` in the rotation (the first when there is none or
// it is no longer listed). LeastBusy: the handler with the fewest open cases (unlisted in `loads` =
// none); a tie goes to whoever comes first in the rotation after `last_assigned`, so ties spread
// evenly. InvalidArgument "handlers" when the rule lists nobody.
Result<std::string> choose_assignee(const AssignmentRule& rule, std::span<const HandlerLoad> loads,
                                    std::string_view last_assigned = {});

}  // namespace inscrm
