"""crm.loyalty (domain.md C7): earning rules, the points ledger and tiers from Python."""
import datetime
import decimal

import pytest

import inscrm

CLERK = inscrm.Actor("u-7", roles=["service_rep"])
ADMIN = inscrm.Actor("admin-1", roles=["administrator"])  # earning rules are settings
NIGHTLY = inscrm.Actor("nightly", roles=["system"])  # expiry and tier runs are the nightly batch


def test_earn_replay_redeem_and_statement():
    clock = inscrm.ManualClock(datetime.date(2025, 1, 15))
    with inscrm.open("memory:", clock=clock, actor=CLERK) as crm:
        wei = crm.customers.create(name="张伟").id
        rule = crm.loyalty.add_rule("premium", "premium_paid", points_per_unit=1, unit_minor=1000, expiry_months=12, actor=ADMIN)
        assert rule["version"] == 1
        first = crm.loyalty.earn(wei, "premium_paid", amount=decimal.Decimal("12000.00"), source="payment:1")
        assert first["points"] == 1200 and not first["replayed"]
        again = crm.loyalty.earn(wei, "premium_paid", amount=decimal.Decimal("12000.00"), source="payment:1")
        assert again["replayed"] and again["entries"][0]["id"] == first["entries"][0]["id"]
        spent = crm.loyalty.redeem(wei, 200, "gift-1", note="voucher")
        assert spent["points"] == -200 and spent["kind"] == "redeem"
        assert crm.loyalty.balance(wei)["balance"] == 1000
        assert crm.loyalty.balance(wei)["next_expiry"] == datetime.date(2026, 1, 15)
        with pytest.raises(inscrm.InvalidArgument):
            crm.loyalty.redeem(wei, 5000, "gift-2")
        assert [e["kind"] for e in crm.loyalty.statement(wei)] == ["earn", "redeem"]
        assert crm.loyalty.check_balances()["ok"]


def test_expiry_reversal_and_tiers():
    clock = inscrm.ManualClock(datetime.date(2025, 1, 15))
    with inscrm.open("memory:", clock=clock, actor=CLERK) as crm:
        wei = crm.customers.create(name="张伟").id
        crm.loyalty.add_rule("referral", "referral", fixed_points=50, expiry_months=1, actor=ADMIN)
        crm.loyalty.earn(wei, "referral", source="friend:1")
        crm.loyalty.earn(wei, "referral", source="friend:2")
        assert sum(-e["points"] for e in crm.loyalty.reverse_source(wei, "friend:2")) == 50
        assert crm.loyalty.expire("2025-02-15", actor=NIGHTLY)["points_expired"] == 50
        assert crm.loyalty.expire("2025-02-15", actor=NIGHTLY)["points_expired"] == 0
        run = crm.loyalty.evaluate_tiers(datetime.date(2025, 2, 15), actor=NIGHTLY)
        assert run["customers"] == 1 and run["upgrades"] == 0
        dist = crm.loyalty.tier_distribution(actor=NIGHTLY)
        assert dist["tiers"] == {"standard": 1, "silver": 0, "gold": 0, "platinum": 0}
        assert dist["points_outstanding"] == 0
        assert dist["outstanding_value"] == decimal.Decimal("0.00")
