"""Parse an XLSForm workbook into a Form, or refuse it listing every problem with sheet, row and column."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.forms.expressions import ExpressionError, Node, bare_names, parse, references
from app.forms.model import DEFAULT_LANGUAGE, SELECT_TYPES, Choice, Form, Question
from app.forms.problems import FormError, Problem
from app.forms.sheets import Row, Sheet
from app.forms.types import TYPE_CONSTRAINTS, read_type
from app.forms.workbook import MAX_FILE_BYTES, SUFFIXES, read_form_sheets

NAME = re.compile(r"[^\W\d][\w.-]*")
TEXT_REFERENCE = re.compile(r"\$\{([^}]*)\}")
YES = frozenset({"yes", "true", "true()", "1"})
NO = frozenset({"no", "false", "false()", "0", ""})
# Columns that are formulas, checked when the form is loaded rather than when a visit is made.
FORMULA_COLUMNS = ("relevant", "constraint", "calculation", "choice_filter")
KNOWN_SURVEY_COLUMNS = frozenset({
    "type", "name", "relevant", "constraint", "required", "calculation", "default", "read_only",
    "choice_filter", "appearance", "repeat_count",
})
EXPLAIN_TYPES = ("可用的题型：text、integer、decimal、date、time、datetime、select_one 列表名、"
                 "select_multiple 列表名、note、calculate、acknowledge、begin group / end group、"
                 "begin repeat / end repeat。")


def load_form(path: str | Path) -> Form:
    """Read an XLSForm (.xlsx, .xlsm or .xls); raises FormError listing every problem found."""
    path = Path(path)
    source = path.name
    if not path.is_file():
        raise FormError(source, [Problem("", None, None, f"找不到文件 {path}。")])
    if path.suffix.lower() not in SUFFIXES:
        raise FormError(source, [Problem("", None, None, "只能读取 .xlsx、.xlsm 或 .xls 格式的表单，"
                                         "请在 Excel 中“另存为” .xlsx 后再试。")])
    if path.stat().st_size > MAX_FILE_BYTES:
        raise FormError(source, [Problem("", None, None, f"文件有 {path.stat().st_size // (1024 * 1024)} MB，"
                                         f"表单文件最大 {MAX_FILE_BYTES // (1024 * 1024)} MB。")])
    return load_form_bytes(path.read_bytes(), source)


def load_form_bytes(data: bytes, source: str = "form.xlsx") -> Form:
    """The same as load_form, for a workbook held in memory (a form version stored in the database)."""
    return parse_sheets(read_form_sheets(data, source), source=source, default_id=Path(source).stem)


def parse_sheets(sheets: dict[str, Sheet], *, source: str, default_id: str) -> Form:
    return _FormReader(sheets, source, default_id).read()


@dataclass
class _Open:
    """A begin group/repeat row waiting for its end row."""

    kind: str
    row: Row
    children: list[Question] = field(default_factory=list)


class _FormReader:
    def __init__(self, sheets: dict[str, Sheet], source: str, default_id: str) -> None:
        self.sheets = sheets
        self.source = source
        self.default_id = default_id
        self.problems: list[Problem] = []
        self.names: dict[str, int] = {}
        # Where each ${name} is used: sheet, row, column key, its language, the names.
        self.uses: list[tuple[Sheet, int, str, str | None, list[str]]] = []
        self.selects: list[tuple[Sheet, int, str]] = []
        self.calculations: dict[str, tuple[int, list[str]]] = {}  # name -> row, names it uses
        self.languages: dict[str, None] = {}

    def problem(self, sheet: Sheet | None, row: int | None, key: str | None, message: str,
                language: str | None = None) -> None:
        title = sheet.title if sheet else ""
        where = sheet.where(key, language) if sheet and key else None
        self.problems.append(Problem(title, row, where, message))

    def read(self) -> Form:
        settings = self._settings()
        survey = self.sheets.get("survey")
        if survey is None:
            self.problem(None, None, None, "工作簿中没有 survey 表（题目表），这不是 XLSForm 表单。")
            raise FormError(self.source, self.problems)
        choices = self._choices(settings.get("allow_choice_duplicates", "").lower() in YES)
        questions = self._survey(survey)
        for sheet, row, list_name in self.selects:
            if list_name not in choices:
                self.problem(sheet, row, "type", f"选项列表「{list_name}」在 choices 表中不存在。")
        self._calculation_cycles(survey)
        for sheet, row, key, language, names in self.uses:
            for name in names:
                if name not in self.names:
                    self.problem(sheet, row, key, f"引用的 ${{{name}}} 不是本表单中的题目。", language)
        if self.problems:
            self.problems.sort(key=lambda p: (p.sheet != survey.title, p.sheet, p.row or 0))
            raise FormError(self.source, self.problems)
        form_id = settings.get("form_id") or self.default_id
        languages = tuple(self.languages)
        default_language = settings.get("default_language") or (
            DEFAULT_LANGUAGE if DEFAULT_LANGUAGE in self.languages or not languages else languages[0])
        return Form(form_id=form_id, title=settings.get("form_title") or form_id,
                    version=settings.get("version", ""), default_language=default_language,
                    languages=tuple(lang for lang in languages if lang != DEFAULT_LANGUAGE),
                    questions=tuple(questions), choices=choices, source=self.source,
                    style=settings.get("style", ""))

    # ------------------------------------------------------------ settings and choices

    def _settings(self) -> dict[str, str]:
        sheet = self.sheets.get("settings")
        if sheet is None or not sheet.rows:
            return {}
        return dict(sheet.rows[0].cells)

    def _choices(self, duplicates_allowed: bool) -> dict[str, tuple[Choice, ...]]:
        sheet = self.sheets.get("choices")
        if sheet is None:
            return {}
        lists: dict[str, list[Choice]] = {}
        seen: dict[tuple[str, str], int] = {}
        for row in sheet.rows:
            list_name, name = row.cells.get("list_name", ""), row.cells.get("name", "")
            if not list_name:
                self.problem(sheet, row.number, "list_name", "缺少选项列表名（list_name）。")
                continue
            if not name:
                self.problem(sheet, row.number, "name", f"列表「{list_name}」的这个选项缺少名称（name）。")
                continue
            if (list_name, name) in seen and not duplicates_allowed:
                self.problem(sheet, row.number, "name", f"列表「{list_name}」中选项「{name}」重复，"
                             f"第 {seen[list_name, name]} 行已有同名选项。")
                continue
            seen.setdefault((list_name, name), row.number)
            labels = self._texts(row, "label")
            columns = {key: value for key, value in row.cells.items() if key not in ("list_name", "name")}
            lists.setdefault(list_name, []).append(Choice(name, labels, columns, row.number))
        return {list_name: tuple(items) for list_name, items in lists.items()}

    def _texts(self, row: Row, key: str) -> dict[str, str]:
        texts = row.texts.get(key, {})
        for language in texts:
            self.languages.setdefault(language)
        return dict(texts)

    # ------------------------------------------------------------ survey

    def _survey(self, sheet: Sheet) -> list[Question]:
        for key in ("type", "name"):
            if sheet.column(key) is None:
                self.problem(sheet, None, None, f"survey 表缺少 {key} 列。")
        top: list[Question] = []
        stack: list[_Open] = []
        for row in sheet.rows:
            siblings = stack[-1].children if stack else top
            type_text = row.cells.get("type", "")
            if not type_text:
                if row.cells.get("name") or row.texts:
                    self.problem(sheet, row.number, "type", "这一行有内容但没有填写题型（type）。")
                continue
            cell = read_type(type_text)
            if cell.kind == "refused" and "loop" in cell.refusal:
                self.problem(sheet, row.number, "type",
                             f"不支持循环组「{cell.type}」，请改用 begin repeat / end repeat。")
            elif cell.kind == "refused":
                self.problem(sheet, row.number, "type", f"题型「{cell.type}」（{cell.refusal}）在电脑上无法采集，"
                             "本程序不支持。请删除这一行，或改为文字、数字、日期或选择题。")
            elif cell.kind == "unknown":
                self.problem(sheet, row.number, "type", f"不认识的题型「{cell.type}」。{EXPLAIN_TYPES}")
            elif cell.kind == "begin":
                self._name(sheet, row)
                stack.append(_Open(cell.type, row))
            elif cell.kind == "end":
                self._end(sheet, row, cell.type, stack, top)
            else:
                question = self._question(sheet, row, cell.type, cell.list_name, cell.or_other, type_text)
                siblings.append(question)
        for unclosed in stack:
            self.problem(sheet, unclosed.row.number, "type",
                         f"这里开始的 {unclosed.kind}「{unclosed.row.cells.get('name', '')}」"
                         f"没有对应的 end {unclosed.kind}。")
        return top

    def _end(self, sheet: Sheet, row: Row, kind: str, stack: list[_Open], top: list[Question]) -> None:
        if not stack:
            self.problem(sheet, row.number, "type", f"多余的 end {kind}：前面没有对应的 begin {kind}。")
            return
        opened = stack.pop()
        if opened.kind != kind:
            self.problem(sheet, row.number, "type",
                         f"这里写的是 end {kind}，但第 {opened.row.number} 行开始的是 {opened.kind}"
                         f"「{opened.row.cells.get('name', '')}」，应为 end {opened.kind}。")
        container = self._question(sheet, opened.row, opened.kind, "", False, "")
        container = _with_children(container, tuple(opened.children))
        (stack[-1].children if stack else top).append(container)

    def _name(self, sheet: Sheet, row: Row) -> str:
        name = row.cells.get("name", "")
        if not name:
            self.problem(sheet, row.number, "name", "缺少题目名称（name）。")
        elif not NAME.fullmatch(name):
            self.problem(sheet, row.number, "name", f"题目名称「{name}」不合规：只能用字母、汉字、数字、"
                         "下划线、点和减号，且不能以数字开头。")
        elif name in self.names:
            self.problem(sheet, row.number, "name", f"题目名称「{name}」重复，第 {self.names[name]} 行已经用过。")
        else:
            self.names[name] = row.number
        return name

    def _formula(self, sheet: Sheet, row: Row, key: str) -> str:
        text = row.cells.get(key, "")
        if not text:
            return ""
        tree = self._parse(sheet, row, key, text)
        if tree is not None and key == "calculation":
            self.calculations[row.cells.get("name", "")] = (row.number, references(tree))
        return text

    def _parse(self, sheet: Sheet, row: Row, key: str, text: str) -> Node | None:
        try:
            tree = parse(text)
        except ExpressionError as error:
            self.problem(sheet, row.number, key, error.message)
            return None
        self.uses.append((sheet, row.number, key, None, references(tree)))
        if key != "choice_filter":
            for name in bare_names(tree):
                self.problem(sheet, row.number, key, f"公式「{text}」中的「{name}」既不是 ${{题目名}} 引用，"
                             f"也没有加引号；如果是文字，请写成 '{name}'。")
        return tree

    def _question(self, sheet: Sheet, row: Row, kind: str, list_name: str, or_other: bool,
                  type_text: str) -> Question:
        # Group and repeat names were checked on their begin row, before their children.
        if kind == "note" and not row.cells.get("name"):
            # pyxform names an unnamed note after its row, and so do we: the name shows nowhere.
            row = replace(row, cells={**row.cells, "name": f"generated_note_name_{row.number}"})
        name = row.cells.get("name", "") if kind in ("group", "repeat") else self._name(sheet, row)
        formulas = {key: self._formula(sheet, row, key) for key in FORMULA_COLUMNS}
        if kind in SELECT_TYPES:
            if list_name:
                self.selects.append((sheet, row.number, list_name))
            else:
                self.problem(sheet, row.number, "type", f"选择题「{name}」没有写选项列表名，"
                             f"应写成“{kind} 列表名”。")
        if kind == "calculate" and not formulas["calculation"] and not row.cells.get("default"):
            self.problem(sheet, row.number, "calculation", f"计算题「{name}」必须填写计算公式"
                         "（calculation 列，也可写作 calculate 或 bind::calculate）。")
        built_in = TYPE_CONSTRAINTS.get(" ".join(type_text.lower().split())) if type_text else None
        if built_in and not formulas["constraint"]:
            formulas["constraint"] = built_in
        texts = {key: self._texts(row, key) for key in row.texts}
        for key, by_language in texts.items():
            for language, text in by_language.items():
                names = [found.strip() for found in TEXT_REFERENCE.findall(text)]
                self.uses.append((sheet, row.number, key, language, names))
        return Question(
            name=name, type=kind, labels=texts.get("label", {}), hints=texts.get("hint", {}),
            required=self._required(sheet, row), required_messages=texts.get("required_message", {}),
            relevant=formulas["relevant"], constraint=formulas["constraint"],
            constraint_messages=texts.get("constraint_message", {}), calculation=formulas["calculation"],
            default=row.cells.get("default", ""),
            read_only=row.cells.get("read_only", "").lower() in YES,
            choice_filter=formulas["choice_filter"], appearance=row.cells.get("appearance", ""),
            list_name=list_name, or_other=or_other, repeat_count=self._repeat_count(sheet, row, kind),
            row=row.number, bind=dict(row.bind),
            extras={key: value for key, value in row.cells.items() if key not in KNOWN_SURVEY_COLUMNS}
            | {f"{key}::{lang}": text for key, by_language in texts.items()
               if key not in ("label", "hint", "required_message", "constraint_message")
               for lang, text in by_language.items()},
        )

    def _required(self, sheet: Sheet, row: Row) -> bool | str:
        text = row.cells.get("required", "")
        if text.lower() in YES:
            return True
        if text.lower() in NO:
            return False
        return self._formula_text(sheet, row, "required", text)

    def _repeat_count(self, sheet: Sheet, row: Row, kind: str) -> str:
        text = row.cells.get("repeat_count", "")
        if not text or kind != "repeat":
            return ""
        if text.isdigit():
            return text
        return self._formula_text(sheet, row, "repeat_count", text)

    def _formula_text(self, sheet: Sheet, row: Row, key: str, text: str) -> str:
        self._parse(sheet, row, key, text)
        return text

    def _calculation_cycles(self, sheet: Sheet) -> None:
        """A calculation that depends on itself, directly or through others, could never settle."""
        reported: set[str] = set()
        for start in self.calculations:
            path = _cycle_from(start, self.calculations)
            if path and not reported.intersection(path):
                reported.update(path)
                self.problem(sheet, self.calculations[start][0], "calculation",
                             "计算公式循环引用：" + " → ".join(path) + "，请改掉其中一个公式。")


def _with_children(question: Question, children: tuple[Question, ...]) -> Question:
    return replace(question, children=children)


def _cycle_from(start: str, graph: dict[str, tuple[int, list[str]]]) -> list[str]:
    """The names of a dependency loop back to `start`, or [] when there is none."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        name, path = stack.pop()
        for used in graph.get(name, (0, []))[1]:
            if used == start:
                return [*path, start]
            if used in graph and used not in seen:
                seen.add(used)
                stack.append((used, [*path, used]))
    return []
