"""A complaint from intake to closure, as examples/cpp/complaints.cpp tells it: received on a Friday
afternoon, left unacknowledged over the weekend so that the SLA watchdog escalates it on Monday,
handled, closed, reopened because the customer disagrees, and closed again — then its deadlines,
its history, the month's statistics and the customer's survey answers.

Usage: python3 complaints.py [storage-uri]   (default: memory:)
"""

import datetime as dt
import sys

import inscrm

CHINA = dt.timezone(dt.timedelta(hours=8))


def china(t):
    """The library works in UTC; people in Shanghai read China time."""
    return t.astimezone(CHINA).strftime("%a %Y-%m-%d %H:%M") if t else "(paused)"


def outcome(missed, done):
    text = "MISSED" if missed else "in time" if done else "open"
    return f"{text}, done {china(done)}" if done else text


def print_deadlines(d):
    print(f"  acknowledge by {china(d.acknowledge)}  ({outcome(d.acknowledge_breached, d.acknowledged_at)})")
    print(f"  resolve     by {china(d.resolve)}  ({outcome(d.resolve_breached, d.resolved_at)})")


def main(uri):
    # Friday 18 October 2024, 16:00 in Shanghai. The library reads time only from this clock.
    clock = inscrm.ManualClock(dt.datetime(2024, 10, 18, 16, tzinfo=CHINA))
    # Office hours 9–12 and 13–18, Monday to Friday; the standard SLA policy (8 working hours to
    # acknowledge a medium complaint, 80 to resolve it).
    calendar = inscrm.BusinessCalendar.office_hours([(dt.time(9), dt.time(12)), (dt.time(13), dt.time(18))])
    clerk = inscrm.Actor("u-1024", roles=["service_rep"])
    handler = inscrm.Actor("h-li", roles=["complaint_handler"])
    with inscrm.open(uri, clock=clock, actor=clerk, service=inscrm.ServiceSettings(calendar=calendar)) as crm:
        # Org units are reference data, the administrator's to define; the daily run is the system's.
        admin = inscrm.Actor("admin", roles=["administrator"])
        head = crm.organisation.create_unit("HO", "Head office", kind="head_office", actor=admin)
        branch = crm.organisation.create_unit("SH", "Shanghai", parent=head.id, actor=admin)
        wei = crm.customers.create(name="张伟", org_unit=branch.id)

        # Intake: the call centre logs the call and the complaint; no department is named, so
        # nobody is assigned yet.
        crm.interactions.log(wei.id, channel="call_centre", purpose="complaint", duration=dt.timedelta(minutes=6))
        received = crm.complaints.receive(wei.id, "the agent promised a bonus the contract does not pay",
                                          category="service", subcategory="agent_conduct", severity="medium")
        print(f"complaint {received.id} received {china(received.received_at)}")
        print_deadlines(crm.complaints.deadlines(received.id))

        # The weekend passes. Monday 17:00: the acknowledgement was due at 16:00 and nobody answered.
        clock.set(dt.datetime(2024, 10, 21, 17, tzinfo=CHINA))
        for run in (1, 2):
            report = crm.run_daily(actor=inscrm.Actor.system())
            # The escalation fires once: the breach is recorded on the complaint.
            print(f"run_daily #{run} at {china(clock.now())}: {report.complaints_escalated} complaint(s) escalated")
        print_deadlines(crm.complaints.deadlines(received.id))

        # Handling: assigned, investigated, answered, closed — and reopened because the customer disagrees.
        def step(call, *args, **kwargs):
            call(received.id, *args, actor=handler, **kwargs)
            clock.advance(dt.timedelta(minutes=30))

        step(crm.complaints.assign, "customer_service", "h-li")
        try:  # closing before the customer has an answer is not a step the flow allows
            crm.complaints.close(received.id, "agent_conduct", actor=handler)
        except inscrm.IllegalTransition as e:
            print(f"refused: {e.code}: {e.field}: {e.message}")
        step(crm.complaints.start_investigation, "call recording requested")
        step(crm.complaints.propose_solution, "apologise and explain the bonus terms")
        step(crm.complaints.inform_customer, "called the customer")
        step(crm.complaints.close, "agent_conduct", customer_satisfaction=2)
        clock.set(dt.datetime(2024, 10, 23, 10, tzinfo=CHINA))
        step(crm.complaints.reopen, "the customer wants the promised bonus honoured")
        step(crm.complaints.propose_solution, "pay the promised bonus as a goodwill gesture")
        step(crm.complaints.inform_customer)
        step(crm.complaints.close, customer_satisfaction=4, note="customer accepts")

        done = crm.complaints.get(received.id)
        print(f"complaint {done.id} is {done.status}: escalation level {done.escalation_level}, "
              f"reopened {done.reopen_count} time(s), satisfaction {done.customer_satisfaction}/5")
        print_deadlines(crm.complaints.deadlines(received.id))

        print("history:")
        for s in crm.complaints.history(received.id):
            print(f"  {china(s.at)}  {s.actor:<7} {s.event:<19} {s.from_status:>17} → {s.to_status:<17} {s.note}")

        st = crm.complaints.statistics(dt.datetime(2024, 10, 1, tzinfo=CHINA), dt.datetime(2024, 11, 1, tzinfo=CHINA))
        print(f"October: {st.received} received, {st.closed} closed, {st.escalated} escalated; acknowledged in time "
              f"{st.acknowledged_in_time}/{st.acknowledge_decided}; reopen rate {100 * (st.reopen_rate or 0):.0f} %; "
              f"by category {st.by_category}; root causes {st.by_root_cause}")

        # The follow-up survey: how the complaint was handled, and the recommendation question.
        crm.surveys.record(wei.id, "complaint_handling", 4, complaint=done.id)
        crm.surveys.record(wei.id, "nps", 7)
        nps = crm.surveys.nps(dt.date(2024, 10, 1), dt.date(2024, 11, 1))
        satisfaction = crm.surveys.satisfaction(dt.date(2024, 10, 1), dt.date(2024, 11, 1))
        print(f"NPS {nps.score:+.0f} from {nps.responses} answer(s); complaint handling "
              f"{satisfaction.complaint_handling_mean:.1f}/5 by survey, {satisfaction.complaint_close_mean:.1f}/5 at close")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "memory:")
