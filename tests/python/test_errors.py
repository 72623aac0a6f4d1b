"""Every failure the library expects arrives as a subclass of inscrm.Error, one class per code,
with .code, .field and .message set; the field names the input the way the C++ API does."""

import datetime as dt
import decimal

import pytest

import inscrm

CLASSES = {
    "invalid_argument": inscrm.InvalidArgument,
    "not_found": inscrm.NotFound,
    "already_exists": inscrm.AlreadyExists,
    "conflict": inscrm.Conflict,
    "illegal_transition": inscrm.IllegalTransition,
    "permission_denied": inscrm.PermissionDenied,
    "storage_unavailable": inscrm.StorageUnavailable,
    "storage_error": inscrm.StorageError,
    "schema_too_new": inscrm.SchemaTooNew,
    "internal": inscrm.Internal,
}


def test_one_class_per_code_all_under_error():
    assert set(inscrm.ERROR_CODES) == set(CLASSES)
    for code, cls in CLASSES.items():
        assert issubclass(cls, inscrm.Error)
        assert cls.code == code
        assert cls.__module__ == "inscrm"
    assert issubclass(inscrm.Error, Exception)
    # The built-in class a Python programmer reaches for first also catches them.
    assert issubclass(inscrm.InvalidArgument, ValueError)
    assert issubclass(inscrm.NotFound, LookupError)


def test_bad_identity_number_is_invalid_argument_naming_the_field(crm):
    with pytest.raises(inscrm.InvalidArgument) as info:
        crm.customers.create(name="王芳", identity=("resident_id", "110105198503142315"))
    e = info.value
    assert (e.code, e.field) == ("invalid_argument", "identity.number")
    assert "check character" in e.message
    assert str(e) == f"identity.number: {e.message}"
    assert crm.customers.list() == []  # nothing written


def test_unknown_id_is_not_found(crm, policy):
    with pytest.raises(inscrm.NotFound) as info:
        crm.customers.get(999)
    assert info.value.code == "not_found" and info.value.field
    with pytest.raises(inscrm.NotFound):
        crm.policies.history(999)
    with pytest.raises(inscrm.NotFound) as info:
        crm.products.by_code("NOPE")
    assert info.value.field == "code"
    with pytest.raises(inscrm.NotFound) as info:
        crm.policies.issue(product="WL", holder=424242, sum_insured=100_00, premium=10_00)
    assert info.value.field == "holder"


def test_duplicate_external_ref_is_already_exists(crm):
    crm.customers.create(name="甲", external_ref="CORE-1")
    with pytest.raises(inscrm.AlreadyExists) as info:
        crm.customers.create(name="乙", external_ref="CORE-1")
    assert (info.value.code, info.value.field) == ("already_exists", "external_ref")


def test_stale_version_update_is_conflict(crm, holder):
    fresh = crm.customers.update(holder, occupation="engineer")
    assert fresh.version == holder.version + 1
    with pytest.raises(inscrm.Conflict) as info:
        crm.customers.update(holder, occupation="teacher")  # the record read before the first update
    assert (info.value.code, info.value.field) == ("conflict", "version")
    assert crm.customers.get(holder.id).occupation == "engineer"  # the winner's write stands


def test_illegal_event_is_illegal_transition(crm, policy):
    with pytest.raises(inscrm.IllegalTransition) as info:
        crm.policies.reinstate(policy.id, "not lapsed at all")
    assert (info.value.code, info.value.field) == ("illegal_transition", "status")
    with pytest.raises(inscrm.IllegalTransition):
        crm.policies.apply_event(policy.id, "lapse")
    assert crm.policies.get(policy.id).status == "in_force"


def test_conversion_errors_are_invalid_argument_with_the_argument_named(crm, holder, policy):
    with pytest.raises(inscrm.InvalidArgument) as info:
        crm.customers.create(name="x", gender="mal")
    assert info.value.field == "gender" and "male" in info.value.message
    with pytest.raises(inscrm.InvalidArgument) as info:
        crm.customers.create(name="x", birth_date="14/03/1985")
    assert info.value.field == "birth_date"
    with pytest.raises(inscrm.InvalidArgument) as info:  # money is never a float
        crm.policies.issue(product="WL", holder=holder.id, sum_insured=100_00, premium=12.5)
    assert info.value.field == "premium"
    with pytest.raises(inscrm.InvalidArgument) as info:  # Decimal yuan must be exact to the fen
        crm.policies.issue(product="WL", holder=holder.id, sum_insured=100_00, premium=decimal.Decimal("1.005"))
    assert info.value.field == "premium"
    with pytest.raises(inscrm.InvalidArgument) as info:
        crm.policies.apply_event(policy.id, "explode")
    assert info.value.field == "event"
    with pytest.raises(inscrm.InvalidArgument) as info:
        crm.customers.create(name="x", phones=[{"number": "13812345678", "colour": "red"}])
    assert info.value.field == "phones[0].colour"
    with pytest.raises(inscrm.InvalidArgument) as info:
        inscrm.Actor("u", roles=["service_rep", "wizard"])
    assert info.value.field == "roles[1]"


def test_library_field_paths_come_through(crm, holder, spouse, policy):
    with pytest.raises(inscrm.InvalidArgument) as info:
        crm.customers.create(name="x", phones=["13812345678", "12345"])
    assert info.value.field == "phones[1].number"
    with pytest.raises(inscrm.InvalidArgument) as info:
        crm.policies.issue(product="WL", holder=holder.id, beneficiaries=[(spouse.id, 60), (holder.id, 30)],
                           sum_insured=100_00, premium=10_00)
    assert info.value.field == "beneficiaries"
    with pytest.raises(inscrm.InvalidArgument) as info:
        crm.policies.record_payment(policy.id, due=dt.date(2024, 2, 10))  # no instalment falls due then
    assert info.value.field == "due"


def test_python_mistakes_are_type_errors(crm):
    with pytest.raises(TypeError, match="nmae"):
        crm.customers.create(nmae="typo")
    with pytest.raises(TypeError, match="premium"):
        crm.policies.issue(product="WL", holder=1, sum_insured=100_00)
    with pytest.raises(TypeError):
        crm.customers.get(1, actor="not an actor")


def test_unknown_storage_uri_is_invalid_argument():
    with pytest.raises(inscrm.InvalidArgument) as info:
        inscrm.open("mongodb://nowhere")
    assert info.value.field == "uri"


def test_a_closed_crm_refuses_calls():
    crm = inscrm.open("memory:")
    service = crm.customers
    crm.close()
    assert crm.closed
    with pytest.raises(inscrm.InvalidArgument) as info:
        service.list()
    assert info.value.field == "crm"


def test_errors_raised_from_python_code_have_the_same_shape(tmp_path, crm):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,name\nA,B\n", encoding="utf-8")
    with pytest.raises(inscrm.InvalidArgument) as info:
        crm.customers.import_csv(bad)
    assert info.value.field == "path" and info.value.code == "invalid_argument"
