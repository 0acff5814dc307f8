"""Visit drafts live in the encrypted database, on this device only; old plaintext draft files move in."""

from __future__ import annotations

import json
import os
from pathlib import Path

from sqlalchemy import func, select

from app.services.drafts import DraftService, shred
from app.store.models import SYNCED_BY_NAME, ChangeLog, FormDraft
from tests.services.helpers import poor_household


def _log_size(ctx) -> int:
    with ctx.db.read() as session:
        return session.scalar(select(func.count()).select_from(ChangeLog))


def test_one_draft_per_household_and_form_kept_replaced_and_discarded(ctx, people) -> None:
    household = poor_household(ctx, people)
    drafts = DraftService(ctx)
    assert drafts.load(household.id, "visit") is None
    drafts.save(household.id, "visit", "2026110101", {"needs": "修屋顶", "member": [{"name": "张建国"}]})
    drafts.save(household.id, "visit", "2026110102", {"needs": "换水管", "visit_date": "2026-11-20"})
    drafts.save(household.id, "screening", "1", {"note": "另一张表"})
    draft = drafts.load(household.id, "visit")
    assert (draft.form_version, draft.answers) == ("2026110102", {"needs": "换水管", "visit_date": "2026-11-20"})
    with ctx.db.read() as session:
        assert session.scalar(select(func.count()).select_from(FormDraft)) == 2
    drafts.discard(household.id, "visit")
    assert drafts.load(household.id, "visit") is None
    assert drafts.load(household.id, "screening").answers == {"note": "另一张表"}


def test_a_draft_is_not_logged_so_no_bundle_carries_it(ctx, people) -> None:
    household = poor_household(ctx, people)
    before = _log_size(ctx)
    DraftService(ctx).save(household.id, "visit", "1", {"needs": "张建国住院"})
    DraftService(ctx).discard(household.id, "visit")
    DraftService(ctx).save(household.id, "visit", "1", {"needs": "张建国住院"})
    assert _log_size(ctx) == before
    assert FormDraft.__tablename__ not in SYNCED_BY_NAME


def _old_draft(folder: Path, household_id: str, form_id: str, answers: dict) -> Path:
    path = folder / f"visit-{household_id}-{form_id}.json"
    path.write_text(json.dumps({"form_id": form_id, "version": "7", "answers": answers}, ensure_ascii=False),
                    encoding="utf-8")
    return path


def test_old_draft_files_move_into_the_database_and_are_deleted(ctx, people, tmp_path: Path) -> None:
    household = poor_household(ctx, people)
    folder = tmp_path / "drafts"
    folder.mkdir()
    ours = _old_draft(folder, household.id, "visit", {"needs": "张建国的药费"})
    half_written = folder / f"visit-{household.id}-visit.part"
    half_written.write_text('{"answers": {"needs": "张建', encoding="utf-8")
    broken = folder / "visit-garbled.json"
    broken.write_text("{not json", encoding="utf-8")
    elsewhere = _old_draft(folder, "0000aaaa-0000-7000-8000-000000000000", "visit", {"needs": "别的数据库"})

    assert DraftService(ctx).import_draft_files(folder) == 1
    draft = DraftService(ctx).load(household.id, "visit")
    assert (draft.form_version, draft.answers) == ("7", {"needs": "张建国的药费"})
    assert not ours.exists() and not half_written.exists() and not broken.exists()
    assert elsewhere.exists()  # the draft of another database's household waits for that database
    assert DraftService(ctx).import_draft_files(folder) == 0


def test_an_imported_file_does_not_replace_a_newer_draft(ctx, people, tmp_path: Path) -> None:
    household = poor_household(ctx, people)
    path = _old_draft(tmp_path, household.id, "visit", {"needs": "旧的"})
    os.utime(path, (1_000_000_000, 1_000_000_000))  # 2001
    DraftService(ctx).save(household.id, "visit", "8", {"needs": "新的"})
    DraftService(ctx).import_draft_files(tmp_path)
    assert DraftService(ctx).load(household.id, "visit").answers == {"needs": "新的"}
    assert not path.exists()


def test_a_shredded_file_is_overwritten_before_it_is_deleted(tmp_path: Path) -> None:
    path = tmp_path / "draft.json"
    path.write_text('{"name": "张建国"}', encoding="utf-8")
    other_name = tmp_path / "same-file"
    os.link(path, other_name)  # the same bytes under a second name show what was left on disk
    shred(path)
    assert not path.exists()
    assert other_name.read_bytes() == b"\0" * len('{"name": "张建国"}'.encode())
