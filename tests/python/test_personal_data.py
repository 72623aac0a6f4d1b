"""Personal data through the Python bindings (domain.md C12): the master key at open, lookups by
phone and e-mail through the blind index, erasure, retention and master-key rotation."""

import datetime as dt
import os

import pytest

import inscrm

from conftest import CLERK

OLD_KEY = bytes(range(32))
NEW_KEY = "ab" * 32  # 64 hex digits


def test_lookups_by_phone_and_email_and_erasure(crm, holder):
    assert [c.id for c in crm.customers.find_by_phone("+86 138 1234 5678")] == [holder.id]
    with pytest.raises(inscrm.InvalidArgument) as info:
        crm.customers.find_by_phone("not a phone")
    assert info.value.field == "number"
    other = crm.customers.create(name="王芳", emails=["wang.fang@Example.com"])
    assert [c.id for c in crm.customers.find_by_email("wang.fang@example.com")] == [other.id]

    erased = crm.customers.erase(holder.id)
    assert erased.erased_on == dt.date(2024, 1, 10)
    assert erased.name == "" and erased.phones == [] and erased.identity is None
    assert crm.customers.find_by_phone("13812345678") == []
    assert crm.customers.find_by_identity("110105198503142318") == []
    with pytest.raises(inscrm.IllegalTransition):
        crm.customers.erase(holder.id)
    audit = crm.verify_audit()
    assert audit.ok and audit.broken_seq is None


def test_retention_finds_and_erases_customers_without_cover(crm, holder, clock):
    assert crm.customers.due_for_erasure(5) == []
    assert crm.customers.due_for_erasure(5, today=dt.date(2029, 1, 10)) == [holder.id]
    clock.set(dt.date(2029, 1, 11))
    assert crm.customers.erase_due(5) == [holder.id]
    assert crm.customers.get(holder.id).erased_on == dt.date(2029, 1, 11)


def test_master_key_at_open_and_rotation(tmp_path):
    db = f"sqlite:{tmp_path / 'crm.db'}"
    with inscrm.open(db, master_key=OLD_KEY, actor=CLERK) as crm:
        c = crm.customers.create(name="张伟", phones=["13812345678"], emails=["zw@example.com"])
        assert crm.rotate_master_key(NEW_KEY) == 1
    assert not os.path.exists(tmp_path / "crm.db.key")  # the host gave the key: no default file
    with pytest.raises(inscrm.PermissionDenied) as info:
        inscrm.open(db, master_key=OLD_KEY)
    assert info.value.field == "master_key"
    with inscrm.open(db, master_key=NEW_KEY, actor=CLERK) as crm:
        assert crm.customers.get(c.id).phones[0].number == "13812345678"
        assert [x.id for x in crm.customers.find_by_email("zw@example.com")] == [c.id]
    with pytest.raises(inscrm.InvalidArgument):
        inscrm.open(db, master_key=b"too short")


def test_default_key_file_is_made_beside_the_database_for_the_owner_only(tmp_path):
    db = tmp_path / "crm.db"
    with inscrm.open(f"sqlite:{db}", actor=CLERK) as crm:
        crm.customers.create(name="张伟", phones=["13812345678"])
    key = tmp_path / "crm.db.key"
    assert key.exists()
    assert key.stat().st_mode & 0o077 == 0
    with inscrm.open(f"sqlite:{db}", key_file=str(key), actor=CLERK) as crm:
        assert len(crm.customers.find_by_phone("13812345678")) == 1
    raw = db.read_bytes() + (db.parent / "crm.db-wal").read_bytes() if (db.parent / "crm.db-wal").exists() else db.read_bytes()
    assert b"13812345678" not in raw
