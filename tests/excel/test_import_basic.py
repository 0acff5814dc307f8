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
