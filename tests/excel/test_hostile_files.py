"""No spreadsheet can abort the process: a far-away cell, a zip bomb or a million rows is refused,
fast, with a Chinese message naming the file, the sheet and the limit (app/excel/guard.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from app.domain.divisions import load_divisions
from app.domain.errors import UserFacingError
from app.excel import guard
from app.excel.guard import (
    DEFAULT_LIMITS,
    SheetLimits,
    SheetShape,
    SpreadsheetTooLarge,
    UnreadableSpreadsheet,
    check_spreadsheet,
)
from app.excel.reader import read_workbook
from tests.conftest import PASSWORD, VILLAGE
from tests.excel.data import make_legacy_xls
from tests.excel.hostile import bomb_xlsx, far_cell_xlsx, rows_xlsx, text_cell, write_xlsx

QUICK = 1.0  # seconds; a refusal reads a few KB, or a few MB of the million-row sheet


def refused(path: Path, limits: SheetLimits = DEFAULT_LIMITS) -> tuple[str, float]:
    """read_workbook's message and how long the refusal took."""
    started = time.perf_counter()
    with pytest.raises(UserFacingError) as raised:
        read_workbook(path, limits)
    return str(raised.value), time.perf_counter() - started


def test_the_default_limits_are_the_documented_ones() -> None:
    assert (DEFAULT_LIMITS.max_rows, DEFAULT_LIMITS.max_cells) == (200_000, 10_000_000)
    assert (DEFAULT_LIMITS.max_unpacked_bytes, DEFAULT_LIMITS.max_ratio) == (1_000_000_000, 100)
    documented = (Path(__file__).parents[2] / "docs" / "excel.md").read_text(encoding="utf-8")
    for figure in ("200,000", "10,000,000", "1,000 MB", "100 倍", "200 MB", "10,000"):
        assert figure in documented


def test_a_cell_in_xfd1048576_is_refused_before_calamine_sees_it(tmp_path) -> None:
    path = far_cell_xlsx(tmp_path / "远处单元格.xlsx")
    assert path.stat().st_size < 4000
    message, seconds = refused(path)
    assert message.startswith("远处单元格.xlsx：文件太大：工作表“花名册”")
    assert "第 1,048,576 行" in message and "最多 200,000 行" in message and "请拆分成多个文件" in message
    assert seconds < QUICK
    with pytest.raises(SpreadsheetTooLarge):  # the class a caller tells apart from a damaged file
        check_spreadsheet(path)


def test_a_far_column_within_the_row_limit_is_refused_by_the_cell_limit(tmp_path) -> None:
    path = write_xlsx(tmp_path / "远列.xlsx", {"花名册": [f'<row r="1">{text_cell("A1", "姓名")}</row>',
                                                      '<row r="700"><c r="XFD700"><v>1</v></c></row>']})
    message, seconds = refused(path)
    assert "工作表“花名册”的数据范围是 A1:XFD700（700 行 × 16,384 列，共 11,468,800 个单元格）" in message
    assert "10,000,000 个单元格的上限" in message and "Ctrl+End" in message
    assert seconds < QUICK


def test_cells_that_are_only_formatted_do_not_count_and_the_dimension_claim_is_ignored(tmp_path) -> None:
    # Excel writes a formatted empty cell as <c r=… s=…/>; calamine skips it, so the guard does too.
    path = write_xlsx(tmp_path / "格式.xlsx", {"花名册": [
        f'<row r="1">{text_cell("A1", "姓名")}<c r="B1"><v>2</v></c></row>',
        '<row r="900000"><c r="XFD900000" s="1"/><c r="XFC900000" s="1"></c></row>']}, ref="A1:XFD1048576")
    assert check_spreadsheet(path).sheets == (SheetShape("花名册", 1, 2),)
    assert read_workbook(path)[0].rows == [["姓名", 2]]


def test_cells_without_references_are_measured_too(tmp_path) -> None:
    # Some writers leave out r="…": each cell follows the one before, each row the row before.
    path = write_xlsx(tmp_path / "无引用.xlsx", {"花名册": ["<row>" + "<c><v>1</v></c>" * 3 + "</row>",
                                                       "<row><c><v>1</v></c></row>", '<row r="9"><c/>',
                                                       '<c r="E9"><v>5</v></c></row>']})
    assert check_spreadsheet(path).sheets == (SheetShape("花名册", 9, 5),)
    rows = read_workbook(path)[0].rows
    assert (len(rows), rows[8][4]) == (9, 5)
    with pytest.raises(UserFacingError, match="最多 8 行"):
        check_spreadsheet(path, SheetLimits(max_rows=8))


def test_cells_with_a_namespace_prefix_are_measured(tmp_path) -> None:
    main = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    path = write_xlsx(tmp_path / "前缀.xlsx", {"花名册": [
        f'<x:row {main} r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>',
        f'<x:row {main} r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>']})
    message, seconds = refused(path)
    assert "工作表“花名册”超过 200,000 行（至少到第 1,048,576 行）" in message and seconds < QUICK


def test_formatted_cells_far_right_do_not_refuse_a_long_sheet(tmp_path, monkeypatch) -> None:
    fast = guard._xlsx_extent_fast
    # The first 1 MiB piece (a formatted cell in XFD1, then a long note) is counted roughly,
    # formatted cells too: 2 × 16,384 cells. With the next pieces' 40,000 rows that would pass the
    # limit, so the sheet is measured again exactly: 40,000 rows of three columns.
    body = [f'<row r="1">{text_cell("A1", "姓名")}<c r="XFD1" s="1"/></row>',
            f'<row r="2">{text_cell("C2", "备注" * 200_000)}</row>',
            *(f'<row r="{r}"><c r="B{r}"><v>{r}</v></c></row>' for r in range(3, 40_001))]
    path = write_xlsx(tmp_path / "长.xlsx", {"花名册": body})
    measured = []
    monkeypatch.setattr(guard, "_xlsx_extent_fast", lambda *args, **kwargs: measured.append(kwargs["exact"])
                        or fast(*args, **kwargs))
    assert check_spreadsheet(path, SheetLimits(max_cells=130_000)).sheets == (SheetShape("花名册", 40_000, 3),)
    assert measured == [False, True]
    with pytest.raises(SpreadsheetTooLarge, match="共 120,000 个单元格"):
        check_spreadsheet(path, SheetLimits(max_cells=119_999))


def test_a_zip_bomb_is_refused_from_the_zip_directory(tmp_path) -> None:
    path = bomb_xlsx(tmp_path / "炸弹.xlsx", 4000)  # 4 MB on disk, 4.2 GB unpacked, a valid zip
    assert path.stat().st_size < 5_000_000
    assert zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").file_size > 4_000_000_000
    message, seconds = refused(path)
    assert message.startswith("炸弹.xlsx：文件中的“xl/worksheets/sheet1.xml”解压后有 4,194 MB，是压缩后的 1,0")
    assert "上限 100 倍" in message and "压缩炸弹" in message
    assert seconds < QUICK


def test_a_large_unpacked_size_is_refused_even_at_a_plausible_ratio(tmp_path) -> None:
    path = bomb_xlsx(tmp_path / "大.xlsx", 8)
    message, _ = refused(path, SheetLimits(max_ratio=10_000, max_unpacked_bytes=5_000_000))
    assert "文件太大：解压后共 8 MB，超过上限 5 MB" in message
    with pytest.raises(UserFacingError, match="压缩炸弹"):
        check_spreadsheet(path, SheetLimits(ratio_floor_bytes=1_000_000))
    # 8 MB is under the 10 MB floor below which the ratio is not judged: blanks compress that well.
    assert check_spreadsheet(path).sheets == (SheetShape("花名册", 1, 1),)
    assert read_workbook(path)[0].rows == [["姓名"]]


def test_a_roster_of_a_million_rows_is_told_to_split_the_file(tmp_path) -> None:
    path = rows_xlsx(tmp_path / "百万行.xlsx", 1_000_001)
    assert path.stat().st_size < 30_000_000
    message, seconds = refused(path)
    assert message.startswith("百万行.xlsx：文件太大：工作表“花名册”超过 200,000 行")
    assert "请拆分成多个文件（每个不超过 200,000 行）后分别导入" in message
    assert seconds < 2 * QUICK  # it reads the first 200,000 rows (~14 MB of XML) to be sure


def test_the_row_limit_counts_excel_rows_and_is_inclusive(tmp_path) -> None:
    path = rows_xlsx(tmp_path / "五十行.xlsx", 50, columns=4)
    assert check_spreadsheet(path, SheetLimits(max_rows=50)).sheets == (SheetShape("花名册", 50, 4),)
    assert len(read_workbook(path, SheetLimits(max_rows=50, max_cells=200))[0].rows) == 50
    with pytest.raises(UserFacingError, match="最多 49 行"):
        check_spreadsheet(path, SheetLimits(max_rows=49))
    with pytest.raises(UserFacingError, match="A1:D50（50 行 × 4 列，共 200 个单元格）"):
        check_spreadsheet(path, SheetLimits(max_cells=199))


def test_the_cell_limit_holds_for_all_sheets_together(tmp_path) -> None:
    row = f'<row r="10">{text_cell("J10", "x")}</row>'
    path = write_xlsx(tmp_path / "三表.xlsx", {"一": [row], "二": [row], "三": [row]})
    assert check_spreadsheet(path, SheetLimits(max_cells=300)).cells == 300
    with pytest.raises(UserFacingError, match=r"全部工作表共 300 个单元格.*超过上限 299 个"):
        check_spreadsheet(path, SheetLimits(max_cells=299))


def test_too_many_parts_and_a_damaged_file_are_refused(tmp_path) -> None:
    many = rows_xlsx(tmp_path / "部件.xlsx", 3)
    with zipfile.ZipFile(many, "a") as archive:
        for n in range(30):
            archive.writestr(f"xl/media/image{n}.png", b"x")
    with pytest.raises(UserFacingError, match="部件太多（35 个，上限 20 个）"):
        check_spreadsheet(many, SheetLimits(max_parts=20))
    with zipfile.ZipFile(many) as archive:  # the count is read from the zip's end record, before the directory
        assert archive.infolist() and archive.comment == b""
    end = many.read_bytes().rfind(b"PK\x05\x06")
    data = bytearray(many.read_bytes())
    data[end + 8:end + 12] = (60_000).to_bytes(2, "little") * 2  # claims 60,000 parts
    many.write_bytes(bytes(data))
    with pytest.raises(UserFacingError, match="部件太多（60,000 个，上限 10,000 个）"):
        check_spreadsheet(many)
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(UnreadableSpreadsheet, match=r"无法读取“坏\.xlsx”：文件可能已损坏"):
        read_workbook(broken)
    old = tmp_path / "旧.xlsx"
    shutil.copy(Path(__file__).parent / "data" / "legacy_roster.xls", old)
    with pytest.raises(UserFacingError, match=r"另存为 \.xlsx"):
        read_workbook(old)


def test_the_file_size_limit(tmp_path) -> None:
    path = rows_xlsx(tmp_path / "小.xlsx", 10)
    with pytest.raises(UserFacingError, match=r"文件太大（[\d,]+ 字节），超过上限 1,000 字节"):
        check_spreadsheet(path, SheetLimits(max_file_bytes=1000))


# .xls: the extent comes from the BIFF8 cell records inside the OLE2 file.

def _legacy(path: Path, rows: list[list[object]], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(make_legacy_xls, "sheets", lambda: [("花名册", False, rows, []), ("代码表", True, [["x"]], [])])
    path.write_bytes(make_legacy_xls.build())
    return path


def test_an_xls_is_measured_from_its_cell_records(tmp_path, monkeypatch) -> None:
    shape = check_spreadsheet(Path(__file__).parent / "data" / "legacy_roster.xls")
    assert (shape.kind, shape.sheets) == ("xls", (SheetShape("花名册", 9, 8), SheetShape("代码表", 5, 1)))
    far = [["姓名"], [None] * 256] + [[] for _ in range(65533)] + [[None] * 255 + [1.0]]
    path = _legacy(tmp_path / "远处.xls", far, monkeypatch)
    message, seconds = refused(path)  # calamine would allocate 512 MiB for it when opening the file
    assert message.startswith("远处.xls：文件太大：工作表“花名册”的数据范围是 A1:IV65536（65,536 行 × 256 列")
    assert seconds < QUICK
    assert check_spreadsheet(path, SheetLimits(max_cells=20_000_000)).sheets[0] == SheetShape("花名册", 65536, 256)
    with pytest.raises(UserFacingError, match="最多 60,000 行"):
        check_spreadsheet(path, SheetLimits(max_rows=60_000))


def test_an_xls_with_a_password_is_refused_as_such(tmp_path, monkeypatch) -> None:
    plain = make_legacy_xls.globals_stream
    filepass = make_legacy_xls.record(0x002F, b"\x01\x00" + bytes(52))  # RC4: the cell records are garbage
    monkeypatch.setattr(make_legacy_xls, "globals_stream", lambda *args: plain(*args)[:20] + filepass
                        + plain(*args)[20:])
    path = tmp_path / "密码.xls"
    path.write_bytes(make_legacy_xls.build())
    with pytest.raises(UnreadableSpreadsheet, match="设置了打开密码"):
        read_workbook(path)


def test_an_xls_that_is_not_a_compound_file_is_refused(tmp_path) -> None:
    path = tmp_path / "假.xls"
    path.write_bytes(b"<html>not an xls</html>")
    with pytest.raises(UserFacingError, match=r"无法读取“假\.xls”"):
        read_workbook(path)


# .ods: repeated rows and cells count when they hold a value (calamine repeats them), not otherwise.

def _ods(path: Path, table: str) -> Path:
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
               f'<office:spreadsheet><table:table table:name="花名册">{table}</table:table></office:spreadsheet>'
               '</office:body></office:document-content>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                         'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                         '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
                         'vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>', zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


CELL = '<table:table-cell office:value-type="string"><text:p>张三</text:p></table:table-cell>'
BLANKS = '<table:table-cell table:number-columns-repeated="16383"/>'


def test_an_ods_counts_repeated_values_but_not_repeated_blanks(tmp_path) -> None:
    # LibreOffice ends every sheet with blank rows and cells repeated to the sheet's edge.
    normal = _ods(tmp_path / "正常.ods", f"<table:table-row>{CELL}{CELL}{BLANKS}</table:table-row>"
                  '<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
                  'table:number-columns-repeated="16384"/></table:table-row>')
    assert check_spreadsheet(normal).sheets == (SheetShape("花名册", 1, 2),)
    assert read_workbook(normal)[0].rows == [["张三", "张三"]]
    far = _ods(tmp_path / "远处.ods", f"<table:table-row>{CELL}</table:table-row>"
               '<table:table-row table:number-rows-repeated="1048574"><table:table-cell/></table:table-row>'
               f"<table:table-row>{CELL}</table:table-row>")
    message, seconds = refused(far)
    assert "远处.ods：文件太大：工作表“花名册”超过 200,000 行" in message and seconds < QUICK
    wide = CELL.replace("-cell ", '-cell table:number-columns-repeated="2000" ')
    repeated = _ods(tmp_path / "重复.ods",
                    f'<table:table-row table:number-rows-repeated="6000">{wide}</table:table-row>')
    message, _ = refused(repeated)
    assert "A1:BXX6000（6,000 行 × 2,000 列，共 12,000,000 个单元格）" in message


# The whole command, in a child process: an abort there would show as a signal, not as exit status 2.

@pytest.mark.parametrize("make", [far_cell_xlsx, lambda path: bomb_xlsx(path, 4000)], ids=["far-cell", "bomb"])
def test_the_import_command_refuses_a_hostile_file_with_status_2(make, templates, tmp_path) -> None:
    database = tmp_path / "县.db"
    shutil.copy(templates["county"], database)
    sheet = make(tmp_path / "花名册.xlsx")
    script = Path(sys.executable).with_name("fangpin")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "app.cli"]
    result = subprocess.run([*command, "excel", "import", "--db", str(database), str(sheet), "--village", VILLAGE],
                            capture_output=True, text=True, check=False, timeout=120,
                            env={**os.environ, "FANGPIN_PASSWORD": PASSWORD})
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr.startswith("错误：花名册.xlsx：") and "Traceback" not in result.stderr
    assert ("文件太大" in result.stderr) or ("压缩炸弹" in result.stderr)


# Division tables (fangpin init --divisions) go through the same guard before openpyxl.

def test_a_hostile_division_table_is_refused(tmp_path) -> None:
    with pytest.raises(UserFacingError, match=r"区划\.xlsx：文件太大：工作表“花名册”超过 200,000 行"):
        load_divisions(far_cell_xlsx(tmp_path / "区划.xlsx"))
