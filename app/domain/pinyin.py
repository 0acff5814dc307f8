"""Pinyin initials of personal names, for searching by 首字母 (张三丰 → ``zsf``).

pypinyin 0.55 has no surname mode (no style or ``lazy_pinyin`` option reads a character as a
surname), and it reads e.g. 单 as dan, 曾 as ceng, 解 as jie. So the surname — a compound
surname, else the first character — is read here, with its surname reading where that differs,
and pypinyin converts the given name on its own (``Style.FIRST_LETTER``, one reading per
character), so that no phrase spans surname and given name (王朝阳 is w-z-y, not 王朝 wang chao).

Speed: ``lazy_pinyin`` costs some 25–30 µs a call, too slow for a million members. Outside a
phrase pypinyin reads each character by itself, so each character's initial is looked up once and
kept; only a given name containing a word of pypinyin's phrase dictionary (长江, 朝阳 …) goes
through ``lazy_pinyin``. Either way the result is what pypinyin gives for the given name.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

# Surname readings that differ from pypinyin's default reading of the character.
SURNAME_READINGS: dict[str, str] = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "朴": "piao", "区": "ou", "查": "zha",
    "盖": "ge", "乐": "yue", "种": "chong", "翟": "zhai", "尉": "wei", "秘": "bi", "覃": "qin",
    "繁": "po", "折": "she", "召": "shao", "句": "gou", "阚": "kan", "隗": "wei", "洗": "xian",
    "祭": "zhai", "藏": "zang", "郇": "xun", "重": "chong", "佴": "nai", "缪": "miao", "能": "nai",
    "华": "hua", "薄": "bo", "柏": "bai", "都": "du", "卜": "bu", "员": "yun", "黑": "he",
    "长": "chang", "宁": "ning", "那": "na", "车": "che", "任": "ren", "纪": "ji",
}

COMPOUND_SURNAME_READINGS: dict[str, str] = {
    "尉迟": "yu chi", "万俟": "mo qi", "长孙": "zhang sun", "澹台": "tan tai",
    "令狐": "ling hu", "欧阳": "ou yang", "司马": "si ma", "上官": "shang guan",
    "诸葛": "zhu ge", "东方": "dong fang", "皇甫": "huang fu", "公孙": "gong sun",
    "慕容": "mu rong", "司徒": "si tu", "夏侯": "xia hou", "宇文": "yu wen", "轩辕": "xuan yuan",
    "呼延": "hu yan", "端木": "duan mu", "南宫": "nan gong", "西门": "xi men", "百里": "bai li",
    "拓跋": "tuo ba", "独孤": "du gu", "宗政": "zong zheng", "濮阳": "pu yang",
}

# In given names these are read cháng (长林, 长海) and chóng (重华), where pypinyin, outside a
# phrase, reads zhǎng and zhòng.
GIVEN_NAME_READINGS: dict[str, str] = {"长": "chang", "重": "chong"}

# Separators inside names (维吾尔族 names, spaces in pasted text) carry no initial.
_SEPARATORS = frozenset("·•‧・.．-－ ")

# Per character: the initial of pypinyin's reading outside any phrase (or of GIVEN_NAME_READINGS).
_LETTERS: dict[str, str] = {}


@cache
def _pypinyin() -> Any:
    """pypinyin, loaded on first use: its phrase dictionary takes half a second to import, which
    a starting application should not pay before anyone types a name."""
    import pypinyin
    import pypinyin.constants

    return pypinyin


def lazy_pinyin(text: str, **options: Any) -> list[str]:
    return _pypinyin().lazy_pinyin(text, **options)


def _first_letter() -> Any:
    return _pypinyin().Style.FIRST_LETTER


def _letter(ch: str) -> str:
    letter = _LETTERS.get(ch)
    if letter is None:
        if ch in GIVEN_NAME_READINGS:
            letter = GIVEN_NAME_READINGS[ch][0]
        else:
            letter = lazy_pinyin(ch, style=_first_letter())[0].lower()
        _LETTERS[ch] = letter
    return letter


def _has_phrase(text: str) -> bool:
    """Could pypinyin's phrase dictionary change a reading in ``text``?"""
    phrases = _pypinyin().constants.PHRASES_DICT
    size = len(text)
    if size < 3:
        return size == 2 and text in phrases
    return any(text[start:end] in phrases
               for start in range(size - 1) for end in range(start + 2, size + 1))


def _given_name_initials(text: str) -> str:
    letters = list(map(_letter, text))
    if not _has_phrase(text):
        return "".join(letters)
    read = lazy_pinyin(text, style=_first_letter(), errors=lambda chunk: list(chunk))
    if len(read) != len(text):
        return "".join(letters)
    return "".join(letter if ch in GIVEN_NAME_READINGS else reading.lower()
                   for ch, letter, reading in zip(text, letters, read, strict=True))


def _surname_initials(name: str) -> tuple[str, str]:
    """Split off the surname — a compound one, else the first character — and read it as a
    surname: (its initials, the given name)."""
    compound = COMPOUND_SURNAME_READINGS.get(name[:2])
    if compound is not None and len(name) > 2:
        return "".join(syllable[0] for syllable in compound.split()), name[2:]
    first = name[:1]
    reading = SURNAME_READINGS.get(first)
    return (reading[0] if reading else _letter(first)), name[1:]


@lru_cache(maxsize=1 << 16)
def name_initials(name: str) -> str:
    """Lower-case pinyin initials of a Chinese name, reading the first character(s) as a surname
    (单田芳 → ``stf``, 曾国藩 → ``zgf``); non-Chinese letters and digits are kept lower-cased,
    whitespace and name separators such as · are dropped."""
    cleaned = name if name.isalnum() else "".join(
        ch for ch in name if not ch.isspace() and ch not in _SEPARATORS)
    if not cleaned:
        return ""
    surname, rest = _surname_initials(cleaned)
    return surname + _given_name_initials(rest)
