"""Segments, the columnar portfolio, its analytics and the KPIs from Python, on a five-customer
book whose every expected value is worked out by hand in the comments (as the C++ analytics tests
do). Today is 2026-06-30; every policy is an annual WL policy paid on its due dates.

  customer  source          policy effective  premium  paid dues                      status today
  A         agent_referral  2023-03-01        12,000   2023-03-01 … 2026-03-01 (4)    in force
  B         internet        2024-05-01         5,000   2024-05-01 (1)                 lapsed (2025 due missed)
  C         agent_referral  2025-06-01         8,000   2025-06-01, 2026-06-01 (2)     in force
  D         internet        —                      —   —                              prospect
  E         agent_referral  2019-09-15        20,000   2019-09-15 … 2025-09-15 (7)    in force
"""

import datetime as dt
import math

import numpy as np
import pytest

import inscrm

TODAY = dt.date(2026, 6, 30)
ANALYST = inscrm.Actor("analyst-1", roles=["administrator", "analyst"])


def annual_dues(first: dt.date, last: dt.date):
    return [{"due": first.replace(year=y), "channel": "online"} for y in range(first.year, last.year + 1)]


# Both ways a rule runs: columnar in memory, and pushed down as SQL by the SQLite adapter.
@pytest.fixture(params=["memory", "sqlite"])
def book(request, tmp_path):
    uri = "memory:" if request.param == "memory" else f"sqlite:{tmp_path / 'book.db'}"
    with inscrm.open(uri, clock=inscrm.ManualClock(TODAY), actor=ANALYST) as crm:
        crm.products.create("WL-2024", "Whole life", grace_days=60, term_years=30)
        people = {}
        for key, source, birth in [("A", "agent_referral", dt.date(1990, 1, 1)), ("B", "internet", dt.date(1980, 7, 1)),
                                   ("C", "agent_referral", dt.date(1996, 6, 30)), ("D", "internet", dt.date(1960, 12, 31)),
                                   ("E", "agent_referral", dt.date(1975, 3, 3))]:
            people[key] = crm.customers.create(name=f"客户{key}", birth_date=birth, region="310000", source=source).id
        policies = [("A", dt.date(2023, 3, 1), 12_000_00, dt.date(2026, 3, 1)),
                    ("B", dt.date(2024, 5, 1), 5_000_00, dt.date(2024, 5, 1)),
                    ("C", dt.date(2025, 6, 1), 8_000_00, dt.date(2026, 6, 1)),
                    ("E", dt.date(2019, 9, 15), 20_000_00, dt.date(2025, 9, 15))]
        crm.policies.import_rows([
            {"product": "WL-2024", "holder": people[key], "sum_insured": 500_000_00, "premium": premium,
             "frequency": "annual", "premium_years": 20, "effective_date": effective, "number": f"P-{key}",
             "status": "in_force", "payments": annual_dues(effective, last_paid)}
            for key, effective, premium, last_paid in policies
        ])
        crm.run_daily(TODAY)  # B's 2025-05-01 due was missed: grace, then lapse
        yield crm, people


def ids(people, keys):
    return np.array([people[k] for k in keys], dtype=np.int64)


def test_portfolio_exposes_fact_columns_as_arrays(book):
    crm, people = book
    p = crm.portfolio(TODAY)
    assert len(p) == 5 and p.as_of == TODAY
    assert p.customers.dtype == np.int64
    assert p.customers.tolist() == sorted(people.values())
    assert p.facts["annual_premium"] == "money" and p.facts["gender"] == "string"
    # Completed years on 2026-06-30: C turns 30 that very day, D is still 65.
    assert p.column("age").tolist() == [36, 45, 30, 65, 51]
    # Money in fen; B's only policy has lapsed, D has none.
    assert p.column("annual_premium").tolist() == [12_000_00, 0, 8_000_00, 0, 20_000_00]
    assert p.column("has_lapsed_policy").tolist() == [False, True, False, False, False]
    assert p.column("products_held")[0] == ("WL-2024",) and p.column("products_held")[3] == ()
    # Days since the last payment: A 2026-03-01 → 121, B 2024-05-01 → 790, C 29, D never (NaN), E 288.
    days = p.column("days_since_last_payment")
    assert days.dtype == np.float64 and math.isnan(days[3])
    assert days[[0, 1, 2, 4]].tolist() == [121, 790, 29, 288]
    assert p.column("region").tolist() == ["310000"] * 5
    arrays = p.arrays()
    assert set(arrays) == {"customer", *p.facts}
    with pytest.raises(inscrm.NotFound) as e:
        p.column("annual_premum")
    assert e.value.field == "fact" and "annual_premium" in str(e.value)


def test_portfolio_dataframe_is_indexed_by_customer(book):
    pd = pytest.importorskip("pandas")
    crm, people = book
    frame = crm.portfolio(TODAY).dataframe()
    assert isinstance(frame, pd.DataFrame)
    assert frame.loc[people["E"], "annual_premium"] == 20_000_00
    assert frame.loc[people["B"], "has_lapsed_policy"]


def test_rules_are_evaluated_over_whole_columns(book):
    crm, people = book
    p = crm.portfolio(TODAY)
    assert p.evaluate("annual_premium >= 10000").tolist() == ids(people, "AE").tolist()
    assert p.evaluate("has_lapsed_policy or days_since_last_payment > 400").tolist() == ids(people, "B").tolist()
    assert p.count("age between 30 and 50") == 3  # A 36, B 45, C 30
    assert p.count_by("source = 'agent_referral'", "tenure_years") == {1: 1, 3: 1, 6: 1}
    with pytest.raises(inscrm.InvalidArgument) as e:
        p.evaluate("agee > 30")
    assert e.value.field == "rule" and "line 1, column 1" in str(e.value) and "'age'" in str(e.value)


def test_segments_are_defined_run_and_compared(book):
    crm, people = book
    seg = crm.segments.define("big_payers", "annual_premium >= 10000", kind="value", description="premium service")
    assert (seg.name, seg.kind, seg.rule_version) == ("big_payers", "value", 1)
    first = crm.segments.run("big_payers", TODAY)
    assert first.member_count == 2 and first.members.tolist() == ids(people, "AE").tolist()

    changed = crm.segments.change_rule("big_payers", "annual_premium >= 8000")
    assert changed.rule_version == 2
    assert [r.version for r in crm.segments.rule_history("big_payers")] == [1, 2]
    second = crm.segments.run("big_payers", TODAY)
    assert second.members.tolist() == ids(people, "ACE").tolist()
    moved = crm.segments.movement(first.id, second.id)
    assert moved.entered.tolist() == ids(people, "C").tolist()
    assert moved.left.tolist() == [] and moved.stayed.tolist() == ids(people, "AE").tolist()
    assert [s.member_count for s in crm.segments.snapshots("big_payers")] == [2, 3]
    assert crm.segments.snapshot(second.id).members.tolist() == ids(people, "ACE").tolist()
    assert [s.name for s in crm.segments.list()] == ["big_payers"]
    assert crm.segments.evaluate("not has_lapsed_policy and policies_in_force = 0", TODAY).tolist() == ids(people, "D").tolist()

    with pytest.raises(inscrm.InvalidArgument) as e:
        crm.segments.define("broken", "annual_premium >=")
    assert e.value.field == "rule" and "line 1, column" in str(e.value)
    with pytest.raises(inscrm.AlreadyExists) as e:
        crm.segments.define("big_payers", "age > 1")
    assert e.value.field == "name"
    with pytest.raises(inscrm.InvalidArgument) as e:
        crm.segments.define("x", "age > 1", kind="psychographic")
    assert e.value.field == "kind"
    assert len(crm.segments.list()) == 1  # nothing written by the failures


def test_rfm_scores_are_quintiles_of_the_payment_history(book):
    crm, people = book
    rfm = crm.portfolio(TODAY).rfm()
    assert rfm["customer"].tolist() == ids(people, "ABCDE").tolist()
    # Payments in the 36 months (2023-06-30, 2026-06-30]: A 3, B 1, C 2, D 0, E 3.
    assert rfm["payments"].tolist() == [3, 1, 2, 0, 3]
    assert rfm["premium"].tolist() == [36_000_00, 5_000_00, 16_000_00, 0, 60_000_00]
    # Ascending D, B, C, then A and E tied at position 3: 1 + floor(5 × position / 5).
    assert rfm["frequency"].tolist() == [4, 2, 3, 1, 4]
    assert rfm["monetary"].tolist() == [4, 2, 3, 1, 5]
    # Most recent is best: C (29 days), A (121), E (288), B (790), D never.
    assert rfm["recency"].tolist() == [4, 2, 5, 1, 3]
    assert rfm["cell"].tolist() == [444, 222, 533, 111, 345]


def test_profit_value_tiers_loyalty_and_pareto(book):
    crm, people = book
    p = crm.portfolio(TODAY)
    # Premium received in [2025-07-01, 2026-07-01): A 12,000, C 8,000 (2026-06-01), E 20,000; 365 fen of
    # upkeep each for the 365 days.
    profit = p.profitability("2025-07-01", "2026-07-01", per_customer_year=365)
    assert profit["premium"].tolist() == [12_000_00, 0, 8_000_00, 0, 20_000_00]
    assert profit["servicing"].tolist() == [365] * 5
    assert profit["profit"].tolist() == [12_000_00 - 365, -365, 8_000_00 - 365, -365, 20_000_00 - 365]

    tiers = inscrm.value_tiers(profit["profit"])
    assert tiers.tolist() == [4, 1, 3, 1, 5]  # B and D tie at the bottom
    p.set_value_tiers(tiers)
    assert p.evaluate("value_tier >= 4").tolist() == ids(people, "AE").tolist()

    # Loyalty = (tenure/5 + products/3 + persistency) / 3: A (0.6 + 1/3 + 1)/3, E (1 + 1/3 + 1)/3.
    loyalty = p.loyalty()
    assert loyalty["score"][0] == pytest.approx((0.6 + 1 / 3 + 1) / 3)
    assert loyalty["score"][4] == pytest.approx((1 + 1 / 3 + 1) / 3)
    assert loyalty["persistency"][1] == 0.0  # B's only policy lapsed
    matrix = p.value_loyalty(tiers)
    assert matrix.golden.tolist() == ids(people, "E").tolist()  # A's 0.644 is under 2/3
    assert matrix.counts == {"golden": 1, "high_value_low_loyalty": 1, "low_value_high_loyalty": 0,
                             "low_value_low_loyalty": 3}
    assert matrix.cells.tolist()[0] == "high_value_low_loyalty"

    curve = inscrm.pareto_curve(profit["profit"])
    total = 40_000_00 - 5 * 365
    assert curve.customers == 5 and curve.loss_makers == 2 and curve.total_profit == total
    assert curve.share_of_top(0.2) == pytest.approx((20_000_00 - 365) / total)  # E alone
    assert curve.customer_share.tolist() == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    assert curve.cumulative_profit[-1] == total and curve.profit_share[-1] == pytest.approx(1.0)
    with pytest.raises(inscrm.InvalidArgument) as e:
        inscrm.pareto_curve(np.array([1.5, 2.0]))
    assert e.value.field == "profits"


def test_pure_quintiles_and_lifetime_value():
    assert inscrm.value_tiers([10, 20, 30, 40, 50]).tolist() == [1, 2, 3, 4, 5]
    assert inscrm.value_tiers([0, 0, 0, 0, 100]).tolist() == [1, 1, 1, 1, 5]
    assert inscrm.quintile_scores([3.5, 1.0, 2.0, 2.0]).tolist() == [4, 1, 2, 2]  # 1 + floor(5·pos/4)
    # 100 + 100·0.5 + 100·0.25 with no discounting; then two years discounted at 10 %.
    assert inscrm.lifetime_value(100.0, retention=0.5, discount_rate=0.0, horizon_years=3) == pytest.approx(175.0)
    assert inscrm.lifetime_value(100.0, retention=1.0, discount_rate=0.1, horizon_years=2) == pytest.approx(100 / 1.1 + 100 / 1.21)
    with pytest.raises(inscrm.InvalidArgument) as e:
        inscrm.lifetime_value(100.0, retention=1.5)
    assert e.value.field == "retention"


def test_churn_lifetime_value_and_next_best_product(book):
    crm, people = book
    p = crm.portfolio(TODAY)
    churn = p.churn_risk()
    # B: no policy in force with tenure 30, lapsed 25, last paid 790 days ago 15, never contacted 10.
    assert churn["score"][1] == 80
    assert {name for name, _ in churn["factors"][1]} == {"no_policy_in_force", "has_lapsed_policy", "no_recent_payment",
                                                        "no_recent_contact"}
    lapse = p.lapse_risk()
    assert sorted(lapse["holder"].tolist()) == ids(people, "ACE").tolist()  # policies in force only

    clv = p.lifetime_values(retention=1.0, margin=0.1, discount_rate=0.0, horizon_years=2)
    assert clv["annual_margin"].tolist() == [1_200_00, 0, 800_00, 0, 2_000_00]
    assert clv["value"].tolist() == [2_400_00, 0, 1_600_00, 0, 4_000_00]
    with pytest.raises(inscrm.InvalidArgument) as e:
        p.lifetime_values(horizon_years=0)
    assert e.value.field == "horizon_years"

    best = p.next_best_products()
    # One product, held by A, C and E: offered to B and D only.
    assert best["product"].tolist() == ["", "WL-2024", "", "WL-2024", ""]
    assert all(0.0 < x < 1.0 for x in best["probability"][[1, 3]])


def test_kpis_of_a_period(book):
    crm, people = book
    k = crm.kpis("2025-01-01", "2026-01-01")
    # Renewal dues in 2025: A 2025-03-01 paid, B 2025-05-01 missed, E 2025-09-15 paid.
    assert (k.renewal.eligible, k.renewal.achieved) == (3, 2) and k.renewal.rate == pytest.approx(2 / 3)
    # 13th month: B's 2025-05-01 (missed); 25th month: A's 2025-03-01 (paid).
    assert (k.persistency_13th_month.eligible, k.persistency_13th_month.achieved) == (1, 0)
    assert (k.persistency_25th_month.eligible, k.persistency_25th_month.achieved) == (1, 1)
    # C is the only customer whose first policy took effect in 2025, and came by referral.
    assert (k.referral.eligible, k.referral.achieved) == (1, 1)
    assert k.complaints == 0 and k.policies_in_force == 3 and k.complaints_per_10000_policies == 0.0
    assert k.tier_distribution == {"standard": 5}
    only_a = crm.kpis("2025-01-01", "2026-01-01", customers=ids(people, "A"))
    assert (only_a.renewal.eligible, only_a.renewal.achieved) == (1, 1)
    with pytest.raises(inscrm.InvalidArgument) as e:
        crm.kpis("2026-01-01", "2025-01-01")
    assert e.value.field == "to"


def test_behaviour_of_a_group(book):
    crm, people = book
    p = crm.portfolio(TODAY)
    # Paid in 2025: A 2025-03-01, C 2025-06-01, E 2025-09-15, each on its due date, online.
    year = p.behaviour("2025-01-01", "2026-01-01")
    assert year.customers == 5 and year.payments == 3
    assert year.on_time_payment_share == 1.0 and year.payments_by_channel == {"online": 3}
    assert year.interactions == 0 and year.interactions_per_customer == 0.0
    only_a = p.behaviour("2025-01-01", "2026-01-01", customers=ids(people, "A"))
    assert only_a.customers == 1 and only_a.payments == 1


def test_agent_analytics_against_the_company():
    with inscrm.open("memory:", clock=inscrm.ManualClock(TODAY), actor=ANALYST) as crm:
        crm.products.create("WL-2024", "Whole life", term_years=30)
        head = crm.organisation.create_unit("HO", "Head office", kind="head_office")
        unit = crm.organisation.create_unit("BR1", "Branch one", parent=head.id)
        x = crm.organisation.create_agent("X1", "Agent X", org_unit=unit.id).id
        y = crm.organisation.create_agent("Y1", "Agent Y", org_unit=unit.id).id
        c = crm.customers.create(name="客户", birth_date=dt.date(1990, 1, 1))
        visits = [(x, dt.datetime(2026, 6, 10, 9, tzinfo=dt.timezone.utc), 30, "cold", "sale"),
                  (x, dt.datetime(2026, 6, 10, 14, tzinfo=dt.timezone.utc), 60, "cold", "completed"),
                  (x, dt.datetime(2026, 6, 11, 10, tzinfo=dt.timezone.utc), 90, "referral", "sale"),
                  (y, dt.datetime(2026, 6, 10, 11, tzinfo=dt.timezone.utc), 20, "cold", "completed")]
        for agent, at, minutes, kind, outcome in visits:
            crm.interactions.log(c.id, channel="agent_visit", direction="outbound", purpose="sales_visit", agent=agent,
                                 started_at=at, duration=dt.timedelta(minutes=minutes), outcome=outcome, visit_kind=kind)
        crm.policies.issue(product="WL-2024", holder=c.id, agent=x, sum_insured=100_000_00, premium=1_000_00)
        a = crm.portfolio(TODAY).agent_analytics("2026-06-01", "2026-07-01")
    # Company: 4 visits on 3 agent-days, 1 sale (X's policy); cold 1 of 3 sold, referral 1 of 1.
    assert (a.company.visits, a.company.visit_days, a.company.sales) == (4, 3, 1)
    assert a.company.visits_per_day == pytest.approx(4 / 3) and a.company.visits_per_sale == pytest.approx(4.0)
    assert a.company.cold_conversion == pytest.approx(1 / 3) and a.company.referral_conversion == pytest.approx(1.0)
    assert [row.activity.agent for row in a.agents] == [x, y]
    ax, ay = a.agents
    # X: 3 visits on 2 days, 60 minutes each on average, 1 sale; cold 1 of 2.
    assert ax.activity.visits_per_day == pytest.approx(1.5) and ax.activity.mean_minutes_per_visit == pytest.approx(60.0)
    assert ax.visits_per_day_vs_company == pytest.approx(1.5 / (4 / 3))
    assert ax.visits_per_sale_vs_company == pytest.approx(3 / 4)
    assert ax.cold_conversion_vs_company == pytest.approx(0.5 / (1 / 3))
    assert ay.activity.visits == 1 and ay.visits_per_sale_vs_company is None  # Y sold nothing
