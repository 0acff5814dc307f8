"""Posted documents cannot identify more than the notice needs (issue 18): every output marked for
posting — the PDF posting list and the Excel 公示名单, for a village and for the whole scope, with the
county's extra columns off and on — is read back as text, and nothing in it may rebuild an ID
number (whole, masked, or completed by a birth date, age or sex), show a phone number or bank
account, or name a health condition (the app's own vocabulary, app.domain.posting.HEALTH_TERMS)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from app.domain.errors import UserFacingError
from app.domain.posting import HEALTH_TERMS
from app.domain.procedure import Stage
from app.services import printouts
from app.services.context import ServiceContext
from app.services.excel import LedgerExporter
from app.services.excel.ledgers import LEDGERS
from app.services.policy import PolicyService
from app.services.printouts import DocumentKind, PrintRequest, write_document
from app.store.models import AssistancePerson, Household, Member, MonitoringCase, User
from tests.conftest import TODAY
from tests.printing.conftest import pdf_text

MASKED = re.compile(r"[0-9Xx]{0,6}[*＊]{2,}[0-9Xx]{0,4}")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
LANDLINE = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")
LONG_NUMBER = re.compile(r"\d{12,}")
PERSONAL_TITLES = ("身份证", "出生", "年龄", "性别", "电话号码", "联系电话", "银行", "账号", "健康")


def _birth_formats(day: date) -> set[str]:
    return {day.isoformat(), f"{day:%Y%m%d}", f"{day:%Y.%m.%d}", f"{day:%Y/%m/%d}",
            f"{day.year}年{day.month}月{day.day}日", f"{day.year}-{day.month}-{day.day}",
            f"{day.year}/{day.month}/{day.day}", f"{day.year}.{day.month}.{day.day}"}


def leaks(text: str, people: list[tuple[str, date | None]], private: set[str],
          published: set[str]) -> list[str]:
    """Everything in ``text`` that a posted document must not show. ``people``: (ID number, birth
    date) of the households' members (a sex or age shows up by its column title); ``private``:
    their phones and bank accounts; ``published``: phone numbers a notice may print (the station's)."""
    found: list[str] = []
    flat = re.sub(r"\s+", "", text)  # a number wrapped over two lines of a cell
    for sample in (text, flat):
        found += [f"masked ID {m!r}" for m in MASKED.findall(sample) if m.strip("*＊")]
        found += [f"phone {m}" for m in MOBILE.findall(sample) + LANDLINE.findall(sample) if m not in published]
        found += [f"long number {m}" for m in LONG_NUMBER.findall(sample)]
    for id_number, birth in people:
        if id_number and (id_number in flat or id_number[:6] + id_number[14:] in flat):
            found.append(f"ID number {id_number}")
        if birth and any(form in flat for form in _birth_formats(birth)):
            found.append(f"birth date {birth}")
        if birth and id_number[-4:] in flat:
            found.append(f"ID tail {id_number[-4:]}")
    found += [f"private {value}" for value in private if value and value not in published and value in flat]
    found += [f"title {word}" for word in PERSONAL_TITLES if word in flat]
    found += [f"health {term}" for term in HEALTH_TERMS if term in flat]
    return found


def test_the_check_catches_what_the_old_roster_showed() -> None:
    """The leak the issue found: a masked number and the birth date beside it; phone, health."""
    people = [("131122199004116866", date(1990, 4, 11))]
    old = "张三 131122********6866 性别 女 1990-04-11 13912345678 残疾 因病、因残"
    found = leaks(old, people, {"13912345678"}, set())
    assert any(f.startswith("masked ID") for f in found)
    assert "birth date 1990-04-11" in found and "phone 13912345678" in found and "title 性别" in found
    assert {"health 因病", "health 因残", "health 残疾"} <= set(found)
    assert leaks("张三 二组 识别纳入 边缘易致贫户 2026年11月18日至11月22日 12317", people, set(), set()) == []


@pytest.fixture
def posted(demo: ServiceContext) -> tuple[printouts.Village, list[str]]:
    """The busiest village with four cases in posting, started on different days, whose households
    carry every kind of private detail: phones, bank accounts, health risks and conditions."""
    with demo.db.read() as session:
        codes = list(session.scalars(select(Household.village_code).distinct()))
    place = max((printouts.village(demo, code) for code in codes),
                key=lambda p: len(printouts.posting_cases(demo, p)) * 100 + _case_count(demo, p.code))
    names = []
    with demo.db.write(demo.actor) as session:
        cases = session.execute(select(MonitoringCase, Household).join(
            Household, Household.id == MonitoringCase.household_id).where(
            Household.village_code == place.code, MonitoringCase.closed == False)  # noqa: E712
            .order_by(Household.household_number)).all()[:4]
        assert len(cases) == 4, "the demo village has too few cases"
        for offset, (case, household) in enumerate(cases):
            case.stage = Stage.POSTED.value
            case.posting_start = TODAY - timedelta(days=offset)
            case.posting_end = case.posting_start + timedelta(days=6)
            case.risk_types = ["因病", "因残", "因学"]
            household.phone = f"1391234567{offset}"
            household.bank_account = f"62170000123456789{offset}"
            household.group_name = "二组"
            names.append(household.head_name)
            for member in session.scalars(select(Member).where(Member.household_id == household.id)):
                member.health = ["长期慢性病", "残疾"]
                member.phone = f"1380000000{offset}"
    return place, names


def _case_count(ctx: ServiceContext, code: str) -> int:
    with ctx.db.read() as session:
        return len(session.execute(select(MonitoringCase.id).join(
            Household, Household.id == MonitoringCase.household_id).where(
            Household.village_code == code, MonitoringCase.closed == False)).all())  # noqa: E712


def _xlsx_text(path: Path) -> str:
    book = openpyxl.load_workbook(path)
    return "\n".join(str(value) for sheet in book.worksheets
                     for row in sheet.iter_rows(values_only=True) for value in row if value is not None)


def _posted_outputs(ctx: ServiceContext, place: printouts.Village, folder: Path) -> dict[str, str]:
    """Every output marked for posting, as the text a reader of the notice board sees."""
    folder.mkdir(exist_ok=True)
    texts = {}
    pdf = folder / "公示.pdf"
    write_document(ctx, PrintRequest(DocumentKind.POSTING, area=place.code), pdf)
    texts["pdf"] = "\n".join(pdf_text(pdf))
    for kind in LEDGERS:
        if kind.for_posting:
            for village in (place.code, None):
                out = folder / f"{kind.key}-{village or 'all'}.xlsx"
                LedgerExporter(ctx).export(kind.key, out, village=village, posting=True)
                texts[out.name] = _xlsx_text(out)
    return texts


@pytest.mark.parametrize("extras", [[], ["member_count", "risks"]])
def test_no_posted_output_can_identify_a_person_or_disclose_health(
        demo: ServiceContext, posted, tmp_path: Path, extras: list[str]) -> None:
    place, names = posted
    PolicyService(demo).set_posting_columns(extras)
    with demo.db.read() as session:
        people = [(m.id_number, m.birth_date) for m in session.scalars(select(Member))]
        private = {*session.scalars(select(Household.phone)), *session.scalars(select(Household.bank_account)),
                   *session.scalars(select(Member.phone)), *session.scalars(select(AssistancePerson.phone)),
                   *session.scalars(select(User.phone))}
    station = printouts.contacts(demo, place).station
    published = {station.phone} if station and station.phone else set()
    outputs = _posted_outputs(demo, place, tmp_path)
    for name, text in outputs.items():
        assert all(head in text for head in names), name  # the notice itself is there
        assert "12317" in text and "公示期" in text, name
        assert leaks(text, people, private - published, published) == [], name
    if extras:
        flat = [re.sub(r"\s+", "", text) for text in outputs.values()]
        assert all("其他困难" in text and "家庭人口" in text for text in flat)


def test_the_pdf_lists_each_case_with_its_own_period(demo: ServiceContext, posted, tmp_path: Path) -> None:
    place, _names = posted
    text = _posted_outputs(demo, place, tmp_path)["pdf"]
    flat = re.sub(r"\s+", "", text)
    for offset in range(4):
        start = TODAY - timedelta(days=offset)
        end = start + timedelta(days=6)
        assert f"{start.year}年{start.month}月{start.day}日至{end.month}月{end.day}日" in flat


@pytest.mark.parametrize("kind", [k.key for k in LEDGERS if not k.for_posting])
def test_no_other_ledger_can_be_exported_for_posting(demo: ServiceContext, tmp_path: Path, kind: str) -> None:
    out = tmp_path / "posted.xlsx"
    with pytest.raises(UserFacingError, match="不能用于张贴公示"):
        LedgerExporter(demo).export(kind, out, posting=True)
    assert not out.exists()


def test_the_county_cannot_add_a_forbidden_column(demo: ServiceContext) -> None:
    policy = PolicyService(demo)
    for forbidden in ("id_number", "phone", "bank_account", "health", "birth_date", "age", "sex"):
        with pytest.raises(UserFacingError, match="公示名单不能包含"):
            policy.set_posting_columns(["member_count", forbidden])
    with pytest.raises(UserFacingError, match="没有“家庭住址x”这一列"):
        policy.set_posting_columns(["家庭住址x"])
    assert policy.set_posting_columns(["risks", "member_count", "risks"]) == ("member_count", "risks")
    assert policy.posting_columns() == ("member_count", "risks")
