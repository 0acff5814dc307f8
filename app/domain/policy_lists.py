"""The lists the county may rename, add to and retire: risk types, measure kinds with their items,
and the names of the monitoring categories.

They are policy settings (app/services/policy.py) with Hebei's lists (app/domain/categories.py)
as defaults, so a dated version changes what screens offer from that day. A stored record keeps
the name it was made with; these lists only decide what is offered and accepted for new entries.
A measure kind whose item list is empty is retired: it is no longer offered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from app.domain.categories import MEASURE_KINDS, MEASURE_SUB_ITEMS, RISK_TYPES, MonitoringCategory
from app.domain.errors import UserFacingError

# The stored columns' widths (Measure.kind, Measure.risk_type, Measure.item).
NAME_LIMIT = 16
ITEM_LIMIT = 100
# Characters that split a list in a workbook cell or a command line cannot be part of a name.
_SEPARATORS = frozenset("、,，;；\n\r\t")


def default_risk_types() -> list[str]:
    return list(RISK_TYPES)


def default_measure_items() -> dict[str, list[str]]:
    return {kind: list(MEASURE_SUB_ITEMS.get(kind, ())) for kind in MEASURE_KINDS}


def _name(value: Any, label: str, limit: int) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise UserFacingError(f"“{label}”里有一项是空的或不是文字。", field=label)
    if len(text) > limit:
        raise UserFacingError(f"“{label}”中的“{text}”太长：最多 {limit} 个字。", field=label)
    if _SEPARATORS & set(text):
        raise UserFacingError(f"“{label}”中的“{text}”含有分隔符（顿号、逗号、分号或换行）。", field=label)
    return text


def _unique(names: list[str], label: str) -> list[str]:
    repeated = sorted({name for name in names if names.count(name) > 1}, key=names.index)
    if repeated:
        raise UserFacingError(f"“{label}”中“{'、'.join(repeated)}”写了不止一次。", field=label)
    return names


def check_risk_types(value: Any) -> list[str]:
    """The risk types offered from a day: at least one, each a short name, none twice."""
    if not isinstance(value, list | tuple) or not value:
        raise UserFacingError("“风险类型”至少要有一项。", field="风险类型")
    return _unique([_name(name, "风险类型", NAME_LIMIT) for name in value], "风险类型")


def check_measure_items(value: Any) -> dict[str, list[str]]:
    """Measure kinds (in the order offered) with their items; a kind with no items is retired,
    and at least one kind stays in use."""
    if not isinstance(value, Mapping):
        raise UserFacingError("“帮扶措施类别和项目”应按类别列出项目。", field="帮扶措施")
    checked: dict[str, list[str]] = {}
    for kind, items in value.items():
        name = _name(kind, "帮扶措施类别", NAME_LIMIT)
        if not isinstance(items, list | tuple):
            raise UserFacingError(f"帮扶措施类别“{name}”的项目应是一串名称。", field="帮扶措施")
        checked[name] = _unique([_name(item, f"{name}的项目", ITEM_LIMIT) for item in items], f"{name}的项目")
    if not active_kinds(checked):
        raise UserFacingError("至少要有一个帮扶措施类别在用（有项目）。", field="帮扶措施")
    return checked


def active_kinds(measure_items: Mapping[str, list[str]]) -> tuple[str, ...]:
    """The kinds offered: those with at least one item."""
    return tuple(kind for kind, items in measure_items.items() if items)


def offered_items(measure_items: Mapping[str, list[str]], kind: str | None = None) -> tuple[str, ...]:
    """The items offered for ``kind`` (every kind's when None), in order, each once."""
    kinds = [kind] if kind else list(measure_items)
    return tuple(dict.fromkeys(item for name in kinds for item in measure_items.get(name, ())))


# --- renamed measure kinds: the county says which kind a new name continues ---------------------


def check_kind_origins(value: Any) -> dict[str, str]:
    """``{new name: the name it replaces}``: a renamed kind stays the same kind (its card text,
    its row in the reports). A kind is never its own origin, and no chain of renames loops."""
    if not isinstance(value, Mapping):
        raise UserFacingError("“帮扶措施类别改名”应按新名称列出原名称。", field="帮扶措施类别改名")
    checked = {_name(new, "帮扶措施类别改名", NAME_LIMIT): _name(old, "帮扶措施类别改名", NAME_LIMIT)
               for new, old in value.items()}
    for new in checked:
        if _chain(new, checked)[-1] in checked:  # the chain stopped at a name met before: a loop
            raise UserFacingError(f"“帮扶措施类别改名”中“{new}”的改名绕回了自己。", field="帮扶措施类别改名")
    return checked


def kind_identity(name: str, origins: Mapping[str, str]) -> str:
    """The kind ``name`` continues: the first name of its chain of renames (itself when never
    renamed). ``origins`` may come from several versions; a loop among them stops the chain."""
    return _chain(name, origins)[-1]


def table_order(measure_items: Mapping[str, list[str]], origins: Mapping[str, str],
                recorded: Iterable[str]) -> list[tuple[str, tuple[str, ...]]]:
    """The rows of a table by measure kind: (label, the recorded kind names it counts).

    Kinds in use in the policy's order, a renamed one in the place of the kind it replaces, each
    counting the records made under its earlier names; then retired kinds that still have records,
    in the policy's order (kinds no longer in it last, by name)."""
    active = active_kinds(measure_items)
    identity = {kind: kind_identity(kind, origins) for kind in active}
    placed: list[str] = []
    for kind in measure_items:
        followers = [kind] if kind in identity else [
            new for new in active if kind in _chain(new, origins)]
        placed += [new for new in followers if new not in placed]
    names = list(dict.fromkeys(recorded))
    claimed: set[str] = set()
    rows: list[tuple[str, tuple[str, ...]]] = []
    for kind in placed:
        counted = tuple(dict.fromkeys([kind, *(n for n in names if n not in claimed and n not in identity
                                               and kind_identity(n, origins) == identity[kind])]))
        claimed.update(counted)
        rows.append((kind, counted))
    retired = [n for n in names if n not in claimed]
    position = {name: index for index, name in enumerate(measure_items)}
    retired.sort(key=lambda n: (position.get(n, len(position)), n))
    by_identity: dict[str, list[str]] = {}
    for name in retired:
        by_identity.setdefault(kind_identity(name, origins), []).append(name)
    rows += [("、".join(group), tuple(group)) for group in by_identity.values()]
    return rows


def _chain(name: str, origins: Mapping[str, str]) -> list[str]:
    """``name`` and every name it replaced, newest first."""
    chain = [name]
    while chain[-1] in origins and origins[chain[-1]] not in chain:
        chain.append(origins[chain[-1]])
    return chain


# --- monitoring categories: the rules need each one's role, the county names them --------------

CATEGORY_ROLE_LABELS: Mapping[str, str] = {
    MonitoringCategory.UNSTABLE_EXITED.name.lower(): "脱贫户收入低于监测线且有风险时建议的类别",
    MonitoringCategory.MARGINAL.name.lower(): "一般农户收入低于监测线且有风险时建议的类别",
    MonitoringCategory.SUDDEN_HARDSHIP.name.lower(): "刚性支出大或收入骤降时建议的类别（可先帮后认）",
}


def default_category_names() -> dict[str, str]:
    """Each category's role (the rules') and its name; an empty name retires the category."""
    return {role.name.lower(): role.value for role in MonitoringCategory}


def check_category_names(value: Any) -> dict[str, str]:
    """Names for the rules' categories: renamed or retired (empty), never two alike, one in use."""
    if not isinstance(value, Mapping):
        raise UserFacingError("“监测对象类别”应按类别列出名称。", field="监测对象类别")
    checked: dict[str, str] = {}
    for role in default_category_names():
        name = value.get(role, "")
        checked[role] = "" if name in ("", None) else _name(name, "监测对象类别", NAME_LIMIT)
    _unique([name for name in checked.values() if name], "监测对象类别")
    if not any(checked.values()):
        raise UserFacingError("至少要有一个监测对象类别在用。", field="监测对象类别")
    return checked


def category_roles(names: Mapping[str, str]) -> dict[MonitoringCategory, str]:
    """The names by the rules' category (``CategorySuggestion.named`` takes this)."""
    return {role: names.get(role.name.lower(), "") for role in MonitoringCategory}


def offered_categories(names: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(name for name in names.values() if name)
