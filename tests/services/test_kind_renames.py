"""A county renames, adds and retires measure kinds through the policy workbook (issue 20): the card
keeps a renamed kind's policy text, the report's measure table keeps the policy's order."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.domain.categories import MEASURE_SUB_ITEMS
from app.printing.policies import ALWAYS, POLICY_BY_MEASURE_KIND
from app.services.context import ServiceContext
from app.services.measures import MeasureService
from app.services.policy import MEASURE_ITEMS, MEASURE_KIND_ORIGINS, PolicyService
from app.services.printouts.cards import card
from app.services.reports.period import ReportKind
from app.services.reports.service import ReportService
from tests.conftest import TODAY
from tests.services.helpers import poor_household
from tests.services.test_policy_lists import _edit_policy

FROM = date(2026, 11, 1)
RENAMED = "就业创业帮扶"


def _rename_employment(ctx: ServiceContext, tmp_path: Path) -> None:
    day = FROM.isoformat()
    result = _edit_policy(ctx, tmp_path, [
        [MEASURE_ITEMS, "就业帮扶", "", day, ""],
        [MEASURE_ITEMS, RENAMED, "", day, "、".join(MEASURE_SUB_ITEMS["就业帮扶"])],
        [MEASURE_ITEMS, "社会帮扶", "", day, ""],
        [MEASURE_ITEMS, "防贫保险", "", day, "防贫保险理赔"],
        [MEASURE_KIND_ORIGINS, RENAMED, "", day, "就业帮扶"],
    ])
    assert result.written and not result.problems, result.problems


def test_a_renamed_kind_keeps_its_card_text(ctx: ServiceContext, people, tmp_path: Path) -> None:
    _rename_employment(ctx, tmp_path)
    assert PolicyService(ctx).kind_origins() == {RENAMED: "就业帮扶"}
    household = poor_household(ctx, people)
    MeasureService(ctx).add(household.id, {"kind": RENAMED, "item": "技能培训", "start_date": TODAY})
    assert card(ctx, household.id, TODAY).policies == [POLICY_BY_MEASURE_KIND["就业帮扶"], ALWAYS]


def test_the_measure_table_follows_the_policy_order(ctx: ServiceContext, people, tmp_path: Path) -> None:
    household = poor_household(ctx, people)
    measures = MeasureService(ctx)
    measures.add(household.id, {"kind": "就业帮扶", "item": "技能培训", "start_date": date(2026, 10, 10)})
    measures.add(household.id, {"kind": "社会帮扶", "item": "结对帮扶", "start_date": date(2026, 10, 12)})
    _rename_employment(ctx, tmp_path)
    measures.add(household.id, {"kind": RENAMED, "item": "稳岗就业", "start_date": TODAY})

    lines = ReportService(ctx).build(ReportKind.MONTHLY, "2026-11").figures.measures
    kinds = [line.kind for line in lines]
    assert kinds[:3] == ["产业帮扶", RENAMED, "金融帮扶"]
    assert kinds[-3:] == ["扶志扶智", "防贫保险", "社会帮扶"]  # added in its place, retired with records after
    assert "就业帮扶" not in kinds
    employment = lines[1]
    assert (employment.in_force, employment.households, employment.started) == (2, 1, 1)  # the old name's too
    # Before the rename the report of October has Hebei's order.
    october = [line.kind for line in ReportService(ctx).build(ReportKind.MONTHLY, "2026-10").figures.measures]
    assert october[1] == "就业帮扶" and RENAMED not in october and october[-1] == "扶志扶智"
