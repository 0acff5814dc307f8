from __future__ import annotations

from sqlalchemy import func, select

from app.store.models import Household, Member
from tests.conftest import VILLAGE
from tests.excel.conftest import ids, results, run


def _count(ctx, model) -> int:
    with ctx.db.read() as session:
        return session.scalar(select(func.count()).select_from(model).where(model.deleted == False))  # noqa: E712


def test_plain_roster_imports_and_reimport_changes_nothing(ctx, xlsx) -> None:
    a, b, c = ids(3)
    path = xlsx("roster.xlsx", [
        ["村代码", "户编号", "户主姓名", "姓名", "与户主关系", "身份证号", "联系电话"],
        [VILLAGE, "001", "张建国", "张建国", "户主", a, "13800001111"],
        [VILLAGE, "001", "张建国", "李秀英", "配偶", b, None],
        [VILLAGE, "002", "王立", "王立", "户主", c, None],
    ])
    first = run(ctx, path)
    assert first.households() == {"added": 2, "updated": 0, "refused": 0}
    assert results(first) == [(2, "added", ""), (3, "added", ""), (4, "added", "")]
    assert _count(ctx, Household) == 2
    assert _count(ctx, Member) == 3
    again = run(ctx, path)
    assert again.households() == {"added": 0, "updated": 0, "refused": 0}
    assert again.counts.unchanged == 2
    assert _count(ctx, Member) == 3


def test_a_first_roster_is_reported_alike_whether_the_database_holds_other_households_or_not(ctx, xlsx) -> None:
    """A database without households skips looking the file's people up (nobody to match); the
    report is the one a database holding other households gives for the same roster."""
    a, b, c, d, e = ids(5)
    header = ["村代码", "户编号", "户主姓名", "姓名", "与户主关系", "身份证号"]
    roster = xlsx("roster.xlsx", [
        header,
        [VILLAGE, "001", "张建国", "张建国", "户主", a],
        [VILLAGE, "001", "张建国", "李秀英", "配偶", b],
        [VILLAGE, "002", "王立", "王立", "户主", e],
        [VILLAGE, "003", "赵四", "赵四", "户主", c[:17] + ("0" if c[17] != "0" else "1")],  # wrong check digit
        [VILLAGE, "004", "孙六", "孙六", "户主", b],  # met in household 001
    ])
    assert _count(ctx, Household) == 0
    fresh = run(ctx, roster, dry_run=True)
    run(ctx, xlsx("other.xlsx", [header, [VILLAGE, "900", "钱五", "钱五", "户主", d]]))
    held = run(ctx, roster, dry_run=True)
    assert [(o.row, o.result, o.letter, o.detail) for o in held.outcomes] == \
        [(o.row, o.result, o.letter, o.detail) for o in fresh.outcomes]
    assert held.counts == fresh.counts and fresh.households() == {"added": 2, "updated": 0, "refused": 2}
