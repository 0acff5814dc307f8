from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from app.domain.procedure import Procedure
from app.printing.data import Contact, Contacts
from app.printing.posting import posting_data, write_posting
from app.services import printouts
from app.services.context import ServiceContext
from app.store.models import Household, Member
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
    assert data.days >= 5
    assert all(embedded for _, embedded in font_files(out))
    with demo.db.read() as session:
        numbers = session.scalars(select(Member.id_number)).all()
    assert not any(n in text for n in numbers)
    assert not FULL_ID.search(text)


def test_posting_period_is_at_least_five_days_from_the_start() -> None:
    place = printouts.Village("131122100201", "姚集村", "131122100000", "武邑镇")
    case = printouts.PostingCase(Procedure.ELIMINATION, "徐建华", "1", 2, "边缘易致贫户", "帮扶消除",
                               ("因病",), None, None)
    data = posting_data(place, [case], Contacts(station=Contact("周伟", "17871281613")),
                        start=date(2026, 11, 23), days=3, printed_on=TODAY)
    assert (data.start, data.end, data.days) == (date(2026, 11, 23), date(2026, 11, 27), 5)
    assert data.rows[0].category == "帮扶消除"
    assert data.rows[0].place == "武邑镇姚集村"
    assert data.station_phone == "17871281613"


def test_a_period_already_recorded_on_every_case_is_kept() -> None:
    place = printouts.Village("131122100201", "姚集村", "131122100000", "武邑镇")
    recorded = (date(2026, 11, 2), date(2026, 11, 8))
    cases = [printouts.PostingCase(Procedure.IDENTIFICATION, name, str(i), 3, "边缘易致贫户", "",
                                 ("因学",), *recorded) for i, name in enumerate(["甲", "乙"])]
    data = posting_data(place, cases, Contacts(), start=TODAY, days=5, printed_on=TODAY)
    assert (data.start, data.end) == recorded
    assert data.station_phone == ""


def test_an_empty_posting_list_says_so(tmp_path: Path) -> None:
    place = printouts.Village("131122100201", "姚集村", "131122100000", "武邑镇")
    out = tmp_path / "empty.pdf"
    write_posting(out, posting_data(place, [], Contacts(), start=TODAY, days=5, printed_on=TODAY))
    assert "本期无公示对象" in pdf_text(out)[0]


def test_many_rows_continue_with_the_header_repeated(tmp_path: Path) -> None:
    place = printouts.Village("131122100201", "姚集村", "131122100000", "武邑镇")
    cases = [printouts.PostingCase(Procedure.IDENTIFICATION, f"户主{i:02d}", str(i), 3,
                                 "边缘易致贫户", "", ("因病", "因学"), None, None)
             for i in range(60)]
    out = tmp_path / "long.pdf"
    write_posting(out, posting_data(place, cases, Contacts(), start=TODAY, days=5,
                                    printed_on=TODAY))
    pages = pdf_text(out)
    assert len(pages) >= 2
    assert all("主要风险" in p for p in pages[:-1])
    assert "户主59" in pages[-1] or "户主59" in pages[-2]
    assert "（盖章）" in pages[-1]
