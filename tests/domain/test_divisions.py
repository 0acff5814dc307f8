from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.divisions import (
    Division,
    DivisionFileError,
    DivisionLevel,
    ancestors,
    generate_villages,
    is_within,
    level_of,
    load_divisions,
    normalize_code,
    parent_of,
    scope_prefix,
)
from app.domain.errors import UserFacingError
from tests.conftest import shared_path

HENGSHUI_FILE = "data/hengshui-divisions-2023.csv"
WUYI_DEMO = Path(__file__).resolve().parents[2] / "resources" / "divisions" / "wuyi-demo.csv"
WUYI_TOWNSHIPS = {
    "131122100000": "武邑镇", "131122101000": "清凉店镇", "131122102000": "审坡镇",
    "131122103000": "赵桥镇", "131122104000": "韩庄镇", "131122105000": "肖桥头镇",
    "131122106000": "龙店镇", "131122201000": "圈头乡", "131122203000": "大紫塔乡",
}


def code_error(raw: str | int) -> str:
    with pytest.raises(UserFacingError) as caught:
        normalize_code(raw)
    assert caught.value.field == "区划代码"
    return caught.value.message


# --- codes --------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    ("13", "130000000000"),
    ("1311", "131100000000"),
    ("131122", "131122000000"),
    ("131122100", "131122100000"),
    ("131122100201", "131122100201"),
    ("131122000000", "131122000000"),
    (131122100, "131122100000"),
    (" 131122 100 ", "131122100000"),
    ("１３１１２２", "131122000000"),
])
def test_normalize_code(raw: str | int, expected: str) -> None:
    assert normalize_code(raw) == expected


def test_normalize_code_errors() -> None:
    assert code_error("") == "区划代码为空。"
    assert code_error(" ") == "区划代码为空。"
    assert code_error("13112a") == "区划代码“13112a”含有非数字字符。"
    assert code_error("13112") == "区划代码“13112”应为2、4、6、9或12位数字，实际为5位。"
    assert code_error("1311221002011") == (
        "区划代码“1311221002011”应为2、4、6、9或12位数字，实际为13位。"
    )
    assert code_error("001122") == "区划代码“001122”的前两位“00”不是有效的省级代码。"
    assert code_error("991122") == "区划代码“991122”的前两位“99”不是有效的省级代码。"
    assert code_error(True) == "区划代码“True”不是文字或数字。"  # type: ignore[arg-type]


@pytest.mark.parametrize(("code", "level", "prefix"), [
    ("130000000000", DivisionLevel.PROVINCE, "13"),
    ("131100000000", DivisionLevel.CITY, "1311"),
    ("131122000000", DivisionLevel.COUNTY, "131122"),
    ("131122100000", DivisionLevel.TOWNSHIP, "131122100"),
    ("131122100201", DivisionLevel.VILLAGE, "131122100201"),
    ("131122", DivisionLevel.COUNTY, "131122"),
    ("441900003000", DivisionLevel.TOWNSHIP, "441900003"),  # 东莞: no county level
])
def test_level_and_scope_prefix(code: str, level: DivisionLevel, prefix: str) -> None:
    assert level_of(code) is level
    assert scope_prefix(code) == prefix
    assert level.digits == len(prefix)


def test_level_labels() -> None:
    assert [level.label for level in DivisionLevel] == ["省级", "市级", "县级", "乡镇级", "村级"]


def test_parent_and_ancestors() -> None:
    assert parent_of("130000000000") is None
    assert parent_of("131100000000") == "130000000000"
    assert parent_of("131122100201") == "131122100000"
    assert ancestors("131122100201") == [
        "130000000000", "131100000000", "131122000000", "131122100000",
    ]
    assert ancestors("13") == []


def test_parent_skips_a_zero_county_segment() -> None:
    assert parent_of("441900003000") == "441900000000"
    assert ancestors("441900003201") == ["440000000000", "441900000000", "441900003000"]


@pytest.mark.parametrize(("code", "scope", "inside"), [
    ("131122100201", "131122100000", True),
    ("131122100000", "131122100000", True),
    ("131122100201", "131122", True),
    ("131122100201", "13", True),
    ("131122101201", "131122100000", False),
    ("131122000000", "131122100000", False),
    ("131123100201", "131122", False),
    ("441900003201", "4419", True),
])
def test_is_within(code: str, scope: str, inside: bool) -> None:
    assert is_within(code, scope) is inside


codes = st.builds(
    lambda province, rest: province + rest,
    st.sampled_from(["13", "11", "44", "65"]),
    st.text(alphabet="0123456789", min_size=10, max_size=10),
)


@given(codes)
def test_code_is_within_each_ancestor_and_itself(code: str) -> None:
    for ancestor in [*ancestors(code), code]:
        assert is_within(code, ancestor)
    assert normalize_code(scope_prefix(code)) == code
    parent = parent_of(code)
    if parent is not None:
        assert _order(level_of(parent)) < _order(level_of(code))
        assert not is_within(parent, code)


def _order(level: DivisionLevel) -> int:
    return list(DivisionLevel).index(level)


# --- loading the real Hengshui list -------------------------------------------------------


def test_load_hengshui_real_file() -> None:
    divisions = load_divisions(str(shared_path(HENGSHUI_FILE)))
    assert len(divisions) == 144
    assert Counter(d.level for d in divisions) == {
        DivisionLevel.PROVINCE: 1, DivisionLevel.CITY: 1, DivisionLevel.COUNTY: 13,
        DivisionLevel.TOWNSHIP: 129,
    }
    by_code = {d.code: d for d in divisions}
    assert by_code["130000000000"] == Division("130000000000", "河北省", DivisionLevel.PROVINCE,
                                               None)
    assert by_code["131122000000"] == Division("131122000000", "武邑县", DivisionLevel.COUNTY,
                                               "131100000000")
    wuyi = {d.code: d.name for d in divisions if d.parent_code == "131122000000"}
    assert wuyi == WUYI_TOWNSHIPS
    assert [d.code for d in divisions] == sorted(d.code for d in divisions)


def test_wuyi_demo_resource() -> None:
    divisions = load_divisions(WUYI_DEMO)
    assert len(divisions) == 3 + 9 + 9 * 12
    hengshui = {d.code: d.name for d in load_divisions(shared_path(HENGSHUI_FILE))}
    townships = [d for d in divisions if d.level is DivisionLevel.TOWNSHIP]
    assert {d.code: d.name for d in townships} == WUYI_TOWNSHIPS
    for division in divisions:
        if division.level is not DivisionLevel.VILLAGE:
            assert hengshui[division.code] == division.name
    for township in townships:
        villages = [d for d in divisions if d.parent_code == township.code]
        assert [v.code[-3:] for v in villages] == [str(n) for n in range(201, 213)]
        assert len({v.name for v in villages}) == 12
        assert all(v.name.endswith("村") for v in villages)


def test_wuyi_demo_resource_has_the_documented_header() -> None:
    first_line = WUYI_DEMO.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "code,name,level,parent"


# --- loading: formats and headers ---------------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "list.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


CHINESE_LIST = "区划代码,名称\n13,河北省\n1311,衡水市\n131122,武邑县\n131122100,武邑镇\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_load_chinese_headers_in_any_encoding(tmp_path: Path, encoding: str) -> None:
    divisions = load_divisions(write(tmp_path, CHINESE_LIST, encoding=encoding))
    assert [(d.code, d.name, d.level, d.parent_code) for d in divisions] == [
        ("130000000000", "河北省", DivisionLevel.PROVINCE, None),
        ("131100000000", "衡水市", DivisionLevel.CITY, "130000000000"),
        ("131122000000", "武邑县", DivisionLevel.COUNTY, "131100000000"),
        ("131122100000", "武邑镇", DivisionLevel.TOWNSHIP, "131122000000"),
    ]


def test_load_other_header_spellings_and_level_words(tmp_path: Path) -> None:
    text = ("\n代码,名称,层级,上级代码\n131122,武邑县,县,\n131122100,武邑镇,乡镇,131122\n"
            ",,,\n131122100201,东王庄村,村级,131122100\n")
    divisions = load_divisions(write(tmp_path, text))
    assert [d.parent_code for d in divisions] == [None, "131122000000", "131122100000"]


def test_parent_is_nearest_ancestor_present_when_a_level_is_skipped(tmp_path: Path) -> None:
    text = "code,name\n13,河北省\n131122,武邑县\n131122100,武邑镇\n"
    divisions = load_divisions(write(tmp_path, text))
    assert divisions[1].parent_code == "130000000000"


def test_rows_whose_ancestors_are_outside_the_file_are_roots(tmp_path: Path) -> None:
    text = "code,name\n131122100,武邑镇\n131122100201,东王庄村\n"
    divisions = load_divisions(write(tmp_path, text))
    assert [d.parent_code for d in divisions] == [None, "131122100000"]


def test_given_parent_outside_the_file_is_kept(tmp_path: Path) -> None:
    text = "code,name,parent\n131122100,武邑镇,131122\n"
    assert load_divisions(write(tmp_path, text))[0].parent_code == "131122000000"


def test_load_xlsx_with_numeric_codes(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["统计用区划代码", "名称", "级别"])
    sheet.append([131122000000, "武邑县", "county"])
    sheet.append([131122100000.0, "武邑镇", "township"])
    sheet.append([None, None, None])
    sheet.append(["131122100201", "东王庄村", None])
    workbook.save(path)
    divisions = load_divisions(path)
    assert [(d.code, d.level) for d in divisions] == [
        ("131122000000", DivisionLevel.COUNTY),
        ("131122100000", DivisionLevel.TOWNSHIP),
        ("131122100201", DivisionLevel.VILLAGE),
    ]


# --- loading: errors ----------------------------------------------------------------------


def file_error(path: Path) -> UserFacingError:
    with pytest.raises(UserFacingError) as caught:
        load_divisions(path)
    return caught.value


def row_problems(path: Path) -> list[str]:
    with pytest.raises(DivisionFileError) as caught:
        load_divisions(path)
    return [str(problem) for problem in caught.value.problems]


def test_missing_file(tmp_path: Path) -> None:
    error = file_error(tmp_path / "nope.csv")
    assert error.message.startswith("找不到区划代码文件：")
    assert error.location == "nope.csv"


@pytest.mark.parametrize(("name", "message"), [
    ("list.xls", "不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV 后再导入。"),
    ("list.json", "不支持“.json”类型的文件，区划代码请用 CSV 或 .xlsx 文件。"),
    ("list", "不支持“无扩展名”类型的文件，区划代码请用 CSV 或 .xlsx 文件。"),
])
def test_unsupported_file_types(tmp_path: Path, name: str, message: str) -> None:
    error = file_error(write(tmp_path, CHINESE_LIST, name=name))
    assert error.message == message
    assert error.location == name


def test_broken_xlsx(tmp_path: Path) -> None:
    error = file_error(write(tmp_path, "not a zip", name="list.xlsx"))
    assert error.message == "无法读取这个 Excel 文件，请确认它是 .xlsx 格式且没有损坏。"


def test_undecodable_csv(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(b"code,name\n13,\xfe\n")
    error = file_error(path)
    assert "既不是 UTF-8 编码也不是 GBK 编码" in error.message


def test_empty_and_header_only_files(tmp_path: Path) -> None:
    assert file_error(write(tmp_path, "\n\n")).message == "文件是空的，没有区划代码。"
    assert file_error(write(tmp_path, "code,name\n")).message == "文件只有表头，没有区划代码。"


def test_header_missing_a_required_column(tmp_path: Path) -> None:
    error = file_error(write(tmp_path, "\nname,level\n河北省,province\n"))
    assert error.message == (
        "表头缺少“代码”列（可用的列名：code、代码、区划代码、统计用区划代码、行政区划代码）。"
    )
    assert error.location == "list.csv 第2行"
    assert error.field == "代码"
    error = file_error(write(tmp_path, "代码,级别\n13,province\n"))
    assert error.message.startswith("表头缺少“名称”列")


def test_bad_code_names_file_row_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "区划代码,名称\n13,河北省\n13112,武邑县\n")
    with pytest.raises(DivisionFileError) as caught:
        load_divisions(path)
    error = caught.value
    assert error.location == "list.csv 第3行"
    assert error.field == "区划代码"
    assert str(error.problems[0]) == (
        "list.csv 第3行：“区划代码”列：区划代码“13112”应为2、4、6、9或12位数字，实际为5位。"
    )
    assert error.message.startswith("区划代码文件“list.csv”有1处问题：\n")


def test_every_row_problem_is_reported_in_row_order(tmp_path: Path) -> None:
    text = ("code,name,level,parent\n"
            "13,河北省,province,\n"
            "1311,衡水市,city,13\n"
            "131122,,county,1311\n"                  # row 4: no name
            "131123,武强县,township,1311\n"          # row 5: level does not match
            "131124,饶阳县,县城,1311\n"              # row 6: unknown level
            "1311,衡水市,city,13\n"                  # row 7: duplicate
            "131125,安平县,county,1312\n"            # row 8: parent not an ancestor
            "131126,故城县,county,13\n"              # row 9: parent should be 1311
            "132122100,某镇,township,\n"             # row 10: county 132122 missing
            "131127,景县,county,abc\n")              # row 11: bad parent code
    assert row_problems(write(tmp_path, text)) == [
        "list.csv 第4行：“name”列：名称为空。",
        "list.csv 第5行：“level”列：级别“township”与代码不符：131123000000 是县级区划。",
        "list.csv 第6行：“level”列：级别“县城”无法识别"
        "（可填 province、city、county、township、village 或 省/市/县/乡镇/村）。",
        "list.csv 第7行：“code”列：代码 131100000000 重复（第3行已有）。",
        "list.csv 第8行：“parent”列：上级代码 131200000000 不是 131125000000 的上级区划。",
        "list.csv 第9行：“parent”列：上级代码应为 131100000000（衡水市），实际为 130000000000。",
        "list.csv 第10行：“parent”列：上级区划 132122000000 不在文件中。",
        "list.csv 第11行：“parent”列：区划代码“abc”含有非数字字符。",
    ]


def test_missing_parent_without_parent_column_names_the_code_column(tmp_path: Path) -> None:
    text = "code,name\n13,河北省\n1311,衡水市\n131122,武邑县\n131123100,某镇\n"
    assert row_problems(write(tmp_path, text)) == [
        "list.csv 第5行：“code”列：上级区划 131123000000 不在文件中。",
    ]


def test_long_problem_lists_are_cut_short_in_the_message(tmp_path: Path) -> None:
    text = "code,name\n" + "".join(f"1x{n},地方{n}\n" for n in range(25))
    with pytest.raises(DivisionFileError) as caught:
        load_divisions(write(tmp_path, text))
    assert len(caught.value.problems) == 25
    assert caught.value.message.startswith("区划代码文件“list.csv”有25处问题：")
    assert caught.value.message.endswith("……另有5处问题未列出。")
    assert str(caught.value) == caught.value.message


# --- illustrative villages ----------------------------------------------------------------

TOWNSHIP = Division("131122100000", "武邑镇", DivisionLevel.TOWNSHIP, "131122000000")


def test_generate_villages_codes_and_parent() -> None:
    villages = generate_villages(TOWNSHIP, 3)
    assert [v.code for v in villages] == ["131122100213", "131122100214", "131122100215"]
    assert all(v.level is DivisionLevel.VILLAGE and v.parent_code == TOWNSHIP.code
               for v in villages)
    assert all(v.name.endswith("村") for v in villages)


def test_generate_villages_is_deterministic_and_continues_consistently() -> None:
    assert generate_villages(TOWNSHIP, 10) == generate_villages(TOWNSHIP, 10)
    whole = generate_villages(TOWNSHIP, 24, start=201)
    first = generate_villages(TOWNSHIP, 12, start=201)
    rest = generate_villages(TOWNSHIP, 12, start=213, existing_names={v.name for v in first})
    assert whole == first + rest


def test_generate_villages_fills_a_township_to_99_with_unique_names() -> None:
    demo = [d for d in load_divisions(WUYI_DEMO) if d.parent_code == TOWNSHIP.code]
    more = generate_villages(TOWNSHIP, 87, existing_names={d.name for d in demo})
    names = [d.name for d in demo + more]
    assert len(names) == 99 == len(set(names))
    assert more[-1].code == "131122100299"


def test_generate_villages_under_a_city_without_counties() -> None:
    township = Division("441900003000", "东城街道", DivisionLevel.TOWNSHIP, "441900000000")
    assert generate_villages(township, 1, start=201)[0].code == "441900003201"


def test_generate_villages_refuses_bad_requests() -> None:
    assert generate_villages(TOWNSHIP, 0) == []
    with pytest.raises(ValueError):
        generate_villages(TOWNSHIP, 88)
    with pytest.raises(ValueError):
        generate_villages(TOWNSHIP, 1, start=200)
    with pytest.raises(ValueError):
        generate_villages(TOWNSHIP, -1)
    county = Division("131122000000", "武邑县", DivisionLevel.COUNTY, "131100000000")
    with pytest.raises(ValueError):
        generate_villages(county, 1)
