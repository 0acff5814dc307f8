"""External layouts as data: the templates a county adjusts, shipped under resources/national/.

A template is a JSON file naming, for each column, its title (and the other titles a department's
sheet may use for it), the field it fills, an optional code list (the sheet's wording → ours) and a
format (text, date, amount). The defaults ship with the program; a county passes its own file with
``--template``. Every template carries a ``version`` so a county's copy can be told from ours.
No Qt, no database.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain.categories import MEASURE_TO_NATIONAL, NATIONAL_MEASURE_FIELDS, SUB_ITEM_TO_NATIONAL
from app.domain.errors import UserFacingError
from app.resources import resource_path

TEMPLATE_VERSION = 1
FORMATS = ("text", "date", "amount")

# 部门 → the default template's file (resources/national/dept_<key>.json).
DEPARTMENTS: Mapping[str, str] = {
    "医保": "medical", "民政": "civil", "残联": "disability", "教育": "education",
    "住建": "housing", "应急": "emergency", "其他": "other",
}
# What a department's list does to the household's facts.
FACTS = ("expense", "assistance", "disability", "house")


@dataclass(frozen=True)
class TemplateColumn:
    title: str
    field: str
    synonyms: tuple[str, ...] = ()
    codes: Mapping[str, str] = field(default_factory=dict)
    format: str = "text"

    @property
    def titles(self) -> tuple[str, ...]:
        return (self.title, *self.synonyms)

    def code(self, value: str) -> str:
        """The sheet's wording mapped through the code list; a value the list lacks stays as it is."""
        return self.codes.get(value, value) if self.codes else value


@dataclass(frozen=True)
class DepartmentRule:
    """A department's own rule: a listed row raises a 部门筛查预警 warning by itself when its
    amount reaches ``amount_from`` or its value (``field``, default the change) is one of ``values``.
    Off (None, empty) unless the county sets it."""

    title: str
    amount_from: Any = None
    values: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return self.amount_from is not None or bool(self.values)


@dataclass(frozen=True)
class DepartmentTemplate:
    source: str
    name: str
    fact: str
    columns: tuple[TemplateColumn, ...]
    version: int = TEMPLATE_VERSION
    expense_kind: str = ""
    rule: DepartmentRule | None = None
    origin: str = ""

    def column(self, name: str) -> TemplateColumn | None:
        return next((c for c in self.columns if c.field == name), None)


def _read_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise UserFacingError(f"找不到模板文件：{path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UserFacingError(f"模板文件“{path.name}”无法读取：{error}") from None
    if not isinstance(data, dict):
        raise UserFacingError(f"模板文件“{path.name}”格式不对：应为 JSON 对象。")
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise UserFacingError(f"模板文件“{path.name}”缺少版本号（version）。")
    if version > TEMPLATE_VERSION:
        raise UserFacingError(f"模板文件“{path.name}”是第 {version} 版，本程序只认识到第 "
                              f"{TEMPLATE_VERSION} 版，请升级程序。")
    return data


def read_columns(data: Mapping[str, Any], where: str) -> tuple[TemplateColumn, ...]:
    raw = data.get("columns")
    if not isinstance(raw, list) or not raw:
        raise UserFacingError(f"模板“{where}”没有列（columns）。")
    columns = []
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or not item.get("title") or not item.get("field"):
            raise UserFacingError(f"模板“{where}”第 {number} 列缺少列名（title）或字段（field）。")
        fmt = item.get("format", "text")
        if fmt not in FORMATS:
            raise UserFacingError(f"模板“{where}”的列“{item['title']}”格式“{fmt}”不认识，"
                                  f"应为 {'、'.join(FORMATS)} 之一。")
        codes = item.get("codes") or {}
        if not isinstance(codes, dict):
            raise UserFacingError(f"模板“{where}”的列“{item['title']}”的代码表（codes）应为对象。")
        columns.append(TemplateColumn(
            title=str(item["title"]), field=str(item["field"]),
            synonyms=tuple(str(s) for s in item.get("synonyms") or ()),
            codes={str(k): str(v) for k, v in codes.items()}, format=fmt))
    return tuple(columns)


def default_department_path(source: str) -> Path:
    if source not in DEPARTMENTS:
        raise UserFacingError(f"部门“{source}”不认识，应为 {'、'.join(DEPARTMENTS)} 之一。")
    return resource_path("national", f"dept_{DEPARTMENTS[source]}.json")


def load_department_template(source: str, path: Path | None = None) -> DepartmentTemplate:
    """The department's layout: the county's file if given, else the shipped default."""
    path = path or default_department_path(source)
    data = _read_json(path)
    if data.get("kind") != "department":
        raise UserFacingError(f"模板文件“{path.name}”不是部门数据模板。")
    if data.get("source", source) != source:
        raise UserFacingError(f"模板文件“{path.name}”是{data.get('source')}部门的，不是{source}部门的。")
    fact = data.get("fact")
    if fact not in FACTS:
        raise UserFacingError(f"模板文件“{path.name}”的 fact 应为 {'、'.join(FACTS)} 之一。")
    columns = read_columns(data, path.name)
    if not any(c.field == "id_number" for c in columns):
        raise UserFacingError(f"模板文件“{path.name}”没有身份证号列（field: id_number）。")
    rule = data.get("department_rule")
    return DepartmentTemplate(
        source=source, name=str(data.get("name") or f"{source}部门名单"), fact=fact, columns=columns,
        version=data["version"], expense_kind=str(data.get("expense_kind") or ""), origin=str(path),
        rule=DepartmentRule(title=str(rule.get("title") or f"{source}部门预警"),
                            amount_from=rule.get("amount_from"),
                            values=tuple(rule.get("values") or ())) if isinstance(rule, dict) else None)


# --- the national system's 信息采集表 ------------------------------------------------------------

NATIONAL_DEFAULT = "national_monitoring.json"


@dataclass(frozen=True)
class NationalTemplate:
    """The national system's household-member sheet: the same file serves export and import."""

    name: str
    sheet: str
    columns: tuple[TemplateColumn, ...]
    measure_kinds: Mapping[str, str]
    measure_sub_items: Mapping[str, str]
    separator: str = "；"
    version: int = TEMPLATE_VERSION
    origin: str = ""

    def column(self, name: str) -> TemplateColumn | None:
        return next((c for c in self.columns if c.field == name), None)


def load_national_template(path: Path | None = None) -> NationalTemplate:
    """The county's national layout if given, else the shipped default (DOMAIN.md's measure map:
    ``MEASURE_TO_NATIONAL`` and ``SUB_ITEM_TO_NATIONAL`` of app.domain.categories)."""
    path = path or resource_path("national", NATIONAL_DEFAULT)
    data = _read_json(path)
    if data.get("kind") != "national":
        raise UserFacingError(f"模板文件“{path.name}”不是全国系统信息采集表模板。")
    columns = read_columns(data, path.name)
    if not any(c.field == "member.id_number" for c in columns):
        raise UserFacingError(f"模板文件“{path.name}”没有证件号码列（field: member.id_number）。")
    for column in columns:
        if column.field.startswith("measure:") and column.field[8:] not in NATIONAL_MEASURE_FIELDS:
            raise UserFacingError(f"模板文件“{path.name}”的列“{column.title}”：“{column.field[8:]}”"
                                  f"不是全国系统的帮扶措施字段。")
    kinds = data.get("measure_kinds") or MEASURE_TO_NATIONAL
    sub_items = data.get("measure_sub_items") or SUB_ITEM_TO_NATIONAL
    return NationalTemplate(name=str(data.get("name") or "信息采集表"),
                            sheet=str(data.get("sheet") or "信息采集表")[:31], columns=columns,
                            measure_kinds=dict(kinds), measure_sub_items=dict(sub_items),
                            separator=str(data.get("list_separator") or "；"),
                            version=data["version"], origin=str(path))
