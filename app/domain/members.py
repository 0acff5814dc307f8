"""Rules that tie a member's fields together, whatever screen or file the values came from."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from app.domain.categories import HEAD_RELATION
from app.domain.errors import UserFacingError
from app.domain.pinyin import name_initials


def check_member_values(values: Mapping[str, Any]) -> None:
    """Schooling or education, not both; 健康 excludes illness and disability; a disability
    kind or grade needs 残疾 among the health states."""
    if values.get("education") and values.get("school_stage"):
        raise UserFacingError("“文化程度”和“在校生状况”只能填一项：在校生填在校生状况，其他人填文化程度。",
                              field="文化程度")
    health = values.get("health") or []
    if "健康" in health and len(health) > 1:
        raise UserFacingError("“健康”不能与疾病或残疾同时选择。", field="健康状况")
    if (values.get("disability_kind") or values.get("disability_grade")) and "残疾" not in health:
        raise UserFacingError("填了残疾类别或等级，健康状况应包含“残疾”。", field="健康状况")


def household_summary(members: Iterable[tuple[str, str]],
                      known: tuple[str, str] = ("", "")) -> dict[str, Any]:
    """What a household keeps of its live members so lists need no join: the head's name, its
    pinyin initials and the member count. ``members`` are (name, relation) pairs; ``known`` the
    (head name, initials) stored before, whose initials are kept while the head's name is the
    same — reading a name needs pypinyin, which takes a quarter of a second to load.

    The one place these denormalised fields are worked out; every write path (the unit of work's
    upkeep, the Excel import's and the demo's bulk rows) takes them from here."""
    members = list(members)
    head_name = next((name for name, relation in members if relation == HEAD_RELATION), "")
    same_head = head_name == known[0] and bool(known[1])
    return {"head_name": head_name, "head_initials": known[1] if same_head else name_initials(head_name),
            "member_count": len(members)}
