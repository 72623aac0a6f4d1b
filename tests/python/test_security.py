"""Access control, masking and the audit chain through the Python bindings (domain.md C12)."""

import pytest

import inscrm

ANALYST = inscrm.Actor("analyst-1", roles=["analyst"])
AUDITOR = inscrm.Actor("auditor-1", roles=["auditor"])


def test_a_role_without_rights_gets_masked_values_in_reads_and_exports(crm, holder):
    masked = crm.customers.get(holder.id, actor=ANALYST)
    assert masked.identity.number == "110***********2318"
    assert masked.phones[0].number == "138****5678"
    assert [c.identity.number for c in crm.customers.list(actor=ANALYST)] == ["110***********2318"]
    frame = crm.customers.dataframe(actor=ANALYST)
    assert list(frame["identity_number"]) == ["110***********2318"]
    assert list(frame["phone"]) == ["138****5678"]
    # The clerk may read personal data: the record as stored.
    assert crm.customers.get(holder.id).identity.number == "110105198503142318"


def test_denial_is_permission_denied_naming_what_was_denied(crm):
    with pytest.raises(inscrm.PermissionDenied) as info:
        crm.customers.create(name="王芳", actor=ANALYST)
    assert info.value.field == "customer.create"
    assert info.value.code == "permission_denied"
    with pytest.raises(inscrm.PermissionDenied) as info:
        crm.verify_audit(actor=ANALYST)
    assert info.value.field == "audit.read"


def test_verify_audit_walks_the_chain(crm, holder):
    crm.customers.get(holder.id)  # a read of personal data: recorded
    v = crm.verify_audit(actor=AUDITOR)
    assert isinstance(v, inscrm.AuditVerification)
    assert v.ok and v.broken_seq is None and v.reason is None
    assert v.checked >= 3  # product.created, customer.created, customer.read
    assert "ok" in repr(v)
