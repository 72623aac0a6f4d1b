"""Complaints through the Python API (domain.md C5): intake, the handling flow with its SLA clock
on a business calendar (weekend, holiday, a pause), the watchdog escalating once, illegal steps as
typed errors that write nothing, assignment rules, the settings, and the period's statistics."""

import datetime as dt

import pytest

import inscrm

CN = dt.timezone(dt.timedelta(hours=8))
HANDLER = inscrm.Actor("h-li", roles=["complaint_handler"])


def china(day, hour, minute=0):
    return dt.datetime(2024, 10, day, hour, minute, tzinfo=CN)


def office_calendar():
    # Office hours 9–12 and 13–18 China time; Monday 21 October 2024 taken as a holiday.
    return inscrm.BusinessCalendar.office_hours([(dt.time(9), dt.time(12)), (dt.time(13), dt.time(18))]).with_holidays(
        [dt.date(2024, 10, 21)])


@pytest.fixture
def desk():
    """A Crm whose clock stands at Friday 18 October 2024, 16:00 in Shanghai, with one customer."""
    clock = inscrm.ManualClock(china(18, 16))
    settings = inscrm.ServiceSettings(calendar=office_calendar())
    # The desk also sets up its org units and settings: the administrator's rights as well.
    desk_actor = inscrm.Actor("u-1024", roles=["service_rep", "administrator"])
    with inscrm.open("memory:", clock=clock, actor=desk_actor, service=settings) as crm:
        head = crm.organisation.create_unit("HO", "Head office", kind="head_office")
        branch = crm.organisation.create_unit("SH", "Shanghai", parent=head.id)
        customer = crm.customers.create(name="张伟", org_unit=branch.id)
        yield crm, clock, customer, branch


def test_settings_round_trip_and_reach_the_crm(desk):
    crm, _, _, _ = desk
    settings = crm.service_settings
    assert settings.calendar.holidays == [dt.date(2024, 10, 21)]
    assert settings.calendar.hours["monday"] == [(dt.timedelta(hours=9), dt.timedelta(hours=12)),
                                                 (dt.timedelta(hours=13), dt.timedelta(hours=18))]
    assert "saturday" not in settings.calendar.hours
    assert settings.calendar.utc_offset == dt.timedelta(hours=8)
    assert settings.escalate_at_intake_from == "high"
    medium = settings.complaint_sla.row_for("service", "medium")
    assert (medium.acknowledge_within, medium.resolve_within, medium.calendar) == (
        dt.timedelta(hours=8), dt.timedelta(hours=80), "business")
    critical = inscrm.standard_complaint_sla().row_for("product", "critical")
    assert (critical.acknowledge_within, critical.resolve_within, critical.calendar) == (
        dt.timedelta(hours=2), dt.timedelta(hours=24), "round_the_clock")
    assert inscrm.complaint_subcategories("compliance") == ("mis_selling", "privacy", "unauthorised_change", "other")
    assert "root_cause" in inscrm.ENUMS and "customer_misunderstanding" in inscrm.ENUMS["root_cause"]


def test_intake_to_closure_with_weekend_holiday_pause_breach_and_reopen(desk):
    crm, clock, customer, branch = desk
    c = crm.complaints.receive(customer.id, "the agent promised a bonus the contract does not pay",
                               category="service", subcategory="agent_conduct", channel="call_centre")
    assert (c.status, c.severity, c.escalation_level, c.org_unit, c.assignee) == ("received", "medium", 0, branch.id, "")
    assert c.received_at == china(18, 16) and c.sla.started_at == china(18, 16)
    assert "status='received'" in repr(c)

    # 8 working hours: Friday 16–18, Monday is a holiday, Tuesday 9–12 and 13–16.
    d = crm.complaints.deadlines(c.id)
    assert d.acknowledge == china(22, 16)
    # 80 working hours: ten working days from Friday 16:00, one more for the holiday.
    assert d.resolve == dt.datetime(2024, 11, 4, 16, tzinfo=CN)
    assert not (d.acknowledge_breached or d.resolve_breached or d.paused)

    # Tuesday 17:00: nobody acknowledged it. The watchdog escalates once, however often it runs.
    clock.set(china(22, 17))
    assert crm.run_daily().complaints_escalated == 1
    assert crm.run_daily().complaints_escalated == 0
    late = crm.complaints.get(c.id)
    assert late.escalation_level == 1 and late.status == "received"
    assert late.sla.breached_ack_at == china(22, 16)
    assert crm.complaints.deadlines(c.id).acknowledge_breached

    crm.complaints.assign(c.id, "customer_service", "h-li", actor=HANDLER)
    # Wednesday 10:00 to Thursday 10:00 waiting on the customer: 8 working hours the clock stands still.
    clock.set(china(23, 10))
    waiting = crm.complaints.wait_on_customer(c.id, "call recording requested from the customer", actor=HANDLER)
    assert waiting.sla.paused and waiting.sla.pauses[0].end is None
    assert crm.complaints.deadlines(c.id).resolve is None  # no deadline runs while waiting
    clock.set(china(24, 10))
    crm.complaints.customer_responded(c.id, actor=HANDLER)
    resumed = crm.complaints.deadlines(c.id)
    assert resumed.resolve == dt.datetime(2024, 11, 5, 16, tzinfo=CN)  # moved out by the 8 hours paused
    assert resumed.acknowledge_breached and not resumed.resolve_breached  # a breach stays a breach

    clock.set(china(24, 11))
    crm.complaints.start_investigation(c.id, "recording reviewed", actor=HANDLER)
    crm.complaints.propose_solution(c.id, "apologise and explain the bonus terms", actor=HANDLER)
    crm.complaints.inform_customer(c.id, "called the customer", actor=HANDLER)
    closed = crm.complaints.close(c.id, "agent_conduct", customer_satisfaction=2, actor=HANDLER)
    assert (closed.status, closed.root_cause, closed.customer_satisfaction) == ("closed", "agent_conduct", 2)
    assert closed.closed_at == china(24, 11) and not closed.is_open

    clock.set(china(25, 10))
    reopened = crm.complaints.reopen(c.id, "the customer wants the promised bonus honoured", actor=HANDLER)
    assert (reopened.status, reopened.reopen_count, reopened.customer_satisfaction, reopened.closed_at) == (
        "investigating", 1, None, None)
    crm.complaints.propose_solution(c.id, "pay the promised bonus as a goodwill gesture", actor=HANDLER)
    clock.set(china(25, 11))
    crm.complaints.inform_customer(c.id, actor=HANDLER)
    done = crm.complaints.close(c.id, customer_satisfaction=4, note="customer accepts", actor=HANDLER)
    assert (done.status, done.root_cause, done.customer_satisfaction, done.escalation_level) == ("closed", "agent_conduct", 4, 1)
    assert done.sla.resolved_at == china(25, 11)

    history = crm.complaints.history(c.id)
    assert [s.event for s in history] == [
        "receive", "escalate", "assign", "wait_on_customer", "customer_responded", "start_investigation",
        "propose_solution", "inform_customer", "close", "reopen", "propose_solution", "inform_customer", "close"]
    assert history[0].actor == "u-1024" and history[2].actor == "h-li"
    assert history[2].note.startswith("assigned to h-li (customer_service)")
    assert (history[9].from_status, history[9].to_status, history[9].note) == (
        "closed", "investigating", "the customer wants the promised bonus honoured")
    assert history[1].at == china(22, 17) and history[1].at.utcoffset() == dt.timedelta(0)


def test_statistics_for_the_period(desk):
    crm, clock, customer, branch = desk
    first = crm.complaints.receive(customer.id, "promised bonus", subcategory="agent_conduct")
    clock.set(china(22, 17))  # acknowledged an hour after its 16:00 deadline
    crm.complaints.assign(first.id, "customer_service", "h-li")
    crm.complaints.start_investigation(first.id)
    crm.complaints.propose_solution(first.id, "explain the terms")
    clock.set(china(23, 9, 30))
    crm.complaints.inform_customer(first.id)
    crm.complaints.close(first.id, "agent_conduct", customer_satisfaction=2)
    clock.set(china(23, 10))
    crm.complaints.reopen(first.id, "not what was promised")
    crm.complaints.propose_solution(first.id, "honour the bonus")
    clock.set(china(23, 14))
    crm.complaints.inform_customer(first.id)
    crm.complaints.close(first.id, customer_satisfaction=4)

    # A high-severity product complaint by WeChat: escalated at intake, assigned within its 4 hours.
    clock.set(china(24, 10))
    second = crm.complaints.receive(customer.id, "the policy does not cover what was sold", category="product",
                                    subcategory="coverage", severity="high", channel="wechat")
    assert second.escalation_level == 1
    clock.set(china(24, 11))
    crm.complaints.assign(second.id, "product", "h-wang")
    clock.set(china(25, 12))

    s = crm.complaints.statistics(dt.date(2024, 10, 1), dt.date(2024, 11, 1))
    # Only the second was escalated: no watchdog ran while the first was overdue, yet its late
    # acknowledgement still counts against compliance below.
    assert (s.received, s.open, s.closed, s.escalated) == (2, 1, 1, 1)
    assert s.by_category == {"service": 1, "product": 1}
    assert s.by_severity == {"medium": 1, "high": 1}
    assert s.by_channel == {"call_centre": 1, "wechat": 1}
    assert s.by_org_unit == {branch.id: 2}
    assert s.by_agent == {}
    assert s.by_root_cause == {"agent_conduct": 1}
    # Acknowledged: the first late, the second in time. Resolved: only the first, well in time.
    assert (s.acknowledge_decided, s.acknowledged_in_time, s.acknowledge_compliance) == (2, 1, 0.5)
    assert (s.resolve_decided, s.resolved_in_time, s.resolve_compliance) == (1, 1, 1.0)
    assert (s.answered, s.reopened, s.reopen_rate) == (1, 1, 1.0)
    assert (s.satisfaction_responses, s.mean_satisfaction) == (1, 4.0)  # the reopen cleared the first score
    # Received Friday 16:00, finally answered Wednesday 14:00: 4 days 22 hours on the wall clock.
    assert s.wall_time_to_resolve.count == 1
    assert s.wall_time_to_resolve.mean == s.wall_time_to_resolve.median == dt.timedelta(days=4, hours=22)
    # On the SLA calendar: Friday 16–18 (2 h), Monday a holiday, Tuesday 8 h, Wednesday 9:00–9:30,
    # 10–12 and 13–14 (the half hour it stood answered before the reopen does not count) = 13 h 30 min.
    assert s.sla_time_to_resolve.mean == dt.timedelta(hours=13, minutes=30)

    nothing = crm.complaints.statistics(dt.date(2024, 9, 1), dt.date(2024, 10, 1))
    assert nothing.received == 0 and nothing.reopen_rate is None and nothing.wall_time_to_resolve.mean is None
    assert [k.id for k in crm.complaints.list(status=["closed"])] == [first.id]
    assert [k.id for k in crm.complaints.list(status="assigned", assignee="h-wang")] == [second.id]
    assert [k.id for k in crm.complaints.list(received_from=china(24, 0))] == [second.id]


def test_illegal_steps_are_typed_errors_and_write_nothing(desk):
    crm, _, customer, _ = desk
    c = crm.complaints.receive(customer.id, "rude call", subcategory="attitude")
    with pytest.raises(inscrm.IllegalTransition) as info:
        crm.complaints.close(c.id, "staff_conduct")  # closing a complaint nobody was assigned
    assert (info.value.code, info.value.field) == ("illegal_transition", "status")
    assert "cannot close a complaint that is received" in info.value.message
    after = crm.complaints.get(c.id)
    assert (after.version, after.status) == (c.version, "received")
    assert len(crm.complaints.history(c.id)) == 1

    crm.complaints.assign(c.id, "customer_service", "h-li")
    crm.complaints.start_investigation(c.id)
    with pytest.raises(inscrm.IllegalTransition) as info:
        crm.complaints.propose_solution(c.id, "")
    assert info.value.field == "resolution"
    with pytest.raises(inscrm.IllegalTransition) as info:
        crm.complaints.apply_event(c.id, "receive")  # intake is receive(), never a step
    assert info.value.field == "event"
    with pytest.raises(inscrm.InvalidArgument) as info:
        crm.complaints.apply_event(c.id, "teleport")
    assert info.value.field == "event" and "start_investigation" in info.value.message
    assert crm.complaints.get(c.id).status == "investigating"

    with pytest.raises(inscrm.InvalidArgument) as info:
        crm.complaints.receive(customer.id, "bad classification", category="product", subcategory="attitude")
    assert info.value.field == "subcategory"
    with pytest.raises(inscrm.NotFound) as info:
        crm.complaints.receive(9999, "who?", subcategory="attitude")
    assert info.value.field == "customer"
    with pytest.raises(inscrm.NotFound):
        crm.complaints.get(9999)
    assert [k.id for k in crm.complaints.list()] == [c.id]  # the refused intakes wrote nothing


def test_generic_steps_by_event_name(desk):
    crm, _, customer, _ = desk
    c = crm.complaints.receive(customer.id, "late answer", subcategory="delay")
    c = crm.complaints.apply_event(c.id, "assign", department="customer_service", assignee="h-li")
    assert (c.status, c.department, c.assignee) == ("assigned", "customer_service", "h-li")
    c = crm.complaints.apply_event(c.id, "escalate", note="VIP customer")
    assert c.escalation_level == 1 and c.status == "assigned"
    c = crm.complaints.reassign(c.id, "claims", "h-wang", "claims know the case")
    assert (c.department, c.assignee, c.status) == ("claims", "h-wang", "assigned")


def test_assignment_rules_round_robin_at_intake(desk):
    crm, _, customer, _ = desk
    crm.complaints.set_assignment_rules([inscrm.AssignmentRule("claims_desk", ["h-a", "h-b"])])
    assignees = [crm.complaints.receive(customer.id, f"slow claim {i}", subcategory="delay", department="claims_desk").assignee
                 for i in range(3)]
    assert assignees == ["h-a", "h-b", "h-a"]
    assert crm.service_settings.assignment[0].handlers == ["h-a", "h-b"]
    unruled = crm.complaints.receive(customer.id, "no rule here", subcategory="delay", department="sales")
    assert (unruled.status, unruled.department, unruled.assignee) == ("received", "sales", "")

    with pytest.raises(inscrm.InvalidArgument) as info:
        crm.complaints.set_assignment_rules([inscrm.AssignmentRule("claims_desk", [])])
    assert info.value.field == "[0].handlers"
    assert crm.service_settings.assignment[0].handlers == ["h-a", "h-b"]  # the refused rules changed nothing


def test_sla_policy_change_moves_open_deadlines(desk):
    crm, _, customer, _ = desk
    c = crm.complaints.receive(customer.id, "waiting", subcategory="delay")
    fast = inscrm.SlaRow(category="service", acknowledge_within=dt.timedelta(hours=1),
                         resolve_within=dt.timedelta(hours=2), calendar="round_the_clock")
    fallback = inscrm.standard_complaint_sla().fallback
    crm.complaints.set_sla_policy(inscrm.SlaPolicy([fast], fallback=fallback))
    d = crm.complaints.deadlines(c.id)
    assert (d.acknowledge, d.resolve) == (china(18, 17), china(18, 18))
    assert d.row.calendar == "round_the_clock" and crm.complaints.sla_policy().rows[0].category == "service"

    with pytest.raises(inscrm.InvalidArgument) as info:
        bad = inscrm.SlaRow(category="nonsense", acknowledge_within=dt.timedelta(hours=1), resolve_within=dt.timedelta(hours=2))
        crm.complaints.set_sla_policy(inscrm.SlaPolicy([bad], fallback=fallback))
    assert info.value.field == "rows[0].category"


def test_bad_settings_at_open_name_the_field():
    no_hours = inscrm.BusinessCalendar(hours={})
    with pytest.raises(inscrm.InvalidArgument) as info:
        inscrm.open("memory:", service=inscrm.ServiceSettings(calendar=no_hours))
    assert info.value.field == "service.calendar.hours"
    with pytest.raises(inscrm.InvalidArgument) as info:
        inscrm.BusinessCalendar(hours={"someday": []})
    assert info.value.field == "hours.someday"
    with pytest.raises(inscrm.InvalidArgument) as info:
        inscrm.SlaRow(acknowledge_within=dt.timedelta(seconds=90), resolve_within=dt.timedelta(hours=1))
    assert info.value.field == "acknowledge_within"
