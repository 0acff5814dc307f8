from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from app.domain.procedure import Procedure, Stage
from app.printing.data import Contact, Contacts
from app.printing.posting import posting_data, write_posting
from app.services import printouts
from app.services.context import ServiceContext
from app.store.models import Household, Member, MonitoringCase
from tests.conftest import TODAY
from tests.printing.conftest import FULL_ID, font_files, pdf_text


def _busiest_village(ctx: ServiceContext) -> printouts.Village:
    with ctx.db.read() as session:
        codes = list(session.scalars(select(Household.village_code).distinct()))
    places = [printouts.village(ctx, code) for code in codes]
    return max(places, key=lambda p: len(printouts.posting_cases(ctx, p)))


def test_posting_list_from_demo_data(demo: ServiceContext, tmp_path: Path) -> None:
    place = _busiest_village(demo)
    cases = printouts.posting_cases(demo, place)
    assert cases
    data = posting_data(place, cases, printouts.contacts(demo, place), start=TODAY, days=5,
                        printed_on=TODAY)
    out = tmp_path / "posting.pdf"
    write_posting(out, data)

    text = "\n".join(pdf_text(out))
    assert f"{place.township_name}{place.name}防止返贫监测对象公示" in text
    for case in cases:
        assert case.head_name in text
    assert f"{place.name}村民委员会（盖章）" in text
    assert "12317" in text and "公示期" in text
    assert all((c.end - c.start).days >= 4 for c in data.cases)
    assert all(embedded for _, embedded in font_files(out))
    with demo.db.read() as session:
        numbers = session.scalars(select(Member.id_number)).all()
    assert not any(n in text for n in numbers)
    assert not FULL_ID.search(text)


def test_only_cases_in_posting_are_listed_each_with_its_own_period(demo: ServiceContext) -> None:
    place = _busiest_village(demo)
    with demo.db.read() as session:
        expected = {(h.head_name, c.posting_start, c.posting_end) for c, h in session.execute(
            select(MonitoringCase, Household).join(Household, Household.id == MonitoringCase.household_id).where(
                Household.village_code == place.code, MonitoringCase.stage == Stage.POSTED.value,
                MonitoringCase.closed == False))}  # noqa: E712
        others = set(session.scalars(select(Household.head_name).join(
            MonitoringCase, Household.id == MonitoringCase.household_id).where(
            Household.village_code == place.code, MonitoringCase.stage != Stage.POSTED.value)))
    cases = printouts.posting_cases(demo, place)
    assert {(c.head_name, c.posting_start, c.posting_end) for c in cases} == expected
    data = posting_data(place, cases, Contacts(), start=TODAY, days=5, printed_on=TODAY)
    assert {(c.head_name, c.start, c.end) for c in data.cases} == expected
    assert not others & {c.head_name for c in data.cases} - {name for name, *_ in expected}


def _case(name: str, start: date | None, end: date | None, risks: tuple[str, ...] = ("因学",),
          procedure: Procedure = Procedure.IDENTIFICATION) -> printouts.PostingCase:
    return printouts.PostingCase(procedure, name, name, 3, "边缘易致贫户", "帮扶消除", risks, start, end,
                                 group_name="二组")


PLACE = printouts.Village("131122100201", "姚集村", "131122100000", "武邑镇")


def test_a_case_without_a_recorded_period_gets_at_least_five_days_from_the_start() -> None:
    case = _case("徐建华", None, None, ("因病",), Procedure.ELIMINATION)
    data = posting_data(PLACE, [case], Contacts(station=Contact("周伟", "17871281613")),
                        start=date(2026, 11, 23), days=3, printed_on=TODAY)
    assert (data.cases[0].start, data.cases[0].end) == (date(2026, 11, 23), date(2026, 11, 27))
    assert data.rows[0] == [1, "武邑镇姚集村", "二组", "徐建华", "风险消除", "帮扶消除", "2026年11月23日至11月27日"]
    assert data.station_phone == "17871281613"


def test_cases_posted_on_different_days_each_print_their_own_period(tmp_path: Path) -> None:
    early = _case("甲", date(2026, 11, 18), date(2026, 11, 22))
    late = _case("乙", date(2026, 11, 21), date(2026, 11, 27))
    data = posting_data(PLACE, [early, late], Contacts(), start=TODAY, days=5, printed_on=TODAY)
    out = tmp_path / "two.pdf"
    write_posting(out, data)
    text = "".join(pdf_text(out))
    assert "2026年11月18日至11月22日" in text and "2026年11月21日至11月27日" in text
    assert "各户的公示期见表中" in text
    assert "2026年11月23日" not in text.replace(f"{TODAY.year}年{TODAY.month}月{TODAY.day}日\n", "")


def test_a_shared_period_is_also_stated_below_the_table(tmp_path: Path) -> None:
    recorded = (date(2026, 11, 2), date(2026, 11, 8))
    data = posting_data(PLACE, [_case("甲", *recorded), _case("乙", *recorded)], Contacts(), start=TODAY,
                        days=5, printed_on=TODAY)
    out = tmp_path / "shared.pdf"
    write_posting(out, data)
    assert "公示期：2026年11月2日至11月8日（共 7 天）" in "".join(pdf_text(out))
    assert data.station_phone == ""


def test_risks_are_left_off_by_default_and_worded_neutrally_when_the_county_adds_them(tmp_path: Path) -> None:
    cases = [_case("甲", *(date(2026, 11, 20), date(2026, 11, 24)), risks=("因病", "因残", "因学"))]
    plain = posting_data(PLACE, cases, Contacts(), start=TODAY, days=5, printed_on=TODAY)
    assert [c.title for c in plain.columns] == ["序号", "乡镇/村", "村民小组", "户主", "公示事项",
                                                "监测类别/消除方式", "公示期"]
    chosen = posting_data(PLACE, cases, Contacts(), start=TODAY, days=5, printed_on=TODAY,
                          extra_columns=["risks", "member_count", "id_number", "phone", "health"])
    assert [c.title for c in chosen.columns][-3:] == ["家庭人口", "风险类型", "公示期"]
    out = tmp_path / "risks.pdf"
    write_posting(out, chosen)
    text = "".join(pdf_text(out))
    assert chosen.rows[0][-3:-1] == [3, "其他困难、因学"]
    assert "其他困难" in text and "因学" in text
    assert "因病" not in text and "因残" not in text


def test_an_empty_posting_list_says_so(tmp_path: Path) -> None:
    out = tmp_path / "empty.pdf"
    write_posting(out, posting_data(PLACE, [], Contacts(), start=TODAY, days=5, printed_on=TODAY))
    assert "本期无公示对象" in pdf_text(out)[0]


def test_many_rows_continue_with_the_header_repeated(tmp_path: Path) -> None:
    cases = [_case(f"户主{i:02d}", None, None, ("因病", "因学")) for i in range(60)]
    out = tmp_path / "long.pdf"
    write_posting(out, posting_data(PLACE, cases, Contacts(), start=TODAY, days=5, printed_on=TODAY))
    pages = pdf_text(out)
    assert len(pages) >= 2
    assert all("公示事项" in p for p in pages[:-1])
    assert "户主59" in pages[-1] or "户主59" in pages[-2]
    assert "（盖章）" in pages[-1]
