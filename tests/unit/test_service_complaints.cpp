// The complaint service on the memory store: SLA deadlines through the facade (weekend, holiday,
// make-up day, a pause), the daily watchdog escalating once, a policy change moving every deadline,
// intake escalation and assignment, typed refusals that write nothing, and the statistics.

#include <doctest/doctest.h>

#include "test_service_fixture.hpp"

#include <algorithm>
#include <atomic>
#include <set>
#include <string>
#include <thread>

using namespace std::chrono_literals;
using namespace inscrm;
using inscrm::test::admin;
using inscrm::test::clerk;
using inscrm::test::handler;
using inscrm::test::local;
using inscrm::test::ServiceFixture;

namespace {

std::vector<ComplaintEvent> events_of(const std::vector<ComplaintStep>& steps) {
  std::vector<ComplaintEvent> out;
  for (const auto& s : steps) out.push_back(s.event);
  return out;
}

long count(const std::vector<std::string>& types, std::string_view type) {
  return std::count(types.begin(), types.end(), type);
}

}  // namespace

TEST_CASE("complaint deadlines count working time over a weekend, a make-up Saturday, a holiday and a pause") {
  ServiceFixture f;
  // Received Thursday 12 Sep 16:00; a medium service complaint: 8 working hours to acknowledge, 80 to resolve.
  auto c = f.crm.complaints().receive(clerk, f.complaint_draft());
  REQUIRE(c);
  CHECK(c.value().status == ComplaintStatus::Received);
  CHECK(c.value().org_unit == f.branch.id);  // the customer's branch answers for it
  const auto id = c.value().id;

  auto d = f.crm.complaints().deadlines(clerk, id).value();
  // Thu 16–18 (2 h) + Fri 9–12, 13–16 (6 h).
  CHECK(d.acknowledge == local(Date{2024y / 9 / 13}, 16));
  // 2 + 8 (Fri) + 8 (Sat 14th, a make-up day) + Mid-Autumn off (15–17) + Wed 18th … Fri 27th 16:00.
  CHECK(d.resolve == local(Date{2024y / 9 / 27}, 16));
  CHECK_FALSE(d.paused);
  CHECK_FALSE(d.acknowledge_breached);

  f.clock->set(local(Date{2024y / 9 / 13}, 15, 30));
  REQUIRE(f.crm.complaints().assign(handler, id, "customer_service", "h-1"));
  f.clock->set(local(Date{2024y / 9 / 18}, 9, 30));
  REQUIRE(f.crm.complaints().start_investigation(handler, id));

  // Waiting on the customer from Wed 18th 10:00: no resolve deadline runs.
  f.clock->set(local(Date{2024y / 9 / 18}, 10));
  REQUIRE(f.crm.complaints().wait_on_customer(handler, id, "asked for the agent's written offer"));
  d = f.crm.complaints().deadlines(clerk, id).value();
  CHECK(d.paused);
  CHECK_FALSE(d.resolve);
  CHECK(d.acknowledge == local(Date{2024y / 9 / 13}, 16));  // passed before the pause: it stays
  CHECK(d.acknowledged_at == local(Date{2024y / 9 / 13}, 15, 30));
  CHECK_FALSE(d.acknowledge_breached);

  // Back on Thursday 11:00: 7 + 2 working hours paused push the deadline over the next weekend
  // onto Sunday 29th, a make-up working day before National Day: 9–12, 13–17.
  f.clock->set(local(Date{2024y / 9 / 19}, 11));
  REQUIRE(f.crm.complaints().customer_responded(handler, id, "offer received"));
  d = f.crm.complaints().deadlines(clerk, id).value();
  CHECK_FALSE(d.paused);
  CHECK(d.resolve == local(Date{2024y / 9 / 29}, 17));
  CHECK(d.elapsed == 19h);  // Thu 2 + Fri 8 + Sat 8 + Wed 9–10; nothing while paused
  CHECK(d.row.resolve_within == 80h);

  // The watchdog on Monday 30th: the resolve deadline has passed — escalated, once.
  f.clock->set(local(Date{2024y / 9 / 30}, 10));
  auto run = f.crm.run_daily(Actor::system());
  REQUIRE(run);
  CHECK(run.value().complaints_escalated == 1);
  d = f.crm.complaints().deadlines(clerk, id).value();
  CHECK(d.resolve_breached);
  CHECK_FALSE(d.acknowledge_breached);
  auto stored = f.crm.complaints().get(clerk, id).value();
  CHECK(stored.escalation_level == 1);
  CHECK(stored.sla.breached_resolve_at == local(Date{2024y / 9 / 29}, 17));
}

TEST_CASE("the watchdog escalates a missed deadline exactly once, however often run_daily runs") {
  ServiceFixture f;
  const auto id = f.crm.complaints().receive(clerk, f.complaint_draft()).value().id;

  // Friday 13th 15:59: not yet due.
  f.clock->set(local(Date{2024y / 9 / 13}, 15, 59));
  CHECK(f.crm.run_daily(Actor::system()).value().complaints_escalated == 0);
  // Friday 17:00, still not acknowledged: the acknowledge deadline (16:00) is missed.
  f.clock->set(local(Date{2024y / 9 / 13}, 17));
  auto first = f.crm.run_daily(Actor::system());
  REQUIRE(first);
  CHECK(first.value().complaints_escalated == 1);
  auto second = f.crm.run_daily(Actor::system());
  REQUIRE(second);
  CHECK(second.value().complaints_escalated == 0);
  f.clock->set(local(Date{2024y / 9 / 14}, 10));
  CHECK(f.crm.run_daily(Actor::system()).value().complaints_escalated == 0);

  const auto types = f.event_types();
  CHECK(count(types, "complaint.escalated") == 1);
  auto steps = f.crm.complaints().history(clerk, id).value();
  REQUIRE(steps.size() == 2);
  CHECK(steps[1].event == ComplaintEvent::Escalate);
  CHECK(steps[1].actor == "system");  // the watchdog runs as Actor::system()
  CHECK(steps[1].at == local(Date{2024y / 9 / 13}, 17));
  CHECK(steps[1].note.find("acknowledge deadline") != std::string::npos);
  CHECK(f.crm.complaints().get(clerk, id).value().escalation_level == 1);
  CHECK(f.crm.complaints().deadlines(clerk, id).value().acknowledge_breached);
}

TEST_CASE("a new SLA policy recomputes every deadline from the stored clock; a recorded breach stays") {
  ServiceFixture f;
  const auto a = f.crm.complaints().receive(clerk, f.complaint_draft()).value().id;
  f.clock->set(local(Date{2024y / 9 / 13}, 10));
  auto second = f.complaint_draft();
  second.subcategory = "delay";
  const auto b = f.crm.complaints().receive(clerk, second).value().id;

  f.clock->set(local(Date{2024y / 9 / 13}, 17));
  REQUIRE(f.crm.run_daily(Actor::system()).value().complaints_escalated == 1);  // a's acknowledgement is late
  // b, received Friday 10:00: Fri 10–12, 13–18 and Saturday 14th (a make-up day) 9–10.
  CHECK(f.crm.complaints().deadlines(clerk, b).value().acknowledge == local(Date{2024y / 9 / 14}, 10));

  // Service complaints: 4 working hours to acknowledge, 40 to resolve.
  SlaPolicy tighter = standard_complaint_sla();
  tighter.rows.push_back({.category = "service", .acknowledge_within = 4h, .resolve_within = 40h});
  REQUIRE(f.crm.complaints().set_sla_policy(admin, tighter));
  CHECK(f.crm.complaints().sla_policy().rows.size() == 3);

  auto da = f.crm.complaints().deadlines(clerk, a).value();
  CHECK(da.acknowledge == local(Date{2024y / 9 / 13}, 11));  // Thu 16–18 + Fri 9–11
  // Thu 2 + Fri 8 + Sat 8 + Wed 18th 8 + Thu 8 = 34; Fri 20th 9–12, 13–16 = 40.
  CHECK(da.resolve == local(Date{2024y / 9 / 20}, 16));
  CHECK(da.acknowledge_breached);
  auto db = f.crm.complaints().deadlines(clerk, b).value();
  CHECK(db.acknowledge == local(Date{2024y / 9 / 13}, 15));
  CHECK(db.acknowledge_breached);  // passed under the new policy, not yet recorded
  // The recorded breach keeps the deadline that was missed under the old policy.
  CHECK(f.crm.complaints().get(clerk, a).value().sla.breached_ack_at == local(Date{2024y / 9 / 13}, 16));

  // The watchdog now escalates b, and a not again.
  auto run = f.crm.run_daily(Actor::system()).value();
  CHECK(run.complaints_escalated == 1);
  CHECK(f.crm.complaints().get(clerk, a).value().escalation_level == 1);
  CHECK(f.crm.complaints().get(clerk, b).value().escalation_level == 1);
  CHECK(count(f.event_types(), "settings.changed") == 1);

  // A bad policy is refused, naming the row, and the one in force stays.
  SlaPolicy bad = tighter;
  bad.rows.push_back({.category = "nonsense", .acknowledge_within = 1h, .resolve_within = 2h});
  auto refused = f.crm.complaints().set_sla_policy(admin, bad);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().field() == "rows[3].category");
  CHECK(f.crm.complaints().sla_policy().rows.size() == 3);
}

TEST_CASE("intake: a critical complaint is escalated at once and a department's rule assigns it") {
  auto settings = test::settings_2024();
  settings.assignment = {{.department = "claims_desk", .mode = AssignmentMode::RoundRobin, .handlers = {"h-1", "h-2"}}};
  ServiceFixture f{settings};
  auto draft = f.complaint_draft(ComplaintSeverity::Critical);
  draft.department = "claims_desk";
  auto c = f.crm.complaints().receive(clerk, draft);
  REQUIRE(c);
  CHECK(c.value().status == ComplaintStatus::Assigned);
  CHECK(c.value().assignee == "h-1");
  CHECK(c.value().escalation_level == 1);
  CHECK(c.value().version == 2);  // inserted, then saved once with both steps
  CHECK(events_of(f.crm.complaints().history(clerk, c.value().id).value()) ==
        std::vector{ComplaintEvent::Receive, ComplaintEvent::Escalate, ComplaintEvent::Assign});
  const auto types = f.event_types();
  CHECK(count(types, "complaint.received") == 1);
  CHECK(count(types, "complaint.escalated") == 1);
  CHECK(count(types, "complaint.assigned") == 1);

  // Critical complaints run round the clock: 2 hours to acknowledge, 24 to resolve.
  auto d = f.crm.complaints().deadlines(clerk, c.value().id).value();
  CHECK(d.row.calendar == SlaCalendar::RoundTheClock);
  CHECK(d.acknowledge == local(Date{2024y / 9 / 12}, 18));
  CHECK(d.resolve == local(Date{2024y / 9 / 13}, 16));
  CHECK(d.acknowledged_at == local(Date{2024y / 9 / 12}, 16));  // assigned at intake

  // A department without a rule is kept for a manual assignment; a handler named at intake is assigned.
  auto manual = f.complaint_draft();
  manual.department = "legal";
  auto m = f.crm.complaints().receive(clerk, manual).value();
  CHECK(m.status == ComplaintStatus::Received);
  CHECK(m.department == "legal");
  manual.assignee = "lawyer-9";
  auto named = f.crm.complaints().receive(clerk, manual).value();
  CHECK(named.status == ComplaintStatus::Assigned);
  CHECK(named.assignee == "lawyer-9");
}

TEST_CASE("assignment: round robin continues the rotation, least busy picks the lightest load") {
  auto settings = test::settings_2024();
  settings.assignment = {
      {.department = "rr", .mode = AssignmentMode::RoundRobin, .handlers = {"a", "b", "c"}},
      {.department = "lb", .mode = AssignmentMode::LeastBusy, .handlers = {"a", "b", "c"}},
  };
  ServiceFixture f{settings};
  auto receive = [&](std::string department) {
    auto draft = f.complaint_draft();
    draft.department = std::move(department);
    f.clock->advance(1min);
    return f.crm.complaints().receive(clerk, draft).value();
  };

  SUBCASE("round robin") {
    std::vector<std::string> got;
    for (int i = 0; i < 5; ++i) got.push_back(receive("rr").assignee);
    CHECK(got == std::vector<std::string>{"a", "b", "c", "a", "b"});
    // Closing work does not reset the rotation.
    auto last = f.crm.complaints().list(clerk).value().back();
    REQUIRE(f.crm.complaints().start_investigation(handler, last.id));
    REQUIRE(f.crm.complaints().propose_solution(handler, last.id, "refund the fee"));
    REQUIRE(f.crm.complaints().inform_customer(handler, last.id));
    REQUIRE(f.crm.complaints().close(handler, last.id, RootCause::AgentConduct, 4));
    CHECK(receive("rr").assignee == "c");
  }
  SUBCASE("least busy") {
    // b already carries two open complaints, c one (assigned by hand through another department).
    for (const char* who : {"b", "b", "c"}) {
      auto draft = f.complaint_draft();
      draft.department = "other";
      draft.assignee = who;
      REQUIRE(f.crm.complaints().receive(clerk, draft));
    }
    CHECK(receive("lb").assignee == "a");  // loads a 0, b 2, c 1
    CHECK(receive("lb").assignee == "c");  // a 1, b 2, c 1: the tie goes to the next after a in the rotation
    CHECK(receive("lb").assignee == "a");  // a 1, b 2, c 2
  }
}

TEST_CASE("the handling flow from intake to close and a reopen, every step in the history and the outbox") {
  ServiceFixture f;
  const auto id = f.crm.complaints().receive(clerk, f.complaint_draft()).value().id;
  const auto complaints = f.crm.complaints();
  f.clock->advance(1h);
  REQUIRE(complaints.assign(handler, id, "customer_service", "h-1"));
  REQUIRE(complaints.start_investigation(handler, id));
  REQUIRE(complaints.propose_solution(handler, id, "refund the first-year fee"));
  REQUIRE(complaints.inform_customer(handler, id, "called the customer"));
  auto closed = complaints.close(handler, id, RootCause::AgentConduct, 2);
  REQUIRE(closed);
  CHECK(closed.value().status == ComplaintStatus::Closed);
  CHECK(closed.value().closed_at == f.clock->now());
  auto reopened = complaints.reopen(handler, id, "the refund is too small");
  REQUIRE(reopened);
  CHECK(reopened.value().status == ComplaintStatus::Investigating);
  CHECK(reopened.value().reopen_count == 1);
  CHECK_FALSE(reopened.value().customer_satisfaction);
  REQUIRE(complaints.escalate(handler, id, "second complaint from the same customer"));
  REQUIRE(complaints.reassign(handler, id, "quality", "q-1", "quality team takes over"));
  REQUIRE(complaints.propose_solution(handler, id, "refund the full fee"));
  REQUIRE(complaints.inform_customer(handler, id));
  auto again = complaints.close(handler, id, std::nullopt, 5);  // the root cause is already recorded
  REQUIRE(again);
  CHECK(again.value().root_cause == RootCause::AgentConduct);
  CHECK(again.value().customer_satisfaction == 5);
  CHECK(again.value().assignee == "q-1");

  const auto steps = complaints.history(clerk, id).value();
  using E = ComplaintEvent;
  CHECK(events_of(steps) == std::vector{E::Receive, E::Assign, E::StartInvestigation, E::ProposeSolution,
                                        E::InformCustomer, E::Close, E::Reopen, E::Escalate, E::Reassign,
                                        E::ProposeSolution, E::InformCustomer, E::Close});
  CHECK(steps[1].note == "assigned to h-1 (customer_service)");
  CHECK(steps[6].note == "the refund is too small");
  CHECK(steps[6].actor == "h-1");
  const auto types = f.event_types();
  for (const char* t : {"complaint.received", "complaint.assigned", "complaint.investigation_started",
                        "complaint.reopened", "complaint.escalated", "complaint.reassigned"})
    CHECK_MESSAGE(count(types, t) == 1, t);
  CHECK(count(types, "complaint.closed") == 2);
  CHECK(count(types, "complaint.solution_proposed") == 2);
  CHECK(count(types, "complaint.customer_informed") == 2);

  storage::ComplaintQuery by_dept;
  by_dept.department = "quality";
  CHECK(complaints.list(clerk, by_dept).value().size() == 1);
}

TEST_CASE("illegal complaint steps are typed errors and write nothing") {
  ServiceFixture f;
  const auto id = f.crm.complaints().receive(clerk, f.complaint_draft()).value().id;
  const auto before = f.snapshot();
  const auto complaints = f.crm.complaints();

  SUBCASE("closing a complaint nobody was assigned") {
    auto r = complaints.close(handler, id, RootCause::Process, 3);
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == Errc::IllegalTransition);
    CHECK(r.error().message() == "cannot close a complaint that is received");
  }
  SUBCASE("assigning without a handler") {
    auto r = complaints.assign(handler, id, "customer_service", " ");
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == Errc::IllegalTransition);
    CHECK(r.error().field() == "assignee");
  }
  SUBCASE("escalating without a reason") {
    auto r = complaints.escalate(handler, id, "");
    REQUIRE_FALSE(r);
    CHECK(r.error().field() == "note");
  }
  SUBCASE("the customer responding when nobody waited") {
    auto r = complaints.customer_responded(handler, id);
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == Errc::IllegalTransition);
    CHECK(r.error().field() == "sla");
  }
  SUBCASE("waiting without saying on what") {
    auto r = complaints.wait_on_customer(handler, id, "");
    REQUIRE_FALSE(r);
    CHECK(r.error().field() == "reason");
  }
  SUBCASE("receive is not a step") {
    auto r = complaints.apply_event(handler, id, ComplaintEvent::Receive);
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == Errc::IllegalTransition);
  }
  SUBCASE("an unknown complaint") {
    auto r = complaints.escalate(handler, ComplaintId{999}, "why not");
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == Errc::NotFound);
  }
  SUBCASE("intake from a customer that does not exist") {
    auto draft = f.complaint_draft();
    draft.customer = CustomerId{999};
    auto r = complaints.receive(clerk, draft);
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == Errc::NotFound);
    CHECK(r.error().field() == "customer");
  }
  SUBCASE("intake with a sub-category of another category") {
    auto draft = f.complaint_draft();
    draft.subcategory = "mis_selling";
    auto r = complaints.receive(clerk, draft);
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == Errc::InvalidArgument);
    CHECK(r.error().field() == "subcategory");
  }
  SUBCASE("intake naming a policy that does not exist") {
    auto draft = f.complaint_draft();
    draft.policy = PolicyId{999};
    auto r = complaints.receive(clerk, draft);
    REQUIRE_FALSE(r);
    CHECK(r.error().field() == "policy");
  }
  SUBCASE("a satisfaction score out of range on close") {
    REQUIRE(complaints.assign(handler, id, "cs", "h-1"));
    REQUIRE(complaints.start_investigation(handler, id));
    REQUIRE(complaints.propose_solution(handler, id, "apologise"));
    REQUIRE(complaints.inform_customer(handler, id));
    const auto informed = f.snapshot();
    auto r = complaints.close(handler, id, RootCause::Process, 6);
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == Errc::InvalidArgument);
    CHECK(r.error().field() == "customer_satisfaction");
    CHECK(f.snapshot() == informed);
    return;
  }
  CHECK(f.snapshot() == before);
}

TEST_CASE("statistics over a period's complaints, by hand") {
  ServiceFixture f;
  const auto complaints = f.crm.complaints();
  // Three complaints in September, one in October (outside the period).
  const auto a = complaints.receive(clerk, f.complaint_draft()).value().id;  // Thu 12th 16:00
  auto product = f.complaint_draft();
  product.category = ComplaintCategory::Product;
  product.subcategory = "pricing";
  product.channel = Channel::Branch;
  const auto b = complaints.receive(clerk, product).value().id;
  const auto c = complaints.receive(clerk, f.complaint_draft(ComplaintSeverity::High)).value().id;

  // a: answered Friday 12:00, closed with satisfaction 4.
  f.clock->set(local(Date{2024y / 9 / 13}, 9));
  REQUIRE(complaints.assign(handler, a, "cs", "h-1"));
  REQUIRE(complaints.start_investigation(handler, a));
  REQUIRE(complaints.propose_solution(handler, a, "apologise"));
  f.clock->set(local(Date{2024y / 9 / 13}, 12));
  REQUIRE(complaints.inform_customer(handler, a));
  REQUIRE(complaints.close(handler, a, RootCause::StaffConduct, 4));
  // b: answered Friday 18:00, closed, then reopened the next Wednesday.
  REQUIRE(complaints.assign(handler, b, "cs", "h-2"));
  REQUIRE(complaints.start_investigation(handler, b));
  REQUIRE(complaints.propose_solution(handler, b, "explain the premium"));
  f.clock->set(local(Date{2024y / 9 / 13}, 18));
  REQUIRE(complaints.inform_customer(handler, b));
  REQUIRE(complaints.close(handler, b, RootCause::Pricing, 2));
  f.clock->set(local(Date{2024y / 9 / 18}, 10));
  REQUIRE(complaints.reopen(handler, b, "still too expensive"));
  // c stays open (escalated at intake).
  f.clock->set(local(Date{2024y / 10 / 8}, 10));
  REQUIRE(complaints.receive(clerk, f.complaint_draft()));

  auto s = complaints.statistics(clerk, local(Date{2024y / 9 / 1}, 0), local(Date{2024y / 10 / 1}, 0));
  REQUIRE(s);
  const auto& st = s.value();
  CHECK(st.received == 3);
  CHECK(st.open == 2);
  CHECK(st.closed == 1);
  CHECK(st.escalated == 1);
  CHECK(st.by_category.at(ComplaintCategory::Service) == 2);
  CHECK(st.by_category.at(ComplaintCategory::Product) == 1);
  CHECK(st.by_channel.at(Channel::Branch) == 1);
  CHECK(st.by_org_unit.at(f.branch.id) == 3);
  CHECK(st.by_root_cause.at(RootCause::StaffConduct) == 1);
  CHECK(st.by_root_cause.at(RootCause::Pricing) == 1);
  // Only a is resolved and not reopened: Thu 16:00 → Fri 12:00 is 20 wall hours, 5 working hours.
  CHECK(st.wall_time_to_resolve.count == 1);
  CHECK(st.wall_time_to_resolve.mean == std::chrono::minutes{20h});
  CHECK(st.sla_time_to_resolve.mean == std::chrono::minutes{5h});
  // a and b answered; b reopened.
  CHECK(st.answered == 2);
  CHECK(st.reopened == 1);
  CHECK(st.reopen_rate == doctest::Approx(0.5));
  // Satisfaction: a's 4 stands; b's 2 was cleared by the reopen.
  CHECK(st.satisfaction_responses == 1);
  CHECK(st.mean_satisfaction == doctest::Approx(4.0));
  // Acknowledge: a and b acknowledged Fri 9:00 (2 working hours in), c (high: 4 h) missed it on Fri 11:00.
  CHECK(st.acknowledge_decided == 3);
  CHECK(st.acknowledged_in_time == 2);
  CHECK(complaints.deadlines(clerk, c).value().acknowledge == local(Date{2024y / 9 / 13}, 11));
}

TEST_CASE("service settings are checked at open and when replaced") {
  auto settings = test::settings_2024();
  settings.calendar.hours = {};
  auto clock = std::make_shared<ManualClock>(Date{2024y / 9 / 12});
  auto r = Crm::open("memory:", {.clock = clock, .service = settings});
  REQUIRE_FALSE(r);
  CHECK(r.error().field() == "service.calendar.hours");

  settings = test::settings_2024();
  settings.assignment = {{.department = "cs", .handlers = {}}};
  r = Crm::open("memory:", {.clock = clock, .service = settings});
  REQUIRE_FALSE(r);
  CHECK(r.error().field() == "service.assignment[0].handlers");

  ServiceFixture f;
  auto rules = f.crm.complaints().set_assignment_rules(
      admin, {{.department = "cs", .handlers = {"a"}}, {.department = "cs", .handlers = {"b"}}});
  REQUIRE_FALSE(rules);
  CHECK(rules.error().field() == "[1].department");
  auto whole = f.crm.service_settings();
  whole.escalate_at_intake_from = ComplaintSeverity::Critical;
  REQUIRE(f.crm.set_service_settings(admin, whole));
  CHECK(f.crm.complaints().receive(clerk, f.complaint_draft(ComplaintSeverity::High)).value().escalation_level == 0);
  CHECK(f.crm.service_settings().calendar.holidays.size() == 9);
}

TEST_CASE("the SLA policy may be replaced while other threads read deadlines") {
  ServiceFixture f;
  const auto id = f.crm.complaints().receive(clerk, f.complaint_draft()).value().id;
  SlaPolicy tighter = standard_complaint_sla();
  tighter.fallback.acknowledge_within = 4h;
  // Thu 16–18 and Fri 9–16 under the standard policy, Fri 9–11 under the tighter one.
  const std::set<Instant> allowed{local(Date{2024y / 9 / 13}, 16), local(Date{2024y / 9 / 13}, 11)};
  std::atomic<bool> done{false};
  std::atomic<bool> refused{false};
  std::thread writer([&] {
    for (int i = 0; !done; ++i)
      if (!f.crm.complaints().set_sla_policy(admin, i % 2 == 0 ? tighter : standard_complaint_sla())) refused = true;
  });
  std::set<Instant> seen;
  bool stray = false;
  for (int i = 0; i < 100000 && seen.size() < 2; ++i) {
    auto d = f.crm.complaints().deadlines(clerk, id);
    if (!d || !d.value().acknowledge || !allowed.contains(*d.value().acknowledge)) {
      stray = true;
      break;
    }
    seen.insert(*d.value().acknowledge);
  }
  done = true;
  writer.join();
  CHECK_FALSE(stray);
  CHECK_FALSE(refused.load());
  CHECK(seen == allowed);  // each call saw one whole policy, the old or the new
}
