from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli import main
from app.services.demo import DemoService
from app.services.setup import open_context
from app.store.models import Household
from tests.conftest import PASSWORD, VILLAGE
from tests.printing.conftest import FULL_ID, pdf_text


@pytest.fixture
def db(templates: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    path = tmp_path / "print.db"
    shutil.copy(templates["county"], path)
    ctx = open_context(path, PASSWORD)
    try:
        DemoService(ctx).generate(households=12, seed=5)
    finally:
        ctx.db.close()
    return path


def _a_household(db: Path) -> tuple[str, str]:
    ctx = open_context(db, PASSWORD)
    try:
        with ctx.db.read() as session:
            household = session.scalars(select(Household).where(
                Household.village_code == VILLAGE)).first()
            assert household is not None
            return household.household_number, household.head_name
    finally:
        ctx.db.close()


def test_print_card_by_household_number(db: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    number, head = _a_household(db)
    out = tmp_path / "card.pdf"
    assert main(["print", "card", "--db", str(db), "--household", number, "--out", str(out)]) == 0
    assert head in capsys.readouterr().out
    assert head in pdf_text(out)[0]
    assert not out.with_name("card.pdf.part").exists()


def test_print_cards_and_posting_for_a_village(db: Path, tmp_path: Path) -> None:
    cards, posting = tmp_path / "cards.pdf", tmp_path / "posting.pdf"
    assert main(["print", "cards", "--db", str(db), "--village", VILLAGE,
                 "--out", str(cards)]) == 0
    assert main(["print", "posting", "--db", str(db), "--village", VILLAGE,
                 "--start", "2026-11-23", "--out", str(posting)]) == 0
    card_text = "\n".join(pdf_text(cards))
    assert "防止返贫监测帮扶明白卡" in card_text and not FULL_ID.search(card_text)
    posting_text = "\n".join(pdf_text(posting))
    assert "防止返贫监测对象公示" in posting_text and not FULL_ID.search(posting_text)


def test_print_cards_into_a_folder_one_per_household(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    assert main(["print", "cards", "--db", str(db), "--village", VILLAGE[:9],
                 "--folder", str(folder)]) == 0
    files = sorted(folder.iterdir())
    assert files and all(f.suffix == ".pdf" and f.name.startswith("明白卡-") for f in files)
    assert "防止返贫监测帮扶明白卡" in pdf_text(files[0])[0]


@pytest.mark.parametrize(("document", "extra", "title"), [
    ("ledger", ["--village", VILLAGE], "帮扶责任人台账"),
    ("ledger", ["--village", VILLAGE[:9]], "帮扶责任人台账"),
    ("due", ["--month", "2027-01"], "入户走访计划"),
    ("due", ["--village", VILLAGE], "入户走访计划"),
    ("monthly", ["--month", "2026-11"], "防止返贫动态监测和帮扶工作月分析"),
])
def test_print_the_station_documents(db: Path, tmp_path: Path, document: str, extra: list[str],
                                     title: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"{document}.pdf"
    assert main(["print", document, "--db", str(db), *extra, "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    assert title in pdf_text(out)[0]
    assert not out.with_name(out.name + ".part").exists()


@pytest.mark.parametrize("arguments", [
    ["print", "due", "--month", "2026-13", "--out", "x.pdf"],
    ["print", "monthly", "--month", "十一月", "--out", "x.pdf"],
    ["print", "cards", "--village", VILLAGE, "--out", "x.pdf", "--folder", "f"],
    ["print", "cards", "--village", VILLAGE],
])
def test_bad_arguments_are_refused_in_chinese(db: Path, arguments: list[str],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([*arguments[:2], "--db", str(db), *arguments[2:]])
    assert exit_.value.code == 2
    error = capsys.readouterr().err
    assert "错误：参数" in error and ("月份（YYYY-MM）" in error or "--folder" in error)


@pytest.mark.parametrize("arguments", [
    ["print", "ledger", "--village", "1311", "--out", "{tmp}/x.pdf"],
    ["print", "cards", "--village", "131122999999", "--out", "{tmp}/x.pdf"],
    ["print", "posting", "--village", "abc", "--out", "{tmp}/x.pdf"],
    ["print", "card", "--household", "没有这户", "--out", "{tmp}/x.pdf"],
    ["print", "card", "--household", "x", "--out", "{tmp}/x.txt"],
    ["print", "card", "--household", "x", "--out", "{tmp}/missing/x.pdf"],
])
def test_bad_input_is_one_chinese_line_and_exit_2(db: Path, tmp_path: Path, arguments: list[str],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    filled = [a.replace("{tmp}", str(tmp_path)) for a in arguments]
    assert main([*filled[:2], "--db", str(db), *filled[2:]]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("错误：") and "\n" not in error
    assert not (tmp_path / "x.pdf").exists()
