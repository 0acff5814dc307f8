"""A draft opened later meets the household as it is now: members added or removed since are shown
and reported; the drafts list says whose draft, which date was typed and when it was last changed."""

from __future__ import annotations

from datetime import date

from app.services.drafts import DraftService, member_key, reconcile
from app.services.form_answers import initial_answers
from app.services.forms import FormService
from app.services.households import HouseholdService
from tests.services.helpers import poor_household


def _keys(members) -> tuple[str, ...]:
    return tuple(member_key(m.id_number, m.name) for m in members)


def test_members_added_and_removed_since_the_draft_are_shown_and_told(ctx, people) -> None:
    household = poor_household(ctx, people)
    service = HouseholdService(ctx)
    form = FormService(ctx).load("visit")
    before = service.get(household.id)
    answers = initial_answers(form, before.household, before.members)
    answers["member"][0]["member_health"] = "serious"  # typed in the draft: kept
    answers["needs"] = "修屋顶"
    # A daughter who was in the household when the draft was typed and has married out since.
    daughter = people.id_number(date(1998, 2, 2), male=False)
    answers["member"].append({"member_name": "张小芳", "member_id": daughter, "member_health": "healthy"})
    DraftService(ctx).save(household.id, "visit", form.version, answers, (*_keys(before.members), daughter))

    son = service.add_member(household.id, people.member("张小明", "之子", birth=date(2001, 3, 4)))
    now = service.get(household.id)

    draft = DraftService(ctx).load(household.id, "visit")
    assert draft.base_members == (*_keys(before.members), daughter)
    assert "__fangpin_base_members__" not in draft.answers
    result = reconcile(form, draft.answers, now.members, draft.base_members)
    rows = result.answers["member"]
    assert [row["member_name"] for row in rows] == ["张建国", "张妻", "张小明"]
    assert rows[0]["member_health"] == "serious" and rows[2]["member_id"] == son.id_number
    assert result.answers["needs"] == "修屋顶"
    assert (result.added, result.removed) == (("张小明",), ("张小芳",))
    assert result.changes == ["草稿保存后新增的成员已加入表中：张小明。",
                              "草稿保存后已不在本户的成员已从表中移除：张小芳。"]


def test_rows_the_worker_added_or_deleted_in_the_draft_stay_as_typed(ctx, people) -> None:
    household = poor_household(ctx, people)
    form = FormService(ctx).load("visit")
    detail = HouseholdService(ctx).get(household.id)
    answers = initial_answers(form, detail.household, detail.members)
    newborn = {"member_name": "张宝宝", "member_health": "healthy"}  # no ID number yet
    answers["member"] = [answers["member"][0], newborn]  # the wife's row deleted, a baby added
    result = reconcile(form, answers, detail.members, _keys(detail.members))
    assert result.answers["member"] == answers["member"]
    assert not result.changes


def test_an_old_draft_without_its_base_gains_new_members_and_reports_strangers(ctx, people) -> None:
    household = poor_household(ctx, people)
    form = FormService(ctx).load("visit")
    detail = HouseholdService(ctx).get(household.id)
    old = {"member": [{"member_name": "李四", "member_id": people.id_number()}]}
    DraftService(ctx).save(household.id, "visit", form.version, old)
    draft = DraftService(ctx).load(household.id, "visit")
    assert draft.base_members is None
    result = reconcile(form, draft.answers, detail.members, draft.base_members)
    assert [row["member_name"] for row in result.answers["member"]] == ["李四", "张建国", "张妻"]
    assert result.added == ("张建国", "张妻") and result.unregistered == ("李四",)


def test_the_drafts_list_names_household_typed_date_and_last_change(ctx, people) -> None:
    first = poor_household(ctx, people)
    second = poor_household(ctx, people, name="王秀兰")
    drafts = DraftService(ctx)
    assert drafts.open_drafts() == []
    drafts.save(first.id, "visit", "1", {"visit_date": "2026-11-20", "needs": "修屋顶"})
    drafts.save(second.id, "visit", "1", {"needs": "换水管"})
    listed = drafts.open_drafts()
    assert [(d.head_name, d.visit_date, d.form_id) for d in listed] == [("王秀兰", "", "visit"),
                                                                       ("张建国", "2026-11-20", "visit")]
    assert listed[0].village_name and listed[0].saved_at >= listed[1].saved_at
    drafts.discard(second.id, "visit")
    assert [d.household_id for d in drafts.open_drafts()] == [first.id]
