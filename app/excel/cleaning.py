"""Turning what a spreadsheet cell holds into a clean value, or saying in Chinese why it cannot.

Cells arrive as calamine gives them: str, float, int, bool, date or datetime. Every cleaner
returns the cleaned value (``None`` for a blank cell) or raises :class:`CellError`.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from operator import mul
from typing import Any

from app.domain.errors import UserFacingError
from app.domain.idnumber import (
    CHECK_CHARS,
    EARLIEST_BIRTH_YEAR,
    PROVINCE_PREFIXES,
    WEIGHTS,
    InvalidIdNumber,
    parse_id_number,
)
from app.domain.income import validate_amount


class CellError(Exception):
    """A cell whose value cannot be used; ``message`` is Chinese and names the problem."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_FULL_WIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                             "．": ".", "－": "-", "／": "/", "，": ",", "　": " "})
_EXCEL_EPOCH = date(1899, 12, 30)
# A cell that Excel shows in scientific notation because the number was too long.
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")
_DATE_PARTS = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?"
                         r"(?:[\sT]+\d{1,2}:\d{2}(:\d{2})?(\.\d+)?)?$")
_EIGHT_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_WAN = re.compile(r"^([\d.,]+)\s*万\s*元?$")
_SERIAL_RANGE = (1, 2958465)  # 1900-01-01 … 9999-12-31 in Excel serials
# Excel keeps 15 significant digits of a number; an 18-digit ID number does not fit.
_EXACT_DIGITS = 15
_MONTH_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_ZERO_WEIGHT = ord("0") * sum(WEIGHTS)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def number_text(value: float | int) -> str:
    """A number cell as a person reads it: 13800001111.0 → "13800001111"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def text(value: Any) -> str | None:
    if type(value) is str:  # the common case first: this runs for every cell
        return value.strip() or None  # str.strip also removes the full-width space
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return number_text(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip() or None


def name(value: Any) -> str | None:
    """A person's name: every space (also full-width and in the middle, "张  三") removed."""
    result = text(value)
    return "".join(result.split()) if result else None


def id_number(value: Any) -> str | None:
    """An 18-character citizen ID number, validated (check digit, birth date, region).

    A number cell with more than 15 digits has lost its last digits in Excel
    (1.30102199001011E+17): it is refused, never guessed.
    """
    if type(value) is str:  # the common case first: 18 plain characters, checked quickly
        stripped = value.strip()
        if len(stripped) == 18 and _plainly_valid(stripped):
            return stripped
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError("身份证号不能是“是/否”。")
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            raise CellError(f"身份证号“{value}”不是整数，请核对。")
        if abs(value) >= 10 ** _EXACT_DIGITS:
            raise CellError(
                f"身份证号以数字格式保存（Excel 显示为 {float(value):.14E}），Excel 只保留 15 位有效数字，"
                "后几位已经丢失，无法确定正确的号码。请把这一列设为“文本”格式，照证件重新填写。")
        raw = str(int(value))
    else:
        raw = str(value).strip().lstrip("'").translate(_FULL_WIDTH)
        if _SCIENTIFIC.match(raw.replace(" ", "")):
            raise CellError(
                f"身份证号“{raw}”是科学计数法，后几位已经丢失，无法确定正确的号码。"
                "请把这一列设为“文本”格式，照证件重新填写。")
    if _plainly_valid(raw):
        return raw
    try:
        return parse_id_number(raw).number
    except InvalidIdNumber as error:
        raise CellError(f"身份证号“{raw.strip()}”有误：{error.message}") from None


def _plainly_valid(number: str) -> bool:
    """The common case, checked quickly: 17 ASCII digits and a check character that all the
    rules of parse_id_number accept. Anything else goes to parse_id_number, which explains."""
    if len(number) != 18 or not number.isascii() or not number[:17].isdigit():
        return False
    # The weighted sum of the digits from their ASCII codes (each 48 more than the digit).
    if number[:2] not in PROVINCE_PREFIXES or number[17] != CHECK_CHARS[
            (sum(map(mul, number[:17].encode(), WEIGHTS)) - _ZERO_WEIGHT) % 11]:
        return False
    year, month, day_of_month = int(number[6:10]), int(number[10:12]), int(number[12:14])
    if year < EARLIEST_BIRTH_YEAR or not 1 <= month <= 12 or not 1 <= day_of_month <= _MONTH_DAYS[month] or (
            month == 2 and day_of_month == 29 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0))):
        return False
    today = date.today()
    return (year, month, day_of_month) <= (today.year, today.month, today.day)  # not born in the future


def day(value: Any) -> date | None:
    """A date from an Excel date, a serial number, 2021.10.1, 2021年10月1日, 2021/10/01 or 20211001."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise CellError("应填写日期，不能是“是/否”。")
    if isinstance(value, int | float):
        return _from_number(value)
    raw = str(value).strip().translate(_FULL_WIDTH)
    match = _DATE_PARTS.match(raw) or _EIGHT_DIGITS.match(raw)
    if match:
        return _checked(int(match[1]), int(match[2]), int(match[3]), raw)
    try:
        return _from_number(float(raw))
    except ValueError:
        pass
    raise CellError(f"“{raw}”不是日期，请写成 2021-10-01、2021.10.1 或 2021年10月1日。")


def _from_number(number: float) -> date:
    if float(number).is_integer() and 19000101 <= number <= 21001231:
        digits = str(int(number))
        return _checked(int(digits[:4]), int(digits[4:6]), int(digits[6:]), digits)
    if _SERIAL_RANGE[0] <= number <= _SERIAL_RANGE[1]:
        return _EXCEL_EPOCH + timedelta(days=int(number))
    raise CellError(f"“{number_text(number)}”不是日期。")


def _checked(year: int, month: int, day_of_month: int, raw: str) -> date:
    try:
        result = date(year, month, day_of_month)
    except ValueError:
        raise CellError(f"日期“{raw}”不存在。") from None
    if not 1900 <= result.year <= 2100:
        raise CellError(f"日期“{raw}”不合理。")
    return result


def amount(value: Any) -> Decimal | None:
    """Yuan as written: 1200, "1,200元", "１２００", "1.2万元"."""
    if is_blank(value):
        return None
    if isinstance(value, str):
        raw = value.strip().translate(_FULL_WIDTH)
        wan = _WAN.match(raw.replace(" ", ""))
        value = str(Decimal(wan[1].replace(",", "")) * 10000) if wan else raw
    try:
        return validate_amount(value, "金额")
    except UserFacingError as error:
        raise CellError(error.message.replace("“金额”", "金额")) from None


def whole(value: Any) -> int | None:
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raw = str(value).strip().translate(_FULL_WIDTH).removesuffix("个月").removesuffix("月")
    raw = raw.removesuffix("人").removesuffix("年").strip()
    try:
        return int(raw)
    except ValueError:
        raise CellError(f"“{value}”不是整数。") from None


_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
_PHONE_SEPARATORS = re.compile(r"[/,，、;；]+")


def phone(value: Any) -> str | None:
    """A telephone number: an 11-digit mobile (1[3-9]…) or a landline with its area code
    (0318-1234567, 03181234567). Spaces and a leading +86 are forgiven; two numbers may be
    written in one cell (13800001111/0318-1234567). The text is kept as written."""
    if is_blank(value):
        return None
    written = text(value)
    assert written is not None
    for part in filter(None, (p.strip() for p in _PHONE_SEPARATORS.split(written.translate(_FULL_WIDTH)))):
        number = "".join(part.split()).replace("(", "").replace(")", "").replace("（", "").replace("）", "")
        number = number.removeprefix("+86").removeprefix("+")
        bare = number.replace("-", "")
        if not (_MOBILE.match(bare) or _LANDLINE.match(bare) or _LANDLINE.match(number)):
            raise CellError(f"电话“{part}”格式不对：手机号应为以 13～19 开头的 11 位数字，"
                            "座机应带区号，如 0318-1234567 或 03181234567。")
    return written


# 出生年月 as rosters write it without the day: 1972.04, 1972-4, 1972年4月, 197204.
_YEAR_MONTH = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?$")
_SIX_DIGITS = re.compile(r"^(\d{4})(\d{2})$")
_MALE, _FEMALE = ("男", "男性", "M", "m"), ("女", "女性", "F", "f")


def sex_conflict(written: Any, number: str) -> str | None:
    """Why the 性别 cell disagrees with the 17th character of the ID number, or None."""
    raw = text(written)
    if raw is None:
        return None
    from_id = "男" if int(number[16]) % 2 else "女"
    given = "男" if raw in _MALE else "女" if raw in _FEMALE else None
    if given is None:
        return f"性别写的是“{raw}”，应填“男”或“女”（身份证号第17位表示{from_id}）。"
    if given != from_id:
        return f"性别写的是{given}，身份证号第17位表示{from_id}。"
    return None


def birth_conflict(written: Any, number: str) -> str | None:
    """Why the 出生日期 cell disagrees with the birth date in the ID number, or None. A cell
    with only year and month (1972.04, 1972年4月) is compared by year and month."""
    if is_blank(written):
        return None
    born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    shown = text(written)
    raw = (shown or "").translate(_FULL_WIDTH).replace(" ", "")
    month_only = _YEAR_MONTH.match(raw) or (_SIX_DIGITS.match(raw) if isinstance(written, str) else None)
    if isinstance(written, float) and not written.is_integer() and 1900 <= written < 2101:
        # 1972.1 in a number cell may have been 1972.10: either month is accepted.
        year, fraction = str(written).split(".")
        months = {int(fraction)} | ({int(fraction) * 10} if len(fraction) == 1 else set())
        if int(year) == born.year and born.month in months:
            return None
        return f"出生日期写的是{shown}，身份证号中的出生日期是{born:%Y-%m-%d}。"
    if month_only:
        if (int(month_only[1]), int(month_only[2])) == (born.year, born.month):
            return None
        return f"出生日期写的是{shown}，身份证号中的出生日期是{born:%Y-%m-%d}。"
    try:
        given = day(written)
    except CellError:
        return f"出生日期“{shown}”不是日期（身份证号中的出生日期是{born:%Y-%m-%d}）。"
    if given != born:
        return f"出生日期写的是{given:%Y-%m-%d}，身份证号中的出生日期是{born:%Y-%m-%d}。"
    return None
