"""Form workbooks as they come: the full declared grid, .xls and .xlsm, one sheet, Excel's extras, limits."""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.forms import workbook
from app.forms.problems import FormError
from app.forms.xlsform import load_form, load_form_bytes
from tests.forms.conftest import DATA_VALIDATION_EXTENSION, WriteForm, build_xls, declare_full_grid, edit_sheets

SURVEY = [["type", "name", "label", "relevant"], ["integer", "age", "年龄"], ["text", "why", "原因", "${age} > 60"]]


def problems_of(path: Path) -> list[str]:
    with pytest.raises(FormError) as caught:
        load_form(path)
    return [str(problem) for problem in caught.value.problems]


def test_a_form_declaring_the_full_grid_is_read_by_its_real_content(write_form: WriteForm) -> None:
    path = declare_full_grid(write_form(SURVEY, choices=[["list_name", "name", "label"]],
                                        settings=[["form_id"], ["grid"]]))
    assert load_workbook(path, read_only=True)["survey"].max_row == 1_048_576  # as Excel declared it
    started = time.process_time()
    form = load_form(path)
    # Measured at about 0.3 s (docs/forms.md); before, this took minutes. A generous sanity bound only.
    assert time.process_time() - started < 20
    assert [q.name for q in form.walk()] == ["age", "why"]
    assert form.form_id == "grid"


def test_openpyxl_warnings_never_reach_the_user(write_form: WriteForm, capsys: pytest.CaptureFixture[str]) -> None:
    path = edit_sheets(write_form(SURVEY), lambda xml: xml.replace("</worksheet>", DATA_VALIDATION_EXTENSION))
    with warnings.catch_warnings(record=True) as plain:
        warnings.simplefilter("always")
        load_workbook(path)
    assert plain, "the file should make openpyxl warn"
    with warnings.catch_warnings(record=True) as ours:
        warnings.simplefilter("always")
        assert main(["form", "check", str(path)]) == 0
    assert ours == []
    assert "Warning" not in capsys.readouterr().err


def test_a_single_sheet_is_the_survey_whatever_its_name(write_form: WriteForm) -> None:
    form = load_form(write_form(SURVEY, sheet_names=("Sheet1", "choices", "settings")))
    assert [q.name for q in form.walk()] == ["age", "why"]


def test_upper_case_sheet_names(write_form: WriteForm) -> None:
    path = write_form([["type", "name", "label"], ["select_one yn", "q", "Q"]],
                      choices=[["list_name", "name", "label"], ["yn", "y", "是"]], sheet_names=("SURVEY", "CHOICES",
                                                                                               "SETTINGS"))
    assert [c.name for c in load_form(path).choices["yn"]] == ["y"]


def test_an_xlsm_form_is_read(write_form: WriteForm) -> None:
    assert [q.name for q in load_form(write_form(SURVEY, name="宏表单.xlsm")).walk()] == ["age", "why"]


def test_an_xls_form_is_read(tmp_path: Path) -> None:
    xls = pytest.importorskip("tests.excel.data.make_legacy_xls", reason="the .xls writer of tests/excel is absent")
    path = tmp_path / "旧表单.xls"
    path.write_bytes(build_xls(xls, [("survey", SURVEY), ("choices", [["list_name", "name", "label"]])]))
    form = load_form(path)
    assert [q.name for q in form.walk()] == ["age", "why"]
    assert form.question("why").relevant == "${age} > 60"
    assert form.form_id == "旧表单"
    assert [q.name for q in load_form_bytes(path.read_bytes(), "stored.xlsx").walk()] == ["age", "why"]


def test_a_cell_far_to_the_right_is_refused_naming_sheet_and_row(write_form: WriteForm,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook, "MAX_COLUMNS", 3)
    path = write_form([["type", "name", "label"], ["text", "a", "A", None, "x"]])
    assert problems_of(path) == ["survey 表 第 2 行：第 E 列还有内容，表单最多读取 3 列（到 C 列）。"]


def test_too_many_rows_are_refused(write_form: WriteForm, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook, "MAX_ROWS", 3)
    path = write_form([["type", "name"], ["text", "a"], ["text", "b"], ["text", "c"]])
    assert problems_of(path) == [
        "survey 表 第 4 行：这张表太大：表单每张表最多 3 行、2000000 个单元格，请删除多余的内容。"]


def test_a_zip_that_unpacks_to_far_more_than_a_form_is_refused(write_form: WriteForm,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook, "MAX_UNPACKED_BYTES", 4096)
    [problem] = problems_of(write_form(SURVEY))
    assert problem.startswith("文件解压后有 0 MB，不像是表单")


def test_a_file_larger_than_any_form_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook, "MAX_FILE_BYTES", 10)
    with pytest.raises(FormError) as caught:
        load_form_bytes(b"PK\x03\x04" + bytes(100), "big.xlsx")
    assert "表单文件最大" in str(caught.value)
