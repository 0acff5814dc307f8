"""Forms being filled in and not yet saved, kept inside the encrypted database.

A visit left with 稍后继续, closed by a crash or by a flat battery is a draft: one per household
and form, on this device only (the table is not a synchronised one, so nothing is logged and no
bundle carries it). Saving the form or discarding the draft deletes it.

A draft opened days later meets a household that may have changed: ``reconcile`` brings its member
rows up to the register (a member added since gets a row, a member who left loses his) and says
what it changed, so the worker is told. For that a draft remembers which members the household had
when it was typed (its base); ``open_drafts`` lists every draft for the 走访 page.

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

from app.domain.errors import UserFacingError
from app.forms.model import REPEAT, Form
from app.services.context import ServiceContext
from app.services.form_answers import FIELD_BIND, member_rows_for
from app.services.forms import FormService
from app.services.rows import live
from app.store.models import Division, FormDraft, Household

log = logging.getLogger("fangpin")

# What older versions named a visit draft: visit-<household id>-<form id>.json (and .part while writing).
_OLD_PREFIX = "visit-"


# Where a draft keeps the members the household had when it was typed, beside the answers.
_BASE = "__fangpin_base_members__"
# The answers that date a visit (the form's visit.date / screening.date question).
_DATE_TARGETS = ("visit.date", "screening.date")


@dataclass(frozen=True)
class Draft:
    household_id: str
    form_id: str
    form_version: str
    answers: dict[str, Any]
    saved_at: datetime
    # Member keys (ID number, or 姓名:name without one) when the draft was typed; None in old drafts.
    base_members: tuple[str, ...] | None = None


@dataclass(frozen=True)
class OpenDraft:
    """A row of the drafts list: whose household, which date was typed, when it was last changed."""

    household_id: str
    form_id: str
    village_name: str
    head_name: str
    visit_date: str
    saved_at: datetime


@dataclass(frozen=True)
class Reconciled:
    """A draft's answers brought up to the household as it is now, and what that changed."""

    answers: dict[str, Any]
    added: tuple[str, ...] = ()  # members who joined the household after the draft was typed
    removed: tuple[str, ...] = ()  # members who left it since (their rows are taken out)
    unregistered: tuple[str, ...] = ()  # rows of an old draft naming nobody in the register

    @property
    def changes(self) -> list[str]:
        """What the worker is told, one line each."""
        lines = []
        if self.added:
            lines.append(f"草稿保存后新增的成员已加入表中：{'、'.join(self.added)}。")
        if self.removed:
            lines.append(f"草稿保存后已不在本户的成员已从表中移除：{'、'.join(self.removed)}。")
        if self.unregistered:
            lines.append(f"草稿中的成员在户籍中找不到，请核实：{'、'.join(self.unregistered)}。")
        return lines


def member_key(id_number: str, name: str) -> str:
    """How a draft row and a household member are matched: the ID number, else the name."""
    return id_number.strip().upper() if id_number.strip() else f"姓名:{name.strip()}"


def _member_repeats(form: Form) -> list[tuple[str, str, str]]:
    """(repeat, its ID-number question, its name question) for each repeat listing the members."""
    found = []
    for repeat in (q for q in form.walk() if q.type == REPEAT):
        targets = {q.bind.get(FIELD_BIND, ""): q.name for q in repeat.children}
        if "member.id_number" in targets or "member.name" in targets:
            found.append((repeat.name, targets.get("member.id_number", ""), targets.get("member.name", "")))
    return found


def reconcile(form: Form, answers: dict[str, Any], members: list[Any],
              base_members: tuple[str, ...] | None) -> Reconciled:
    """The draft's member rows matched with the household's members now (``members``: objects with
    ``id_number`` and ``name``). A member the household gained since the draft gets the row a new
    form would start with; a row of a member in the base who has left is taken out; a row the
    worker added in the draft (nobody in the base) stays, as does a base member's row the worker
    deleted. Without a base (an old draft) rows are kept and those naming nobody are reported."""
    result = dict(answers)
    added: list[str] = []
    removed: list[str] = []
    unregistered: list[str] = []
    fresh = member_rows_for(form, members)
    current = {member_key(m.id_number or "", m.name or ""): m for m in members}
    base = set(base_members) if base_members is not None else None
    for repeat, id_question, name_question in _member_repeats(form):
        rows = answers.get(repeat)
        rows = [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []
        kept: list[dict[str, Any]] = []
        seen: set[str] = set()
        for row in rows:
            key = member_key(str(row.get(id_question, "") or ""), str(row.get(name_question, "") or ""))
            label = str(row.get(name_question, "") or row.get(id_question, ""))
            if key in current:
                seen.add(key)
                kept.append(row)
            elif base is not None and key in base:
                removed.append(label)
            else:
                kept.append(row)
                if base is None and label:
                    unregistered.append(label)
        for (key, member), row in zip(current.items(), fresh.get(repeat, []), strict=True):
            if key in seen or (base is not None and key in base):
                continue  # in the draft, or deliberately taken out of it by the worker
            kept.append(row)
            added.append(member.name)
        if kept != rows or repeat in answers:
            result[repeat] = kept
    return Reconciled(result, tuple(dict.fromkeys(added)), tuple(dict.fromkeys(removed)),
                      tuple(dict.fromkeys(unregistered)))


def _plain(answers: dict[str, Any]) -> dict[str, Any]:
    """The answers as JSON holds them (dates and numbers as the widgets' text)."""
    return json.loads(json.dumps(answers, ensure_ascii=False, default=str))


class DraftService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def save(self, household_id: str, form_id: str, form_version: str, answers: dict[str, Any],
             base_members: tuple[str, ...] | None = None) -> None:
        """Keep what is typed so far, replacing this household's earlier draft of the form.
        ``base_members``: the member keys the household had when the form was filled from it."""
        stored = _plain(answers)
        if base_members is not None:
            stored[_BASE] = list(base_members)
        with self.ctx.db.write(self.ctx.actor) as session:
            session.merge(FormDraft(household_id=household_id, form_id=form_id, form_version=form_version,
                                    answers=stored, saved_at=datetime.now(UTC)))

    def load(self, household_id: str, form_id: str) -> Draft | None:
        with self.ctx.db.read() as session:
            row = session.get(FormDraft, (household_id, form_id))
            if row is None:
                return None
            return _draft(row)

    def open_drafts(self) -> list[OpenDraft]:
        """Every draft on this device of a household still in the register, the latest change first."""
        with self.ctx.db.read() as session:
            rows = session.execute(
                select(FormDraft.household_id, FormDraft.form_id, FormDraft.answers, FormDraft.saved_at,
                       Division.name, Household.head_name)
                .join(Household, Household.id == FormDraft.household_id)
                .join(Division, Division.id == Household.village_code, isouter=True)
                .where(live(Household))
                .order_by(FormDraft.saved_at.desc())).all()
        forms: dict[str, Form | None] = {}
        return [OpenDraft(household_id, form_id, village or "", head or "",
                          _typed_date(self.ctx, forms, form_id, answers), _utc(saved_at))
                for household_id, form_id, answers, saved_at, village, head in rows]

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


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _draft(row: FormDraft) -> Draft:
    answers = dict(row.answers)
    base = answers.pop(_BASE, None)
    return Draft(row.household_id, row.form_id, row.form_version, answers, _utc(row.saved_at),
                 tuple(str(key) for key in base) if isinstance(base, list) else None)


def _typed_date(ctx: ServiceContext, forms: dict[str, Form | None], form_id: str,
                answers: dict[str, Any]) -> str:
    """The visit date typed in the draft (empty if none yet, or the form is no longer known)."""
    if form_id not in forms:
        try:
            forms[form_id] = FormService(ctx).load(form_id)
        except UserFacingError:
            forms[form_id] = None
    form = forms[form_id]
    if form is None:
        return ""
    for question in form.walk():
        if question.bind.get(FIELD_BIND, "") in _DATE_TARGETS:
            return str(answers.get(question.name, "") or "")[:10]
    return ""


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
