"""Service through the Python API (domain.md C4, C6): the interaction log, claims from report to
payment, service requests applying their effect on completion, survey responses with NPS and mean
satisfaction — and the illegal steps of each as typed errors naming the field."""

import datetime as dt
import decimal

import pytest

import inscrm


def test_interaction_log(crm, clock, holder):
    agent_unit = crm.organisation.create_unit("HO", "Head office", kind="head_office")
    agent = crm.organisation.create_agent("A-1", "王强", org_unit=agent_unit.id)
    call = crm.interactions.log(holder.id, channel="call_centre", purpose="inquiry", duration=dt.timedelta(minutes=7, seconds=30),
                                notes="asked about the bonus", external_ref="CALL-1")
    assert (call.customer, call.channel, call.direction, call.outcome, call.visit_kind) == (
        holder.id, "call_centre", "inbound", "completed", None)
    assert call.duration == dt.timedelta(minutes=7, seconds=30)
    assert call.started_at == dt.datetime(2024, 1, 10, tzinfo=dt.timezone.utc)
    clock.advance(days=1)
    visit = crm.interactions.log(holder.id, channel="agent_visit", direction="outbound", purpose="sales_visit", agent=agent.id,
                                 visit_kind="referral", duration=dt.timedelta(hours=1))
    assert (visit.agent, visit.visit_kind) == (agent.id, "referral")
    assert "channel='agent_visit'" in repr(visit)

    assert [i.id for i in crm.interactions.list(customer=holder.id)] == [call.id, visit.id]
    assert [i.id for i in crm.interactions.list(agent=agent.id)] == [visit.id]
    assert [i.id for i in crm.interactions.list(started_from=dt.date(2024, 1, 11))] == [visit.id]

    with pytest.raises(inscrm.InvalidArgument) as info:  # a visit needs the agent who made it
        crm.interactions.log(holder.id, channel="agent_visit", purpose="sales_visit")
    assert info.value.field == "agent"
    with pytest.raises(inscrm.InvalidArgument) as info:
        crm.interactions.log(holder.id, channel="pigeon")
    assert info.value.field == "channel"
    with pytest.raises(inscrm.NotFound) as info:
        crm.interactions.log(4242)
    assert info.value.field == "customer"
    assert len(crm.interactions.list()) == 2


def test_claim_from_report_to_payment(crm, clock, holder, policy):
    clock.set(dt.date(2024, 6, 3))
    claim = crm.claims.report(policy.id, holder.id, type="hospital_allowance", incident_date=dt.date(2024, 5, 20),
                              claimed_amount=decimal.Decimal("3000.00"), documents=["claim_form", "insured_id"])
    assert (claim.status, claim.claimed_amount, claim.currency, claim.number) == (
        "documents_pending", 3_000_00, "CNY", f"C{claim.id:010d}")
    assert claim.required_documents == ["claim_form", "insured_id", "admission_record", "discharge_summary"]
    assert claim.missing_documents == ["admission_record", "discharge_summary"]
    progress = crm.claims.progress(claim.id)
    assert progress.missing_documents == ["admission_record", "discharge_summary"]
    assert "admission_record" in progress.next_step

    with pytest.raises(inscrm.IllegalTransition) as info:  # documents still missing
        crm.claims.start_assessment(claim.id)
    assert info.value.field == "documents"
    crm.claims.receive_document(claim.id, "admission_record")
    claim = crm.claims.receive_document(claim.id, "discharge_summary")
    assert claim.missing_documents == [] and [d.name for d in claim.documents][-1] == "discharge_summary"
    crm.claims.start_assessment(claim.id, "all in")

    with pytest.raises(inscrm.InvalidArgument) as info:  # more than was claimed
        crm.claims.approve(claim.id, 3_000_01)
    assert info.value.field == "approved_amount"
    assert crm.claims.get(claim.id).status == "under_assessment"
    approved = crm.claims.approve(claim.id, decimal.Decimal("2800"))
    assert (approved.status, approved.approved_amount, approved.approved_amount_yuan) == (
        "approved", 2_800_00, decimal.Decimal("2800.00"))
    clock.advance(days=2)
    paid = crm.claims.pay(claim.id)
    assert (paid.status, paid.paid_amount, paid.paid_on) == ("paid", 2_800_00, dt.date(2024, 6, 5))
    closed = crm.claims.close(claim.id)
    assert closed.status == "closed" and crm.claims.by_number(claim.number).id == claim.id
    history = crm.claims.history(claim.id)
    assert [t.event for t in history] == ["request_documents", "start_assessment", "approve", "pay", "close"]
    assert history[3].effective_on == dt.date(2024, 6, 5) and history[3].actor == "u-7"
    assert crm.policies.get(policy.id).status == "in_force"  # a hospital allowance does not end cover


def test_paying_a_declined_claim_is_illegal_and_a_paid_death_claim_ends_the_policy(crm, clock, holder, spouse, policy):
    clock.set(dt.date(2024, 8, 1))
    declined = crm.claims.report(policy.id, holder.id, type="medical", incident_date=dt.date(2024, 7, 1),
                                 claimed_amount=5_000_00,
                                 documents=["claim_form", "insured_id", "invoices", "expense_list", "diagnosis", "discharge_summary"])
    assert declined.status == "reported"
    crm.claims.start_assessment(declined.id)
    crm.claims.decline(declined.id, "pre-existing condition")
    with pytest.raises(inscrm.IllegalTransition) as info:
        crm.claims.pay(declined.id)
    assert (info.value.field, info.value.message) == ("status", "cannot pay a claim that is declined")
    with pytest.raises(inscrm.IllegalTransition) as info:
        crm.claims.decline(declined.id, "")
    assert crm.claims.get(declined.id).decline_reason == "pre-existing condition"
    reopened = crm.claims.reopen(declined.id, "new medical report")
    assert (reopened.status, reopened.reopen_count, reopened.decline_reason) == ("under_assessment", 1, "")

    death = crm.claims.report(policy.id, spouse.id, type="death", incident_date=dt.date(2024, 7, 20),
                              claimed_amount=500_000_00,
                              documents=["claim_form", "death_certificate", "beneficiary_id", "policy_contract",
                                         "household_cancellation"])
    crm.claims.apply_event(death.id, "start_assessment")
    crm.claims.apply_event(death.id, "approve", approved_amount=500_000_00)
    crm.claims.apply_event(death.id, "pay", on=dt.date(2024, 8, 1))
    assert crm.policies.get(policy.id).status == "terminated"
    assert [c.id for c in crm.claims.list(policy=policy.id, status="paid")] == [death.id]

    with pytest.raises(inscrm.InvalidArgument) as info:  # no claim before the policy took effect
        crm.claims.report(policy.id, holder.id, type="medical", incident_date=dt.date(2023, 12, 1), claimed_amount=100_00)
    assert info.value.field == "incident_date"


def test_service_requests_apply_their_effect(crm, clock, holder, spouse, policy):
    change = crm.service_requests.submit("change_contact", holder.id, phones=["13900001111"], channel="app")
    assert (change.status, change.kind, change.channel) == ("submitted", "change_contact", "app")
    assert change.payload == {"phones": [inscrm.Phone("13900001111")], "emails": []}
    clock.advance(dt.timedelta(hours=1))
    started = crm.service_requests.start(change.id, "u-9")
    assert started.assignee == "u-9" and started.sla.acknowledged_at == dt.datetime(2024, 1, 10, 1, tzinfo=dt.timezone.utc)
    waiting = crm.service_requests.wait_on_customer(change.id, "SMS code not confirmed")
    assert waiting.status == "waiting_on_customer" and waiting.sla.paused
    assert crm.service_requests.deadlines(change.id).resolve is None
    clock.advance(dt.timedelta(hours=2))
    crm.service_requests.customer_responded(change.id, "confirmed")
    done = crm.service_requests.complete(change.id, "phone replaced")
    assert (done.status, done.result, done.is_open) == ("completed", "phone replaced", False)
    assert done.sla.pauses[0].reason == "SMS code not confirmed" and done.sla.pauses[0].end is not None
    assert [p.number for p in crm.customers.get(holder.id).phones] == ["13900001111"]
    assert [s.event for s in crm.service_requests.history(change.id)] == [
        "submit", "start", "wait_on_customer", "customer_responded", "complete"]

    heirs = crm.service_requests.submit("change_beneficiary", holder.id, policy=policy.id, beneficiaries=[(holder.id, 100)])
    crm.service_requests.start(heirs.id)
    crm.service_requests.complete(heirs.id, "beneficiary changed")
    assert crm.policies.get(policy.id).beneficiaries == [inscrm.Beneficiary(holder.id, 100)]

    surrender = crm.service_requests.submit("surrender", holder.id, policy=policy.id)
    crm.service_requests.start(surrender.id)
    with pytest.raises(inscrm.IllegalTransition) as info:  # the surrender value must be given
        crm.service_requests.complete(surrender.id, "paid out")
    assert info.value.field == "amount"
    assert crm.policies.get(policy.id).status == "in_force"  # nothing written
    out = crm.service_requests.complete(surrender.id, "paid out", amount=decimal.Decimal("8000.50"))
    assert (out.amount, out.amount_yuan, out.currency) == (8_000_50, decimal.Decimal("8000.50"), "CNY")
    assert crm.policies.get(policy.id).status == "surrendered"
    assert [r.id for r in crm.service_requests.list(customer=holder.id, status="completed")] == [
        change.id, heirs.id, surrender.id]


def test_service_request_errors_and_the_watchdog(crm, clock, holder, policy):
    with pytest.raises(inscrm.InvalidArgument) as info:  # one request carries one change
        crm.service_requests.submit("change_contact", holder.id, phones=["13900001111"], address="上海市浦东新区")
    assert info.value.field == "payload"
    with pytest.raises(inscrm.InvalidArgument) as info:  # a loan names its policy
        crm.service_requests.submit("policy_loan", holder.id, amount=10_000_00)
    assert info.value.field == "policy"
    assert crm.service_requests.list() == []

    rescue = crm.service_requests.submit("emergency_rescue", holder.id)
    d = crm.service_requests.deadlines(rescue.id)
    assert d.row.category == "emergency_rescue" and d.row.calendar == "round_the_clock"
    assert d.acknowledge == rescue.requested_at + d.row.acknowledge_within
    with pytest.raises(inscrm.IllegalTransition) as info:
        crm.service_requests.complete(rescue.id, "done")  # never started
    assert info.value.field == "status"

    clock.advance(days=2)
    assert crm.run_daily().service_requests_breached == 1
    assert crm.run_daily().service_requests_breached == 0
    late = crm.service_requests.get(rescue.id)
    assert late.sla.breached_ack_at == rescue.requested_at + d.row.acknowledge_within
    cancelled = crm.service_requests.cancel(rescue.id, "no longer needed")
    assert (cancelled.status, cancelled.result) == ("cancelled", "no longer needed")


def test_surveys_nps_and_satisfaction(crm, clock, holder, spouse):
    for score in (10, 10, 9, 8, 6):
        crm.surveys.record(holder.id, "nps", score, channel="wechat")
    crm.surveys.record(spouse.id, "service", 4, dimension="call_centre")
    crm.surveys.record(spouse.id, "service", 5, dimension="call_centre")
    crm.surveys.record(spouse.id, "service", 3, dimension="claims")
    crm.surveys.record(holder.id, "product", 2)

    n = crm.surveys.nps(dt.date(2024, 1, 1), dt.date(2024, 2, 1))
    assert (n.responses, n.promoters, n.passives, n.detractors, n.score) == (5, 3, 1, 1, 40.0)
    assert crm.surveys.nps(dt.date(2024, 2, 1), dt.date(2024, 3, 1)).responses == 0

    r = crm.surveys.satisfaction(dt.date(2024, 1, 1), dt.date(2024, 2, 1))
    by_kind = {k.kind: (k.responses, k.mean) for k in r.by_kind}
    assert by_kind == {"product": (1, 2.0), "service": (3, 4.0), "nps": (5, 8.6)}
    by_dimension = {(s.kind, s.dimension): (s.responses, s.mean) for s in r.by_dimension}
    assert by_dimension[("service", "call_centre")] == (2, 4.5)
    assert by_dimension[("service", "claims")] == (1, 3.0)
    assert r.complaint_handling_responses == 0 and r.complaint_handling_mean is None

    with pytest.raises(inscrm.InvalidArgument) as info:
        crm.surveys.record(holder.id, "service", 6)  # satisfaction is 1..5
    assert info.value.field == "score"
    with pytest.raises(inscrm.InvalidArgument) as info:
        crm.surveys.record(holder.id, "nps", 7, answered_on=dt.date(2024, 2, 1))  # from the future
    assert info.value.field == "answered_on"
    assert len(crm.surveys.list(kind="nps")) == 5
    assert [s.score for s in crm.surveys.list(customer=spouse.id, kind="service")] == [4, 5, 3]


def test_complaint_handling_satisfaction_from_both_sources(crm, holder):
    unit = crm.organisation.create_unit("HO", "Head office", kind="head_office")
    c = crm.complaints.receive(holder.id, "slow answer", subcategory="delay", org_unit=unit.id)
    crm.complaints.assign(c.id, "customer_service", "h-li")
    crm.complaints.start_investigation(c.id)
    crm.complaints.propose_solution(c.id, "apologise")
    crm.complaints.inform_customer(c.id)
    crm.complaints.close(c.id, "process", customer_satisfaction=3)
    answer = crm.surveys.record(holder.id, "complaint_handling", 5, complaint=c.id)
    assert answer.complaint == c.id
    r = crm.surveys.satisfaction(dt.date(2024, 1, 1), dt.date(2024, 2, 1))
    assert (r.complaint_handling_responses, r.complaint_handling_mean) == (1, 5.0)
    assert (r.complaint_close_scores, r.complaint_close_mean) == (1, 3.0)
    with pytest.raises(inscrm.NotFound) as info:
        crm.surveys.record(holder.id, "complaint_handling", 4, complaint=999)
    assert info.value.field == "complaint"
