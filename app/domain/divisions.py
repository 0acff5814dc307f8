"""12-digit statistical division codes (统计用区划代码) and division lists.

A code has five segments: province (2 digits), city (2), county (2), township (3) and village (3).
The level of a code is the level of its last non-zero segment, and its parent is the code with
that segment set to zero; this also covers the cities without counties (东莞 4419, 中山 4420,
儋州 4604, 嘉峪关 6202) whose townships sit directly under the city with a county segment of 00.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from app.domain.errors import UserFacingError
from app.domain.idnumber import PROVINCE_PREFIXES
from app.excel.guard import UnreadableSpreadsheet, check_spreadsheet


class DivisionLevel(StrEnum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"
    VILLAGE = "village"

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]

    @property
    def digits(self) -> int:
        """How many leading digits of the 12-digit code are significant at this level."""
        return _SEGMENT_ENDS[_LEVELS.index(self)]


LEVEL_LABELS = {
    DivisionLevel.PROVINCE: "省级",
    DivisionLevel.CITY: "市级",
    DivisionLevel.COUNTY: "县级",
    DivisionLevel.TOWNSHIP: "乡镇级",
    DivisionLevel.VILLAGE: "村级",
}

_LEVELS = tuple(DivisionLevel)
_SEGMENT_ENDS = (2, 4, 6, 9, 12)
_SEGMENTS = tuple(zip((0, *_SEGMENT_ENDS[:-1]), _SEGMENT_ENDS, strict=True))
ACCEPTED_LENGTHS = _SEGMENT_ENDS

_FULL_WIDTH_DIGITS = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})


@dataclass(frozen=True, slots=True)
class Division:
    code: str
    name: str
    level: DivisionLevel
    parent_code: str | None


def _is_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def normalize_code(raw: str | int) -> str:
    """Return the 12-digit form of a 2-, 4-, 6-, 9- or 12-digit code (zeros appended)."""
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise UserFacingError(f"区划代码“{raw}”不是文字或数字。", field="区划代码")
    text = "".join(str(raw).split()).translate(_FULL_WIDTH_DIGITS)
    if not text:
        raise UserFacingError("区划代码为空。", field="区划代码")
    if not _is_digits(text):
        raise UserFacingError(f"区划代码“{text}”含有非数字字符。", field="区划代码")
    if len(text) not in ACCEPTED_LENGTHS:
        raise UserFacingError(
            f"区划代码“{text}”应为2、4、6、9或12位数字，实际为{len(text)}位。", field="区划代码"
        )
    if text[:2] not in PROVINCE_PREFIXES:
        raise UserFacingError(
            f"区划代码“{text}”的前两位“{text[:2]}”不是有效的省级代码。", field="区划代码"
        )
    return text.ljust(12, "0")


def _as12(code: str) -> str:
    if len(code) == 12 and _is_digits(code) and code[:2] != "00":
        return code
    return normalize_code(code)


def level_of(code12: str) -> DivisionLevel:
    code = _as12(code12)
    for index in range(len(_SEGMENTS) - 1, -1, -1):
        start, end = _SEGMENTS[index]
        if code[start:end].strip("0"):
            return _LEVELS[index]
    raise AssertionError("normalize_code refuses a zero province segment")


def scope_prefix(code12: str) -> str:
    """The significant digits of a code, for prefix matching: 131122100000 → ``131122100``."""
    code = _as12(code12)
    return code[: level_of(code).digits]


def parent_of(code12: str) -> str | None:
    """The code one level up (skipping a zero segment), or None for a province."""
    code = _as12(code12)
    level = level_of(code)
    if level is DivisionLevel.PROVINCE:
        return None
    start, _end = _SEGMENTS[_LEVELS.index(level)]
    return code[:start].ljust(12, "0")


def ancestors(code12: str) -> list[str]:
    """All codes above this one, the province first."""
    found: list[str] = []
    parent = parent_of(code12)
    while parent is not None:
        found.append(parent)
        parent = parent_of(parent)
    found.reverse()
    return found


def is_within(code12: str, scope12: str) -> bool:
    """True when the code is the scope itself or lies below it."""
    return _as12(code12).startswith(scope_prefix(scope12))


# --- loading a division list ---------------------------------------------------------------

_COLUMN_ALIASES = {
    "code": ("code", "代码", "区划代码", "统计用区划代码", "行政区划代码"),
    "name": ("name", "名称", "区划名称", "行政区划名称"),
    "level": ("level", "级别", "层级"),
    "parent": ("parent", "parent_code", "上级", "上级代码", "上级区划代码"),
}
_COLUMN_TITLES = {"code": "代码", "name": "名称", "level": "级别", "parent": "上级代码"}

_LEVEL_ALIASES: dict[str, DivisionLevel] = {
    **{level.value: level for level in DivisionLevel},
    **{alias: DivisionLevel.PROVINCE for alias in ("省", "省级", "省份")},
    **{alias: DivisionLevel.CITY for alias in ("市", "市级", "地级", "地市", "地级市")},
    **{alias: DivisionLevel.COUNTY for alias in ("县", "县级", "区县", "县区")},
    **{alias: DivisionLevel.TOWNSHIP for alias in ("乡", "镇", "乡镇", "乡镇级", "乡级", "街道")},
    **{alias: DivisionLevel.VILLAGE for alias in ("村", "村级", "社区", "村居", "村委会")},
}

MAX_REPORTED_PROBLEMS = 20


class DivisionFileError(UserFacingError):
    """A division list with problems in some rows; ``problems`` holds every one of them."""

    def __init__(self, file_name: str, problems: Sequence[UserFacingError]) -> None:
        shown = [str(problem) for problem in problems[:MAX_REPORTED_PROBLEMS]]
        if len(problems) > MAX_REPORTED_PROBLEMS:
            shown.append(f"……另有{len(problems) - MAX_REPORTED_PROBLEMS}处问题未列出。")
        header = f"区划代码文件“{file_name}”有{len(problems)}处问题：\n"
        super().__init__(
            header + "\n".join(shown), field=problems[0].field, location=problems[0].location
        )
        self.problems = tuple(problems)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class _Row:
    number: int
    code: str
    name: str
    level: DivisionLevel
    given_parent: str | None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    raise UserFacingError(
        "文件既不是 UTF-8 编码也不是 GBK 编码，请用 Excel 或记事本另存为 UTF-8 的 CSV。",
        location=path.name,
    )


def _read_xlsx(path: Path) -> list[list[str]]:
    import openpyxl  # only loaded when an Excel file is opened
    from openpyxl.utils.exceptions import InvalidFileException

    unreadable = UserFacingError("无法读取这个 Excel 文件，请确认它是 .xlsx 格式且没有损坏。", location=path.name)
    try:
        check_spreadsheet(path)  # a far-away cell or a zip bomb is refused before openpyxl walks it
    except UnreadableSpreadsheet as error:
        raise unreadable from error
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise unreadable from error
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _read_table(path: Path) -> list[list[str]]:
    if not path.is_file():
        raise UserFacingError(f"找不到区划代码文件：{path}", location=path.name)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix == ".xls":
        raise UserFacingError(
            "不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV 后再导入。", location=path.name
        )
    raise UserFacingError(
        f"不支持“{path.suffix or '无扩展名'}”类型的文件，区划代码请用 CSV 或 .xlsx 文件。",
        location=path.name,
    )


def _find_columns(header: Sequence[str], location: str) -> dict[str, tuple[int, str]]:
    """Map each known column to (index, the header text as written in the file)."""
    columns: dict[str, tuple[int, str]] = {}
    for index, title in enumerate(header):
        key = title.strip().lower()
        for column, aliases in _COLUMN_ALIASES.items():
            if key in aliases and column not in columns:
                columns[column] = (index, title.strip())
    for required in ("code", "name"):
        if required not in columns:
            accepted = "、".join(_COLUMN_ALIASES[required])
            raise UserFacingError(
                f"表头缺少“{_COLUMN_TITLES[required]}”列（可用的列名：{accepted}）。",
                field=_COLUMN_TITLES[required],
                location=location,
            )
    return columns


def _numbered_rows(table: list[list[str]]) -> Iterator[tuple[int, list[str]]]:
    for number, row in enumerate(table, start=1):
        if any(cell for cell in row):
            yield number, row


def _parse_level(text: str, code: str) -> DivisionLevel:
    derived = level_of(code)
    if not text:
        return derived
    given = _LEVEL_ALIASES.get(text.strip().lower())
    if given is None:
        accepted = "、".join(level.value for level in DivisionLevel)
        raise UserFacingError(f"级别“{text}”无法识别（可填 {accepted} 或 省/市/县/乡镇/村）。")
    if given is not derived:
        raise UserFacingError(f"级别“{text}”与代码不符：{code} 是{derived.label}区划。")
    return derived


def _parse_row(number: int, row: list[str], columns: dict[str, tuple[int, str]],
               file_name: str) -> _Row:
    location = f"{file_name} 第{number}行"

    def cell(column: str) -> str:
        if column not in columns:
            return ""
        index = columns[column][0]
        return row[index].strip() if index < len(row) else ""

    def fail(column: str, message: str) -> UserFacingError:
        title = columns[column][1]
        return UserFacingError(f"“{title}”列：{message}", field=title, location=location)

    try:
        code = normalize_code(cell("code"))
    except UserFacingError as error:
        raise fail("code", error.message) from error
    name = cell("name")
    if not name:
        raise fail("name", "名称为空。")
    try:
        level = _parse_level(cell("level"), code)
    except UserFacingError as error:
        raise fail("level", error.message) from error
    given_parent: str | None = None
    if cell("parent"):
        try:
            given_parent = normalize_code(cell("parent"))
        except UserFacingError as error:
            raise fail("parent", error.message) from error
        if given_parent not in ancestors(code):
            raise fail("parent", f"上级代码 {given_parent} 不是 {code} 的上级区划。")
    return _Row(number, code, name, level, given_parent)


def _resolve_parent(row: _Row, by_code: dict[str, _Row], levels: set[DivisionLevel],
                    columns: dict[str, tuple[int, str]], file_name: str) -> str | None:
    column = "parent" if "parent" in columns else "code"
    title = columns[column][1]
    location = f"{file_name} 第{row.number}行"
    direct = parent_of(row.code)
    if direct is not None and level_of(direct) in levels and direct not in by_code:
        raise UserFacingError(
            f"“{title}”列：上级区划 {direct} 不在文件中。", field=title, location=location
        )
    nearest = next((code for code in reversed(ancestors(row.code)) if code in by_code), None)
    if nearest is None:
        return row.given_parent
    if row.given_parent is not None and row.given_parent != nearest:
        raise UserFacingError(
            f"“{title}”列：上级代码应为 {nearest}（{by_code[nearest].name}），"
            f"实际为 {row.given_parent}。",
            field=title,
            location=location,
        )
    return nearest


def load_divisions(path: Path | str) -> list[Division]:
    """Read a division list from CSV (UTF-8 with or without BOM, or GBK) or .xlsx.

    Columns: code and name, optionally level and parent, under English or Chinese headers.
    Level and parent are derived from the code when missing (the parent is the nearest ancestor
    in the file). Every row is checked; all problems are reported together in a
    :class:`DivisionFileError`. The divisions come back sorted by code, parents first.
    """
    path = Path(path)
    rows_in_file = list(_numbered_rows(_read_table(path)))
    if not rows_in_file:
        raise UserFacingError("文件是空的，没有区划代码。", location=path.name)
    header_number, header = rows_in_file[0]
    columns = _find_columns(header, f"{path.name} 第{header_number}行")

    problems: list[tuple[int, UserFacingError]] = []
    by_code: dict[str, _Row] = {}
    for number, raw_row in rows_in_file[1:]:
        try:
            row = _parse_row(number, raw_row, columns, path.name)
        except UserFacingError as error:
            problems.append((number, error))
            continue
        if row.code in by_code:
            title = columns["code"][1]
            problems.append((number, UserFacingError(
                f"“{title}”列：代码 {row.code} 重复（第{by_code[row.code].number}行已有）。",
                field=title, location=f"{path.name} 第{number}行",
            )))
            continue
        by_code[row.code] = row
    if not by_code and not problems:
        raise UserFacingError("文件只有表头，没有区划代码。", location=path.name)

    levels = {row.level for row in by_code.values()}
    divisions: list[Division] = []
    for row in by_code.values():
        try:
            parent = _resolve_parent(row, by_code, levels, columns, path.name)
        except UserFacingError as error:
            problems.append((row.number, error))
            continue
        divisions.append(Division(row.code, row.name, row.level, parent))
    if problems:
        problems.sort(key=lambda numbered: numbered[0])
        raise DivisionFileError(path.name, [error for _number, error in problems])
    divisions.sort(key=lambda division: division.code)
    return divisions


# --- illustrative villages for demo databases ----------------------------------------------

_VILLAGE_DIRECTIONS = ("东", "西", "南", "北", "前", "后", "大", "小", "中", "新")
_VILLAGE_SURNAMES = (
    "王", "李", "张", "刘", "赵", "杨", "孙", "马", "高", "郭", "何", "韩", "冯", "董", "田",
    "宋", "魏", "贾", "郝", "崔", "齐", "尹", "范", "吕", "苏", "邢", "姚", "耿", "谷", "霍",
    "柴", "牛", "庞", "甄", "段", "侯", "史", "袁", "卢", "秦",
)
_VILLAGE_PLACES = ("庄", "屯", "营", "寨", "店", "铺", "堡", "口", "桥", "洼", "集", "官庄", "辛庄")


def _village_name_pools() -> tuple[tuple[str, ...], ...]:
    """Name patterns common on the north China plain, one pool each: 东王庄村, 李家屯村, 后马村,
    张官庄村."""
    return (
        tuple(f"{direction}{surname}{place}村" for direction in _VILLAGE_DIRECTIONS
              for surname in _VILLAGE_SURNAMES for place in _VILLAGE_PLACES),
        tuple(f"{surname}家{place}村" for surname in _VILLAGE_SURNAMES
              for place in _VILLAGE_PLACES),
        tuple(f"{direction}{surname}村" for direction in _VILLAGE_DIRECTIONS
              for surname in _VILLAGE_SURNAMES),
        tuple(f"{surname}{place}村" for surname in _VILLAGE_SURNAMES for place in _VILLAGE_PLACES),
    )


_VILLAGE_NAME_POOLS = _village_name_pools()
FIRST_VILLAGE_NUMBER = 201
LAST_VILLAGE_NUMBER = 299


def _pick_name(code: str, taken: set[str]) -> str:
    salt = 0
    while True:
        digest = hashlib.blake2b(f"{code}:{salt}".encode(), digest_size=8).digest()
        pool = _VILLAGE_NAME_POOLS[digest[0] % len(_VILLAGE_NAME_POOLS)]
        name = pool[int.from_bytes(digest[1:], "big") % len(pool)]
        if name not in taken:
            return name
        salt += 1


def generate_villages(township: Division, count: int, start: int = 213,
                      existing_names: Collection[str] = ()) -> list[Division]:
    """Make ``count`` illustrative villages under a township, numbered ``start``, ``start+1`` …
    within 201–299 (village committees), with names unique within the township and unlike
    ``existing_names``. The same arguments always give the same villages."""
    if township.level is not DivisionLevel.TOWNSHIP:
        raise ValueError(f"generate_villages needs a township, got {township.level}")
    if count < 0:
        raise ValueError(f"count must not be negative, got {count}")
    if count and not FIRST_VILLAGE_NUMBER <= start <= LAST_VILLAGE_NUMBER - count + 1:
        raise ValueError(
            f"village numbers {start}..{start + count - 1} leave the range "
            f"{FIRST_VILLAGE_NUMBER}..{LAST_VILLAGE_NUMBER}"
        )
    prefix = scope_prefix(township.code)
    taken = set(existing_names)
    villages: list[Division] = []
    for number in range(start, start + count):
        code = f"{prefix}{number:03d}"
        name = _pick_name(code, taken)
        taken.add(name)
        villages.append(Division(code, name, DivisionLevel.VILLAGE, township.code))
    return villages
