from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import UserFacingError
from app.domain.idnumber import (
    CHECK_CHARS,
    PROVINCE_PREFIXES,
    WEIGHTS,
    IdInfo,
    InvalidDisabilityCard,
    InvalidIdNumber,
    Sex,
    check_char,
    is_valid_id_number,
    make_id_number,
    mask_id_number,
    normalize_id_number,
    parse_disability_card,
    parse_id_number,
)

TODAY = date(2026, 11, 23)
# The example number printed in GB 11643-1999.
STANDARD_EXAMPLE = "11010519491231002X"
FULL_WIDTH = str.maketrans({**{str(i): chr(0xFF10 + i) for i in range(10)}, "X": "Ｘ"})


def error_of(raw: str) -> str:
    with pytest.raises(InvalidIdNumber) as caught:
        parse_id_number(raw, today=TODAY)
    assert caught.value.field == "身份证号码"
    return caught.value.message


# --- check character ----------------------------------------------------------------------


def test_check_char_of_the_standard_example() -> None:
    assert check_char(STANDARD_EXAMPLE[:17]) == "X"


@pytest.mark.parametrize("bad", ["1101051949123100", "110105194912310021", "1101051949123100A",
                                 "１１０１０５１９４９１２３１００２"])
def test_check_char_refuses_anything_but_17_ascii_digits(bad: str) -> None:
    with pytest.raises(ValueError):
        check_char(bad)


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_char_satisfies_iso7064_mod_11_2(first17: str) -> None:
    char = check_char(first17)
    value = 10 if char == "X" else int(char)
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) + value
    assert total % 11 == 1
    assert char in CHECK_CHARS


# --- normalize ----------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [
    "11010519491231002X",
    "11010519491231002x",
    " 110105 19491231 002X ",
    "110105\u300019491231\u3000002x",
    "１１０１０５１９４９１２３１００２Ｘ",
    "１１０１０５１９４９１２３１００２ｘ",
    "\ufeff11010519491231002X\u200b",
    "\t110105-19491231-002X".replace("-", ""),
])
def test_normalize_cleans_spaces_full_width_and_lower_x(raw: str) -> None:
    assert normalize_id_number(raw) == STANDARD_EXAMPLE


def test_normalize_upgrades_a_valid_15_digit_number() -> None:
    assert normalize_id_number("110105491231002") == STANDARD_EXAMPLE
    assert normalize_id_number("１１０１０５ ４９１２３１ ００２") == STANDARD_EXAMPLE


def test_normalize_leaves_a_15_digit_number_with_impossible_date_for_parse_to_explain() -> None:
    assert normalize_id_number("110105490230002") == "110105490230002"


def test_numbers_from_spreadsheet_cells_are_read_as_digits() -> None:
    number = make_id_number("131122", date(1990, 1, 1), 11)
    assert parse_id_number(int(number), today=TODAY).number == number
    assert normalize_id_number(110105491231002) == STANDARD_EXAMPLE


def test_normalize_never_raises_on_rubbish() -> None:
    assert normalize_id_number("  abc ") == "abc"
    assert normalize_id_number("") == ""


@given(st.text())
def test_normalize_is_idempotent(raw: str) -> None:
    once = normalize_id_number(raw)
    assert normalize_id_number(once) == once


# --- parse --------------------------------------------------------------------------------


def test_parse_reads_birth_sex_and_region() -> None:
    info = parse_id_number(STANDARD_EXAMPLE, today=TODAY)
    assert info == IdInfo(STANDARD_EXAMPLE, date(1949, 12, 31), Sex.FEMALE, "110105")
    assert info.sex == "女"


def test_parse_odd_17th_digit_is_male() -> None:
    number = make_id_number("131122", date(1980, 2, 29), 123)
    info = parse_id_number(number, today=TODAY)
    assert info.sex == "男"
    assert info.birth_date == date(1980, 2, 29)
    assert info.region_code == "131122"


def test_parse_accepts_a_15_digit_number_and_returns_18() -> None:
    assert parse_id_number("110105491231002", today=TODAY).number == STANDARD_EXAMPLE


def test_parse_uses_the_system_date_when_today_is_omitted() -> None:
    assert parse_id_number(STANDARD_EXAMPLE).number == STANDARD_EXAMPLE


def test_error_empty() -> None:
    assert error_of("  ") == "身份证号码为空。"


def test_error_wrong_length_says_how_many_digits() -> None:
    assert error_of("1101051949123100") == "身份证号码应为18位，实际为16位。"
    assert error_of("1101051949123100211") == "身份证号码应为18位，实际为19位。"


def test_error_non_digit_characters_are_named_with_positions() -> None:
    assert error_of("1101A519491231002-") == (
        "身份证号码含有非数字字符：第5位“A”、第18位“-”（只有第18位可以是 X）。"
    )


def test_error_x_only_allowed_last() -> None:
    assert "第11位“X”" in error_of("1101051949X231002X")


@pytest.mark.parametrize("prefix", ["00", "09", "10", "16", "20", "39", "60", "72", "83", "90",
                                    "91", "99"])
def test_error_invalid_province(prefix: str) -> None:
    number = make_id_number(prefix + "0101", date(1990, 1, 1), 11)
    assert error_of(number) == f"身份证号码前两位“{prefix}”不是有效的省级行政区划代码。"


@pytest.mark.parametrize("prefix", sorted(PROVINCE_PREFIXES))
def test_every_province_prefix_is_accepted(prefix: str) -> None:
    number = make_id_number(prefix + "0101", date(1990, 1, 1), 11)
    assert parse_id_number(number, today=TODAY).region_code == prefix + "0101"


def test_error_impossible_birth_date() -> None:
    first17 = "13112219900230123"
    assert error_of(first17 + check_char(first17)) == "身份证号码中的出生日期 1990-02-30 不存在。"
    first17 = "13112219901301123"
    assert error_of(first17 + check_char(first17)) == "身份证号码中的出生日期 1990-13-01 不存在。"


def test_error_impossible_birth_date_in_old_15_digit_number() -> None:
    assert error_of("110105490230002") == "15位旧身份证号码中的出生日期 1949-02-30 不存在。"


def test_error_birth_before_1900() -> None:
    number = make_id_number("131122", date(1899, 12, 31), 11)
    assert error_of(number) == "身份证号码中的出生日期 1899-12-31 早于1900年。"


def test_error_birth_in_the_future() -> None:
    number = make_id_number("131122", date(2026, 11, 24), 11)
    assert error_of(number) == "身份证号码中的出生日期 2026-11-24 晚于今天（2026-11-23）。"
    born_today = make_id_number("131122", TODAY, 11)
    assert parse_id_number(born_today, today=TODAY).birth_date == TODAY


def test_error_wrong_check_character_says_which_was_expected() -> None:
    assert error_of("110105194912310025") == (
        "身份证号码校验位应为 X，实际为 5，请核对号码是否输错。"
    )


def test_invalid_id_number_is_a_user_facing_error() -> None:
    assert issubclass(InvalidIdNumber, UserFacingError)
    assert not is_valid_id_number("123", today=TODAY)
    assert is_valid_id_number(STANDARD_EXAMPLE, today=TODAY)


# --- age ----------------------------------------------------------------------------------


def test_age_on_counts_whole_years() -> None:
    info = parse_id_number(make_id_number("131122", date(1990, 6, 15), 11), today=TODAY)
    assert info.age_on(date(2026, 6, 14)) == 35
    assert info.age_on(date(2026, 6, 15)) == 36
    assert info.age_on(date(1990, 6, 15)) == 0


def test_age_on_for_29_february_birthday() -> None:
    info = parse_id_number(make_id_number("131122", date(2000, 2, 29), 11), today=TODAY)
    assert info.age_on(date(2018, 2, 28)) == 17
    assert info.age_on(date(2018, 3, 1)) == 18
    assert info.age_on(date(2020, 2, 29)) == 20


def test_age_on_before_birth_is_refused() -> None:
    info = parse_id_number(STANDARD_EXAMPLE, today=TODAY)
    with pytest.raises(UserFacingError, match="早于出生日期 1949-12-31"):
        info.age_on(date(1949, 12, 30))


# --- mask ---------------------------------------------------------------------------------


def test_mask_keeps_first_6_and_last_4() -> None:
    assert mask_id_number("130102199001011234") == "130102********1234"
    assert mask_id_number("11010519491231002x") == "110105********002X"
    assert mask_id_number("110105491231002") == "110105********002X"


def test_mask_short_or_odd_input() -> None:
    assert mask_id_number("") == ""
    assert mask_id_number("1234567890") == "**********"
    assert mask_id_number("12345678901") == "123456*8901"


# --- disability card ----------------------------------------------------------------------


def card_error(raw: str) -> str:
    with pytest.raises(InvalidDisabilityCard) as caught:
        parse_disability_card(raw, today=TODAY)
    assert caught.value.field == "残疾人证号"
    return caught.value.message


def test_disability_card_splits_id_kind_and_grade() -> None:
    info, kind, grade = parse_disability_card(STANDARD_EXAMPLE + "42", today=TODAY)
    assert (info.number, kind, grade) == (STANDARD_EXAMPLE, 4, 2)
    wide = "１１０１０５１９４９１２３１００２ｘ７４"
    info, kind, grade = parse_disability_card(wide, today=TODAY)
    assert (info.number, kind, grade) == (STANDARD_EXAMPLE, 7, 4)


def test_disability_card_errors() -> None:
    assert card_error("") == "残疾人证号为空。"
    assert card_error(STANDARD_EXAMPLE + "4") == (
        "残疾人证号应为20位（18位身份证号码+1位残疾类别+1位残疾等级），实际为19位。"
    )
    assert card_error(STANDARD_EXAMPLE + "82") == "残疾人证号第19位是残疾类别，应为1–7，实际为“8”。"
    assert card_error(STANDARD_EXAMPLE + "02") == "残疾人证号第19位是残疾类别，应为1–7，实际为“0”。"
    assert card_error(STANDARD_EXAMPLE + "45") == "残疾人证号第20位是残疾等级，应为1–4，实际为“5”。"
    assert card_error(STANDARD_EXAMPLE + "4A") == "残疾人证号第20位是残疾等级，应为1–4，实际为“A”。"
    assert card_error("11010519491231002542") == (
        "残疾人证号的前18位身份证号码校验位应为 X，实际为 5，请核对号码是否输错。"
    )


def test_disability_card_error_is_an_invalid_id_number() -> None:
    assert issubclass(InvalidDisabilityCard, InvalidIdNumber)


# --- make ---------------------------------------------------------------------------------


def test_make_id_number_builds_the_standard_example() -> None:
    assert make_id_number("110105", date(1949, 12, 31), 2) == STANDARD_EXAMPLE


@pytest.mark.parametrize(("region", "birth", "seq"), [
    ("13112", date(1990, 1, 1), 1),
    ("13112a", date(1990, 1, 1), 1),
    ("131122", date(1990, 1, 1), -1),
    ("131122", date(1990, 1, 1), 1000),
    ("131122", date(999, 1, 1), 1),
])
def test_make_id_number_refuses_bad_arguments(region: str, birth: date, seq: int) -> None:
    with pytest.raises(ValueError):
        make_id_number(region, birth, seq)


regions = st.builds(lambda prefix, rest: prefix + rest, st.sampled_from(sorted(PROVINCE_PREFIXES)),
                    st.text(alphabet="0123456789", min_size=4, max_size=4))
births = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
seqs = st.integers(min_value=0, max_value=999)


@given(regions, births, seqs)
def test_made_numbers_always_parse_back(region: str, birth: date, seq: int) -> None:
    number = make_id_number(region, birth, seq)
    info = parse_id_number(number, today=TODAY)
    assert info.number == number
    assert info.birth_date == birth
    assert info.region_code == region
    assert info.sex == (Sex.MALE if seq % 2 else Sex.FEMALE)


@given(regions, births, seqs, st.data())
def test_full_width_and_spaced_copies_normalize_back(region: str, birth: date, seq: int,
                                                     data: st.DataObject) -> None:
    number = make_id_number(region, birth, seq)
    wide = number.translate(FULL_WIDTH)
    cut = data.draw(st.integers(min_value=0, max_value=18))
    spaced = f" {wide[:cut]}\u3000{wide[cut:].lower()} "
    assert normalize_id_number(spaced) == number
    assert parse_id_number(spaced, today=TODAY).number == number


@given(regions, births, seqs, st.integers(min_value=0, max_value=16),
       st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_is_caught(region: str, birth: date, seq: int, position: int,
                                           shift: int) -> None:
    number = make_id_number(region, birth, seq)
    changed_digit = str((int(number[position]) + shift) % 10)
    changed = number[:position] + changed_digit + number[position + 1:]
    with pytest.raises(InvalidIdNumber):
        parse_id_number(changed, today=TODAY)
