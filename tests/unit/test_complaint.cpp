// domain.md C5: the complaint handling table, its guards, classification, the SLA it drives,
// escalation on a missed deadline (once), and the assignment rule.

#include <inscrm/core/business_calendar.hpp>
#include <inscrm/core/clock.hpp>
#include <inscrm/domain/complaint.hpp>
#include <inscrm/domain/sla.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace doctest {
template <>
struct StringMaker<inscrm::Instant> {
  static String convert(const inscrm::Instant& t) { return inscrm::to_string(t).c_str(); }
};
}  // namespace doctest

using namespace inscrm;
using namespace std::chrono_literals;

namespace {

using S = ComplaintStatus;
using E = ComplaintEvent;

std::string name(std::optional<ComplaintStatus> s) { return s ? std::string{to_string(*s)} : std::string{"(none)"}; }

// The handling flow as domain.md C5 and complaint.hpp describe it, event by event, so that it is
// an independent statement of the rules and not a copy of the library's table.
std::optional<ComplaintStatus> expected_target(ComplaintStatus from, ComplaintEvent event) {
  auto from_any = [&](std::initializer_list<ComplaintStatus> froms, std::optional<ComplaintStatus> to)
      -> std::optional<ComplaintStatus> {
    for (auto f : froms)
      if (f == from) return to ? *to : from;  // no target: the status stays
    return std::nullopt;
  };
  const auto same = std::nullopt;
  switch (event) {
    case E::Receive: return std::nullopt;
    case E::Assign: return from_any({S::Received}, S::Assigned);
    case E::Reassign: return from_any({S::Assigned, S::Investigating, S::SolutionProposed}, same);
    case E::StartInvestigation: return from_any({S::Assigned}, S::Investigating);
    case E::ProposeSolution: return from_any({S::Investigating}, S::SolutionProposed);
    case E::InformCustomer: return from_any({S::SolutionProposed}, S::CustomerInformed);
    case E::Close: return from_any({S::CustomerInformed}, S::Closed);
    case E::Reopen: return from_any({S::CustomerInformed, S::Closed}, S::Investigating);
    case E::Escalate:
      return from_any({S::Received, S::Assigned, S::Investigating, S::SolutionProposed, S::CustomerInformed}, same);
    case E::WaitOnCustomer:
    case E::CustomerResponded:
      return from_any({S::Received, S::Assigned, S::Investigating, S::SolutionProposed}, same);
  }
  return std::nullopt;
}

BusinessCalendar china_2024() {
  BusinessCalendar cal = BusinessCalendar::office_hours({{9h, 12h}, {13h, 18h}});
  for (int d = 1; d <= 7; ++d) cal.holidays.insert(2024y / 10 / d);
  cal.make_up_days = {2024y / 9 / 29, 2024y / 10 / 12};
  return cal;
}

Instant beijing(Date d, std::chrono::minutes time_of_day) { return start_of(d) + time_of_day - 8h; }

const Instant kReceived = beijing(2024y / 9 / 26, 16h);  // a Thursday afternoon

// A complaint about a delayed service, received by the call centre, as a fresh draft.
Complaint draft() {
  Complaint c;
  c.id = ComplaintId{77};
  c.customer = CustomerId{1};
  c.policy = PolicyId{42};
  c.channel = Channel::CallCentre;
  c.matter = "My address change has been pending for three weeks.";
  c.received_at = kReceived;
  c.category = ComplaintCategory::Service;
  c.subcategory = "delay";
  c.severity = ComplaintSeverity::Medium;
  c.org_unit = OrgUnitId{3};
  c.agent = AgentId{9};
  return c;
}

ComplaintContext at(Instant t, std::string note = {}) {
  ComplaintContext ctx;
  ctx.at = t;
  ctx.actor = "u-1024";
  ctx.note = std::move(note);
  return ctx;
}

// A context that satisfies every guard.
ComplaintContext everything(Instant t) {
  ComplaintContext ctx = at(t, "any note");
  ctx.department = "customer service";
  ctx.assignee = "u-7";
  ctx.resolution = "Apologise and process the change today.";
  ctx.root_cause = RootCause::Process;
  ctx.customer_satisfaction = 4;
  return ctx;
}

// A complaint in the given status, with the fields and SLA clock that status implies.
Complaint complaint_in(ComplaintStatus status) {
  Complaint c = draft();
  c.sla.started_at = kReceived;
  c.status = status;
  if (status != S::Received) {
    c.department = "customer service";
    c.assignee = "u-7";
    c.sla.acknowledged_at = kReceived + 1h;
  }
  if (status == S::SolutionProposed || status == S::CustomerInformed || status == S::Closed)
    c.resolution = "Apologise and process the change today.";
  if (status == S::CustomerInformed || status == S::Closed) c.sla.resolved_at = kReceived + 20h;
  if (status == S::Closed) {
    c.root_cause = RootCause::Process;
    c.closed_at = kReceived + 21h;
  }
  return c;
}

void check_unchanged(const Complaint& after, const Complaint& before) {
  CHECK(after.status == before.status);
  CHECK(after.department == before.department);
  CHECK(after.assignee == before.assignee);
  CHECK(after.resolution == before.resolution);
  CHECK(after.root_cause == before.root_cause);
  CHECK(after.customer_satisfaction == before.customer_satisfaction);
  CHECK(after.reopen_count == before.reopen_count);
  CHECK(after.escalation_level == before.escalation_level);
  CHECK(after.closed_at == before.closed_at);
  CHECK(after.updated_at == before.updated_at);
  CHECK(after.sla.pauses.size() == before.sla.pauses.size());
  CHECK(is_paused(after.sla) == is_paused(before.sla));
  CHECK(after.sla.acknowledged_at == before.sla.acknowledged_at);
  CHECK(after.sla.resolved_at == before.sla.resolved_at);
}

void check_refused(Complaint& c, ComplaintEvent event, const ComplaintContext& ctx, Errc code,
                   const std::string& field) {
  const Complaint before = c;
  const auto r = apply_event(c, event, ctx);
  REQUIRE_FALSE(r);
  CHECK(r.error().code() == code);
  CHECK(r.error().field() == field);
  CHECK_FALSE(r.error().message().empty());
  check_unchanged(c, before);
}

// Each legal row: a complaint and context that pass, and the guard failures the row has.
struct Failure {
  Complaint complaint;
  ComplaintContext ctx;
  std::string field;
};
struct RowScenario {
  Complaint complaint;
  ComplaintContext pass;
  std::vector<Failure> fails;
};

RowScenario scenario_for(ComplaintStatus from, ComplaintEvent event) {
  const Instant t = kReceived + 22h;
  RowScenario s{complaint_in(from), everything(t), {}};
  const auto fail_with = [&](auto change, std::string field) {
    Failure f{s.complaint, s.pass, std::move(field)};
    change(f);
    s.fails.push_back(std::move(f));
  };
  switch (event) {
    case E::Assign:
    case E::Reassign:
      fail_with([](Failure& f) { f.ctx.department.clear(); }, "department");
      fail_with([](Failure& f) { f.ctx.assignee = "  "; }, "assignee");
      break;
    case E::ProposeSolution:
      fail_with([](Failure& f) { f.ctx.resolution.clear(); }, "resolution");
      break;
    case E::Close:
      fail_with([](Failure& f) { f.ctx.root_cause.reset(); }, "root_cause");
      break;
    case E::Escalate:
    case E::Reopen:
      fail_with([](Failure& f) { f.ctx.note.clear(); }, "note");
      break;
    case E::WaitOnCustomer:
      fail_with([&](Failure& f) { REQUIRE(pause(f.complaint.sla, t - 1h, "already waiting")); }, "sla");
      break;
    case E::CustomerResponded:
      REQUIRE(pause(s.complaint.sla, t - 1h, "waiting"));
      fail_with([&](Failure& f) { REQUIRE(resume(f.complaint.sla, t - 30min)); }, "sla");
      break;
    default:
      break;
  }
  return s;
}

}  // namespace

TEST_CASE("the complaint table matches domain.md C5 for every status and event") {
  int legal = 0;
  for (const auto from : enum_values<ComplaintStatus>()) {
    for (const auto event : enum_values<ComplaintEvent>()) {
      INFO(to_string(from), " + ", to_string(event));
      const auto expected = expected_target(from, event);
      CHECK(name(transition_target(from, event)) == name(expected));
      if (expected) {
        ++legal;
        continue;
      }
      Complaint c = complaint_in(from);
      const Complaint before = c;
      const auto r = apply_event(c, event, everything(kReceived + 30h));
      REQUIRE_FALSE(r);
      CHECK(r.error().code() == Errc::IllegalTransition);
      CHECK(r.error().field() == "status");
      CHECK(r.error().message() == "cannot " + std::string{to_string(event)} + " a complaint that is " +
                                       std::string{to_string(from)});
      check_unchanged(c, before);
    }
  }
  CHECK(legal == 23);
}

TEST_CASE("only a closed complaint has no way out, and even it can be reopened") {
  for (const auto from : enum_values<ComplaintStatus>()) {
    int ways_out = 0;
    for (const auto event : enum_values<ComplaintEvent>()) ways_out += transition_target(from, event) ? 1 : 0;
    INFO(to_string(from));
    CHECK(ways_out > 0);
    CHECK(is_open(from) == (from != S::Closed));
  }
  CHECK(transition_target(S::Closed, E::Reopen) == S::Investigating);
}

TEST_CASE("every legal row applies when its guard passes and changes nothing when it fails") {
  for (const auto from : enum_values<ComplaintStatus>()) {
    for (const auto event : enum_values<ComplaintEvent>()) {
      const auto to = expected_target(from, event);
      if (!to) continue;
      INFO(to_string(from), " + ", to_string(event));
      RowScenario s = scenario_for(from, event);
      {
        Complaint c = s.complaint;
        const auto step = apply_event(c, event, s.pass);
        REQUIRE(step);
        CHECK(c.status == *to);
        CHECK(c.updated_at == s.pass.at);
        CHECK(step.value().complaint == ComplaintId{77});
        CHECK_FALSE(step.value().id.valid());
        CHECK(step.value().from == from);
        CHECK(step.value().to == *to);
        CHECK(step.value().event == event);
        CHECK(step.value().at == s.pass.at);
        CHECK(step.value().actor == "u-1024");
      }
      for (auto& f : s.fails) {
        INFO("guard on ", f.field);
        check_refused(f.complaint, event, f.ctx, Errc::IllegalTransition, f.field);
      }
    }
  }
}

TEST_CASE("closing a complaint that is not assigned, or not answered, is an illegal transition") {
  for (const auto from : {S::Received, S::Assigned, S::Investigating, S::SolutionProposed}) {
    INFO(to_string(from));
    Complaint c = complaint_in(from);
    const auto r = apply_event(c, E::Close, everything(kReceived + 2h));
    REQUIRE_FALSE(r);
    CHECK(r.error().is_illegal_transition());
    CHECK(c.status == from);
    CHECK_FALSE(c.closed_at);
  }
  Complaint c = complaint_in(S::Received);
  CHECK(apply_event(c, E::Close, everything(kReceived + 2h)).error().message() ==
        "cannot close a complaint that is received");
}

TEST_CASE("classification: each category has its own sub-categories") {
  const auto names = [](ComplaintCategory cat) {
    std::vector<std::string> out;
    for (auto s : complaint_subcategories(cat)) out.emplace_back(s);
    return out;
  };
  CHECK(names(ComplaintCategory::Product) == std::vector<std::string>{"coverage", "pricing", "terms", "claims_decision"});
  CHECK(names(ComplaintCategory::Service) ==
        std::vector<std::string>{"attitude", "delay", "wrong_information", "agent_conduct"});
  CHECK(names(ComplaintCategory::Compliance) ==
        std::vector<std::string>{"mis_selling", "privacy", "unauthorised_change", "other"});
  for (const auto cat : enum_values<ComplaintCategory>())
    for (const auto sub : complaint_subcategories(cat)) CHECK(validate_classification(cat, sub));

  const auto r = validate_classification(ComplaintCategory::Product, "delay");
  REQUIRE_FALSE(r);
  CHECK(r.error().is_invalid_argument());
  CHECK(r.error().field() == "subcategory");
  CHECK(r.error().message() ==
        "'delay' is not a sub-category of product complaints (one of: coverage, pricing, terms, claims_decision)");
  CHECK_FALSE(validate_classification(ComplaintCategory::Service, ""));
  CHECK_FALSE(validate_classification(ComplaintCategory::Service, "other"));
}

TEST_CASE("intake validates the draft and opens the history") {
  const Instant now = kReceived + 10min;
  SUBCASE("a good draft is received") {
    Complaint c = draft();
    c.status = S::Closed;  // whatever the draft says, intake starts at the beginning
    c.escalation_level = 3;
    const auto step = receive_complaint(c, at(now, "caller was upset"));
    REQUIRE(step);
    CHECK(c.status == S::Received);
    CHECK(c.escalation_level == 0);
    CHECK(c.sla.started_at == kReceived);
    CHECK(c.sla.pauses.empty());
    CHECK(c.created_at == now);
    CHECK(c.updated_at == now);
    CHECK(step.value().event == E::Receive);
    CHECK(step.value().from == S::Received);
    CHECK(step.value().to == S::Received);
    CHECK(step.value().at == now);
    CHECK(step.value().note == "caller was upset");
  }
  SUBCASE("each intake fact is checked") {
    const auto field_of = [&](auto change) {
      Complaint c = draft();
      change(c);
      const auto r = receive_complaint(c, at(now));
      REQUIRE_FALSE(r);
      CHECK(r.error().is_invalid_argument());
      return r.error().field();
    };
    CHECK(field_of([](Complaint& c) { c.customer = CustomerId{}; }) == "customer");
    CHECK(field_of([](Complaint& c) { c.policy = PolicyId{}; }) == "policy");
    CHECK(field_of([](Complaint& c) { c.matter = " \t"; }) == "matter");
    CHECK(field_of([&](Complaint& c) { c.received_at = now + 1min; }) == "received_at");
    CHECK(field_of([](Complaint& c) { c.category = ComplaintCategory::Compliance; }) == "subcategory");
    CHECK(field_of([](Complaint& c) { c.org_unit = OrgUnitId{}; }) == "org_unit");
    CHECK(field_of([](Complaint& c) { c.customer_satisfaction = 0; }) == "customer_satisfaction");
  }
  SUBCASE("receive is not an event of the table") {
    for (const auto s : enum_values<ComplaintStatus>()) CHECK_FALSE(transition_target(s, E::Receive));
  }
}

TEST_CASE("a complaint handled over a weekend and the National Day holiday, waiting on the customer") {
  const BusinessCalendar cal = china_2024();
  const SlaPolicy policy = standard_complaint_sla();
  SlaPolicy strict = policy;
  strict.fallback = SlaRow{"", "", 4h, 24h, SlaCalendar::Business};  // half a day, three days
  ManualClock clock{kReceived + 5min};
  Complaint c = draft();
  std::vector<ComplaintStep> history;
  const auto step = [&](ComplaintEvent e, ComplaintContext ctx) {
    ctx.at = clock.now();
    auto s = apply_event(c, e, ctx);
    REQUIRE(s);
    history.push_back(s.value());
  };

  REQUIRE(receive_complaint(c, at(clock.now())));
  const SlaRow& row = sla_row_for(strict, c);
  CHECK(deadline_acknowledge(c.sla, row, cal) == beijing(2024y / 9 / 27, 11h));
  CHECK(deadline_resolve(c.sla, row, cal) == beijing(2024y / 9 / 30, 16h));

  clock.set(beijing(2024y / 9 / 27, 10h));
  ComplaintContext assign = at(clock.now());
  assign.department = "customer service";
  assign.assignee = "u-7";
  step(E::Assign, assign);
  CHECK(c.sla.acknowledged_at == clock.now());
  CHECK(history.back().note == "assigned to u-7 (customer service)");

  clock.set(beijing(2024y / 9 / 27, 14h));
  step(E::StartInvestigation, at(clock.now()));

  clock.set(beijing(2024y / 9 / 30, 10h));
  step(E::WaitOnCustomer, at(clock.now(), "asked for the original application form"));
  CHECK(is_paused(c.sla));
  CHECK(c.sla.pauses.back().reason == "asked for the original application form");
  CHECK(deadline_resolve(c.sla, row, cal) == std::nullopt);

  clock.set(beijing(2024y / 10 / 8, 10h));
  step(E::CustomerResponded, at(clock.now()));
  CHECK(deadline_resolve(c.sla, row, cal) == beijing(2024y / 10 / 8, 16h));

  clock.set(beijing(2024y / 10 / 8, 11h));
  ComplaintContext propose = at(clock.now());
  propose.resolution = "Process the change today and waive the next service fee.";
  step(E::ProposeSolution, propose);
  CHECK(c.resolution == "Process the change today and waive the next service fee.");

  clock.set(beijing(2024y / 10 / 8, 15h + 45min));
  step(E::InformCustomer, at(clock.now()));
  CHECK(c.sla.resolved_at == clock.now());
  CHECK_FALSE(breaches(c.sla, row, cal, beijing(2024y / 10 / 20, 0h)).any());

  clock.set(beijing(2024y / 10 / 9, 9h));
  ComplaintContext close = at(clock.now());
  close.root_cause = RootCause::Process;
  close.customer_satisfaction = 4;
  step(E::Close, close);
  CHECK(c.status == S::Closed);
  CHECK(c.closed_at == clock.now());
  CHECK(c.root_cause == RootCause::Process);
  CHECK(c.customer_satisfaction == 4);

  std::vector<std::string> path;
  for (const auto& s : history) path.emplace_back(fmt::format("{}>{}", to_string(s.event), to_string(s.to)));
  CHECK(path == std::vector<std::string>{"assign>assigned", "start_investigation>investigating",
                                         "wait_on_customer>investigating", "customer_responded>investigating",
                                         "propose_solution>solution_proposed", "inform_customer>customer_informed",
                                         "close>closed"});
}

TEST_CASE("reopen when the customer disagrees") {
  Complaint c = complaint_in(S::Closed);
  c.customer_satisfaction = 1;
  const Instant reopened_at = kReceived + 48h;
  const auto r = apply_event(c, E::Reopen, at(reopened_at, "the fee was not waived"));
  REQUIRE(r);
  CHECK(c.status == S::Investigating);
  CHECK(c.reopen_count == 1);
  CHECK_FALSE(c.closed_at);
  CHECK_FALSE(c.customer_satisfaction);
  CHECK_FALSE(c.sla.resolved_at);
  REQUIRE(c.sla.pauses.size() == 1);
  CHECK(c.sla.pauses[0].start == kReceived + 20h);
  CHECK(c.sla.pauses[0].end == reopened_at);
  CHECK(r.value().note == "the fee was not waived");

  // Answered again and closed again: the second reopen is counted too.
  ComplaintContext ctx = everything(reopened_at + 1h);
  REQUIRE(apply_event(c, E::ProposeSolution, ctx));
  REQUIRE(apply_event(c, E::InformCustomer, ctx));
  REQUIRE(apply_event(c, E::Reopen, at(reopened_at + 2h, "still not waived")));
  CHECK(c.reopen_count == 2);
  CHECK(c.status == S::Investigating);
}

TEST_CASE("escalation on a missed deadline fires once per deadline") {
  const BusinessCalendar cal = china_2024();
  const SlaRow row{"", "", 4h, 24h, SlaCalendar::Business};
  ManualClock clock{kReceived};
  Complaint c = draft();
  REQUIRE(receive_complaint(c, at(clock.now())));

  std::vector<ComplaintStep> escalations;
  for (; clock.now() < beijing(2024y / 10 / 10, 0h); clock.advance(30min)) {
    ComplaintContext ctx = at(clock.now());
    ctx.actor = "system";
    for (auto& s : escalate_overdue(c, row, cal, ctx)) escalations.push_back(s);
  }
  REQUIRE(escalations.size() == 2);
  CHECK(escalations[0].event == E::Escalate);
  CHECK(escalations[0].from == S::Received);
  CHECK(escalations[0].to == S::Received);
  CHECK(escalations[0].actor == "system");
  CHECK(escalations[0].at == beijing(2024y / 9 / 27, 11h + 30min));
  CHECK(escalations[0].note == "acknowledge deadline 2024-09-27T03:00:00.000000Z missed");
  CHECK(escalations[1].at == beijing(2024y / 9 / 30, 16h + 30min));
  CHECK(escalations[1].note == "resolve deadline 2024-09-30T08:00:00.000000Z missed");
  CHECK(c.escalation_level == 2);
  CHECK(c.sla.breached_ack_at == beijing(2024y / 9 / 27, 11h));
  CHECK(c.sla.breached_resolve_at == beijing(2024y / 9 / 30, 16h));

  SUBCASE("a run long after escalates for both deadlines at once, then never again") {
    Complaint d = draft();
    REQUIRE(receive_complaint(d, at(kReceived)));
    const auto late = escalate_overdue(d, row, cal, at(beijing(2024y / 10 / 20, 9h)));
    CHECK(late.size() == 2);
    CHECK(d.escalation_level == 2);
    CHECK(escalate_overdue(d, row, cal, at(beijing(2024y / 10 / 21, 9h))).empty());
    CHECK(d.escalation_level == 2);
  }
  SUBCASE("a closed complaint gets the breach recorded but no escalation step") {
    Complaint d = complaint_in(S::Closed);
    d.sla.resolved_at = beijing(2024y / 10 / 1, 12h);  // answered after the 09-30 16:00 deadline
    const auto steps = escalate_overdue(d, row, cal, at(beijing(2024y / 10 / 9, 9h)));
    CHECK(steps.empty());
    CHECK(d.escalation_level == 0);
    CHECK(d.sla.breached_resolve_at == beijing(2024y / 9 / 30, 16h));
  }
}

TEST_CASE("escalation by hand, and at intake for severe complaints") {
  Complaint c = complaint_in(S::Investigating);
  REQUIRE(apply_event(c, E::Escalate, at(kReceived + 2h, "customer threatens to go to the regulator")));
  REQUIRE(apply_event(c, E::Escalate, at(kReceived + 3h, "head of branch asked")));
  CHECK(c.escalation_level == 2);
  CHECK(c.status == S::Investigating);

  CHECK_FALSE(escalates_at_intake(ComplaintSeverity::Low));
  CHECK_FALSE(escalates_at_intake(ComplaintSeverity::Medium));
  CHECK(escalates_at_intake(ComplaintSeverity::High));
  CHECK(escalates_at_intake(ComplaintSeverity::Critical));
  CHECK_FALSE(escalates_at_intake(ComplaintSeverity::High, ComplaintSeverity::Critical));
}

TEST_CASE("bad values and times are invalid arguments, and change nothing") {
  Complaint c = complaint_in(S::CustomerInformed);
  ComplaintContext ctx = everything(kReceived + 30h);
  ctx.customer_satisfaction = 6;
  check_refused(c, E::Close, ctx, Errc::InvalidArgument, "customer_satisfaction");
  check_refused(c, E::Escalate, everything(kReceived - 1min), Errc::InvalidArgument, "at");
  // Resuming before the pause began is caught by the SLA clock.
  Complaint d = complaint_in(S::Investigating);
  REQUIRE(pause(d.sla, kReceived + 3h, "waiting"));
  check_refused(d, E::CustomerResponded, at(kReceived + 2h), Errc::InvalidArgument, "at");
  // A root cause already recorded during the investigation is enough to close.
  Complaint e = complaint_in(S::CustomerInformed);
  e.root_cause = RootCause::Communication;
  REQUIRE(apply_event(e, E::Close, at(kReceived + 30h)));
  CHECK(e.root_cause == RootCause::Communication);
}

TEST_CASE("reassignment keeps the progress and records who took over") {
  Complaint c = complaint_in(S::Investigating);
  ComplaintContext ctx = at(kReceived + 5h, "escalated to the regional office");
  ctx.department = "regional complaints";
  ctx.assignee = "u-99";
  const auto r = apply_event(c, E::Reassign, ctx);
  REQUIRE(r);
  CHECK(c.status == S::Investigating);
  CHECK(c.department == "regional complaints");
  CHECK(c.assignee == "u-99");
  CHECK(c.sla.acknowledged_at == kReceived + 1h);  // the first acknowledgement stands
  CHECK(r.value().note == "assigned to u-99 (regional complaints); escalated to the regional office");
}

TEST_CASE("the SLA row of a complaint and the standard policy") {
  const SlaPolicy policy = standard_complaint_sla();
  CHECK(validate_complaint_sla_policy(policy));
  Complaint c = draft();
  CHECK(sla_row_for(policy, c).resolve_within == 80h);
  c.severity = ComplaintSeverity::High;
  CHECK(sla_row_for(policy, c).resolve_within == 40h);
  c.severity = ComplaintSeverity::Critical;
  CHECK(sla_row_for(policy, c).calendar == SlaCalendar::RoundTheClock);
  CHECK(sla_row_for(policy, c).acknowledge_within == 2h);

  SlaPolicy bad = policy;
  bad.rows.push_back(SlaRow{"billing", "", 1h, 2h});
  CHECK(validate_complaint_sla_policy(bad).error().field() == "rows[2].category");
  bad.rows.back() = SlaRow{"service", "urgent", 1h, 2h};
  CHECK(validate_complaint_sla_policy(bad).error().field() == "rows[2].severity");
}

TEST_CASE("choose_assignee: round robin and least busy") {
  AssignmentRule rule{"customer service", AssignmentMode::RoundRobin, {"u-1", "u-2", "u-3"}};
  SUBCASE("round robin follows the rotation and wraps") {
    CHECK(choose_assignee(rule, {}).value() == "u-1");
    CHECK(choose_assignee(rule, {}, "u-1").value() == "u-2");
    CHECK(choose_assignee(rule, {}, "u-3").value() == "u-1");
    CHECK(choose_assignee(rule, {}, "u-left-the-company").value() == "u-1");
  }
  SUBCASE("least busy takes the lightest load; ties go round") {
    rule.mode = AssignmentMode::LeastBusy;
    const std::vector<HandlerLoad> loads{{"u-1", 4}, {"u-2", 2}, {"u-3", 2}, {"u-9", 0}};
    CHECK(choose_assignee(rule, loads).value() == "u-2");
    CHECK(choose_assignee(rule, loads, "u-2").value() == "u-3");
    CHECK(choose_assignee(rule, loads, "u-3").value() == "u-2");
    // Someone with no entry has no open cases.
    const std::vector<HandlerLoad> partial{{"u-1", 1}, {"u-2", 3}};
    CHECK(choose_assignee(rule, partial, "u-1").value() == "u-3");
  }
  SUBCASE("a department without handlers") {
    rule.handlers.clear();
    const auto r = choose_assignee(rule, {});
    REQUIRE_FALSE(r);
    CHECK(r.error().is_invalid_argument());
    CHECK(r.error().field() == "handlers");
  }
}
