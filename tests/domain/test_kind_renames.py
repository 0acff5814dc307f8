"""Renamed measure kinds keep their identity (issue 20): the rename history decides which kind a
name continues, and a table by kind keeps the policy's order."""

from __future__ import annotations

import pytest

from app.domain.errors import UserFacingError
from app.domain.policy_lists import check_kind_origins, default_measure_items, kind_identity, table_order


def test_a_name_finds_the_kind_it_continues_through_every_rename() -> None:
    origins = {"就业创业帮扶": "就业帮扶", "稳岗就业帮扶": "就业创业帮扶"}
    assert kind_identity("稳岗就业帮扶", origins) == "就业帮扶"
    assert kind_identity("就业帮扶", origins) == "就业帮扶"
    assert kind_identity("防贫保险", origins) == "防贫保险"
    assert kind_identity("甲", {"甲": "乙", "乙": "甲"}) == "乙"  # a loop from two bundles stops


@pytest.mark.parametrize("value", [
    {"就业帮扶": "就业帮扶"}, {"甲": "乙", "乙": "甲"}, {"甲": ""}, {"甲、乙": "丙"},
    {"甲": "很长很长很长很长很长很长很长很长的名称"}, ["甲", "乙"],
])
def test_a_rename_no_county_means_is_refused(value: object) -> None:
    with pytest.raises(UserFacingError, match="帮扶措施类别改名"):
        check_kind_origins(value)


def test_the_table_keeps_the_policy_order_renamed_and_added_in_place_retired_after() -> None:
    items = default_measure_items()
    policy = {("就业创业帮扶" if kind == "就业帮扶" else kind): value for kind, value in items.items()}
    policy["社会帮扶"] = []  # retired
    policy["防贫保险"] = ["防贫保险理赔"]  # added
    rows = table_order(policy, {"就业创业帮扶": "就业帮扶"},
                       ["社会帮扶", "就业帮扶", "就业创业帮扶", "老政策", "健康帮扶"])
    labels = [label for label, _ in rows]
    assert labels[:3] == ["产业帮扶", "就业创业帮扶", "金融帮扶"]
    assert labels[-4:] == ["扶志扶智", "防贫保险", "社会帮扶", "老政策"]
    assert dict(rows)["就业创业帮扶"] == ("就业创业帮扶", "就业帮扶")  # the old name's records counted here
    assert "社会帮扶" not in labels[:-2]

    # A kind retired by a row left empty and added under the new name at the end still takes its place.
    renamed_at_end = {**items, "就业帮扶": [], "就业创业帮扶": ["技能培训"]}
    labels = [label for label, _ in table_order(renamed_at_end, {"就业创业帮扶": "就业帮扶"}, ["就业帮扶"])]
    assert labels[:3] == ["产业帮扶", "就业创业帮扶", "金融帮扶"] and "就业帮扶" not in labels
