"""A genuine Excel 97–2003 (.xls, BIFF8) roster, as villages still keep them, imported through calamine."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from app.store.models import Household, IncomeRecord, Member
from tests.conftest import VILLAGE
from tests.excel.conftest import results, run
from tests.excel.data import make_legacy_xls

LEGACY = Path(__file__).parent / "data" / "legacy_roster.xls"


def test_the_committed_xls_is_what_its_script_writes() -> None:
    data = LEGACY.read_bytes()
    assert data[:8] == b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"  # an OLE2 compound file, as Excel 2003 saves
    assert data == make_legacy_xls.build()


def test_a_legacy_xls_roster_is_imported_like_an_xlsx(ctx) -> None:
    a, b, c, _, e, f = make_legacy_xls.people()
    result = run(ctx, LEGACY, village=VILLAGE)
    assert result.notes == ["工作表“代码表”是隐藏的，没有导入。"]
    assert result.households() == {"added": 2, "updated": 0, "refused": 1}
    assert results(result) == [(3, "added", ""), (4, "added", ""), (5, "added", ""), (6, "refused", ""),
                               (7, "refused", "F"), (8, "added", ""), (9, "added", "")]
    assert "15 位有效数字" in result.outcomes[4].detail  # the ID typed as a number in the old file
    with ctx.db.read() as session:
        households = {h.household_number: h for h in session.scalars(select(Household))}
        members = {m.id_number: m for m in session.scalars(select(Member))}
        incomes = {r.household_id: r for r in session.scalars(select(IncomeRecord))}
    assert sorted(households) == ["0001", "0003"]
    assert set(members) == {a, b, c, e, f}  # c was written " …x": trimmed, X upper-cased
    assert c.endswith("X") and members[c].relation == "之子" and members[b].relation == "配偶"
    first, third = incomes[households["0001"].id], incomes[households["0003"].id]
    assert (first.year, first.wage, first.household_size) == (2019, Decimal("12000"), 3)
    assert third.wage == Decimal("6500.50")
