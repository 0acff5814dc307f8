from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.domain.errors import UserFacingError
from app.services.households import HouseholdService
from app.store.models import ChangeLog
from tests.conftest import VILLAGE


def _create(ctx, people, *members, **household):
    values = {"village_code": VILLAGE, "household_type": "一般农户", **household}
    return HouseholdService(ctx).create(values, list(members) or [people.member("张建国")])


def test_create_fills_sex_birth_initials_and_head(ctx, people) -> None:
    household = _create(ctx, people, people.member("张建国", birth=date(1960, 2, 3)),
                        people.member("李秀英", "配偶", birth=date(1962, 4, 5), male=False))
    detail = HouseholdService(ctx).get(household.id)
    head, spouse = detail.members
    assert (head.name, head.sex, head.birth_date) == ("张建国", "男", date(1960, 2, 3))
    assert (spouse.sex, spouse.name_initials) == ("女", "lxy")
    assert household.head_name == "张建国" and household.head_initials == "zjg"
    assert household.member_count == 2
    assert head.id_number_reversed == head.id_number[::-1]


def test_full_width_and_lower_case_x_id_numbers_are_normalised(ctx, people) -> None:
    number = people.id_number()
    typed = number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    household = _create(ctx, people, {"name": "王五", "relation": "户主", "id_number": typed})
    assert HouseholdService(ctx).get(household.id).members[0].id_number == number


def test_invalid_id_number_is_refused_with_where_and_why(ctx, people) -> None:
    bad = people.id_number()[:-1] + ("0" if people.id_number()[-1] != "0" else "1")
    with pytest.raises(UserFacingError) as error:
        _create(ctx, people, {"name": "王五", "relation": "户主", "id_number": bad})
    assert "校验位" in error.value.message
    assert error.value.location == "第 1 名成员"


def test_duplicate_id_number_names_the_household_that_holds_it(ctx, people) -> None:
    head = people.member("赵大山")
    _create(ctx, people, head)
    with pytest.raises(UserFacingError, match="赵大山户") as error:
        _create(ctx, people, {**head, "name": "赵大山二"})
    assert error.value.field == "身份证号"
    assert "同一人不能登记在两户" in error.value.message


def test_exactly_one_head_is_required(ctx, people) -> None:
    with pytest.raises(UserFacingError, match="有且只有一名户主"):
        _create(ctx, people, people.member("甲", "配偶"))
    with pytest.raises(UserFacingError, match="有且只有一名户主"):
        _create(ctx, people, people.member("甲"), people.member("乙"))
    household = _create(ctx, people)
    with pytest.raises(UserFacingError, match="已经有户主"):
        HouseholdService(ctx).add_member(household.id, people.member("丙"))


def test_a_failed_create_writes_nothing(ctx, people) -> None:
    with ctx.db.read() as session:
        before = len(session.scalars(select(ChangeLog)).all())
    with pytest.raises(UserFacingError):
        _create(ctx, people, people.member("甲"),
                {"name": "乙", "relation": "之子", "id_number": "123"})
    with ctx.db.read() as session:
        assert len(session.scalars(select(ChangeLog)).all()) == before


def test_village_must_exist_and_be_in_scope(open_copy, people) -> None:
    worker = open_copy("worker")
    with pytest.raises(UserFacingError, match="不是本数据库区划表中的村"):
        _create(worker, people, village_code="131122100299")
    county = open_copy("county")
    with pytest.raises(UserFacingError, match="不是本数据库区划表中的村"):
        _create(county, people, village_code="131122100000")


def test_update_validates_every_field_by_label(ctx, people) -> None:
    service = HouseholdService(ctx)
    household = _create(ctx, people)
    updated = service.update(household.id, {"phone": "138 0000 1111", "住房安全": "危房",
                                            "farmland_mu": "3.5"})
    assert (updated.phone, updated.house_safety, updated.farmland_mu) == (
        "13800001111", "危房", Decimal("3.5"))
    with pytest.raises(UserFacingError, match="手机号应为 11 位"):
        service.update(household.id, {"phone": "12345"})
    with pytest.raises(UserFacingError, match="可选：安全、危房、未鉴定"):
        service.update(household.id, {"house_safety": "还行"})
    with pytest.raises(UserFacingError, match="没有“colour”这个字段"):
        service.update(household.id, {"colour": "red"})
    with pytest.raises(UserFacingError, match="应填“是”或“否”"):
        service.update(household.id, {"registered_poor": "也许"})


def test_member_rules_education_or_school_and_health(ctx, people) -> None:
    household = _create(ctx, people)
    service = HouseholdService(ctx)
    with pytest.raises(UserFacingError, match="只能填一项"):
        service.add_member(household.id, people.member("小明", "之子", birth=date(2012, 1, 1),
                                                       education="小学", school_stage="七年级"))
    with pytest.raises(UserFacingError, match="不能与疾病或残疾同时选择"):
        service.add_member(household.id, people.member("小红", "之女", male=False,
                                                       health="健康、残疾"))
    child = service.add_member(household.id, people.member("小明", "之子", birth=date(2012, 1, 1),
                                                           school_stage="八年级"))
    assert HouseholdService(ctx).get(household.id).household.member_count == 2
    changed = service.update_member(child.id, {"health": "残疾", "disability_kind": "4",
                                               "disability_grade": "2"})
    assert (changed.health, changed.disability_kind) == (["残疾"], 4)


def test_removing_a_member_is_a_tombstone_and_the_head_cannot_go(ctx, people) -> None:
    household = _create(ctx, people, people.member("户主甲"), people.member("乙", "之子"))
    service = HouseholdService(ctx)
    head, son = service.get(household.id).members
    with pytest.raises(UserFacingError, match="是户主，不能直接作废"):
        service.remove_member(head.id, "迁出")
    with pytest.raises(UserFacingError, match="请选择作废成员的原因"):
        service.remove_member(son.id, "")
    service.remove_member(son.id, "迁出")
    detail = service.get(household.id)
    assert [m.name for m in detail.members] == ["户主甲"]
    assert detail.household.member_count == 1
    with ctx.db.read() as session:
        ops = [c.op for c in session.scalars(select(ChangeLog).where(ChangeLog.row_id == son.id))]
    assert ops == ["insert", "delete"]


def test_resolve_accepts_id_prefix_or_member_id_number(ctx, people) -> None:
    head = people.member("孙立")
    household = _create(ctx, people, head)
    service = HouseholdService(ctx)
    assert service.resolve(household.id[:13]) == household.id
    assert service.resolve(head["id_number"]) == household.id
    with pytest.raises(UserFacingError, match="找不到农户"):
        service.resolve("nothing-here")


def test_resolve_accepts_the_household_number(ctx, people) -> None:
    household = _create(ctx, people, household_number="1311221002010099")
    assert HouseholdService(ctx).resolve("1311221002010099") == household.id


def test_members_are_listed_head_first_in_the_official_order(ctx, people) -> None:
    household = _create(ctx, people, people.member("户主甲", birth=date(1970, 1, 1)),
                        people.member("母亲", "之父/母", birth=date(1940, 1, 1), male=False),
                        people.member("儿子", "之子", birth=date(1995, 1, 1)),
                        people.member("妻子", "配偶", birth=date(1972, 1, 1), male=False))
    names = [m.name for m in HouseholdService(ctx).get(household.id).members]
    assert names == ["户主甲", "妻子", "儿子", "母亲"]
