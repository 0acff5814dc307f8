"""Reading XLSForm workbooks: what is understood, and every way a broken form is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.forms.model import DEFAULT_LANGUAGE, OTHER_CHOICE
from app.forms.problems import FormError
from app.forms.xlsform import load_form
from tests.forms.conftest import WriteForm

ZH, EN = "中文 (zh)", "English (en)"
YES_NO = [["list_name", "name", f"label::{ZH}", f"label::{EN}"],
          ["yes_no", "yes", "是", "Yes"], ["yes_no", "no", "否", "No"]]


def problems_of(path: Path) -> list[str]:
    with pytest.raises(FormError) as caught:
        load_form(path)
    return [str(problem) for problem in caught.value.problems]


def test_a_visit_form_with_languages_groups_and_repeats(write_form: WriteForm) -> None:
    path = write_form(
        survey=[
            ["type", "name", f"label::{ZH}", f"label::{EN}", f"hint::{ZH}", "required",
             f"required_message::{ZH}", "relevant", "constraint", f"constraint_message::{ZH}",
             "calculation", "appearance", "repeat_count", "bind::fangpin:field", "default", "read_only"],
            ["start", "start"],
            ["date", "visit_date", "走访日期", "Visit date", "", "yes", "请填写走访日期", "",
             ". <= today()", "不能晚于今天"],
            ["select_one yes_no", "present", "户主在家吗", "Head present", "", "true()"],
            ["begin group", "income", "收入", "Income", "", "", "", "${present} = 'yes'"],
            ["decimal", "wage", "工资性收入（元）", "Wages", "打工收入", "", "", "", ". >= 0 and . < 1000000",
             "收入不能为负数", "", "", "", "household.wage_income", "0"],
            ["calculate", "total", "", "", "", "", "", "", "", "", "${wage} * 1"],
            ["end group"],
            ["integer", "members", "家庭人口", "Members", "", "${present} = 'yes'"],
            ["begin repeat", "member", "成员", "Member", "", "", "", "", "", "", "", "field-list", "${members}"],
            ["text", "member_name", "姓名", "Name"],
            ["note", "member_no", "第 ${member_name} 位", "No."],
            ["end repeat"],
            ["select_multiple yes_no", "needs", "需求", "Needs", "", "", "", "", "", "", "", "minimal",
             "", "", "", "yes"],
        ],
        choices=YES_NO,
        settings=[["form_id", "form_title", "version", "default_language"],
                  ["visit", "入户走访表", 2026112301, ZH]],
    )
    form = load_form(path)
    assert (form.form_id, form.title, form.version, form.default_language) == (
        "visit", "入户走访表", "2026112301", ZH)
    assert form.languages == (ZH, EN)
    assert [q.name for q in form.walk()] == [
        "start", "visit_date", "present", "income", "wage", "total", "members", "member",
        "member_name", "member_no", "needs"]
    assert [q.name for q in form.questions] == [
        "start", "visit_date", "present", "income", "members", "member", "needs"]
    visit_date = form.question("visit_date")
    assert visit_date.labels == {ZH: "走访日期", EN: "Visit date"}
    assert visit_date.label(EN) == "Visit date"
    assert visit_date.required is True
    assert visit_date.required_messages == {ZH: "请填写走访日期"}
    assert visit_date.constraint_messages == {ZH: "不能晚于今天"}
    assert form.question("present").required is True
    assert form.question("start").is_meta
    income = form.question("income")
    assert income.type == "group" and income.relevant == "${present} = 'yes'"
    assert [child.name for child in income.children] == ["wage", "total"]
    wage = form.question("wage")
    assert wage.hints == {ZH: "打工收入"}
    assert wage.bind == {"fangpin:field": "household.wage_income"}
    assert wage.default == "0"
    assert form.question("total").calculation == "${wage} * 1"
    member = form.question("member")
    assert (member.type, member.repeat_count, member.appearance) == ("repeat", "${members}", "field-list")
    needs = form.question("needs")
    assert (needs.type, needs.list_name, needs.read_only, needs.row) == ("select_multiple", "yes_no", True, 14)
    assert [(c.name, c.labels[ZH]) for c in form.choices_for(needs)] == [("yes", "是"), ("no", "否")]


def test_sheet_and_column_names_are_case_insensitive(write_form: WriteForm) -> None:
    path = write_form(
        survey=[["TYPE", "Name", "LABEL", "Relevant"], ["Select_One YN", "q1", "Good?"],
                ["text", "q2", "Why?", "${q1} = 'n'"]],
        choices=[["LIST_NAME", "NAME", "Label"], ["YN", "y", "Yes"], ["YN", "n", "No"]],
        settings=[["Form_ID", "FORM_TITLE"], ["caps", "Caps"]],
        sheet_names=("SURVEY", "Choices", "SETTINGS"))
    form = load_form(path)
    assert form.form_id == "caps"
    assert form.question("q1").list_name == "YN"
    assert form.question("q2").relevant == "${q1} = 'n'"
    assert form.default_language == DEFAULT_LANGUAGE
    assert form.languages == ()


def test_single_colon_language_columns_and_old_type_spellings(write_form: WriteForm) -> None:
    path = write_form(
        survey=[["type", "name", "label:English (en)"],
                ["select one from yn", "q1", "Good?"],
                ["select all that apply from yn or specify other", "q2", "Which?"],
                ["phone number", "phone", "Phone"]],
        choices=[["list name", "name", "label:English (en)"], ["yn", "y", "Yes"]])
    form = load_form(path)
    assert form.languages == (EN,)
    assert form.default_language == EN
    q2 = form.question("q2")
    assert (q2.type, q2.or_other) == ("select_multiple", True)
    assert form.choices_for(q2)[-1] == OTHER_CHOICE
    assert form.question("phone").type == "text"
    assert form.question("phone").constraint


def test_blank_rows_are_skipped_and_form_id_defaults_to_file_name(write_form: WriteForm) -> None:
    path = write_form(survey=[[], ["type", "name", "label"], [None, None], ["text", "a", "A"], [], [],
                              ["integer", "b", "B"]], name="村级表.xlsx")
    form = load_form(path)
    assert [q.name for q in form.walk()] == ["a", "b"]
    assert form.form_id == "村级表" and form.title == "村级表"
    assert form.question("b").row == 7


def test_numbers_and_booleans_in_cells_become_text(write_form: WriteForm) -> None:
    path = write_form(survey=[["type", "name", "label", "required"], ["note", "n1", 1.0, True],
                              ["text", "t", "T", False]])
    form = load_form(path)
    assert form.question("n1").label() == "1"
    assert form.question("n1").required is True
    assert form.question("t").required is False


def test_unknown_columns_are_kept_not_dropped(write_form: WriteForm) -> None:
    path = write_form(survey=[["type", "name", "label", "image", "parameters"],
                              ["text", "a", "A", "a.jpg", "rows=3"]])
    assert load_form(path).question("a").extras == {"parameters": "rows=3", "image::default": "a.jpg"}


# ------------------------------------------------------------------ refusals


def test_every_problem_is_listed_with_sheet_row_and_column(write_form: WriteForm) -> None:
    path = write_form(
        survey=[["type", "name", "label", "relevant", "constraint"],
                ["text", "a", "A"],
                ["text", "a", "A again"],
                ["integer", "b", "B", "${nowhere} > 1"],
                ["decimal", "c", "C", "", ". > (1"],
                ["geopoint", "gps", "Where"],
                ["select_one missing_list", "d", "D"],
                ["select_one", "e", "E"],
                ["text", "", "No name"],
                ["", "f", "No type"],
                ["rating", "g", "G"]],
        choices=[["list_name", "name", "label"], ["yn", "y", "Yes"]])
    assert problems_of(path) == [
        "survey 表 第 3 行 B 列（name）：题目名称「a」重复，第 2 行已经用过。",
        "survey 表 第 4 行 D 列（relevant）：引用的 ${nowhere} 不是本表单中的题目。",
        "survey 表 第 5 行 E 列（constraint）：公式「. > (1」第 7 个字符处应为右括号「)」，但公式已结束",
        "survey 表 第 6 行 A 列（type）：题型「geopoint」（GPS 定位坐标）在电脑上无法采集，本程序不支持。"
        "请删除这一行，或改为文字、数字、日期或选择题。",
        "survey 表 第 7 行 A 列（type）：选项列表「missing_list」在 choices 表中不存在。",
        "survey 表 第 8 行 A 列（type）：选择题「e」没有写选项列表名，应写成“select_one 列表名”。",
        "survey 表 第 9 行 B 列（name）：缺少题目名称（name）。",
        "survey 表 第 10 行 A 列（type）：这一行有内容但没有填写题型（type）。",
        "survey 表 第 11 行 A 列（type）：不认识的题型「rating」。可用的题型：text、integer、decimal、date、"
        "time、datetime、select_one 列表名、select_multiple 列表名、note、calculate、acknowledge、"
        "begin group / end group、begin repeat / end repeat。",
    ]


def test_form_error_message_is_chinese_and_names_the_file(write_form: WriteForm) -> None:
    path = write_form(survey=[["type", "name"], ["text", "a"], ["text", "a"]], name="坏表.xlsx")
    with pytest.raises(FormError) as caught:
        load_form(path)
    text = str(caught.value)
    assert text.startswith("坏表.xlsx：表单有 1 处问题，不能使用：")
    assert "第 3 行" in text
    assert caught.value.problems[0].sheet == "survey"
    assert caught.value.problems[0].row == 3
    assert caught.value.problems[0].column == "B 列（name）"


@pytest.mark.parametrize(("survey", "expected"), [
    ([["begin group", "g"], ["text", "a"]], "第 2 行 A 列（type）：这里开始的 group「g」没有对应的 end group。"),
    ([["text", "a"], ["end group"]], "第 3 行 A 列（type）：多余的 end group：前面没有对应的 begin group。"),
    ([["begin repeat", "r"], ["text", "a"], ["end group"]],
     "第 4 行 A 列（type）：这里写的是 end group，但第 2 行开始的是 repeat「r」，应为 end repeat。"),
    ([["begin group", "g"], ["begin repeat", "r"], ["end group"], ["end repeat"]],
     "第 4 行 A 列（type）：这里写的是 end group，但第 3 行开始的是 repeat「r」，应为 end repeat。"),
])
def test_unbalanced_groups_and_repeats(write_form: WriteForm, survey: list[list[str]], expected: str) -> None:
    problems = problems_of(write_form(survey=[["type", "name"], *survey]))
    assert f"survey 表 {expected}" in problems


def test_references_in_labels_and_messages_are_checked(write_form: WriteForm) -> None:
    path = write_form(survey=[["type", "name", "label::English", "label::中文", "constraint_message::中文"],
                              ["note", "n", "Hello", "你好 ${nobody}"],
                              ["integer", "i", "I", "", "请检查 ${ghost}"]])
    assert problems_of(path) == [
        "survey 表 第 2 行 D 列（label::中文）：引用的 ${nobody} 不是本表单中的题目。",
        "survey 表 第 3 行 E 列（constraint_message::中文）：引用的 ${ghost} 不是本表单中的题目。",
    ]


@pytest.mark.parametrize(("row", "words"), [
    (["text", "1abc", "A"], "题目名称「1abc」不合规"),
    (["text", "a b", "A"], "题目名称「a b」不合规"),
    (["calculate", "c", ""], "计算题「c」必须填写计算公式（calculation 列"),
    (["begin loop over yn", "l", ""], "不支持循环组"),
    (["audio", "voice", ""], "录音"),
    (["select_one_from_file villages.csv", "v", ""], "外部选项文件"),
])
def test_single_row_refusals(write_form: WriteForm, row: list[str], words: str) -> None:
    problems = problems_of(write_form(survey=[["type", "name", "label"], row]))
    assert any(words in problem for problem in problems), problems


def test_bad_formulas_in_every_formula_column(write_form: WriteForm) -> None:
    path = write_form(survey=[
        ["type", "name", "label", "required", "calculation", "choice_filter", "repeat_count"],
        ["select_one yn", "s", "S", "", "", "cf = "],
        ["calculate", "c", "", "", "1 +* 2"],
        ["text", "t", "T", "${s} =="],
        ["begin repeat", "r", "R", "", "", "", "count("], ["text", "x", "X"], ["end repeat"]],
        choices=[["list_name", "name", "label"], ["yn", "y", "Y"]])
    problems = problems_of(path)
    assert [problem.split("：")[0] for problem in problems] == [
        "survey 表 第 2 行 F 列（choice_filter）", "survey 表 第 3 行 E 列（calculation）",
        "survey 表 第 4 行 D 列（required）", "survey 表 第 5 行 G 列（repeat_count）"]


def test_choices_sheet_problems(write_form: WriteForm) -> None:
    path = write_form(survey=[["type", "name", "label"], ["select_one yn", "q", "Q"]],
                      choices=[["list_name", "name", "label"], ["yn", "y", "Y"], ["yn", "y", "Y again"],
                               ["", "n", "No list"], ["yn", "", "No name"]])
    assert problems_of(path) == [
        "choices 表 第 3 行 B 列（name）：列表「yn」中选项「y」重复，第 2 行已有同名选项。",
        "choices 表 第 4 行 A 列（list_name）：缺少选项列表名（list_name）。",
        "choices 表 第 5 行 B 列（name）：列表「yn」的这个选项缺少名称（name）。",
    ]


def test_duplicate_choices_allowed_when_settings_say_so(write_form: WriteForm) -> None:
    path = write_form(survey=[["type", "name", "label"], ["select_one yn", "q", "Q"]],
                      choices=[["list_name", "name", "label"], ["yn", "y", "Y"], ["yn", "y", "Y2"]],
                      settings=[["allow_choice_duplicates"], ["yes"]])
    assert len(load_form(path).choices["yn"]) == 2


def test_workbook_without_survey_sheet(write_form: WriteForm) -> None:
    path = write_form(survey=[["a"]], choices=[["list_name", "name"]], sheet_names=("问卷", "choices", "settings"))
    assert problems_of(path) == ["工作簿中没有 survey 表（题目表），这不是 XLSForm 表单。"]


def test_survey_without_type_or_name_columns(write_form: WriteForm) -> None:
    path = write_form(survey=[["label"], ["Hello"]])
    problems = problems_of(path)
    assert "survey 表：survey 表缺少 type 列。" in problems
    assert "survey 表：survey 表缺少 name 列。" in problems


def test_missing_broken_and_wrong_kind_of_file(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "none.xlsx")[0].startswith("找不到文件")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    assert problems_of(broken) == ["文件不是有效的 Excel 文件（.xlsx、.xlsm 或 .xls），可能已损坏。"]
    old = tmp_path / "old.xls"
    old.write_bytes(b"x")
    assert problems_of(old) == ["文件不是有效的 Excel 文件（.xlsx、.xlsm 或 .xls），可能已损坏。"]
    text = tmp_path / "form.csv"
    text.write_bytes(b"type,name")
    assert "另存为" in problems_of(text)[0]


def test_calculations_that_depend_on_themselves_are_refused(write_form: WriteForm) -> None:
    path = write_form(survey=[["type", "name", "calculation"],
                              ["calculate", "a", "${b} + 1"], ["calculate", "b", "${c} * 2"],
                              ["calculate", "c", "${a}"], ["calculate", "d", "${d}"],
                              ["calculate", "e", "${a} + 1"]])
    assert problems_of(path) == [
        "survey 表 第 2 行 C 列（calculation）：计算公式循环引用：a → b → c → a，请改掉其中一个公式。",
        "survey 表 第 5 行 C 列（calculation）：计算公式循环引用：d → d，请改掉其中一个公式。",
    ]


def test_an_unquoted_word_is_a_slip_except_in_choice_filters(write_form: WriteForm) -> None:
    path = write_form(survey=[["type", "name", "label", "relevant", "choice_filter"],
                              ["select_one yn", "q", "Q"],
                              ["text", "t", "T", "${q} = yes"],
                              ["select_one yn", "f", "F", "", "group = ${q}"]],
                      choices=[["list_name", "name", "label", "group"], ["yn", "yes", "Yes", "yes"]])
    assert problems_of(path) == [
        "survey 表 第 3 行 D 列（relevant）：公式「${q} = yes」中的「yes」既不是 ${题目名} 引用，"
        "也没有加引号；如果是文字，请写成 'yes'。"]
