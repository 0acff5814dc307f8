"""Voiding with a reason: a synced field change that shows in the history, never a silent delete."""

from datetime import date

import pytest
from sqlalchemy import select

from app.domain.errors import UserFacingError
from app.domain.voiding import REASONS_FOR, Voidable, check_void_reason
from app.services.cases import CaseService
from app.services.households import HouseholdService
from app.services.measures import MeasureService
from app.services.voiding import VoidService, voided_in_villages
from app.store.models import AuditEvent, ChangeLog, Member
from app.sync.log_reader import changes_since, version_vector
from app.sync.merge import apply_changes
from tests.conftest import TODAY, VILLAGE


def _household(ctx, people, *others):
    return HouseholdService(ctx).create({"village_code": VILLAGE, "household_type": "一般农户"},
                                        [people.member("张建国", birth=date(1960, 1, 1)), *others])


def test_one_vocabulary_and_other_needs_a_note() -> None:
    assert "去世" in REASONS_FOR[Voidable.MEMBER] and "去世" not in REASONS_FOR[Voidable.MEASURE]
    with pytest.raises(UserFacingError, match="不是作废帮扶措施的原因"):
        check_void_reason(Voidable.MEASURE, "去世")
    with pytest.raises(UserFacingError, match="写明情况") as error:
        check_void_reason(Voidable.MEMBER, "其他", "  ")
    assert error.value.field == "说明"
    assert check_void_reason(Voidable.MEMBER, " 迁出 ", "去  外省") == ("迁出", "去 外省")


def test_a_voided_member_leaves_the_household_with_reason_who_and_when(ctx, people) -> None:
    household = _household(ctx, people, people.member("张小明", "之子", birth=date(1990, 1, 1)))
    son = next(m for m in HouseholdService(ctx).get(household.id).members if m.name == "张小明")
    VoidService(ctx).void_member(son.id, "去世", "2026年11月病故")
    detail = HouseholdService(ctx).get(household.id)
    assert [m.name for m in detail.members] == ["张建国"]
    assert detail.household.member_count == 1
    [record] = VoidService(ctx).history(household.id)
    assert (record.kind, record.what, record.reason, record.note, record.voided_by, record.voided_on) == (
        "成员", "张小明（之子）", "去世", "2026年11月病故", ctx.actor.user_name, TODAY)
    with ctx.db.read() as session:
        [entry] = session.scalars(select(ChangeLog).where(ChangeLog.row_id == son.id, ChangeLog.op == "delete"))
        actions = [e.action for e in session.scalars(select(AuditEvent))]
    assert entry.fields["void_reason"] == "去世" and entry.fields["deleted"] is True
    assert "void_member" in actions


def test_the_same_id_number_can_be_entered_again_once_the_duplicate_is_voided(ctx, people) -> None:
    twin = people.member("李四", "之子")
    household = _household(ctx, people, twin)
    member = next(m for m in HouseholdService(ctx).get(household.id).members if m.name == "李四")
    service = HouseholdService(ctx)
    values = {"village_code": VILLAGE, "household_type": "一般农户"}
    with pytest.raises(UserFacingError, match="同一人不能登记在两户"):
        service.create(values, [{**twin, "relation": "户主"}])
    VoidService(ctx).void_member(member.id, "重复录入")
    assert service.create(values, [{**twin, "relation": "户主"}]).head_name == "李四"


def test_the_head_and_an_unknown_reason_are_refused_and_nothing_is_written(ctx, people) -> None:
    household = _household(ctx, people, people.member("王芳", "配偶", male=False))
    head, spouse = HouseholdService(ctx).get(household.id).members
    with ctx.db.read() as session:
        before = session.scalar(select(ChangeLog.seq).order_by(ChangeLog.seq.desc()).limit(1))
    with pytest.raises(UserFacingError, match="是户主"):
        VoidService(ctx).void_member(head.id, "迁出")
    with pytest.raises(UserFacingError, match="可选：去世、迁出"):
        VoidService(ctx).void_member(spouse.id, "删掉")
    with ctx.db.read() as session:
        assert session.scalar(select(ChangeLog.seq).order_by(ChangeLog.seq.desc()).limit(1)) == before


def test_a_household_entered_twice_is_voided_with_its_members(ctx, people) -> None:
    household = _household(ctx, people, people.member("王芳", "配偶", male=False))
    VoidService(ctx).void_household(household.id, "重复录入", "与另一户重复")
    with pytest.raises(UserFacingError, match="可能已被删除"):
        HouseholdService(ctx).get(household.id)
    with ctx.db.read() as session:
        members = session.scalars(select(Member).where(Member.household_id == household.id)).all()
        records = voided_in_villages(session, [VILLAGE])
    assert all(m.deleted and m.void_reason == "重复录入" for m in members)
    assert sorted(r.kind for r in records) == ["农户", "成员", "成员"]
    assert next(r for r in records if r.kind == "农户").note == "与另一户重复"


def test_a_household_in_an_open_case_cannot_be_voided(ctx, people) -> None:
    household = _household(ctx, people)
    CaseService(ctx).propose(household.id, risk_types=["因病"], channel="农户自主申报",
                             category="边缘易致贫户")
    with pytest.raises(UserFacingError, match="尚未结束的监测案例"):
        VoidService(ctx).void_household(household.id, "录入错误")


def test_a_mistaken_measure_is_voided_and_leaves_the_list(ctx, people) -> None:
    household = _household(ctx, people)
    measure = MeasureService(ctx).add(household.id, {"kind": "产业帮扶", "item": "养鸡"})
    VoidService(ctx).void_measure(measure.id, "录入错误")
    assert HouseholdService(ctx).get(household.id).measures == []
    [record] = VoidService(ctx).history(household.id)
    assert (record.kind, record.reason) == ("帮扶措施", "录入错误")
    assert record.what.startswith("产业帮扶：养鸡")


def test_voiding_travels_in_a_bundle_with_its_reason(open_copy, people) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    household = _household(worker, people, people.member("张小明", "之子"))
    son = next(m for m in HouseholdService(worker).get(household.id).members if m.name == "张小明")
    VoidService(worker).void_member(son.id, "迁出", "到县城落户")
    with township.db.read() as session:
        vector = version_vector(session)
    with worker.db.read() as session:
        entries = changes_since(session, vector, ("household", "member"))
    apply_changes(township.db, entries)
    [record] = VoidService(township).history(household.id)
    assert (record.what, record.reason, record.note, record.voided_by) == (
        "张小明（之子）", "迁出", "到县城落户", worker.actor.user_name)
    assert [m.name for m in HouseholdService(township).get(household.id).members] == ["张建国"]


def test_the_cli_removes_a_member_by_id_number_and_lists_the_history(tmp_path, monkeypatch, capsys,
                                                                      people) -> None:
    from app.cli import main
    from app.services.setup import open_context
    from tests.conftest import PASSWORD

    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    path = tmp_path / "cli.db"
    assert main(["init", "--db", str(path), "--role", "county", "--division", "131122",
                 "--user", "县中心管理员"]) == 0
    son = people.member("张小明", "之子")
    ctx = open_context(path, PASSWORD)
    household = _household(ctx, people, son)
    ctx.db.close()
    capsys.readouterr()
    assert main(["household", "void-member", "--db", str(path), son["id_number"], "--reason", "删掉"]) == 2
    assert "可选：去世、迁出" in capsys.readouterr().err
    assert main(["household", "void-member", "--db", str(path), son["id_number"], "--reason", "去世",
                 "--note", "2026年11月病故"]) == 0
    assert "已移出成员张小明（之子），原因：去世（2026年11月病故）" in capsys.readouterr().out
    assert main(["household", "history", "--db", str(path), household.id]) == 0
    out = capsys.readouterr().out
    assert "作废成员" in out and "张小明（之子）" in out and "2026年11月病故" in out


def test_the_voided_ledger_lists_what_why_who_and_when(ctx, people, tmp_path) -> None:
    from app.excel.reader import read_workbook
    from app.services.excel import LedgerExporter

    household = _household(ctx, people, people.member("张小明", "之子"))
    son = next(m for m in HouseholdService(ctx).get(household.id).members if m.name == "张小明")
    VoidService(ctx).void_member(son.id, "迁出", "到县城落户")
    out = tmp_path / "voided.xlsx"
    assert LedgerExporter(ctx).export("voided", out) == 1
    text = str(read_workbook(out))
    for expected in ("作废记录台账", "作废成员", "张小明（之子）", "迁出", "到县城落户", ctx.actor.user_name):
        assert expected in text
