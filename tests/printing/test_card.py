from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import zxingcpp
from sqlalchemy import select

from app.printing.card import TITLE, write_card, write_cards
from app.printing.data import CardData, MeasureLine, MemberLine
from app.printing.flow import BOTTOM, MARGIN, PAGE_HEIGHT
from app.services import printouts
from app.services.context import ServiceContext
from app.services.households import HouseholdDetail, HouseholdService
from app.services.printouts import card_data
from app.services.printouts import cards as card_reader
from app.store.models import Household
from tests.conftest import TODAY, VILLAGE
from tests.printing.conftest import FULL_ID, font_files, pdf_text, render, text_baselines


def _richest(ctx: ServiceContext) -> HouseholdDetail:
    with ctx.db.read() as session:
        ids = list(session.scalars(select(Household.id).where(Household.village_code == VILLAGE)))
    service = HouseholdService(ctx)
    return max((service.get(i) for i in ids),
               key=lambda d: (bool(d.cases), len(d.measures), len(d.assignments), len(d.members)))


def test_card_has_the_household_in_extractable_chinese_and_no_full_id(demo: ServiceContext,
                                                                       tmp_path: Path) -> None:
    detail = _richest(demo)
    data = printouts.card(demo, detail.household.id, TODAY)
    out = tmp_path / "card.pdf"
    write_card(out, data)

    pages = pdf_text(out)
    text = "\n".join(pages)
    assert len(pages) == 1
    assert TITLE in text
    assert data.head_name in text and data.village in text
    assert "打印日期：2026-11-23" in text
    for member in detail.members:
        assert member.name in text
        assert member.id_number not in text
        assert f"{member.id_number[:6]}********{member.id_number[-4:]}" in text
    assert not FULL_ID.search(text)
    for measure in detail.measures:
        assert measure.kind in text
    assert data.helpers and data.helpers[0].phone in text
    assert data.grid_workers and data.grid_workers[0].name in text
    assert "12317" in text


def test_every_font_is_embedded(demo: ServiceContext, tmp_path: Path) -> None:
    out = tmp_path / "card.pdf"
    write_card(out, printouts.card(demo, _richest(demo).household.id, TODAY))
    fonts = font_files(out)
    assert fonts and all(embedded for _, embedded in fonts), fonts


def test_qr_code_reads_back_as_the_household_id(demo: ServiceContext, tmp_path: Path) -> None:
    detail = _richest(demo)
    out = tmp_path / "card.pdf"
    write_card(out, printouts.card(demo, detail.household.id, TODAY))
    codes = zxingcpp.read_barcodes(render(out))
    assert [c.text for c in codes] == [f"fangpin:household:{detail.household.id}"]


def test_a_village_prints_one_card_after_another(demo: ServiceContext, tmp_path: Path) -> None:
    place = printouts.village(demo, VILLAGE)
    out = tmp_path / "cards.pdf"
    count = write_cards(out, printouts.village_cards(demo, place, TODAY))
    assert count == len(printouts.household_ids(demo, place)) > 10
    pages = pdf_text(out)
    assert len(pages) >= count
    assert sum(TITLE in p and "（续）" not in p for p in pages) == count
    assert not FULL_ID.search("\n".join(pages))


def _huge(base: CardData) -> CardData:
    members = [MemberLine(name=f"成员{i:02d}", relation="之子" if i else "户主", sex="男",
                          masked_id=f"131122********{i:04d}", health="长期慢性病、残疾",
                          labour="普通劳动力") for i in range(15)]
    measures = [MeasureLine(kind="健康帮扶", item=f"措施第{i:02d}项", start="2025-01-01",
                            amount=Decimal(1000 + i), status="实施中",
                            provider="武邑县医疗保障局和武邑县卫生健康局联合实施单位")
                for i in range(40)]
    return dataclasses.replace(base, members=members, measures=measures,
                               policies=[f"第{i}条政策说明，" * 6 for i in range(8)])


def test_long_content_continues_on_further_pages_inside_the_margins(demo: ServiceContext,
                                                                    tmp_path: Path) -> None:
    data = _huge(card_data(_richest(demo), printed_on=date(2026, 11, 23)))
    out = tmp_path / "huge.pdf"
    write_card(out, data)

    pages = pdf_text(out)
    assert len(pages) >= 2
    assert all("（续）" in p for p in pages[1:])
    text = "\n".join(pages)
    assert "成员14" in text and "措施第39项" in text and "第7条政策说明" in text
    assert "帮扶责任人（签字）" in text
    footer = MARGIN - 6 * 72 / 25.4
    for ys in text_baselines(out):
        body = [y for y in ys if abs(y - footer) > 1]
        assert body and min(body) >= BOTTOM and max(body) <= PAGE_HEIGHT - MARGIN


def test_a_card_without_a_case_or_helpers_leaves_labelled_blanks(tmp_path: Path) -> None:
    data = CardData(household_id="h-1", village="姚集村", head_name="赵明辉",
                    household_number="1311221002010001", household_type="一般农户",
                    address="姚集村5组1号", group_name="5组",
                    members=[MemberLine("赵明辉", "户主", "男", "131122********6710", "健康", "")],
                    printed_on=TODAY)
    out = tmp_path / "plain.pdf"
    write_card(out, data)
    text = pdf_text(out)[0]
    assert "未纳入监测" in text and "暂无帮扶措施" in text
    assert "帮扶责任人" in text and "网格员" in text and "乡镇防贫工作站" in text


def test_village_cards_in_bulk_match_one_household_at_a_time(
        demo: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
    with demo.db.read() as session:
        code = session.scalars(select(Household.village_code)).first()
    place = printouts.village(demo, code)
    monkeypatch.setattr(card_reader, "CHUNK", 3)  # several chunks even in a small village
    bulk = list(printouts.village_cards(demo, place, TODAY))
    one_by_one = [printouts.card(demo, c.household_id, TODAY) for c in bulk]
    assert len(bulk) > 3 and bulk == one_by_one


def test_a_township_batch_pages_through_households_in_order(
        demo: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
    place = printouts.area(demo, VILLAGE[:9])
    whole = [c.household_id for c in printouts.card_batch(demo, place, TODAY).cards]
    monkeypatch.setattr(card_reader, "CHUNK", 3)  # many pages, keyset continues from each last row
    batch = printouts.card_batch(demo, place, TODAY)
    paged = [c.household_id for c in batch.cards]
    with demo.db.read() as session:
        expected = list(session.scalars(select(Household.id).where(
            Household.village_code.startswith(place.prefix), Household.deleted == False)  # noqa: E712
            .order_by(Household.village_code, Household.household_number, Household.id)))
    assert paged == whole == expected and batch.total == len(expected) > 3
