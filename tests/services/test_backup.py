"""Backup and restore: an encrypted consistent copy, what it holds, and sync going on after a restore."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.domain.errors import UserFacingError
from app.services.backup import RESTORE_MARGIN, BackupService, read_backup, restore_backup
from app.services.households import HouseholdService
from app.services.recovery import RecoveryService
from app.services.setup import open_context
from app.store.engine import WrongPassword
from app.store.models import ChangeLog, Household, Member
from tests.conftest import PASSWORD, VILLAGE
from tests.services.helpers import poor_household
from tests.sync.conftest import Courier, enroll


def _households(ctx) -> list[str]:
    with ctx.db.read() as session:
        return sorted(h.head_name for h in session.scalars(select(Household).where(~Household.deleted)))


def _own_seqs(ctx) -> list[int]:
    with ctx.db.read() as session:
        return list(session.scalars(select(ChangeLog.seq).where(
            ChangeLog.device_id == ctx.db.device.id).order_by(ChangeLog.seq)))


def test_a_backup_opens_only_with_the_password_and_says_what_it_holds(open_copy, people, tmp_path) -> None:
    worker = open_copy("worker")
    poor_household(worker, people, name="李秀英")
    poor_household(worker, people, name="王五")
    out = tmp_path / "备份.fpbak"
    info = BackupService(worker).backup(PASSWORD, out)
    assert info.households == 2 and info.device_name == worker.db.device.name
    assert info.made_at is not None and abs(info.made_at - datetime.now(UTC)) < timedelta(minutes=1)
    assert info.last_bundle_sent is None
    with pytest.raises(WrongPassword):
        read_backup(out, "别的密码-000")
    assert b"SQLite format" not in out.read_bytes()[:100]  # encrypted from the first page
    copy = open_context(out, PASSWORD)
    try:
        assert _households(copy) == ["李秀英", "王五"]
    finally:
        copy.db.close()
    assert BackupService(worker).last_backup() is not None
    assert not out.with_name(out.name + ".part").exists()


def test_a_backup_is_one_snapshot_while_another_connection_writes(open_copy, people, tmp_path) -> None:
    worker = open_copy("worker")
    writer = open_context(worker.db.location, PASSWORD)  # as the application, in another connection
    stop = threading.Event()
    written: list[int] = []

    def keep_writing() -> None:
        while not stop.is_set():
            poor_household(writer, people, name=f"赵{len(written):03d}")
            written.append(1)

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        while len(written) < 3:
            stop.wait(0.01)
        info = BackupService(worker).backup(PASSWORD, tmp_path / "b.fpbak")
    finally:
        stop.set()
        thread.join()
        writer.db.close()
    copy = open_context(tmp_path / "b.fpbak", PASSWORD)
    try:
        with copy.db.read() as session:
            households = session.scalar(select(func.count()).select_from(Household))
            members = session.scalar(select(func.count()).select_from(Member))
            logged = session.scalar(select(func.count()).select_from(ChangeLog))
        # Whole service calls only: every household with both members and their log entries.
        assert households == info.households >= 3
        assert members == 2 * households
        assert logged > 0 and _own_seqs(copy) == list(range(1, len(_own_seqs(copy)) + 1))
    finally:
        copy.db.close()


def test_the_township_recovery_key_opens_a_backup(tmp_path, open_copy, people) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    enroll(worker, township, tmp_path)
    assert RecoveryService(worker).escrow_for_station(PASSWORD)
    poor_household(worker, people, name="王五")
    Courier(tmp_path).up(worker, township)
    out = tmp_path / "worker.fpbak"
    BackupService(worker).backup(PASSWORD, out)
    # The password is forgotten; the station opens the backup with the key it keeps.
    RecoveryService(township).recover(out, "乡镇重设的密码")
    assert read_backup(out, "乡镇重设的密码").households == 1


def test_restore_refuses_to_overwrite_without_confirmation_and_another_devices_database(
        open_copy, people, tmp_path) -> None:
    worker, county = open_copy("worker"), open_copy("county")
    out = tmp_path / "w.fpbak"
    BackupService(worker).backup(PASSWORD, out)
    with pytest.raises(UserFacingError, match="--yes"):
        restore_backup(out, PASSWORD, worker.db.location)
    county.db.close()
    with pytest.raises(UserFacingError, match="另一台设备"):
        restore_backup(out, PASSWORD, county.db.location, replace=True)
    with pytest.raises(UserFacingError, match="pg_dump"):
        restore_backup(out, PASSWORD, "postgresql://fangpin@localhost/county")


def test_restoring_over_the_database_brings_back_the_backup_and_numbers_on(open_copy, people, tmp_path) -> None:
    worker = open_copy("worker")
    poor_household(worker, people, name="李秀英")
    out = tmp_path / "w.fpbak"
    BackupService(worker).backup(PASSWORD, out)
    poor_household(worker, people, name="后来的")
    top = _own_seqs(worker)[-1]
    worker.db.close()
    result = restore_backup(out, PASSWORD, worker.db.location, replace=True)
    assert result.replaced_read and result.seq_floor == top
    restored = open_context(worker.db.location, PASSWORD)
    try:
        assert _households(restored) == ["李秀英"]
        HouseholdService(restored).create({"village_code": VILLAGE, "household_type": "脱贫户"},
                                          [people.member("新户主")])
        assert min(s for s in _own_seqs(restored) if s > result.info.top_seq) == top + 1
    finally:
        restored.db.close()


def test_restoring_into_a_new_file_moves_the_counter_past_the_margin(open_copy, people, tmp_path) -> None:
    worker = open_copy("worker")
    poor_household(worker, people, name="李秀英")
    out = tmp_path / "w.fpbak"
    BackupService(worker).backup(PASSWORD, out)
    target = tmp_path / "新电脑.db"
    result = restore_backup(out, PASSWORD, target)
    assert not result.replaced_read and result.seq_floor == result.info.top_seq + RESTORE_MARGIN
    restored = open_context(target, PASSWORD)
    try:
        assert restored.db.device.id == worker.db.device.id
        poor_household(restored, people, name="王五")
        assert min(s for s in _own_seqs(restored) if s > result.info.top_seq) == result.seq_floor + 1
    finally:
        restored.db.close()


def test_an_older_backup_restored_after_bundles_went_up_loses_nothing_at_the_township(
        tmp_path, open_copy, people) -> None:
    """Bundle 1 up, back up, bundle 2 up, restore the backup, edit, bundle 3 up: the township keeps
    bundle 2 and takes bundle 3's edits (not skipped as already known)."""
    worker, township = open_copy("worker"), open_copy("township")
    enroll(worker, township, tmp_path)
    courier = Courier(tmp_path)
    first = poor_household(worker, people, name="一号包")
    courier.up(worker, township)  # bundle 1
    backup = tmp_path / "worker.fpbak"
    BackupService(worker).backup(PASSWORD, backup)
    second = poor_household(worker, people, name="二号包")
    HouseholdService(worker).update(first.id, {"phone": "13800000002"})
    assert courier.up(worker, township).applied > 0  # bundle 2
    sent_in_two = _own_seqs(worker)
    location = worker.db.location
    worker.db.close()

    result = restore_backup(backup, PASSWORD, location, replace=True)
    assert result.info.last_bundle_sent == 1
    restored = open_context(location, PASSWORD)
    third = poor_household(restored, people, name="三号包")
    HouseholdService(restored).update(first.id, {"address": "村东头 3 号"})
    assert set(_own_seqs(restored)).isdisjoint(set(sent_in_two) - set(range(1, result.info.top_seq + 1)))
    summary = courier.up(restored, township)  # bundle 3
    assert summary.applied > 0 and summary.already_known <= result.info.top_seq
    assert summary.sequence == 3 and summary.missing_sequences == []  # bundle numbers carried over
    with township.db.read() as session:
        one, two, three = (session.get(Household, h.id) for h in (first, second, third))
        assert two is not None and two.head_name == "二号包"  # bundle 2 is still there
        assert three is not None and three.head_name == "三号包"  # bundle 3 arrived, not "known"
        assert one.phone == "13800000002" and one.address == "村东头 3 号"
    restored.db.close()


def test_the_reminder_counts_days_since_the_last_backup(open_copy, tmp_path) -> None:
    worker = open_copy("worker")
    service = BackupService(worker)
    assert service.backup_overdue(7) == -1  # never backed up
    service.backup(PASSWORD, tmp_path / "b.fpbak")
    assert service.backup_overdue(7) is None
    assert service.backup_overdue(7, now=datetime.now(UTC) + timedelta(days=8)) == 8
    assert service.backup_overdue(0, now=datetime.now(UTC) + timedelta(days=80)) is None  # switched off


def test_backup_is_refused_for_a_server_database(open_copy, tmp_path, monkeypatch) -> None:
    worker = open_copy("worker")
    monkeypatch.setattr(worker.db, "location", "postgresql://fangpin@localhost/county")
    with pytest.raises(UserFacingError, match="pg_dump"):
        BackupService(worker).backup(PASSWORD, tmp_path / "b.fpbak")
    assert not list(Path(tmp_path).glob("b.fpbak*"))
