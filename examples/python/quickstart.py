#!/usr/bin/env python3
"""The quickstart story in Python, the same as examples/cpp/quickstart.cpp: open the embedded
default, register a customer, issue a policy, pay the first premiums, miss one, watch grace and
lapse fire from the calendar, reinstate, and print the policy's history.

Usage: quickstart.py [storage-uri]     (default: sqlite in the temp directory; try memory:)
"""

import datetime as dt
import pathlib
import sys
import tempfile

import inscrm


def main(argv):
    if len(argv) > 1:
        uri = argv[1]
    else:
        path = pathlib.Path(tempfile.gettempdir()) / "inscrm-quickstart-py.db"
        path.unlink(missing_ok=True)
        uri = f"sqlite:{path}"

    # A manual clock makes the story reproducible: the library reads time only from it.
    clock = inscrm.ManualClock(dt.date(2024, 1, 10))
    clerk = inscrm.Actor("u-1024", roles=["service_rep"])
    with inscrm.open(uri, clock=clock, actor=clerk) as crm:
        # Products are reference data, the administrator's to define; the daily run is the system's.
        admin = inscrm.Actor("admin", roles=["administrator"])
        crm.products.create("WL-2024", "Whole Life 2024", line="life", free_look_days=15, grace_days=60, term_years=20,
                            actor=admin)

        wei = crm.customers.create(name="张伟", identity=("resident_id", "110105198503142318"), region="310000",
                                   phones=["138 1234 5678"], source="agent_referral")
        spouse = crm.customers.create(name="李娜", gender="female", birth_date=dt.date(1987, 6, 2))
        print(f"customer {wei.id} {wei.name}: born {wei.birth_date}, {wei.gender} ({wei.stage})")

        # Bad input is a typed error naming the field, and nothing is written.
        try:
            crm.customers.create(name="王芳", identity=("resident_id", "110105198503142315"))
        except inscrm.InvalidArgument as e:
            print(f"rejected: {e.code}: {e.field}: {e.message}")

        policy = crm.policies.issue(product="WL-2024", holder=wei.id, beneficiaries=[(spouse.id, 100)],
                                    sum_insured=500_000_00, premium=12_000_00, frequency="annual")
        print(f"policy {policy.number} is {policy.status}")

        # Two annual premiums paid on time…
        for due in (dt.date(2024, 1, 10), dt.date(2025, 1, 10)):
            clock.set(due)
            paid = crm.policies.record_payment(policy.id, due=due, channel="bank_counter")
            print(f"paid {paid.amount_yuan} {paid.currency} due {due} ({paid.kind})")

        # …the third is missed. A year later the daily run finds it overdue: grace, then lapse.
        clock.set(dt.date(2027, 1, 10))
        run = crm.run_daily(actor=inscrm.Actor.system())
        print(f"daily run {run.day}: {run.entered_grace} entered grace, {run.lapsed} lapsed")

        # The customer asks to come back: reinstate, then pay the arrears.
        crm.policies.reinstate(policy.id, "customer request, health declaration ok")
        for due in (dt.date(2026, 1, 10), dt.date(2027, 1, 10)):
            crm.policies.record_payment(policy.id, due=due)
        now = crm.policies.get(policy.id)
        print(f"policy {now.number} is {now.status} again")

        print(f"history of {now.number}:")
        for t in crm.policies.history(policy.id):
            print(f"  {t.effective_on}  {t.from_status:<12} → {t.to_status:<12} {t.event:<18} by {t.actor} ({t.reason})")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except inscrm.Error as e:
        print(f"error: {e.code}: {e}", file=sys.stderr)
        sys.exit(1)
