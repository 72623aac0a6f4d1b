"""crm.imports and crm.exports (domain.md C13): CSV and JSON files from a path or a str, the
per-row report as objects, a progress callback, and masked exports."""
import datetime

import pytest

import inscrm

CLERK = inscrm.Actor("u-7", roles=["service_rep", "administrator"])
ANALYST = inscrm.Actor("a-1", roles=["analyst"])

CUSTOMERS = (
    "name,external_ref,gender,birth_date,id_number,phone\n"
    "张伟,C-1,男,1985年3月14日,110105198503142318,+86 138 1234 5678\n"
    "李娜,C-2,女,1990/1/1,310101199001011227,13900001111\n"
    "王芳,C-3,女,1990-01-01,３１０１０１１９９００１０１１２２６,１３９００００２２２２\n"
    "孙丽,C-4,,not a date,,\n"
)


@pytest.fixture
def crm():
    clock = inscrm.ManualClock(datetime.date(2026, 6, 1))
    with inscrm.open("memory:", clock=clock, actor=CLERK) as c:
        c.products.create("WL", "Whole life", term_years=20)
        yield c


def test_csv_text_all_or_nothing_reports_each_bad_row_and_writes_nothing(crm):
    report = crm.imports.customers(text=CUSTOMERS)
    assert (report.rows, report.imported, report.mode) == (4, 0, "all_or_nothing")
    assert [(e.row, e.field) for e in report.errors] == [(1, "id_number"), (3, "birth_date")]
    assert report.errors[0].code == "invalid_argument" and report.errors[0].message
    assert not report.ok
    assert list(crm.customers.list()) == []


def test_csv_file_skip_bad_rows_with_progress(crm, tmp_path):
    path = tmp_path / "customers.csv"
    path.write_text(CUSTOMERS, encoding="utf-8")
    calls = []
    report = crm.imports.customers(path, mode="skip_bad_rows", batch=1, progress=lambda done, total: calls.append((done, total)))
    assert report.imported == 2 and len(report.ids) == 2
    assert [e.row for e in report.errors] == [1, 3]
    assert calls[-1] == (4, 4) and all(a[0] <= b[0] for a, b in zip(calls, calls[1:]))
    wang = crm.customers.get(int(report.ids[1]))
    assert wang.identity.number == "310101199001011226"


def test_json_policies_and_payments_from_text(crm):
    crm.imports.customers(text='[{"name": "张伟", "external_ref": "C-1"}]')
    policies = crm.imports.policies(
        text='[{"number": "P-1", "product": "WL", "holder_ref": "C-1", "sum_insured": "500,000", '
        '"premium": 12000, "effective_date": "2024-03-01"},'
        ' {"number": "P-2", "product": "WL", "holder_ref": "nobody", "sum_insured": 1, "premium": 1, '
        '"effective_date": "2024-03-01"}]',
        mode="skip_bad_rows",
    )
    assert policies.imported == 1
    assert [(e.row, e.field, e.code) for e in policies.errors] == [(1, "holder_ref", "not_found")]
    payments = crm.imports.payments(text="policy_number,due,paid\nP-1,2024/3/1,2024年2月28日\n", format="csv")
    assert payments.ok and payments.imported == 1


def test_unreadable_files_raise(crm, tmp_path):
    with pytest.raises(inscrm.InvalidArgument) as e:
        crm.imports.customers(text="[{")
    assert e.value.field == "json"
    with pytest.raises(FileNotFoundError):
        crm.imports.customers(tmp_path / "missing.csv")
    with pytest.raises(inscrm.InvalidArgument):
        crm.imports.customers(text="name\nx\n", mode="sometimes")


def test_export_is_masked_for_a_role_without_personal_data(crm, tmp_path):
    crm.imports.customers(text=CUSTOMERS, mode="skip_bad_rows")
    full = crm.exports.customers()
    assert "110105198503142318" in full and "13812345678" in full
    masked = crm.exports.customers(actor=ANALYST)
    assert "110105198503142318" not in masked and "13812345678" not in masked
    assert "138****5678" in masked
    target = tmp_path / "out.json"
    assert crm.exports.customers(format="json", path=target, actor=ANALYST) is None
    assert "138****5678" in target.read_text(encoding="utf-8")


def test_duplicate_candidates_with_reasons(crm):
    crm.imports.customers(
        text="name,birth_date,phone\n张伟,1985-03-14,13812345678\n张玮,1985-03-14,\n李娜,,138 1234 5678\n",
        mode="skip_bad_rows",
    )
    pairs = crm.duplicates.candidates()
    assert [p.reasons for p in pairs] == [("name_and_birth_date",), ("phone",)]
    assert all(p.first < p.second for p in pairs)
    assert crm.duplicates.candidates(actor=ANALYST) == pairs
