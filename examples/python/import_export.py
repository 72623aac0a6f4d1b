"""Bulk import from a clerk's spreadsheet export and back out again (domain.md C13): a CSV of
customers with full-width digits, Chinese dates and one bad row; all-or-nothing first (nothing is
written, every bad row is named), then skip-bad-rows with a progress bar; policies and payments from
JSON; the duplicate candidates; and the export an analyst gets, with personal data masked.

Usage: python3 import_export.py [storage-uri]   (default: memory:)
"""

import datetime as dt
import sys

import inscrm

CUSTOMERS = """name,external_ref,gender,birth_date,id_number,phone,email
张伟,C-1,男,1985年3月14日,110105198503142318,+86 138 1234 5678,zhang.wei@Example.COM
李娜,C-2,女,1990/1/1,310101199001011227,13900001111,
王芳,C-3,女,1990-01-01,３１０１０１１９９００１０１１２２６,１３９００００２２２２,
张玮,C-4,,1985-03-14,,,
"""

POLICIES = """[
  {"number": "P-1", "product": "WL", "holder_ref": "C-1", "sum_insured": "500,000", "premium": 12000,
   "effective_date": "2024-03-01"},
  {"number": "P-2", "product": "WL", "holder_ref": "C-2", "sum_insured": 1, "premium": 1,
   "effective_date": "2024-03-01"}
]"""

PAYMENTS = """[{"policy_number": "P-1", "due": "2024-03-01", "paid": "2024年2月28日", "channel": "online"},
               {"policy_number": "P-1", "due": "2025-03-01"}]"""


def show(title, report):
    print(f"{title}: {report.imported} of {report.rows} rows imported, {len(report.errors)} rejected")
    for e in report.errors:
        print(f"  row {e.row}: {e.field}: {e.code}: {e.message}")


def progress(done, total):
    bar = "#" * (20 * done // total)
    print(f"  [{bar:<20}] {done}/{total}")


def main(uri):
    admin = inscrm.Actor("admin-1", roles=["administrator"])
    analyst = inscrm.Actor("analyst-1", roles=["analyst"])
    with inscrm.open(uri, clock=inscrm.ManualClock(dt.date(2026, 6, 1)), actor=admin) as crm:
        crm.products.create("WL", "Whole life", term_years=20)
        show("all or nothing", crm.imports.customers(text=CUSTOMERS))
        print(f"customers stored: {len(list(crm.customers.list()))}")
        show("skip bad rows", crm.imports.customers(text=CUSTOMERS, mode="skip_bad_rows", batch=2, progress=progress))
        show("policies", crm.imports.policies(text=POLICIES, mode="skip_bad_rows"))
        show("payments", crm.imports.payments(text=PAYMENTS))
        for pair in crm.duplicates.candidates():
            print(f"duplicate candidates {pair.first} and {pair.second}: {', '.join(pair.reasons)}")
        print("export for an analyst:")
        print(crm.exports.customers(actor=analyst), end="")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "memory:")
