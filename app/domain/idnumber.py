"""Citizen ID numbers (GB 11643-1999) and the 20-digit disability-card number built on them.

An 18-character number is 6 digits of the place of registration (GB/T 2260), 8 digits of the
birth date (YYYYMMDD), a 3-digit sequence whose last digit is odd for men and even for women, and a
check character computed over the first 17 digits (ISO 7064 MOD 11-2). Old 15-digit numbers
(two-digit year, no check character) are upgraded to the 18-character form when normalized.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.domain.errors import UserFacingError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"

# First two digits of GB/T 2260 codes: provinces, autonomous regions, municipalities, Taiwan,
# Hong Kong and Macao.
PROVINCE_PREFIXES = frozenset(
    [str(n) for n in range(11, 16)]
    + [str(n) for n in range(21, 24)]
    + [str(n) for n in range(31, 38)]
    + [str(n) for n in range(41, 47)]
    + [str(n) for n in range(50, 55)]
    + [str(n) for n in range(61, 66)]
    + ["71", "81", "82"]
)

EARLIEST_BIRTH_YEAR = 1900
DISABILITY_KIND_RANGE = range(1, 8)
DISABILITY_GRADE_RANGE = range(1, 5)

# Full-width digits and X, and characters that copy-paste and spreadsheets leave behind.
_TRANSLATE = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)}, "Ｘ": "X", "ｘ": "X", "x": "X"}
)
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")


class Sex(StrEnum):
    MALE = "男"
    FEMALE = "女"


class InvalidIdNumber(UserFacingError):
    """The text is not a valid citizen ID number; ``message`` says exactly why."""


class InvalidDisabilityCard(InvalidIdNumber):
    """The text is not a valid 20-digit disability-card number."""


@dataclass(frozen=True, slots=True)
class IdInfo:
    number: str
    birth_date: date
    sex: Sex
    region_code: str

    def age_on(self, on: date) -> int:
        """Age in whole years on ``on`` (someone born on 29 February turns a year older on 1 March
        in common years)."""
        if on < self.birth_date:
            raise UserFacingError(
                f"日期 {on.isoformat()} 早于出生日期 {self.birth_date.isoformat()}，无法计算年龄。"
            )
        before_birthday = (on.month, on.day) < (self.birth_date.month, self.birth_date.day)
        return on.year - self.birth_date.year - int(before_birthday)


def _clean(raw: str | int) -> str:
    """Drop whitespace (incl. U+3000) and invisible characters; map full-width digits and x.
    An int (a number cell in a spreadsheet) is read as its digits."""
    text = raw if isinstance(raw, str) else str(raw)
    kept = "".join(ch for ch in text if not ch.isspace() and ch not in _INVISIBLE)
    return kept.translate(_TRANSLATE)


def _is_digit(text: str) -> bool:
    return text.isascii() and text.isdigit()


def check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    if len(first17) != 17 or not _is_digit(first17):
        raise ValueError(f"check_char needs exactly 17 ASCII digits, got {first17!r}")
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def normalize_id_number(raw: str | int) -> str:
    """Clean up an ID number as typed or imported; never raises.

    Removes spaces (including the full-width space), turns full-width digits and x into ASCII,
    lower-case x into X, and upgrades a 15-digit old number whose birth date exists to 18
    characters. Anything else is returned cleaned but otherwise unchanged for
    :func:`parse_id_number` to explain.
    """
    number = _clean(raw)
    if len(number) == 15 and _is_digit(number):
        year, month, day = 1900 + int(number[6:8]), int(number[8:10]), int(number[10:12])
        if _date_or_none(year, month, day) is not None:
            first17 = number[:6] + "19" + number[6:]
            return first17 + check_char(first17)
    return number


def _bad_characters(number: str) -> list[str]:
    bad = []
    for position, ch in enumerate(number, start=1):
        if not _is_digit(ch) and not (ch == "X" and position == len(number)):
            bad.append(f"第{position}位“{ch}”")
    return bad


def _check_region(number: str) -> None:
    prefix = number[:2]
    if prefix not in PROVINCE_PREFIXES:
        raise InvalidIdNumber(
            f"身份证号码前两位“{prefix}”不是有效的省级行政区划代码。", field="身份证号码"
        )


def _check_birth(text: str, today: date, *, old_format: bool = False) -> date:
    shown = f"{text[:4]}-{text[4:6]}-{text[6:8]}"
    born = _date_or_none(int(text[:4]), int(text[4:6]), int(text[6:8]))
    if born is None:
        where = "15位旧身份证号码中的出生日期" if old_format else "身份证号码中的出生日期"
        raise InvalidIdNumber(f"{where} {shown} 不存在。", field="身份证号码")
    if born.year < EARLIEST_BIRTH_YEAR:
        raise InvalidIdNumber(
            f"身份证号码中的出生日期 {shown} 早于{EARLIEST_BIRTH_YEAR}年。", field="身份证号码"
        )
    if born > today:
        raise InvalidIdNumber(
            f"身份证号码中的出生日期 {shown} 晚于今天（{today.isoformat()}）。", field="身份证号码"
        )
    return born


def parse_id_number(raw: str | int, *, today: date | None = None) -> IdInfo:
    """Validate an ID number and read what it says; raises :class:`InvalidIdNumber`.

    ``today`` is the date a birth date may not come after (the system date when omitted).
    """
    today = today or date.today()
    number = normalize_id_number(raw)
    if not number:
        raise InvalidIdNumber("身份证号码为空。", field="身份证号码")
    bad = _bad_characters(number)
    if bad:
        raise InvalidIdNumber(
            f"身份证号码含有非数字字符：{'、'.join(bad)}（只有第18位可以是 X）。",
            field="身份证号码",
        )
    if len(number) == 15 and "X" not in number:
        # normalize_id_number upgrades every 15-digit number whose date exists.
        _check_region(number)
        _check_birth("19" + number[6:12], today, old_format=True)
    if len(number) != 18:
        raise InvalidIdNumber(
            f"身份证号码应为18位，实际为{len(number)}位。", field="身份证号码"
        )
    _check_region(number)
    born = _check_birth(number[6:14], today)
    expected = check_char(number[:17])
    if number[17] != expected:
        raise InvalidIdNumber(
            f"身份证号码校验位应为 {expected}，实际为 {number[17]}，请核对号码是否输错。",
            field="身份证号码",
        )
    sex = Sex.MALE if int(number[16]) % 2 == 1 else Sex.FEMALE
    return IdInfo(number=number, birth_date=born, sex=sex, region_code=number[:6])


def is_valid_id_number(raw: str | int, *, today: date | None = None) -> bool:
    try:
        parse_id_number(raw, today=today)
    except InvalidIdNumber:
        return False
    return True


def mask_id_number(number: str) -> str:
    """Keep the first 6 and the last 4 characters for documents posted in public:
    ``130102********1234``. Anything of 10 characters or fewer is masked entirely."""
    cleaned = normalize_id_number(number)
    if len(cleaned) <= 10:
        return "*" * len(cleaned)
    return cleaned[:6] + "*" * (len(cleaned) - 10) + cleaned[-4:]


def parse_disability_card(raw: str | int, *,
                          today: date | None = None) -> tuple[IdInfo, int, int]:
    """Split a 20-digit disability-card number into the holder's ID, the kind (1–7) and the
    grade (1–4); raises :class:`InvalidDisabilityCard`."""
    number = _clean(raw)
    if not number:
        raise InvalidDisabilityCard("残疾人证号为空。", field="残疾人证号")
    if len(number) != 20:
        raise InvalidDisabilityCard(
            f"残疾人证号应为20位（18位身份证号码+1位残疾类别+1位残疾等级），实际为{len(number)}位。",
            field="残疾人证号",
        )
    try:
        info = parse_id_number(number[:18], today=today)
    except InvalidIdNumber as error:
        raise InvalidDisabilityCard(
            f"残疾人证号的前18位{error.message}", field="残疾人证号"
        ) from error
    kind_text, grade_text = number[18], number[19]
    if not (_is_digit(kind_text) and int(kind_text) in DISABILITY_KIND_RANGE):
        raise InvalidDisabilityCard(
            f"残疾人证号第19位是残疾类别，应为1–7，实际为“{kind_text}”。", field="残疾人证号"
        )
    if not (_is_digit(grade_text) and int(grade_text) in DISABILITY_GRADE_RANGE):
        raise InvalidDisabilityCard(
            f"残疾人证号第20位是残疾等级，应为1–4，实际为“{grade_text}”。", field="残疾人证号"
        )
    return info, int(kind_text), int(grade_text)


def make_id_number(region6: str, birth: date, seq3: int) -> str:
    """Build a valid 18-character number (for demo and test data); an odd ``seq3`` makes a man."""
    if len(region6) != 6 or not _is_digit(region6):
        raise ValueError(f"region6 must be 6 ASCII digits, got {region6!r}")
    if not 0 <= seq3 <= 999:
        raise ValueError(f"seq3 must be within 0..999, got {seq3}")
    if not 1000 <= birth.year <= 9999:
        raise ValueError(f"birth year must have 4 digits, got {birth.year}")
    first17 = f"{region6}{birth:%Y%m%d}{seq3:03d}"
    return first17 + check_char(first17)
