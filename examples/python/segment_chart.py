#!/usr/bin/env python3
"""An analyst's script: load a CSV portfolio, migrate its policies, let the calendar run, define
segments, then chart each segment's members by region.

It writes its own sample portfolio (customers.csv, with a few bad rows a real extract would have)
into a temporary directory, imports it with skip_bad_rows, migrates one policy per customer for
most of them, runs the daily rules, tabulates customers by region and lifecycle stage, defines and
runs four segments through crm.segments (each run is a dated snapshot of its members), joins the
members with the portfolio snapshot's region column in pandas, and saves a grouped bar chart.

Usage: segment_chart.py OUTPUT.png [--customers N] [--uri memory:] [--seed 7]
"""

import argparse
import csv
import datetime as dt
import pathlib
import random
import sys
import tempfile

import matplotlib

matplotlib.use("Agg")  # no display: render straight to the file
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)
import pandas as pd  # noqa: E402

import inscrm  # noqa: E402

TODAY = dt.date(2026, 6, 30)
# GB/T 2260 codes: the city the customer lives in, and a district code for identity numbers.
REGIONS = {
    "310000": ("Shanghai", "310105"),
    "110000": ("Beijing", "110105"),
    "440300": ("Shenzhen", "440305"),
    "330100": ("Hangzhou", "330106"),
    "510100": ("Chengdu", "510104"),
}
STAGE_ORDER = ["prospect", "new", "active", "at_risk", "lapsed", "won_back"]
# Segments as rules over the standard customer facts (money in yuan): (name, kind, rule).
SEGMENTS = [
    ("prospects", "needs", "policies_in_force = 0 and not has_lapsed_policy"),
    ("paid_up", "behavioural", "policies_in_force > 0 and days_since_last_payment <= 366"),
    ("lapsing", "behavioural", "has_lapsed_policy or days_since_last_payment > 366"),
    ("high_income", "value", "annual_income >= 300000"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def resident_id(district: str, birth: dt.date, seq: int, male: bool) -> str:
    """A resident identity number that passes GB 11643-1999: the 17th digit's parity is the
    gender, the last character the ISO 7064 MOD 11-2 check."""
    seq = seq * 2 + (1 if male else 0)
    body = f"{district}{birth:%Y%m%d}{seq % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]
    return body + check


def write_portfolio(path: pathlib.Path, n: int, rng: random.Random) -> None:
    columns = ["external_ref", "name", "gender", "birth_date", "identity_type", "identity_number", "phone", "region",
               "source", "annual_income"]
    sources = ["agent_referral", "agent_cold_visit", "internet", "partner", "questionnaire"]
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(columns)
        for i in range(n):
            region = rng.choice(list(REGIONS))
            male = rng.random() < 0.5
            birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 50))
            phone = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
            if i % 97 == 13:
                phone = "12345"  # a typo in the core system: neither a mobile nor a landline
            number = resident_id(REGIONS[region][1], birth, i % 500, male)
            out.writerow([f"CORE-{i:06d}", rng.choice(SURNAMES) + rng.choice(GIVEN), "male" if male else "female",
                          birth.isoformat(), "resident_id", number, phone, region, rng.choice(sources),
                          f"{rng.randrange(60, 600) * 1000}"])


def migrate_policies(crm: inscrm.Crm, customer_ids, rng: random.Random) -> int:
    """One annual whole-life policy for most customers, migrated with its payment history: most
    paid up, some a premium behind (grace), some long behind (lapse), as a core system would report."""
    rows = []
    for k, cid in enumerate(customer_ids):
        if rng.random() < 0.25:
            continue  # a prospect: no policy yet
        effective = TODAY - dt.timedelta(days=rng.randrange(30, 365 * 8))
        if (effective.month, effective.day) == (2, 29):
            effective = dt.date(effective.year, 3, 1)  # keeps the anniversaries plain
        years_due = (TODAY.year - effective.year) + (1 if (TODAY.month, TODAY.day) >= (effective.month, effective.day) else 0)
        behaviour = rng.random()
        paid_years = years_due if behaviour < 0.7 else max(1, years_due - (1 if behaviour < 0.85 else 3))
        payments = []
        for y in range(paid_years):
            due = effective.replace(year=effective.year + y)
            payments.append({"due": due, "channel": rng.choice(["bank_counter", "online", "auto_debit"])})
        rows.append({
            "product": "WL-2024", "holder": int(cid), "sum_insured": rng.randrange(10, 100) * 10_000_00,
            "premium": rng.randrange(3, 30) * 1_000_00, "frequency": "annual", "premium_years": 20,
            "effective_date": effective, "number": f"LEGACY-{k:06d}", "status": "in_force", "payments": payments,
        })
    crm.policies.import_rows(rows)
    return len(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=pathlib.Path, help="where to save the PNG chart")
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--uri", default="memory:")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory(prefix="inscrm-segments-") as tmp:
        csv_path = pathlib.Path(tmp) / "customers.csv"
        write_portfolio(csv_path, args.customers, rng)

        # Loads its own sample book first, so the analyst is also the administrator here.
        analyst = inscrm.Actor("analyst-1", roles=["administrator", "analyst"])
        with inscrm.open(args.uri, clock=inscrm.ManualClock(TODAY), actor=analyst) as crm:
            crm.products.create("WL-2024", "Whole Life 2024", term_years=20, grace_days=60)
            report = crm.customers.import_csv(csv_path, mode="skip_bad_rows")
            print(f"{report.imported} customers imported, {len(report.errors)} rows rejected")
            for e in report.errors[:3]:
                print(f"  row {e.row}: {e.field}: {e.message}")

            policies = migrate_policies(crm, report.ids, rng)
            run = crm.run_daily()
            print(f"{policies} policies migrated; daily run {run.day}: {run.entered_grace} entered grace, "
                  f"{run.lapsed} lapsed, {run.stage_changes} stage changes")

            customers = crm.customers.dataframe()

            members = {}
            for name, kind, rule in SEGMENTS:
                crm.segments.define(name, rule, kind=kind)
                members[name] = crm.segments.run(name, TODAY).members  # int64 array of customer ids
                print(f"segment {name}: {len(members[name])} members ({rule})")
            facts = crm.portfolio(TODAY).dataframe()  # one row per customer, one column per fact

    customers["region_name"] = customers["region"].map(lambda code: REGIONS[code][0])
    table = pd.crosstab(customers["region_name"], customers["stage"]).reindex(columns=STAGE_ORDER, fill_value=0)
    print(table.to_string())

    region_name = facts["region"].map(lambda code: REGIONS[code][0])
    by_region = pd.DataFrame({name: region_name.loc[ids].value_counts() for name, ids in members.items()})
    by_region = by_region.reindex(sorted(name for name, _ in REGIONS.values())).fillna(0).astype(int)
    print(by_region.to_string())

    ax = by_region.plot(kind="bar", figsize=(9, 5), colormap="viridis")
    ax.set_title(f"Segment members by region ({TODAY})")
    ax.set_xlabel("region")
    ax.set_ylabel("customers")
    ax.legend(title="segment", bbox_to_anchor=(1.01, 1), loc="upper left")
    plt.xticks(rotation=0)
    plt.tight_layout()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    plt.savefig(args.output, dpi=100)
    print(f"chart saved to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
