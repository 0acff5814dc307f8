"""Ledgers that print (issue 15): every exported ledger laid out for paper and printed through
LibreOffice, checked against the real metrics of the font the PDF is set in.

Every ledger in the registry (LEDGERS) is exported once from a demo county (16-digit 户编号, long
warning reasons and visit summaries) and converted to PDF in a single LibreOffice run; the checks
read the workbooks with openpyxl and the PDFs with pdftotext.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from openpyxl.cell.cell import Cell
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.worksheet import Worksheet
from reportlab.pdfbase import pdfmetrics
from sqlalchemy import select

from app.cli import main
from app.excel.ledger import CODE_ENDINGS, Ledger, LedgerColumn, write_ledgers
from app.excel.rawxlsx import DEFAULT_ROW_HEIGHT, text_width, wrapped_lines
from app.printing.fonts import register_font
from app.resources import resource_path
from app.selftest import isolated_profile
from app.services.context import ServiceContext
from app.services.demo.service import create_demo_database
from app.services.excel import LEDGERS, LedgerExporter
from app.services.rows import live
from app.services.voiding import VoidService
from app.store.models import Measure, Member
from tests.conftest import PASSWORD, TODAY, VILLAGE
from tests.excel.conftest import ids, workbook

HOUSEHOLDS = 60
LONG_TEXT = ("情况摘要", "预警原因", "处置情况", "实施单位", "务工地点", "关注原因")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
CONVERT_TIMEOUT = 300  # seconds for the one LibreOffice run over every ledger (about 5 s here)


@pytest.fixture(scope="module")
def ledgers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every ledger of the registry, exported from one demo county: key → .xlsx."""
    folder = tmp_path_factory.mktemp("ledgers")
    with isolated_profile(folder):
        ctx = create_demo_database(folder / "demo.db", PASSWORD, households=HOUSEHOLDS, seed=7,
                                   today=lambda: TODAY)
        try:
            _void_a_few(ctx)
            files = {}
            for kind in LEDGERS:
                files[kind.key] = folder / f"{kind.key}.xlsx"
                LedgerExporter(ctx).export(kind.key, files[kind.key])
        finally:
            ctx.db.close()
    return files


def _void_a_few(ctx: ServiceContext) -> None:
    """A member moved out and a measure entered by mistake, so the 作废记录台账 has rows to print."""
    with ctx.db.read() as session:
        member = session.scalar(select(Member.id).where(Member.relation != "户主", live(Member)).limit(1))
        measure = session.scalar(select(Measure.id).where(live(Measure)).limit(1))
    VoidService(ctx).void_member(member, "迁出", "到外省落户，户口已迁出，2026年11月经村委会核实")
    if measure is not None:
        VoidService(ctx).void_measure(measure, "录入错误")


def _sheets(path: Path) -> Iterator[Worksheet]:
    yield from openpyxl.load_workbook(path).worksheets


def _header_row(sheet: Worksheet) -> int:
    """The last header row: 4 when the header has two levels (row 3 then has merged cells)."""
    return 4 if sheet.freeze_panes == "A5" else 3


def _columns(sheet: Worksheet) -> dict[int, str]:
    """Column number → its title (the lower header cell, or the upper one merged down)."""
    last = _header_row(sheet)
    return {c: str(sheet.cell(last, c).value or sheet.cell(3, c).value) for c in range(1, sheet.max_column + 1)}


def _body(sheet: Worksheet) -> Iterator[tuple[Cell, ...]]:
    """The data rows (footer lines, merged across the sheet, left out)."""
    footers = {r.min_row for r in sheet.merged_cells.ranges if r.min_row > 4}
    for row in sheet.iter_rows(min_row=_header_row(sheet) + 1):
        if row[0].row not in footers:
            yield row


def _is_code(title: str) -> bool:
    return title.endswith(CODE_ENDINGS)


# --- what the font really needs ------------------------------------------------------------

def _points(text: str) -> float:
    return pdfmetrics.stringWidth(text, register_font(), 11)


def _room(width: float) -> float:
    """Points of text a column ``width`` wide holds, in the spreadsheet model of column widths
    (width × the widest digit, plus 5 px of which the cell's margins take 4) set in WenQuanYi."""
    digit = _points("0")
    return width * digit + 0.75  # 1 px (0.75 pt) of the 5 px left after the margins


def _lines_needed(text: str, width: float) -> int:
    """Lines ``text`` takes when wrapped in a column ``width`` wide, by the font's real advance
    widths: any CJK character may start a line, a run of ASCII letters and digits may not."""
    room = _room(width)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in re.findall(r"[!-~]+|\s|.", paragraph):
            size = _points(word)
            if used + size <= room or (word.isspace() and used):
                used += size
            else:
                lines += 1
                used = size
    return lines


def _line_points() -> float:
    face = pdfmetrics.getFont(register_font()).face
    return (face.ascent - face.descent) / 1000 * 11


# --- the workbook ------------------------------------------------------------------------------

def test_the_registry_has_the_ledgers_the_testers_printed() -> None:
    assert {k.key for k in LEDGERS} >= {"roster", "helpers", "measures", "visits", "warnings", "monthly", "posting"}


@pytest.mark.parametrize("key", [k.key for k in LEDGERS])
def test_code_columns_are_text_cells_wide_enough_for_every_code(ledgers: dict[str, Path], key: str) -> None:
    found = 0
    for sheet in _sheets(ledgers[key]):
        for column, title in _columns(sheet).items():
            if not _is_code(title):
                continue
            width = sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width
            for row in _body(sheet):
                cell = row[column - 1]
                assert cell.number_format == "@", (sheet.title, title, cell.coordinate)  # empty cells too
                assert not cell.alignment.wrap_text and cell.alignment.shrink_to_fit
                if cell.value is None:
                    continue
                found += 1
                assert cell.data_type == "s", (sheet.title, title, cell.coordinate, cell.value)
                assert _points(cell.value) <= _room(width), (sheet.title, title, cell.value, width)
    if key not in ("monthly", "posting"):  # no household columns; a posted list shows no code at all
        assert found


def test_the_demo_has_what_the_testers_saw_cut(ledgers: dict[str, Path]) -> None:
    """16-digit 户编号, 18-character ID numbers and text longer than a line, so the checks bite."""
    roster = next(_sheets(ledgers["roster"]))
    titles = _columns(roster)
    values = {t: [row[c - 1].value for row in _body(roster)] for c, t in titles.items()}
    assert all(len(v) == 16 for v in values["户编号"]) and all(len(v) == 18 for v in values["身份证号"])
    warnings = next(_sheets(ledgers["warnings"]))
    reasons = next(c for c, t in _columns(warnings).items() if t == "预警原因")
    width = warnings.column_dimensions[openpyxl.utils.get_column_letter(reasons)].width
    assert max(_lines_needed(row[reasons - 1].value, width) for row in _body(warnings)) >= 2


@pytest.mark.parametrize("key", [k.key for k in LEDGERS])
def test_long_text_wraps_and_its_row_is_tall_enough(ledgers: dict[str, Path], key: str) -> None:
    line = _line_points()
    for sheet in _sheets(ledgers[key]):
        default = sheet.sheet_format.defaultRowHeight or DEFAULT_ROW_HEIGHT
        assert default >= line + 2
        for column, title in _columns(sheet).items():
            if _is_code(title):
                continue
            width = sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width
            for row in _body(sheet):
                cell = row[column - 1]
                if not isinstance(cell.value, str):
                    continue
                assert cell.alignment.wrap_text, (sheet.title, title, cell.coordinate)
                height = sheet.row_dimensions[cell.row].height or default
                needed = _lines_needed(cell.value, width)
                assert height >= needed * line + 2, (sheet.title, title, cell.value, width, height)


@pytest.mark.parametrize("key", [k.key for k in LEDGERS])
def test_columns_are_sized_to_their_content(ledgers: dict[str, Path], key: str) -> None:
    """No column keeps a fixed width far wider than anything in it; long text columns stop at their
    wrapping width instead of stretching the page."""
    for sheet in _sheets(ledgers[key]):
        for column, title in _columns(sheet).items():
            width = sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width
            shown = [c.value for c in (row[column - 1] for row in _body(sheet)) if c.value is not None]
            widest = max((text_width(f"{v:,.2f}" if isinstance(v, float) else str(v)) for v in shown), default=0)
            assert width <= max(widest, text_width(title)) + 3, (sheet.title, title, width, widest)
            assert width <= 80


def _written(path: Path, index: int, row: int) -> dict[int, str]:
    """The values the file itself holds in a row (openpyxl hides those under a merge): column → text."""
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read(f"xl/worksheets/sheet{index + 1}.xml"))
    found = {}
    for cell in root.iter(f"{MAIN}c"):
        letters, number = re.fullmatch(r"([A-Z]+)(\d+)", cell.get("r")).groups()
        text = "".join(part.text or "" for part in (*cell.iter(f"{MAIN}t"), *cell.iter(f"{MAIN}v")))
        if int(number) == row and text:
            found[column_index_from_string(letters)] = text
    return found


@pytest.mark.parametrize("key", [k.key for k in LEDGERS])
def test_a_group_heading_is_written_once_per_merged_range(ledgers: dict[str, Path], key: str) -> None:
    groups = 0
    for index, sheet in enumerate(_sheets(ledgers[key])):
        written = _written(ledgers[key], index, 3)
        for merged in sheet.merged_cells.ranges:
            if merged.min_row != 3 or merged.max_col == merged.min_col:
                continue
            groups += 1
            assert merged.min_col in written, (sheet.title, str(merged))
            assert not set(range(merged.min_col + 1, merged.max_col + 1)) & set(written), (sheet.title, str(merged))
        # unmerged, the sheet still shows each heading once
        assert len(written) == len(set(written.values())), (sheet.title, written)
    if key in ("roster", "helpers", "measures", "warnings"):
        assert groups


@pytest.mark.parametrize("key", [k.key for k in LEDGERS])
def test_page_setup_for_printing(ledgers: dict[str, Path], key: str) -> None:
    for sheet in _sheets(ledgers[key]):
        assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == ("$3:$4" if _header_row(sheet) == 4 else "$3:$3")


def test_a_footer_longer_than_the_sheet_is_wide_wraps_across_it(tmp_path: Path) -> None:
    rule = "判断规则：" + "连续三个月未走访、人均纯收入低于监测线或家庭成员新增大病的农户列为需关注农户。" * 3
    out = tmp_path / "footer.xlsx"
    write_ledgers(out, [Ledger("需关注农户", "需关注农户", [LedgerColumn("序号", 6), LedgerColumn("户编号", 22)],
                               [[1, "1311221002010001"]], footer=(rule,))])
    sheet = openpyxl.load_workbook(out).active
    assert "A5:B5" in {str(r) for r in sheet.merged_cells.ranges}  # title, subtitle, header, one row, footer
    assert sheet["A5"].value == rule and sheet["A5"].alignment.wrap_text
    width = sum(sheet.column_dimensions[c].width for c in "AB")
    assert sheet.row_dimensions[5].height >= _lines_needed(rule, width) * _line_points()


def test_a_code_column_keeps_text_that_looks_like_a_number(tmp_path: Path) -> None:
    """A code stored as a number somewhere upstream is still written as text, whole."""
    out = tmp_path / "codes.xlsx"
    write_ledgers(out, [Ledger("台账", "台账", [LedgerColumn("村代码"), LedgerColumn("联系电话"),
                                                 LedgerColumn("户数")], [[131122100201, 13291235846, 7]])])
    sheet = openpyxl.load_workbook(out).active
    assert [(c.value, c.data_type, c.number_format) for c in sheet[4]] == [
        ("131122100201", "s", "@"), ("13291235846", "s", "@"), (7, "n", "General")]


# --- the line count behind the row heights ------------------------------------------------

def test_text_width_counts_cjk_double() -> None:
    assert [text_width(t) for t in ("1311221002010001", "王桂芝", "姚集村2组1号", "（近12个月）", "")] == [
        16, 6, 12, 12, 0]


def test_wrapped_lines() -> None:
    assert wrapped_lines("王" * 10, 21) == 1  # 20 digit widths of room after the cell's margin
    assert wrapped_lines("王" * 11, 21) == 2
    assert wrapped_lines("王" * 11, 20) == 2
    assert wrapped_lines("王王王\n王", 40) == 2  # a line break starts a line
    assert wrapped_lines("王王王王" + "1311221002010001", 17) == 2  # the digits do not break: a line of their own
    assert wrapped_lines("1" * 30, 11) == 3  # longer than a line: broken where it reaches the edge
    assert wrapped_lines("王" * 10, 22, font_size=16) == 2  # bigger type, fewer characters a line


# --- the error messages next to the ledgers --------------------------------------------------

@pytest.fixture
def county_db(templates: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    path = tmp_path / "county.db"
    shutil.copy(templates["county"], path)
    return path


@pytest.mark.parametrize(("village", "message"), [
    ("999999999999", "村代码 999999999999 不是本数据库区划表中的村。"),
    ("131122100299", "村代码 131122100299 不是本数据库区划表中的村。"),
    ("131122", "131122 是武邑县的区划代码，不是村；请填写 12 位的村级区划代码。"),
    ("13112210020", "村代码“13112210020”格式不对，应为 12 位数字的村级区划代码。"),
    ("姚集村", "村代码“姚集村”格式不对，应为 12 位数字的村级区划代码。"),
])
def test_village_argument_messages(county_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   village: str, message: str) -> None:
    roster = tmp_path / "roster.xlsx"
    assert main(["excel", "export", "--db", str(county_db), "--ledger", "roster", "--village", village,
                 "--out", str(roster)]) == 2
    assert message in capsys.readouterr().err
    sheet = workbook(tmp_path / "村.xlsx", [["户主", "身份证号码"], ["张三", ids(1)[0]]])
    assert main(["excel", "import", "--db", str(county_db), str(sheet), "--village", village, "--dry-run"]) == 2
    assert message in capsys.readouterr().err


def test_a_village_of_the_table_is_exported(county_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "roster.xlsx"
    assert main(["excel", "export", "--db", str(county_db), "--ledger", "roster", "--village", VILLAGE,
                 "--out", str(out)]) == 0


# --- printed through LibreOffice -------------------------------------------------------------

def _fonts_conf(folder: Path) -> Path:
    """A fontconfig setup that adds the application's own CJK font (WenQuanYi Micro Hei) and sets
    the ledgers' font 等线 in it, so the PDF is the same on any machine with LibreOffice."""
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{resource_path('fonts')}</dir>\n"
        f"  <cachedir>{folder / 'fontconfig-cache'}</cachedir>\n"
        '  <alias binding="same"><family>等线</family><prefer><family>WenQuanYi Micro Hei</family></prefer></alias>\n'
        "</fontconfig>\n", encoding="utf-8")
    return conf


def _print(files: list[Path], folder: Path) -> dict[Path, str]:
    """Convert every workbook to PDF in one LibreOffice run; each PDF's text (pdftotext -raw)."""
    folder.mkdir()
    env = {**os.environ, "FONTCONFIG_FILE": str(_fonts_conf(folder)), "HOME": str(folder / "home"),
           "SAL_USE_VCLPLUGIN": "svp"}
    subprocess.run([SOFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--norestore", "--convert-to", "pdf", "--outdir", str(folder), *map(str, files)],
                   env=env, check=True, capture_output=True, timeout=CONVERT_TIMEOUT)
    texts = {}
    for file in files:
        pdf = folder / f"{file.stem}.pdf"
        assert pdf.exists(), f"LibreOffice made no PDF of {file.name}"
        texts[file] = subprocess.run([PDFTOTEXT, "-raw", "-enc", "UTF-8", str(pdf), "-"], check=True,
                                     capture_output=True, timeout=60).stdout.decode("utf-8")
    return texts


@pytest.mark.skipif(not SOFFICE or not PDFTOTEXT,
                    reason="需要 LibreOffice（soffice）和 pdftotext 才能把台账打印成 PDF 检查；"
                           "tools/ensure-test-tools.sh 会安装它们")
def test_every_ledger_prints_every_code_whole(ledgers: dict[str, Path], tmp_path: Path) -> None:
    started = time.monotonic()
    texts = _print(list(ledgers.values()), tmp_path / "pdf")
    print(f"LibreOffice printed {len(ledgers)} ledgers in {time.monotonic() - started:.1f} s")
    for key, path in ledgers.items():
        text = texts[path]
        flat = re.sub(r"\s+", "", text)
        codes: Counter[str] = Counter()
        for sheet in _sheets(path):
            assert re.sub(r"\s+", "", sheet["A1"].value) in flat, (key, sheet.title)
            for column, title in _columns(sheet).items():
                for row in _body(sheet):
                    value = row[column - 1].value
                    if value is None:
                        continue
                    if _is_code(title):
                        codes[value] += 1
                    elif title in LONG_TEXT:  # wrapped, so never cut at the column's edge
                        assert re.sub(r"\s+", "", value) in flat, (key, title, value)
        printed = Counter(t for t in re.findall(r"[0-9X*]+", text) if t in codes)
        assert printed == codes, (key, codes - printed)
        if key not in ("monthly", "posting"):  # a posted list shows no code at all
            assert codes, key
