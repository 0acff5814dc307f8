import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.pinyin import name_initials


@pytest.mark.parametrize(("name", "initials"), [
    ("张三丰", "zsf"),
    ("王小明", "wxm"),
    ("黄大伟", "hdw"),
    ("李长江", "lcj"),
    ("刘重阳", "lcy"),
])
def test_common_names(name: str, initials: str) -> None:
    assert name_initials(name) == initials


@pytest.mark.parametrize(("name", "initials"), [
    ("单雄信", "sxx"),     # 单 shàn, not dān
    ("曾国藩", "zgf"),     # 曾 zēng, not céng
    ("解缙", "xj"),       # 解 xiè
    ("仇英", "qy"),       # 仇 qiú
    ("区志强", "ozq"),     # 区 ōu
    ("查良镛", "zly"),     # 查 zhā
    ("翟志刚", "zzg"),     # 翟 zhái
    ("种师道", "csd"),     # 种 chóng
    ("覃明", "qm"),       # 覃 qín
    ("尉迟恭", "ycg"),     # compound surname 尉迟 yùchí
    ("尉缭", "wl"),       # single surname 尉 wèi
    ("万俟卨", "mqx"),     # 万俟 mòqí
    ("长孙无忌", "zswj"),  # 长孙 zhǎngsūn
    ("长明", "cm"),       # single surname 长 cháng
    ("欧阳修", "oyx"),
])
def test_surnames_read_as_surnames(name: str, initials: str) -> None:
    assert name_initials(name) == initials


def test_a_surname_character_inside_the_given_name_keeps_the_normal_reading() -> None:
    assert name_initials("王单") == "wd"


@pytest.mark.parametrize(("name", "initials"), [
    ("张三ABC", "zsabc"),
    ("Li Ming", "liming"),
    ("李 四", "ls"),
    ("李\u3000四", "ls"),
    ("艾力·买买提", "almmt"),
    ("王2", "w2"),
    ("", ""),
    ("  ", ""),
])
def test_non_chinese_characters_and_separators(name: str, initials: str) -> None:
    assert name_initials(name) == initials


def test_results_are_cached() -> None:
    name_initials.cache_clear()
    name_initials("张三丰")
    name_initials("张三丰")
    assert name_initials.cache_info().hits == 1


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1,
               max_size=4))
def test_one_lower_case_letter_per_chinese_character(name: str) -> None:
    initials = name_initials(name)
    assert len(initials) == len(name)
    assert initials == initials.lower()


def test_chang_and_chong_in_given_names() -> None:
    assert name_initials("赵长林") == "zcl"
    assert name_initials("李重华") == "lch"


def test_a_phrase_in_the_given_name_uses_pypinyin_phrase_reading() -> None:
    assert name_initials("王朝阳") == "wzy"
    assert name_initials("李行家") == "lhj"


cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5,
                    exclude_characters="长重")


@given(st.text(alphabet=cjk, min_size=1, max_size=4))
def test_given_name_letters_are_what_pypinyin_gives(given_name: str) -> None:
    from pypinyin import Style, lazy_pinyin

    expected = "".join(lazy_pinyin(given_name, style=Style.FIRST_LETTER)).lower()
    assert name_initials("王" + given_name) == "w" + expected
