"""Rules that span rows, broken by two devices together, are found at merge and resolved."""

from sqlalchemy import select

from app.services.assistance import AssistanceService
from app.services.conflicts import ConflictService
from app.services.households import HouseholdService
from app.store.models import Assignment, Member, RuleConflict
from app.sync.rules import ID_IN_TWO_HOUSEHOLDS, TWO_HEADS, TWO_PRIMARY_PERSONS
from tests.services.helpers import poor_household


def _open_rules(ctx) -> list[RuleConflict]:
    with ctx.db.read() as session:
        return list(session.scalars(select(RuleConflict).where(RuleConflict.resolved == False)))  # noqa: E712


def _members(ctx, household_id: str) -> list[tuple[str, str, bool]]:
    with ctx.db.read() as session:
        return sorted((m.name, m.relation, m.deleted) for m in session.scalars(
            select(Member).where(Member.household_id == household_id)))


def test_two_heads_named_on_two_devices_are_a_rule_conflict_resolved_by_choice(
        enrolled, courier, people) -> None:
    worker, township = enrolled
    household = poor_household(worker, people)
    courier.up(worker, township)
    head = next(m for m in HouseholdService(worker).get(household.id).members if m.relation == "户主")
    # Each side demotes the old head and names a new one, without seeing the other.
    for ctx, name in ((worker, "张大儿"), (township, "张二儿")):
        HouseholdService(ctx).update_member(head.id, {"relation": "之父/母"})
        HouseholdService(ctx).add_member(household.id, people.member(name, "户主"))
    summary = courier.up(worker, township)
    assert summary.rule_conflicts == 1
    (conflict,) = _open_rules(township)
    assert conflict.kind == TWO_HEADS and conflict.subject == household.id
    (item,) = [i for i in ConflictService(township).listing() if i.kind == TWO_HEADS]
    assert item.key == f"R{conflict.id}" and "有 2 名户主" in item.description
    assert {c["label"].split("（")[0] for c in item.choices} == {"张大儿", "张二儿"}
    keep = next(n for n, c in enumerate(item.choices, start=1) if c["label"].startswith("张二儿"))

    assert "张二儿" in ConflictService(township).resolve_any(item.key, str(keep))
    assert _open_rules(township) == []
    courier.down(township, worker)
    heads = [m for m in _members(worker, household.id) if m[1] == "户主"]
    assert heads == [("张二儿", "户主", False)]
    assert ("张大儿", "其他", False) in _members(worker, household.id)
    assert _members(worker, household.id) == _members(township, household.id)
    assert courier.up(worker, township).rule_conflicts == 0


def test_one_id_number_in_two_households_is_found_and_one_record_kept(enrolled, courier,
                                                                     people) -> None:
    worker, township = enrolled
    first = poor_household(worker, people, name="王一")
    second = poor_household(worker, people, name="李二")
    courier.up(worker, township)
    person = people.member("赵小妹", "之女", male=False)
    HouseholdService(worker).add_member(first.id, person)
    HouseholdService(township).add_member(second.id, {**person, "relation": "其他"})
    assert courier.up(worker, township).rule_conflicts == 1
    (conflict,) = _open_rules(township)
    assert conflict.kind == ID_IN_TWO_HOUSEHOLDS and conflict.subject == person["id_number"]
    assert "王一户" in conflict.description and "李二户" in conflict.description
    kept = next(r for r in conflict.rows if "之女" in r["label"])

    ConflictService(township).resolve_rule(conflict.id, kept["row_id"])
    courier.down(township, worker)
    for ctx in (worker, township):
        assert ("赵小妹", "之女", False) in _members(ctx, first.id)
        assert ("赵小妹", "其他", True) in _members(ctx, second.id)
    assert _open_rules(township) == []


def test_two_primary_assistance_persons_are_found_and_one_kept(enrolled, courier,
                                                               people) -> None:
    worker, township = enrolled
    household = poor_household(worker, people)
    courier.up(worker, township)
    service = AssistanceService(township)
    persons = [service.add_person({"name": name, "unit": "县农业农村局", "phone": "13800000000"})
               for name in ("孙帮扶", "周帮扶")]
    courier.down(township, worker)
    AssistanceService(worker).assign(household.id, persons[0].id, reason="网格员结对")
    AssistanceService(township).assign(household.id, persons[1].id, reason="乡镇结对")
    assert courier.up(worker, township).rule_conflicts == 1
    (item,) = [i for i in ConflictService(township).listing() if i.kind == TWO_PRIMARY_PERSONS]
    assert "2 名主要帮扶责任人" in item.description and "孙帮扶" in item.description

    ConflictService(township).resolve_any(item.key, "2")
    courier.down(township, worker)
    for ctx in (worker, township):
        with ctx.db.read() as session:
            open_primary = session.scalars(select(Assignment.id).where(
                Assignment.household_id == household.id, Assignment.end_date == None)).all()  # noqa: E711
        assert open_primary == [item.choices[1]["row_id"]]
    assert _open_rules(township) == []


def test_a_rule_conflict_closes_itself_when_the_data_is_corrected(enrolled, courier,
                                                                 people) -> None:
    worker, township = enrolled
    first = poor_household(worker, people, name="王一")
    second = poor_household(worker, people, name="李二")
    courier.up(worker, township)
    person = people.member("赵小妹", "之女", male=False)
    added = HouseholdService(worker).add_member(first.id, person)
    HouseholdService(township).add_member(second.id, {**person, "relation": "其他"})
    courier.up(worker, township)
    assert len(_open_rules(township)) == 1
    HouseholdService(worker).remove_member(added.id, "重复录入")
    courier.up(worker, township)
    assert _open_rules(township) == []


def test_rule_conflicts_are_listed_and_resolved_from_the_command_line(enrolled, courier, people,
                                                                     capsys, monkeypatch) -> None:
    import json

    from app.cli import main
    from tests.conftest import PASSWORD

    worker, township = enrolled
    first = poor_household(worker, people, name="王一")
    second = poor_household(worker, people, name="李二")
    courier.up(worker, township)
    person = people.member("赵小妹", "之女", male=False)
    HouseholdService(worker).add_member(first.id, person)
    HouseholdService(township).add_member(second.id, {**person, "relation": "其他"})
    courier.up(worker, township)
    location = township.db.location
    township.db.close()
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    capsys.readouterr()
    assert main(["conflicts", "list", "--db", location]) == 0
    out = capsys.readouterr().out
    assert "同一身份证号在两户" in out and "1. 赵小妹" in out and "2. 赵小妹" in out
    assert main(["conflicts", "list", "--db", location, "--json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert item["id"].startswith("R") and len(item["choices"]) == 2
    assert main(["conflicts", "resolve", "--db", location, item["id"], "--take", "9"]) == 2
    assert "不是这个冲突里的记录" in capsys.readouterr().err
    assert main(["conflicts", "resolve", "--db", location, item["id"], "--take", "1"]) == 0
    assert "已解决" in capsys.readouterr().out
    assert main(["conflicts", "list", "--db", location, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["conflicts", "resolve", "--db", location, "RX", "--take", "1"]) == 2
    assert "冲突编号“RX”无效" in capsys.readouterr().err


def test_households_assigned_on_two_devices_past_the_workload_limit_are_a_rule_conflict(
        enrolled, courier, people) -> None:
    from app.services.policy import PolicyService
    from app.sync.rules import OVER_WORKLOAD

    worker, township = enrolled
    limit = PolicyService(township).workload_limit()
    households = [poor_household(worker, people, name=f"户{n}").id for n in range(limit + 1)]
    courier.up(worker, township)
    cadre = AssistanceService(township).add_person({"name": "钱干部", "unit": "武邑镇政府", "phone": "13800000000"})
    courier.down(township, worker)
    # Each device stays within the limit; together they pass it.
    half = (limit + 1) // 2
    for ctx, mine in ((worker, households[:half]), (township, households[half:])):
        for household_id in mine:
            assert AssistanceService(ctx).assign(household_id, cadre.id, reason="结对").workload_warning is None
    assert courier.up(worker, township).rule_conflicts == 1
    (item,) = [i for i in ConflictService(township).listing() if i.kind == OVER_WORKLOAD]
    assert item.kind_title == "帮扶户数超过上限"
    assert f"钱干部现在帮扶 {limit + 1} 户，超过上限 {limit} 户" in item.description
    assert len(item.choices) == limit + 1 and item.choices[0]["label"].startswith("户0户")
    assert courier.up(worker, township).rule_conflicts == 0  # kept once

    # Resolving ends the help of the chosen household; the load is within the limit again.
    assert ConflictService(township).resolve_any(item.key, "1").startswith("结束户0户")
    assert [i for i in ConflictService(township).listing() if i.kind == OVER_WORKLOAD] == []
    courier.down(township, worker)
    for ctx in (worker, township):
        with ctx.db.read() as session:
            open_households = session.scalars(select(Assignment.household_id).where(
                Assignment.person_id == cadre.id, Assignment.end_date == None)).all()  # noqa: E711
        assert sorted(open_households) == sorted(households[1:])
    assert courier.up(worker, township).rule_conflicts == 0
