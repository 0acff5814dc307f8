"""Replicas converge whatever order changes arrive in, and no concurrent edit is lost."""

from random import Random

from sqlalchemy import select

from app.services.households import HouseholdService
from app.store.models import Conflict, Household, Member
from app.sync.log_reader import changes_since, version_vector
from app.sync.merge import apply_changes
from tests.conftest import VILLAGE

SHARED = ("household", "member")
VALUES = {"phone": ("13800000001", "13900000002", "13700000003"),
          "address": ("一组1号", "二组2号", "三组3号"), "house_safety": ("安全", "危房", "未鉴定")}


def _send(source, target) -> object:
    """Everything ``target`` has not seen from ``source``, as an export/import would carry it."""
    with target.db.read() as session:
        vector = version_vector(session)
    with source.db.read() as session:
        entries = changes_since(session, vector, SHARED)
    return apply_changes(target.db, entries)


def _state(ctx) -> list[tuple]:
    with ctx.db.read() as session:
        households = [(h.id, h.head_name, h.phone, h.address, h.house_safety, h.deleted)
                      for h in session.scalars(select(Household))]
        members = [(m.id, m.household_id, m.name, m.id_number, m.deleted)
                   for m in session.scalars(select(Member))]
    return sorted(households) + sorted(members)


def _conflicts(ctx) -> list[Conflict]:
    with ctx.db.read() as session:
        return list(session.scalars(select(Conflict)))


def _household(ctx, people):
    return HouseholdService(ctx).create({"village_code": VILLAGE, "household_type": "一般农户"},
                                        [people.member("张建国"), people.member("李秀英", "配偶",
                                                                               male=False)])


def test_a_household_travels_and_a_second_import_changes_nothing(open_copy, people) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    household = _household(worker, people)
    first = _send(worker, township)
    assert (first.applied, first.conflicts, first.quarantined) == (3, 0, [])
    assert _state(township) == _state(worker)
    assert HouseholdService(township).get(household.id).household.head_name == "张建国"
    with worker.db.read() as session:
        entries = changes_since(session, {}, SHARED)
    again = apply_changes(township.db, entries)
    assert (again.applied, again.already_known) == (0, 3)


def test_an_entry_repeated_within_one_batch_is_applied_once(open_copy, people) -> None:
    """Nothing of the batch is in the log here yet (a first bundle), so the repeat is found within
    the batch itself."""
    worker, township = open_copy("worker"), open_copy("township")
    _household(worker, people)
    with worker.db.read() as session:
        entries = changes_since(session, {}, SHARED)
    result = apply_changes(township.db, [*entries, *(dict(entry) for entry in entries)])
    assert (result.applied, result.already_known, result.quarantined) == (3, 3, [])
    assert _state(township) == _state(worker)


def test_an_edit_made_on_top_of_a_synced_value_is_no_conflict(open_copy, people) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    household = _household(worker, people)
    _send(worker, township)
    HouseholdService(township).update(household.id, {"phone": "13800000001"})
    _send(township, worker)
    HouseholdService(worker).update(household.id, {"phone": "13800000002"})
    _send(worker, township)
    assert _state(worker) == _state(township)
    assert HouseholdService(township).get(household.id).household.phone == "13800000002"
    assert _conflicts(worker) == [] and _conflicts(township) == []


def concurrent_phone_edits(open_copy, people):
    """A worker and its township change one phone number without seeing each other's change;
    the worker's bundle has reached the township, the township's not yet the worker."""
    worker, township = open_copy("worker"), open_copy("township")
    household = _household(worker, people)
    _send(worker, township)
    HouseholdService(worker).update(household.id, {"phone": "13800000001"})
    HouseholdService(township).update(household.id, {"phone": "13900000002"})
    _send(worker, township)
    return worker, township, household


def test_concurrent_edits_converge_and_the_losing_value_is_kept(open_copy, people) -> None:
    worker, township, household = concurrent_phone_edits(open_copy, people)
    _send(township, worker)
    assert _state(worker) == _state(township)
    final = HouseholdService(worker).get(household.id).household.phone
    assert final == "13900000002"  # the later stamp wins on both sides
    for ctx in (worker, township):
        (conflict,) = _conflicts(ctx)
        assert (conflict.field, conflict.kept_value, conflict.other_value) == (
            "phone", "13900000002", "13800000001")


def test_random_edits_in_random_order_converge(open_copy, people) -> None:
    replicas = [open_copy("worker"), open_copy("township"), open_copy("county")]
    rng = Random(7)
    households = [_household(replicas[0], people).id for _ in range(3)]
    for target in replicas[1:]:
        _send(replicas[0], target)
    for _ in range(40):
        ctx = rng.choice(replicas)
        name = rng.choice(tuple(VALUES))
        HouseholdService(ctx).update(rng.choice(households), {name: rng.choice(VALUES[name])})
        if rng.random() < 0.3:
            source, target = rng.sample(replicas, 2)
            _send(source, target)
    for _ in range(2):
        for source in replicas:
            for target in replicas:
                if source is not target:
                    _send(source, target)
    assert _state(replicas[0]) == _state(replicas[1]) == _state(replicas[2])


def test_a_tombstone_travels_and_cannot_be_undone_by_an_older_edit(open_copy, people) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    household = _household(worker, people)
    service = HouseholdService(worker)
    son = service.add_member(household.id, people.member("张小明", "之子"))
    _send(worker, township)
    HouseholdService(township).update_member(son.id, {"phone": "13800000009"})
    service.remove_member(son.id, "迁出")
    _send(worker, township)
    _send(township, worker)
    assert _state(worker) == _state(township)
    with worker.db.read() as session:
        assert session.get(Member, son.id).deleted is True


def test_a_resolution_is_a_change_that_ends_the_conflict_everywhere(open_copy, people) -> None:
    from app.services.conflicts import ConflictService

    worker, township, household = concurrent_phone_edits(open_copy, people)
    (conflict,) = ConflictService(township).open_conflicts()
    assert ConflictService(township).resolve(conflict.id, "theirs") == "13800000001"
    assert ConflictService(township).open_conflicts() == []
    _send(township, worker)
    assert HouseholdService(worker).get(household.id).household.phone == "13800000001"
    assert _state(worker) == _state(township)
    assert _conflicts(worker) == []


def test_a_conflict_keeps_the_base_both_edits_were_made_on(open_copy, people) -> None:
    from app.services.conflicts import ConflictService

    worker, township = open_copy("worker"), open_copy("township")
    household = _household(worker, people)
    HouseholdService(worker).update(household.id, {"phone": "13500000000"})
    _send(worker, township)
    # The township edits twice, the worker once, each without seeing the other's.
    HouseholdService(township).update(household.id, {"phone": "13900000001"})
    HouseholdService(township).update(household.id, {"phone": "13900000002"})
    HouseholdService(worker).update(household.id, {"phone": "13800000003"})
    _send(worker, township)
    _send(township, worker)
    for ctx in (township, worker):
        phone_conflicts = [c for c in _conflicts(ctx) if c.field == "phone"]
        assert len(phone_conflicts) == 1, ctx
        (conflict,) = phone_conflicts
        assert conflict.base_value == "13500000000"  # what both sides started from
        assert conflict.base_stamp and conflict.base_stamp < conflict.other_stamp
        assert {conflict.kept_value, conflict.other_value} == {"13800000003", "13900000002"}
        users = {conflict.kept_value: conflict.kept_user, conflict.other_value: conflict.other_user}
        assert users["13900000002"] == township.actor.user_name
        assert users["13800000003"] == worker.actor.user_name
        (item,) = [i for i in ConflictService(ctx).listing() if i.field == "phone"]
        assert item.base_known and item.base == "13500000000"
        assert "原为 13500000000" in item.description
        assert item.kept_at is not None and item.other_at is not None and item.base_at is not None
        assert item.household_id == household.id and "张建国户" in item.household_title
    (conflict,) = [c for c in ConflictService(township).open_conflicts() if c.field == "phone"]
    assert ConflictService(township).resolve(conflict.id, "base") == "13500000000"
    _send(township, worker)
    assert HouseholdService(worker).get(household.id).household.phone == "13500000000"
    assert _state(worker) == _state(township)


def test_a_conflict_over_an_inserted_value_has_the_insert_as_base(open_copy, people) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    household = _household(worker, people)
    _send(worker, township)
    HouseholdService(worker).update(household.id, {"address": "一组1号"})
    HouseholdService(township).update(household.id, {"address": "二组2号"})
    _send(worker, township)
    (conflict,) = _conflicts(township)
    created = HouseholdService(township).get(household.id).household.created_hlc
    assert (conflict.base_stamp, conflict.base_value) == (created, "")
