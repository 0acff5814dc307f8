"""Forms being filled in and not yet saved, kept inside the encrypted database.

A visit left with 稍后继续, closed by a crash or by a flat battery is a draft: one per household
and form, on this device only (the table is not a synchronised one, so nothing is logged and no
bundle carries it). Saving the form or discarding the draft deletes it.

Older versions kept drafts as plaintext JSON files in the profile; ``import_draft_files`` moves
those into the database and overwrites and deletes the files.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from app.services.context import ServiceContext
from app.store.models import FormDraft, Household

log = logging.getLogger("fangpin")

# What older versions named a visit draft: visit-<household id>-<form id>.json (and .part while writing).
_OLD_PREFIX = "visit-"


@dataclass(frozen=True)
class Draft:
    household_id: str
    form_id: str
    form_version: str
    answers: dict[str, Any]
    saved_at: datetime


def _plain(answers: dict[str, Any]) -> dict[str, Any]:
    """The answers as JSON holds them (dates and numbers as the widgets' text)."""
    return json.loads(json.dumps(answers, ensure_ascii=False, default=str))


class DraftService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def save(self, household_id: str, form_id: str, form_version: str, answers: dict[str, Any]) -> None:
        """Keep what is typed so far, replacing this household's earlier draft of the form."""
        with self.ctx.db.write(self.ctx.actor) as session:
            session.merge(FormDraft(household_id=household_id, form_id=form_id, form_version=form_version,
                                    answers=_plain(answers), saved_at=datetime.now(UTC)))

    def load(self, household_id: str, form_id: str) -> Draft | None:
        with self.ctx.db.read() as session:
            row = session.get(FormDraft, (household_id, form_id))
            if row is None:
                return None
            return Draft(row.household_id, row.form_id, row.form_version, dict(row.answers), row.saved_at)

    def discard(self, household_id: str, form_id: str) -> None:
        with self.ctx.db.write(self.ctx.actor) as session:
            session.execute(delete(FormDraft).where(FormDraft.household_id == household_id,
                                                    FormDraft.form_id == form_id))

    def import_draft_files(self, folder: Path) -> int:
        """Move the plaintext drafts an older version left in ``folder`` into the database.

        A draft of a household this database holds is imported (unless the database already has a
        newer one) and its file overwritten and deleted; so are unreadable files and unfinished
        writes. A draft of a household this database does not hold stays for the database it
        belongs to. Returns how many drafts were imported.
        """
        if not folder.is_dir():
            return 0
        found: dict[Path, tuple[str, str, str, dict[str, Any], datetime]] = {}
        unreadable: list[Path] = []
        for path in sorted(folder.glob(f"{_OLD_PREFIX}*")):
            parsed = _read_old_file(path) if path.suffix == ".json" else None
            if parsed is None:
                unreadable.append(path)
            else:
                found[path] = parsed
        with self.ctx.db.write(self.ctx.actor) as session:
            known = set(session.scalars(select(Household.id).where(
                Household.id.in_({household for household, *_rest in found.values()}))))
            imported = {path: values for path, values in found.items() if values[0] in known}
            for household_id, form_id, version, answers, saved_at in imported.values():
                existing = session.get(FormDraft, (household_id, form_id))
                if existing is None or existing.saved_at.replace(tzinfo=UTC) < saved_at:
                    session.merge(FormDraft(household_id=household_id, form_id=form_id, form_version=version,
                                            answers=_plain(answers), saved_at=saved_at))
        for path in [*imported, *unreadable]:
            shred(path)
        if imported or unreadable:
            log.info("已把 %d 份旧版走访草稿移入数据库，删除了 %d 个草稿文件", len(imported),
                     len(imported) + len(unreadable))
        with contextlib.suppress(OSError):
            folder.rmdir()  # gone once empty; a draft for another database keeps it
        return len(imported)


def _read_old_file(path: Path) -> tuple[str, str, str, dict[str, Any], datetime] | None:
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
        form_id = str(content["form_id"])
        answers = content["answers"]
        saved_at = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    key = path.stem[len(_OLD_PREFIX):]
    if not isinstance(answers, dict) or not form_id or not key.endswith(f"-{form_id}"):
        return None
    return key[: -len(form_id) - 1], form_id, str(content.get("version", "")), answers, saved_at


def shred(path: Path) -> None:
    """Overwrite a file's bytes with zeros before deleting it, so its text is not left in the freed
    blocks (as far as the file system writes in place; a copy-on-write or flash disk may not)."""
    try:
        size = path.stat().st_size
        with open(path, "r+b") as stream:
            stream.write(b"\0" * size)
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as error:
        log.warning("无法覆盖旧草稿文件：%s", error.strerror or error)
    path.unlink(missing_ok=True)
