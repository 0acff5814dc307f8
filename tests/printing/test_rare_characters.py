"""Every name prints (issue 18): rare characters of real names (CJK Extension A and B–F) come from
the HanaMin fallback fonts, embedded as subsets; what no font has (an emoji, Arabic script) is drawn
as □ and the print result names the household — never a silent blank."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.printing.fonts import PLACEHOLDER, missing, runs
from app.printing.unprintable import find_unprintable, warning_lines
from app.services.context import ServiceContext
from app.services.households import HouseholdService
from app.services.printouts import DocumentKind, PrintRequest, write_document
from app.store.models import MonitoringCase
from tests.conftest import TODAY, VILLAGE
from tests.printing.conftest import font_files, pdf_text

EXT_B = "𠮷"  # U+20BB7
EXT_B2 = "𪚥"  # U+2A6A5
EXT_A = "㐀"  # U+3400: not in WenQuanYi either
EMOJI = "😀"
ARABIC = "محمد"


def test_each_character_goes_to_a_font_that_has_it_or_to_the_placeholder() -> None:
    assert runs(f"张{EXT_B}{EXT_B2}{EXT_A}A") == [
        ("WenQuanYiMicroHei", "张"), ("HanaMinExtBF", EXT_B + EXT_B2), ("HanaMinExtA", EXT_A),
        ("WenQuanYiMicroHei", "A")]
    assert runs(f"李{EMOJI}\u200d{ARABIC}") == [("WenQuanYiMicroHei", "李" + PLACEHOLDER * 5)]
    assert missing(f"李{EMOJI}{ARABIC}{EXT_B}{EMOJI}") == EMOJI + "محد"


@pytest.fixture
def household(ctx: ServiceContext, people) -> str:
    created = HouseholdService(ctx).create(
        {"village_code": VILLAGE, "household_number": "131122100201-088", "group_name": f"{EXT_A}家组"},
        [people.member(f"张{EXT_B}", birth=date(1960, 1, 1)),
         people.member(f"王{EXT_B2}", "配偶", birth=date(1962, 1, 1), male=False),
         people.member(f"小{EMOJI}", "之子", birth=date(1990, 3, 1)),
         people.member(ARABIC, "之女", birth=date(1992, 3, 1), male=False)])
    return created.id


def test_a_card_prints_rare_characters_and_says_which_household_has_a_placeholder(
        ctx: ServiceContext, household: str, tmp_path: Path) -> None:
    out = tmp_path / "card.pdf"
    result = write_document(ctx, PrintRequest(DocumentKind.CARD, household=household), out)
    text = "".join(pdf_text(out))
    assert f"张{EXT_B}" in text and f"王{EXT_B2}" in text and f"{EXT_A}家组" in text
    assert f"小{PLACEHOLDER}" in text and PLACEHOLDER * 4 in text  # the emoji, the four Arabic letters
    assert EMOJI not in text
    fonts = font_files(out)
    assert {name.split("+", 1)[-1][:7] for name, _ in fonts} >= {"WenQuan", "HanaMin"}
    assert all(embedded for _, embedded in fonts)
    assert [(u.household, u.chars) for u in result.unprintable] == [
        (f"张{EXT_B}（户编号 131122100201-088）", EMOJI + "محد")]
    assert result.warnings[0].startswith("注意：1 户的信息中有字体无法打印的字符，已印成“□”")
    assert f"张{EXT_B}（户编号 131122100201-088）：“{EMOJI}محد”" in result.message


def test_a_card_without_rare_characters_has_no_warning(demo: ServiceContext, tmp_path: Path) -> None:
    from sqlalchemy import select

    from app.store.models import Household
    with demo.db.read() as session:
        first = session.scalars(select(Household.id)).first()
    result = write_document(demo, PrintRequest(DocumentKind.CARD, household=first), tmp_path / "c.pdf")
    assert result.unprintable == () and result.warnings == [] and "\n" not in result.message


def test_a_batch_of_cards_and_the_posting_list_name_the_household(
        ctx: ServiceContext, household: str, tmp_path: Path) -> None:
    cards = write_document(ctx, PrintRequest(DocumentKind.CARDS, area=VILLAGE), tmp_path / "cards.pdf")
    assert f"张{EXT_B}" in "".join(pdf_text(tmp_path / "cards.pdf"))
    assert any(u.household.startswith(f"张{EXT_B}") for u in cards.unprintable)
    with ctx.db.write(ctx.actor) as session:
        session.add(MonitoringCase(household_id=household, procedure="identification", stage="posted",
                                   status="风险未消除", discovery_channel="农户自主申报", category="边缘易致贫户",
                                   risk_types=["因学"], proposed_on=TODAY, stage_since=TODAY,
                                   posting_start=TODAY, posting_end=date(2026, 11, 29)))
    posting = write_document(ctx, PrintRequest(DocumentKind.POSTING, area=VILLAGE), tmp_path / "p.pdf")
    assert posting.count == 1 and f"张{EXT_B}" in "".join(pdf_text(tmp_path / "p.pdf"))
    assert posting.unprintable == ()  # the head's name prints whole; the others are not on a posting


def test_text_outside_any_household_is_reported_as_the_documents_own() -> None:
    found = find_unprintable({"title": f"标题{EMOJI}", "rows": []})
    assert warning_lines(found) == ["注意：文档中有字体无法打印的字符，已印成“□”：", f"其他文字：“{EMOJI}”"]
