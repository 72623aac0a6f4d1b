"""The quickstart story through the Python API, and the everyday surface around it: records,
dates, money, actors, iterators, the outbox, the summary."""

import datetime as dt
import decimal

import pytest

import inscrm

from conftest import CLERK


def test_issue_pay_miss_grace_lapse_reinstate(crm, clock, holder, spouse):
    p = crm.policies.issue(product="WL", holder=holder.id, beneficiaries=[(spouse.id, 100)],
                           sum_insured=500_000_00, premium=decimal.Decimal("12000.00"), frequency="annual")
    assert p.status == "in_force" and p.in_force
    assert p.number == f"P{p.id:010d}"
    assert p.premium == 12_000_00 and p.premium_yuan == decimal.Decimal("12000.00") and p.currency == "CNY"
    assert p.effective_date == dt.date(2024, 1, 10) and p.expiry_date == dt.date(2044, 1, 10)
    assert p.beneficiaries == [inscrm.Beneficiary(spouse.id, 100)]
    assert p.insured == [holder.id]

    first = crm.policies.record_payment(p.id, due=dt.date(2024, 1, 10), channel="online")
    assert (first.kind, first.policy_year, first.channel, first.paid_on) == ("first_year", 1, "online", dt.date(2024, 1, 10))
    clock.set(dt.date(2025, 1, 5))
    early = crm.policies.record_payment(p.id, dt.date(2025, 1, 10))
    assert (early.kind, early.policy_year) == ("renewal", 2)

    # 2026-01-10 is missed; a run long after catches up: grace from the 11th, lapse 60 days later.
    run = crm.run_daily(dt.date(2026, 6, 1))
    assert isinstance(run, inscrm.DailyRunReport)
    assert (run.day, run.entered_grace, run.lapsed) == (dt.date(2026, 6, 1), 1, 1)
    lapsed = crm.policies.get(p.id)
    assert (lapsed.status, lapsed.status_since) == ("lapsed", dt.date(2026, 3, 12))
    assert crm.customers.get(holder.id).stage == "lapsed"
    again = crm.run_daily(dt.date(2026, 6, 1))  # idempotent
    assert again.entered_grace + again.lapsed + again.stage_changes == 0

    clock.set(dt.date(2026, 6, 2))
    with pytest.raises(inscrm.InvalidArgument) as refused:  # no premium on a lapsed policy
        crm.policies.record_payment(p.id, due=dt.date(2026, 1, 10))
    assert refused.value.field == "policy_id"

    crm.policies.reinstate(p.id, "customer request")
    crm.policies.record_payment(p.id, due=dt.date(2026, 1, 10))
    back = crm.policies.get(p.id)
    assert back.status == "in_force"
    assert crm.customers.get(holder.id).stage == "won_back"

    history = crm.policies.history(p.id)
    assert [t.to_status for t in history] == ["applied", "underwriting", "issued", "in_force", "grace_period",
                                              "lapsed", "reinstated", "in_force"]
    assert [t.event for t in history][4:6] == ["miss_premium", "lapse"]
    assert history[4].effective_on == dt.date(2026, 1, 11)
    assert history[6].actor == "u-7" and history[6].reason == "customer request"
    assert history[6].at.tzinfo is not None and history[6].at.utcoffset() == dt.timedelta(0)
    assert "lapsed -> reinstated" in repr(history[6])

    schedule = crm.policies.schedule(p.id, dt.date(2026, 12, 31))
    assert [(line.due_date, line.paid) for line in schedule] == [
        (dt.date(2024, 1, 10), True), (dt.date(2025, 1, 10), True), (dt.date(2026, 1, 10), True)]
    assert schedule[0].payment.id == first.id
    assert [pay.due_date for pay in crm.policies.payments(p.id)] == [dt.date(2024, 1, 10), dt.date(2025, 1, 10),
                                                                     dt.date(2026, 1, 10)]


def test_customer_record_reads_as_python(crm, clock, holder):
    c = crm.customers.get(holder.id)
    assert (c.name, c.gender, c.birth_date, c.region, c.source) == ("张伟", "male", dt.date(1985, 3, 14), "310000",
                                                                     "agent_referral")
    assert c.identity == inscrm.Identity("resident_id", "110105198503142318")
    assert tuple(c.identity) == ("resident_id", "110105198503142318")
    assert c.phones == [inscrm.Phone("13812345678", primary=True)] and c.primary_phone == "13812345678"
    assert c.stage == "prospect" and c.version == 1 and c.agent is None and c.org_unit == 0
    assert c.created_at == dt.datetime(2024, 1, 10, tzinfo=dt.timezone.utc)
    assert c.age_on(dt.date(2024, 3, 14)) == 39
    assert repr(c) == f"Customer(id={c.id}, name='张伟', stage='prospect', version=1)"
    with pytest.raises(AttributeError):
        c.name = "someone else"  # records are read-only; change them through update()


def test_create_accepts_every_form_of_its_fields(crm, holder):
    c = crm.customers.create(
        name=" 王芳 ", kind="person", gender="female", birth_date="1990-05-20", marital_status="married",
        occupation="teacher", industry="education", annual_income=decimal.Decimal("180000"), region="110000",
        phones=[{"number": "+86 139 1234 5678", "primary": True}, inscrm.Phone("021-12345678")],
        emails=["Wang.Fang@Example.COM"], addresses=[inscrm.Address("朝阳区建国路1号", region_code="110105")],
        relationships=[("spouse", holder.id)], needs=[{"line": "critical_illness", "desired_sum_insured": 300_000_00}],
        source="internet", external_ref="CORE-42", verified_on=dt.date(2024, 1, 9))
    assert c.name == "王芳" and c.annual_income == 180_000_00 and c.annual_income_yuan == decimal.Decimal("180000.00")
    assert [p.number for p in c.phones] == ["13912345678", "02112345678"]
    assert c.emails[0].address == "Wang.Fang@example.com" and c.emails[0].primary
    assert c.relationships == [inscrm.Relationship("spouse", holder.id)]
    assert c.needs[0].line == "critical_illness" and c.needs[0].desired_sum_insured == 300_000_00
    assert crm.customers.find_by_external_ref("CORE-42").id == c.id
    assert crm.customers.find_by_external_ref("CORE-43") is None
    assert [x.id for x in crm.customers.find_by_identity("110105198503142318")] == [holder.id]

    updated = crm.customers.update(c, occupation="principal", external_ref=None, annual_income=None)
    assert (updated.occupation, updated.external_ref, updated.annual_income, updated.version) == ("principal", None, None, 2)


def test_actors_default_and_per_call(crm, holder):
    assert crm.actor == CLERK
    other = inscrm.Actor("u-9", roles=["administrator", "analyst"], org_unit=0)
    assert other.has("analyst") and not other.has("agent") and other.roles == ("administrator", "analyst")
    assert inscrm.Actor.system() == inscrm.Actor("system", roles=["system"])

    p = crm.policies.issue(product="WL", holder=holder.id, sum_insured=100_000_00, premium=1_000_00, actor=other)
    assert {t.actor for t in crm.policies.history(p.id)} == {"u-9"}
    crm.actor = inscrm.Actor("u-10", roles="service_rep")
    crm.policies.surrender(p.id, "moving abroad")
    assert crm.policies.history(p.id)[-1].actor == "u-10"
    crm.actor = None
    assert crm.actor == inscrm.Actor.system()


def test_org_units_agents_and_products(crm):
    head = crm.organisation.create_unit("HO", "Head office", kind="head_office")
    sh = crm.organisation.create_unit("SH", "Shanghai", parent=head.id)
    assert (sh.kind, sh.parent, head.parent) == ("branch", head.id, None)
    agent = crm.organisation.create_agent("A-001", "赵敏", org_unit=sh.id, hired_on=dt.date(2020, 3, 1))
    assert agent.hired_on == dt.date(2020, 3, 1) and agent.active
    assert [a.id for a in crm.organisation.agents(org_unit=sh.id)] == [agent.id]
    assert [u.code for u in crm.organisation.units()] == ["HO", "SH"]
    assert crm.organisation.unit(sh.id).code == "SH" and crm.organisation.agent(agent.id).code == "A-001"

    c = crm.customers.create(name="周杰", org_unit=sh.id, agent=agent.id)
    assert (c.org_unit, c.agent) == (sh.id, agent.id)
    assert [x.id for x in crm.customers.list(agent=agent.id)] == [c.id]

    travel = crm.products.create("TRV", "Travel", line="travel", term="short_term", renewable=True, term_years=1)
    assert (travel.line, travel.term, travel.renewable, travel.currency) == ("travel", "short_term", True, "CNY")
    assert {p.code for p in crm.products} == {"WL", "TRV"}
    assert crm.products.get(travel.id).code == "TRV"


def test_iterators_page_through_everything(crm):
    for i in range(25):
        crm.customers.create(name=f"客户{i}")
    assert [c.name for c in crm.customers.list(limit=10)] == [f"客户{i}" for i in range(10)]
    page2 = crm.customers.list(after=crm.customers.list(limit=10)[-1].id, limit=10)
    assert page2[0].name == "客户10"
    assert [c.name for c in crm.customers.iter(page_size=7)] == [f"客户{i}" for i in range(25)]
    assert len(list(crm.customers)) == 25
    assert list(crm.customers.iter(stage="active")) == []


def test_policy_queries_and_lifecycle_by_name(crm, clock, holder):
    a = crm.policies.issue(product="WL", holder=holder.id, sum_insured=100_000_00, premium=1_000_00)
    b = crm.policies.quote(product="WL", holder=holder.id, sum_insured=100_000_00, premium=1_000_00, number="Q-1")
    assert b.status == "quoted"
    for event in ("apply", "start_underwriting", "decline"):
        b = crm.policies.apply_event(b.id, event, "risk too high" if event == "decline" else "")
    assert b.status == "declined" and b.is_final
    assert crm.policies.by_number("Q-1").id == b.id
    assert [p.id for p in crm.policies.list(status="declined")] == [b.id]
    assert [p.id for p in crm.policies.list(status=["in_force", "declined"])] == [a.id, b.id]
    assert [p.id for p in crm.policies.iter(holder=holder.id, page_size=1)] == [a.id, b.id]
    clock.set(dt.date(2024, 1, 20))
    cancelled = crm.policies.cancel_in_free_look(a.id, "changed mind", on=dt.date(2024, 1, 20))
    assert cancelled.status == "cancelled" and cancelled.status_since == dt.date(2024, 1, 20)


def test_events_poll_ack_and_drain(crm, holder, policy):
    pending = crm.events.poll(max=1000)
    types = [e.type for e in pending]
    assert types[0] == "product.created" and "customer.created" in types and "policy.in_force" in types
    created = next(e for e in pending if e.type == "customer.created")
    assert created.data["customer_id"] == holder.id and created.entity == "customer" and created.actor == "u-7"
    assert created.at.tzinfo is not None

    crm.events.ack(pending[1])  # up to and including the second event
    assert crm.events.poll()[0].id == pending[2].id

    seen = []
    assert crm.events.drain(lambda e: seen.append(e.type)) == len(pending) - 2
    assert seen == types[2:] and crm.events.poll() == []

    crm.customers.create(name="甲")
    crm.customers.create(name="乙")
    stop_after_first = []
    assert crm.events.drain(lambda e: stop_after_first.append(e) or False) == 0  # False stops before acking
    assert len(crm.events.poll()) == 2

    def boom(event):
        raise RuntimeError("handler failed")

    with pytest.raises(RuntimeError, match="handler failed"):
        crm.events.drain(boom)
    assert len(crm.events.poll()) == 2  # still pending: delivery is at least once


def test_summary_counts_the_book(crm, holder, policy):
    crm.policies.record_payment(policy.id, due=dt.date(2024, 1, 10))
    s = crm.summary()
    assert (s.customers, s.policies, s.payments) == (2, 1, 1)
    assert s.policies_by_status["in_force"] == 1 and sum(s.policies_by_status.values()) == 1
    assert set(s.customers_by_stage) == set(inscrm.ENUMS["customer_stage"])
    assert s.first_year_premium == 12_000_00 and s.first_year_premium_yuan == decimal.Decimal("12000.00")
    assert s.renewal_premium == 0 and s.currency == "CNY"


def test_clocks_and_time(clock):
    assert clock.today() == dt.date(2024, 1, 10)
    clock.advance(dt.timedelta(hours=36))
    assert clock.now() == dt.datetime(2024, 1, 11, 12, tzinfo=dt.timezone.utc)
    clock.advance(days=1)
    assert clock.today() == dt.date(2024, 1, 12)
    shanghai = dt.timezone(dt.timedelta(hours=8))
    clock.set(dt.datetime(2024, 3, 1, 2, 0, tzinfo=shanghai))  # aware: moved to UTC
    assert clock.now() == dt.datetime(2024, 2, 29, 18, tzinfo=dt.timezone.utc)
    assert isinstance(inscrm.system_clock().now(), dt.datetime)
    with inscrm.open("memory:", clock=clock) as crm:
        assert crm.clock is clock and crm.today() == dt.date(2024, 2, 29)
    with inscrm.open("memory:") as crm:
        assert abs(crm.clock.now() - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(minutes=5)


def test_validation_without_storing(crm):
    draft = inscrm.validate_customer(name=" 张伟 ", identity=("resident_id", " 110105198503142318 "),
                                     phones=["138-1234-5678"], today=dt.date(2024, 1, 1))
    assert (draft.name, draft.gender, draft.birth_date, draft.identity.number, draft.primary_phone) == (
        "张伟", "male", dt.date(1985, 3, 14), "110105198503142318", "13812345678")
    assert draft.id == 0  # normalised, not stored
    with pytest.raises(inscrm.InvalidArgument) as info:
        inscrm.validate_customer(name="x", emails=["not-an-email"])
    assert info.value.field.startswith("emails[0]")
    product = crm.products.by_code("WL")
    inscrm.validate_application(product, product="WL", holder=1, sum_insured=100_00, premium=10_00)
    with pytest.raises(inscrm.InvalidArgument) as info:
        inscrm.validate_application(product, product="WL", holder=1, sum_insured=100_00, premium=10_00, currency="USD")
    assert info.value.field == "sum_insured"


def test_context_manager_closes():
    with inscrm.open("memory:") as crm:
        assert not crm.closed and crm.storage_kind == "memory" and crm.uri == "memory:"
        assert crm.schema_version >= 1
    assert crm.closed and "closed" in repr(crm)
    assert inscrm.library_version() == inscrm.__version__


def test_sqlite_keeps_the_book_across_open_and_close(tmp_path):
    uri = f"sqlite:{tmp_path / 'crm.db'}"
    try:
        crm = inscrm.open(uri, clock=inscrm.ManualClock(dt.date(2025, 1, 10)))
    except inscrm.Error as e:  # the SQL adapter is optional in some builds
        pytest.skip(f"sqlite storage unavailable: {e}")
    with crm:
        assert crm.storage_kind == "sqlite"
        c = crm.customers.create(name="张伟", external_ref="CORE-1")
    with inscrm.open(uri) as again:
        assert again.customers.find_by_external_ref("CORE-1").id == c.id
