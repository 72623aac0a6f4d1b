"""crm.consents, crm.care, crm.campaigns (domain.md C7, C12) from Python: consent checked by the
library, each care task once, campaign members and figures."""
import datetime
import decimal

import pytest

import inscrm

ADMIN = inscrm.Actor("admin-1", roles=["administrator"])


def test_care_run_once_per_day_and_consent_withdrawal():
    clock = inscrm.ManualClock(datetime.date(2026, 12, 6))
    care = {"holidays": [(datetime.date(2026, 12, 25), "Christmas")], "premium_due_lead_days": 5,
            "kinds": {"birthday": {"channel": "wechat"}}}
    with inscrm.open("memory:", clock=clock, actor=ADMIN, care=care) as crm:
        ann = crm.customers.create(name="Ann", birth_date=datetime.date(1980, 12, 7)).id
        bob = crm.customers.create(name="Bob", birth_date=datetime.date(1981, 12, 7)).id
        granted = crm.consents.record(ann, "care", "wechat", source="app settings")
        assert granted["granted"] and granted["purpose"] == "care" and granted["channel"] == "wechat"
        assert crm.consents.allows(ann, "care", "wechat")
        assert not crm.consents.allows(bob, "care", "wechat")

        first = crm.care.run(datetime.date(2026, 12, 7))
        assert first["produced"] == 1 and first["without_consent"] == 1
        assert first["by_kind"]["birthday"] == 1
        again = crm.care.run("2026-12-07")
        assert again["produced"] == 0 and again["already_produced"] == 1
        tasks = crm.care.tasks(due=datetime.date(2026, 12, 7))
        assert [(t["kind"], t["customer"], t["channel"]) for t in tasks] == [("birthday", ann, "wechat")]
        done = crm.care.complete(tasks[0]["id"], "sent greetings")
        assert done["status"] == "done" and done["done_on"] == datetime.date(2026, 12, 6)
        with pytest.raises(inscrm.InvalidArgument):
            crm.care.complete(tasks[0]["id"])

        crm.consents.record(ann, "care", "wechat", granted=False, source="opted out by phone")
        assert [c["granted"] for c in crm.consents.list(ann)] == [True, False]
        later = crm.care.run(datetime.date(2027, 12, 7))
        assert later["produced"] == 0 and later["without_consent"] == 2
        christmas = crm.care.run(datetime.date(2026, 12, 25))
        assert christmas["without_consent"] == 2  # the holiday's SMS greeting needs care-by-SMS consent


def test_care_settings_are_checked_at_open():
    with pytest.raises(inscrm.InvalidArgument):
        inscrm.open("memory:", care={"maturity_lead_days": -3})
    with pytest.raises(inscrm.InvalidArgument):
        inscrm.open("memory:", care={"kinds": {"anniversary_party": {"enabled": False}}})


def test_campaign_members_need_marketing_consent_and_figures():
    clock = inscrm.ManualClock(datetime.date(2026, 12, 6))
    with inscrm.open("memory:", clock=clock, actor=ADMIN) as crm:
        ids = [crm.customers.create(name=f"C{i}", region="310000").id for i in range(4)]
        for c in ids[:3]:
            crm.consents.record(c, "marketing", "sms", source="web form")
        c = crm.campaigns.create("Winter", target_rule="region = '310000'", channel="sms",
                                 starts_on="2026-12-01", ends_on="2026-12-31", budget=decimal.Decimal("900.00"),
                                 objective="renewals")
        assert crm.campaigns.get(c["id"])["budget"] == decimal.Decimal("900.00")
        assert [x["name"] for x in crm.campaigns.list()] == ["Winter"]
        with pytest.raises(inscrm.InvalidArgument):
            crm.campaigns.create("Bad", target_rule="region =", channel="sms", starts_on="2026-12-01",
                                 ends_on="2026-12-31", budget=0)
        added = crm.campaigns.add_members(c["id"])
        assert added == {"matched": 4, "without_consent": 1, "added": 3}
        assert sorted(m["customer"] for m in crm.campaigns.members(c["id"])) == ids[:3]
        crm.campaigns.record_outcome(c["id"], ids[0], "converted")
        crm.campaigns.record_outcome(c["id"], ids[1], "responded")
        crm.campaigns.record_outcome(c["id"], ids[2], "contacted")
        with pytest.raises(inscrm.NotFound):
            crm.campaigns.record_outcome(c["id"], ids[3], "contacted")
        clock.set(datetime.date(2027, 1, 5))  # the surveys are answered by then
        crm.surveys.record(ids[0], "service", 4, answered_on=datetime.date(2026, 12, 10))
        crm.surveys.record(ids[1], "product", 2, answered_on=datetime.date(2026, 12, 11))
        e = crm.campaigns.evaluate(c["id"])
        assert (e["members"], e["contacted"], e["responded"], e["converted"]) == (3, 3, 2, 1)
        assert e["response_rate"] == pytest.approx(2 / 3)
        assert e["conversion_rate"] == pytest.approx(1 / 3)
        assert e["cost_per_conversion"] == decimal.Decimal("900.00")
        assert e["satisfaction"] == pytest.approx(3.0) and e["satisfaction_responses"] == 2

        # C0 converted on 6 December and applies today, 30 days later (the last day that counts), for
        # 1,000.00 a year: the campaign's return in December's KPIs, when it ended.
        crm.products.create("WL", "Whole life", term_years=20)
        crm.policies.issue(product="WL", holder=ids[0], sum_insured=100_000_00, premium=decimal.Decimal("1000.00"))
        roi = crm.kpis("2026-12-01", "2027-01-01").campaign_roi
        assert (roi.campaigns, roi.conversions, roi.policies) == (1, 1, 1)
        assert roi.cost_yuan == decimal.Decimal("900.00") and roi.cost == 90_000
        assert roi.premium_yuan == decimal.Decimal("1000.00")
        assert roi.roi == pytest.approx((1000 - 900) / 900)
        assert crm.kpis("2026-11-01", "2026-12-01").campaign_roi.roi is None
