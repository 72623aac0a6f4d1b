"""Bulk data crosses as columns (NumPy arrays, lists, pandas frames, CSV files) or lists of dicts,
converted in C++ and imported in one transaction; the report names every rejected row."""

import datetime as dt
import decimal

import numpy as np
import pytest

import inscrm

from conftest import resident_id


def rows(n, bad=()):
    out = []
    for i in range(n):
        male = i % 2 == 0
        birth = dt.date(1970, 1, 1) + dt.timedelta(days=97 * i)
        out.append({"name": f"客户{i}", "gender": "male" if male else "female", "birth_date": birth,
                    "identity": ("resident_id", resident_id("310105", birth, i, male)),
                    "phones": [f"139{i:08d}"], "region": "310000", "source": "partner", "external_ref": f"R-{i}"})
    for i in bad:
        out[i]["phones"] = ["12345"]
    return out


def test_import_rows_all_or_nothing_writes_nothing_when_a_row_is_bad(crm):
    data = rows(6, bad=(2,))
    data[4]["gender"] = "unknown-ish"  # does not even convert
    report = crm.customers.import_rows(data)
    assert report.imported == 0 and not report.ok and report.mode == "all_or_nothing" and report.rows == 6
    assert [(e.row, e.code, e.field) for e in report.errors] == [(2, "invalid_argument", "phones[0].number"),
                                                                   (4, "invalid_argument", "gender")]
    assert report.ids.dtype == np.int64 and len(report.ids) == 0
    assert crm.customers.list() == []


def test_import_rows_skip_bad_rows_reports_each_bad_row_once(crm):
    crm.customers.create(name="已有", external_ref="R-5")
    data = rows(8, bad=(1, 6))
    data[3]["identity"] = ("resident_id", data[3]["identity"][1][:-1] + "0")  # wrong check character
    data[7]["external_ref"] = "R-0"  # twice in the batch
    data.append("not a dict")
    report = crm.customers.import_rows(data, mode="skip_bad_rows")
    assert report.mode == "skip_bad_rows" and report.rows == 9
    assert [(e.row, e.code, e.field) for e in report.errors] == [
        (1, "invalid_argument", "phones[0].number"),
        (3, "invalid_argument", "identity.number"),
        (5, "already_exists", "external_ref"),
        (6, "invalid_argument", "phones[0].number"),
        (7, "already_exists", "external_ref"),
        (8, "invalid_argument", ""),
    ]
    assert report.imported == 3 and list(report.ids) == [c.id for c in crm.customers.list()][1:]
    assert [crm.customers.get(int(i)).external_ref for i in report.ids] == ["R-0", "R-2", "R-4"]
    e = report.errors[0]
    assert isinstance(e, inscrm.RowError) and e == (1, e.code, e.field, e.message)
    assert "12345" in e.message


def test_import_arrays_from_numpy_columns(crm):
    n = 1000
    births = np.datetime64("1960-01-01") + np.arange(n).astype("timedelta64[D]") * 13
    report = crm.customers.import_arrays(
        name=np.array([f"客户{i}" for i in range(n)]),  # unicode dtype, read from the buffer
        gender=np.where(np.arange(n) % 2 == 0, "male", "female"),
        birth_date=births,  # datetime64[D]
        region=np.full(n, 310000, dtype=np.int64),  # pandas reads digit-only codes as numbers
        phone=np.char.add("138", np.char.zfill(np.arange(n).astype(str), 8)),
        external_ref=np.array([f"X-{i}" if i % 10 else None for i in range(n)], dtype=object),
        annual_income=np.arange(n, dtype=np.int64) * 100,  # numbers are minor units
        org_unit=np.zeros(n, dtype=np.int32),
    )
    assert report.ok and report.imported == n
    assert isinstance(report.ids, np.ndarray) and report.ids.dtype == np.int64 and report.ids.shape == (n,)
    c = crm.customers.get(int(report.ids[11]))
    assert (c.name, c.gender, c.birth_date, c.region, c.primary_phone, c.external_ref, c.annual_income) == (
        "客户11", "female", dt.date(1960, 1, 1) + dt.timedelta(days=143), "310000", "13800000011", "X-11", 1100)
    assert crm.customers.get(int(report.ids[10])).external_ref is None


def test_import_arrays_from_lists_and_a_mapping(crm):
    report = crm.customers.import_arrays(
        {"name": ["甲", "乙", "丙"], "birth_date": [dt.date(1980, 1, 2), "1981-02-03", None]},
        phone=("13800000001", "", None), annual_income=[decimal.Decimal("1000.50"), "2000", None],
        mode="skip_bad_rows")
    assert report.imported == 3
    a, b, c = (crm.customers.get(int(i)) for i in report.ids)
    assert (a.birth_date, b.birth_date, c.birth_date) == (dt.date(1980, 1, 2), dt.date(1981, 2, 3), None)
    assert (a.primary_phone, b.phones, c.phones) == ("13800000001", [], [])
    assert (a.annual_income, b.annual_income, c.annual_income) == (1000_50, 2000_00, None)


def test_import_arrays_row_errors_from_conversion_and_validation(crm):
    report = crm.customers.import_arrays(
        name=np.array(["好", "", "也好", "还好"], dtype=object),
        birth_date=["1980-01-01", "1980-02-30", "1990-01-01", None],
        gender=["male", "male", "robot", "female"],
        mode="skip_bad_rows")
    assert [(e.row, e.field) for e in report.errors] == [(1, "birth_date"), (2, "gender")]
    assert report.imported == 2


def test_import_arrays_rejects_ragged_or_unknown_columns(crm):
    with pytest.raises(inscrm.InvalidArgument) as info:
        crm.customers.import_arrays(name=["a", "b"], region=["310000"])
    assert info.value.field == "region"
    with pytest.raises(inscrm.InvalidArgument) as info:
        crm.customers.import_arrays(name=["a"], colour=["red"])
    assert info.value.field == "colour"
    with pytest.raises(inscrm.InvalidArgument) as info:
        crm.customers.import_arrays(name=np.zeros((2, 2)))
    assert info.value.field == "name"
    with pytest.raises(inscrm.InvalidArgument) as info:
        crm.customers.import_arrays(name=["a"], mode="most")
    assert info.value.field == "mode"
    assert crm.customers.import_arrays().imported == 0


def test_import_dataframe(crm):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({
        "name": ["甲", "乙", "丙", "丁"],
        "gender": pd.Categorical(["male", "female", "female", None]),
        "birth_date": pd.to_datetime(["1980-01-02", "1990-03-04", None, "2000-05-06"]),  # datetime64[ns] with NaT
        "region": ["310000", None, "110000", "440300"],
        "org_unit": pd.array([None, 0, 0, None], dtype="Int64"),
        "external_ref": pd.array(["D-1", "D-2", pd.NA, "D-4"], dtype="string"),
        "verified_on": pd.to_datetime(["2024-01-01T23:30:00+08:00"] * 4),  # aware: its UTC day
    })
    report = crm.customers.import_dataframe(frame)
    assert report.ok and report.imported == 4
    got = [crm.customers.get(int(i)) for i in report.ids]
    assert [c.birth_date for c in got] == [dt.date(1980, 1, 2), dt.date(1990, 3, 4), None, dt.date(2000, 5, 6)]
    assert [c.gender for c in got] == ["male", "female", "female", "unknown"]
    assert [c.region for c in got] == ["310000", "", "110000", "440300"]
    assert [c.external_ref for c in got] == ["D-1", "D-2", None, "D-4"]
    assert got[0].verified_on == dt.date(2024, 1, 1)

    with pytest.raises(TypeError):
        crm.customers.import_dataframe({"name": ["x"]})


def test_import_csv(crm, tmp_path):
    path = tmp_path / "portfolio.csv"
    path.write_text(
        "\ufeffname,gender,birth_date,phone,annual_income,external_ref\n"  # Excel's BOM
        "张三,male,1980-01-02,13800000001,250000.50,C-1\n"
        "李四,,,,,\n"
        "王五,female,1980-02-30,13800000003,,C-3\n",
        encoding="utf-8")
    report = crm.customers.import_csv(path, mode="skip_bad_rows")
    assert report.imported == 2 and [(e.row, e.field) for e in report.errors] == [(2, "birth_date")]
    a, b = (crm.customers.get(int(i)) for i in report.ids)
    assert (a.name, a.gender, a.birth_date, a.annual_income, a.external_ref) == (
        "张三", "male", dt.date(1980, 1, 2), 250_000_50, "C-1")  # CSV money text is yuan
    assert (b.name, b.gender, b.birth_date, b.phones, b.external_ref) == ("李四", "unknown", None, [], None)


def test_export_arrays_round_trip(crm):
    n = 50
    crm.customers.import_rows(rows(n))
    cols = crm.customers.export_arrays()
    assert cols["id"].dtype == np.int64 and len(cols["id"]) == n
    assert cols["birth_date"].dtype == np.dtype("datetime64[D]")
    assert cols["created_at"].dtype == np.dtype("datetime64[us]")
    assert cols["name"][3] == "客户3" and cols["stage"][0] == "prospect" and cols["phone"][1] == "13900000001"
    assert cols["verified_on"][0] != cols["verified_on"][0]  # NaT
    pd = pytest.importorskip("pandas")
    frame = crm.customers.dataframe()
    assert len(frame) == n and str(frame["created_at"].dt.tz) == "UTC"
    assert frame.groupby("gender").size().to_dict() == {"female": 25, "male": 25}


def test_policy_import_and_export(crm, clock):
    ids = crm.customers.import_rows(rows(3)).ids
    clock.set(dt.date(2026, 6, 30))
    policy_ids = crm.policies.import_rows([
        {"product": "WL", "holder": int(ids[0]), "sum_insured": 100_000_00, "premium": 5_000_00,
         "effective_date": dt.date(2020, 3, 1), "number": "L-1",
         "payments": [dt.date(2020 + y, 3, 1) for y in range(7)]},
        {"product": "WL", "holder": int(ids[1]), "sum_insured": 100_000_00, "premium": 5_000_00,
         "effective_date": dt.date(2021, 5, 1), "number": "L-2", "status": "lapsed",
         "payments": [{"due": dt.date(2021, 5, 1), "paid": dt.date(2021, 4, 28), "channel": "online"}]},
    ])
    assert policy_ids.dtype == np.int64 and len(policy_ids) == 2
    assert [t.status for t in crm.policies.list()] == ["in_force", "lapsed"]
    assert len(crm.policies.payments(int(policy_ids[0]))) == 7

    with pytest.raises(inscrm.InvalidArgument) as info:  # all or nothing, the row named
        crm.policies.import_rows([{"product": "WL", "holder": int(ids[2]), "sum_insured": 1, "premium": 1,
                                   "effective_date": dt.date(2020, 1, 1), "number": "L-3"},
                                  {"product": "WL", "holder": int(ids[2]), "sum_insured": 1}])
    assert info.value.field == "[1].premium"
    assert len(crm.policies.list()) == 2

    cols = crm.policies.export_arrays(status="in_force")
    assert list(cols["number"]) == ["L-1"] and cols["premium"][0] == 5_000_00
    assert cols["effective_date"][0] == np.datetime64("2020-03-01")
