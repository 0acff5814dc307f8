"""`fangpin case`: a case walked from 申报 to 结果公告 by the CLI, refused where the procedure refuses."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.domain.idnumber import make_id_number
from app.services import context as context_module
from tests.conftest import PASSWORD, TODAY, VILLAGE

DAY = timedelta(days=1)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    path = tmp_path / "cases.db"
    assert main(["init", "--db", str(path), "--role", "county", "--division", "131122",
                 "--user", "县中心管理员"]) == 0
    return path


def _household(db: Path, name: str = "张建国") -> str:
    from app.services.households import HouseholdService
    from app.services.setup import open_context

    ctx = open_context(db, PASSWORD)
    try:
        household = HouseholdService(ctx).create(
            {"village_code": VILLAGE, "household_type": "一般农户"},
            [{"name": name, "relation": "户主", "id_number": make_id_number("131122", date(1965, 3, 4), 11)}])
    finally:
        ctx.db.close()
    return household.id


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def listed(capsys: pytest.CaptureFixture[str], db: Path, *options: str) -> list[dict[str, object]]:
    code, out, err = run(capsys, "case", "list", "--db", str(db), "--json", *options)
    assert code == 0, err
    return json.loads(out)


def test_a_case_walked_from_proposal_to_county_approval(db: Path, capsys, monkeypatch) -> None:
    household = _household(db)
    prefix = household[:10]
    db_ = ("--db", str(db))

    code, out, err = run(capsys, "case", "propose", *db_, prefix, "--risk", "因病,因学",
                         "--category", "边缘易致贫户", "--date", (TODAY - 20 * DAY).isoformat())
    assert code == 0, err
    assert "已申报 张建国户为监测对象（边缘易致贫户，风险：因病、因学）" in out
    [row] = listed(capsys, db)
    assert row["household_id"] == household and row["stage"] == "proposed" and row["stage_label"] == "已申报"

    # A step dated ahead of today is refused: only what has been done is recorded.
    code, out, err = run(capsys, "case", "step", *db_, prefix, "--step", "入户核实",
                         "--date", (TODAY + DAY).isoformat())
    assert code == 2 and out == ""
    assert err.strip() == (f"错误：“入户核实”的办理日期 {(TODAY + DAY).isoformat()} 晚于今天（{TODAY.isoformat()}），"
                           "只能登记已经办理的步骤。")
    # Nor before the step it follows.
    code, _, err = run(capsys, "case", "step", *db_, prefix, "--step", "verified",
                       "--date", (TODAY - 21 * DAY).isoformat())
    assert code == 2 and "不能早于上一步的日期" in err
    # Nor skipping a step.
    code, _, err = run(capsys, "case", "step", *db_, prefix, "--step", "公示")
    assert code == 2 and "程序不能跳步：当前为“已申报”，下一步应为“入户核实”" in err

    # Dates typed the way people type them.
    for step, typed in (("入户核实", f"{(TODAY - 19 * DAY):%Y%m%d}"), ("村级民主评议", "2026年11月5日"),
                        ("公示", (TODAY - 3 * DAY).isoformat())):
        code, out, err = run(capsys, "case", "step", *db_, prefix, "--step", step, "--date", typed)
        assert code == 0, err
        assert f"已办理 张建国户 识别纳入·{step}：通过" in out
    assert "公示期 2026-11-20 至" in out
    [row] = listed(capsys, db, "--stage", "公示")
    posting_end = date.fromisoformat(str(row["posting_end"]))
    assert row["stage_label"] == "公示中" and posting_end >= TODAY
    assert listed(capsys, db, "--stage", "乡镇审核") == []

    # A review during the posting period is refused, today or dated after the posting ends (ahead of today).
    code, _, err = run(capsys, "case", "step", *db_, prefix, "--step", "乡镇审核", "--decision", "通过")
    assert code == 2
    assert err.strip() == (f"错误：公示期到 {posting_end.isoformat()} 结束，"
                           f"{(posting_end + DAY).isoformat()} 起才能乡镇审核。")
    code, _, err = run(capsys, "case", "step", *db_, prefix, "--step", "乡镇审核",
                       "--date", (posting_end + DAY).isoformat())
    assert code == 2 and "晚于今天" in err
    [row] = listed(capsys, db)
    assert row["stage"] == "posted"

    # Time passes: the day after the posting ends, the township reviews and the county approves.
    monkeypatch.setattr(context_module, "machine_today", lambda: posting_end + 2 * DAY)
    code, _, err = run(capsys, "case", "step", *db_, prefix, "--step", "乡镇审核", "--decision", "退回")
    assert code == 2 and "“退回”时必须写明原因" in err
    code, out, err = run(capsys, "case", "step", *db_, prefix, "--step", "township_reviewed",
                         "--decision", "通过", "--date", (posting_end + DAY).isoformat(), "--note", "材料齐全")
    assert code == 0, err
    assert f"乡镇审核：通过（{(posting_end + DAY).isoformat()}）；现为“已乡镇审核”" in out
    # The county compares the household with other departments' data before approving (信息比对),
    # which the household's 承诺授权书 authorises: it must be on record, signed by a member.
    code, _, err = run(capsys, "case", "step", *db_, prefix, "--step", "县级审定")
    assert code == 2 and "下一步应为“信息比对”" in err
    code, _, err = run(capsys, "case", "step", *db_, prefix, "--step", "信息比对")
    assert code == 2 and "办理“信息比对”前须登记农户签署的承诺授权书" in err
    code, _, err = run(capsys, "case", "step", *db_, prefix, "--step", "信息比对", "--consent-date", "2026-11-04")
    assert code == 2 and "要同时写 --consent-date" in err
    code, _, err = run(capsys, "case", "step", *db_, prefix, "--step", "信息比对",
                       "--consent-date", "2026-11-04", "--consent-by", "李四")
    assert code == 2 and "没有名叫“李四”的家庭成员" in err
    code, out, err = run(capsys, "case", "step", *db_, prefix, "--step", "信息比对",
                         "--consent-date", "2026年11月4日", "--consent-by", "张建国", "--note", "部门数据比对无异常")
    assert code == 0, err
    assert "信息比对：通过" in out and "登记承诺授权书（2026-11-04 签署）" in out and "现为“已信息比对”" in out
    code, out, err = run(capsys, "case", "step", *db_, prefix, "--step", "县级审定")
    assert code == 0, err
    assert f"县级审定：通过（{(posting_end + 2 * DAY).isoformat()}）；现为“已县级审定”" in out
    [row] = listed(capsys, db, "--stage", "approved")
    assert row["stage_label"] == "已县级审定" and row["category"] == "边缘易致贫户"

    code, out, err = run(capsys, "case", "list", *db_)
    assert code == 0 and "张建国" in out and "已县级审定" in out and "共 1 个案例" in out
    code, out, err = run(capsys, "case", "step", *db_, prefix, "--step", "结果公告")
    assert code == 0, err
    announced = posting_end + 2 * DAY
    assert f"结果公告：通过（{announced.isoformat()}），公告期 {announced.isoformat()} 至 " \
           f"{(announced + 4 * DAY).isoformat()}；现为“已结果公告”" in out
    code, _, err = run(capsys, "case", "step", *db_, prefix, "--step", "结果公告")
    assert code == 2 and "程序已经结束" in err

    from app.services.households import HouseholdService
    from app.services.setup import open_context

    ctx = open_context(db, PASSWORD)
    try:
        steps = HouseholdService(ctx).get(household).steps
    finally:
        ctx.db.close()
    [recorded] = steps.values()
    assert [(s.step, s.decision, s.acted_on) for s in recorded] == [
        ("proposed", "通过", TODAY - 20 * DAY), ("verified", "通过", TODAY - 19 * DAY),
        ("village_reviewed", "通过", date(2026, 11, 5)), ("posted", "通过", TODAY - 3 * DAY),
        ("township_reviewed", "通过", posting_end + DAY), ("cross_checked", "通过", posting_end + 2 * DAY),
        ("approved", "通过", posting_end + 2 * DAY), ("announced", "通过", posting_end + 2 * DAY)]
    assert recorded[4].note == "材料齐全"
    assert recorded[5].consent_signed_on == date(2026, 11, 4) and recorded[5].consent_member_id


def test_a_sudden_hardship_is_proposed_on_the_fast_track(db: Path, capsys) -> None:
    prefix = _household(db)[:10]
    code, _, err = run(capsys, "case", "propose", "--db", str(db), prefix, "--risk", "因病",
                       "--category", "边缘易致贫户", "--fast-track")
    assert code == 2 and "先帮后认只适用于“突发严重困难户”" in err
    code, out, err = run(capsys, "case", "propose", "--db", str(db), prefix, "--risk", "因病",
                         "--category", "突发严重困难户", "--fast-track")
    assert code == 0, err
    assert "先帮后认（可先行落实帮扶措施）" in out and "下一步：入户核实" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["case", "list", "--stage", "审批"], "没有“审批”这个阶段"),
    (["case", "step", "HOUSEHOLD", "--step", "盖章"], "没有“盖章”这个步骤"),
    (["case", "step", "HOUSEHOLD", "--step", "乡镇审核", "--decision", "同意"], "意见“同意”不对"),
    (["case", "step", "HOUSEHOLD", "--step", "入户核实", "--date", "2026-02-30"],
     "“2026-02-30”不是日期：2026年2月只有 28 天，没有 30 日。"),
    (["case", "step", "HOUSEHOLD", "--step", "入户核实"], "没有正在办理或监测中的案例"),
    (["case", "step", "nobody", "--step", "入户核实"], "找不到农户“nobody”"),
    (["case", "propose", "HOUSEHOLD", "--risk", "因懒"], "风险类型"),
])
def test_refusals_are_one_chinese_line(db: Path, capsys, argv: list[str], message: str) -> None:
    household = _household(db)
    argv = [household if word == "HOUSEHOLD" else word for word in argv]
    code, out, err = run(capsys, *argv[:2], "--db", str(db), *argv[2:])
    assert code == 2 and out == ""
    assert err.startswith("错误：") and message in err and err.count("\n") == 1


def test_the_household_is_found_by_its_number_or_a_member_id(db: Path, capsys) -> None:
    household = _household(db)
    id_number = make_id_number("131122", date(1965, 3, 4), 11)
    code, _, err = run(capsys, "case", "propose", "--db", str(db), id_number, "--risk", "因病", "--risk", "因残",
                       "--category", "突发严重困难户")
    assert code == 0, err
    [row] = listed(capsys, db, "--stage", "申报")
    assert row["household_id"] == household and row["risk_types"] == ["因病", "因残"]
    code, _, err = run(capsys, "case", "propose", "--db", str(db), household, "--risk", "因病",
                       "--category", "突发严重困难户")
    assert code == 2 and "已有正在办理或监测中的案例，不能重复申报" in err


def test_a_password_is_needed(db: Path, capsys, monkeypatch) -> None:
    monkeypatch.delenv("FANGPIN_PASSWORD")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, _, err = run(capsys, "case", "list", "--db", str(db))
    assert code == 2 and "FANGPIN_PASSWORD" in err
