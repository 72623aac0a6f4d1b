"""crm.duplicates.merge / undo / history (domain.md C13): merge of duplicate customers from Python."""
import datetime

import pytest

import inscrm

ANALYST = inscrm.Actor("analyst-1", roles=["analyst"])


def test_merge_moves_everything_and_undo_restores_it(crm, holder, policy):
    dup = crm.customers.create(name="张伟", birth_date=datetime.date(1985, 3, 14), emails=["zw@example.com"],
                               occupation="engineer")
    crm.interactions.log(dup.id, purpose="service")
    crm.loyalty.adjust(dup.id, 300, "welcome", "welcome bonus")
    crm.loyalty.adjust(holder.id, 200, "loyal", "loyal customer")
    assert len(crm.duplicates.candidates()) == 1

    with pytest.raises(inscrm.PermissionDenied):
        crm.duplicates.merge(holder.id, dup.id, actor=ANALYST)
    with pytest.raises(inscrm.InvalidArgument):
        crm.duplicates.merge(holder.id, holder.id)
    with pytest.raises(inscrm.InvalidArgument):
        crm.duplicates.merge(holder.id, dup.id, rule="loudest")

    m = crm.duplicates.merge(holder.id, dup.id)
    assert isinstance(m, inscrm.Merge)
    assert (m.survivor, m.merged_away, m.rule) == (holder.id, dup.id, "survivor_first")
    assert m.taken_fields == ["occupation", "emails"]
    assert len(m.moved["interactions"]) == 1 and len(m.moved["points_entries"]) == 1
    assert isinstance(m.merged_at, datetime.datetime) and m.undone_at is None
    assert crm.loyalty.balance(holder.id)["balance"] == 500
    assert crm.customers.get(holder.id).occupation == "engineer"
    assert crm.customers.get(dup.id).merged_into == holder.id
    assert crm.duplicates.candidates() == []
    assert [x.id for x in crm.duplicates.history(dup.id)] == [m.id]

    undone = crm.duplicates.undo(m.id)
    assert undone.undone_at is not None and undone.undone_by == "u-7"
    assert crm.loyalty.balance(holder.id)["balance"] == 200
    assert crm.loyalty.balance(dup.id)["balance"] == 300
    assert crm.customers.get(holder.id).occupation == ""
    assert crm.customers.get(dup.id).merged_into is None
    assert len(crm.duplicates.candidates()) == 1
    with pytest.raises(inscrm.IllegalTransition):
        crm.duplicates.undo(m.id)
    assert crm.duplicates.history()[0].undone_at is not None


def test_most_recent_rule(crm, holder, clock):
    clock.advance(datetime.timedelta(days=1))
    newer = crm.customers.create(name="张伟", phones=["13900000001"])
    m = crm.duplicates.merge(holder.id, newer.id, rule="most_recent")
    assert m.rule == "most_recent" and "phones" in m.taken_fields
    assert [p.number for p in crm.customers.get(holder.id).phones] == ["13900000001"]
    crm.duplicates.undo(m.id)
    assert [p.number for p in crm.customers.get(holder.id).phones] == ["13812345678"]
