"""The form registry: the standard forms shipped with the app, and versions the county installs.

An installed version is stored whole (its .xlsx, base64) in the synchronised `formversion` table,
so it travels down to every township and worker in bundles; no version is ever replaced, so a visit
made with an old version can always be shown with the form it was filled in.
"""

from __future__ import annotations

import base64
import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select

from app.domain.errors import UserFacingError
from app.domain.procedure import INSTALLING_ROLES
from app.forms.model import Form
from app.forms.xlsform import load_form, load_form_bytes
from app.resources import resource_path
from app.services.context import ServiceContext
from app.services.rows import live
from app.store.models import FormVersion

STANDARD_FORMS = ("visit", "registration", "screening")
BUILTIN, INSTALLED = "内置", "已安装"
MAX_FORM_BYTES = 5_000_000
_ID_NAMESPACE = uuid.UUID("5d6f1f9e-3d0c-4c8e-9a53-6b1f0f2a9c11")


@dataclass(frozen=True)
class FormEntry:
    form_id: str
    version: str
    title: str
    origin: str  # 内置 (shipped with the app) or 已安装 (installed into this database)
    installed_on: date | None = None
    installed_by: str = ""
    current: bool = False  # the newest version of its form: the one new visits use


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Versions compare part by part, numbers as numbers: 2026.10 is newer than 2026.9."""
    return tuple((0, int(part)) if part.isdigit() else (1, part)
                 for part in re.split(r"(\d+)", version) if part not in ("", ".", "-", "_"))


def form_version_id(form_id: str, version: str) -> str:
    """The same on every device, so two installs of one version are one row after sync."""
    return str(uuid.uuid5(_ID_NAMESPACE, f"{form_id}\n{version}"))


class FormService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def list(self) -> list[FormEntry]:
        """Every form version available here, by form and newest version first."""
        entries = {(form.form_id, form.version): FormEntry(form.form_id, form.version, form.title, BUILTIN)
                   for form in standard_forms()}
        with self.ctx.db.read() as session:
            for row in session.scalars(select(FormVersion).where(live(FormVersion))):
                entries[row.form_id, row.version] = FormEntry(row.form_id, row.version, row.title, INSTALLED,
                                                              row.installed_on, row.installed_by)
        newest: dict[str, str] = {}
        for form_id, version in entries:
            if form_id not in newest or version_key(version) > version_key(newest[form_id]):
                newest[form_id] = version
        ordered = sorted(entries.values(), key=lambda e: version_key(e.version), reverse=True)
        ordered.sort(key=lambda e: e.form_id)
        return [FormEntry(e.form_id, e.version, e.title, e.origin, e.installed_on, e.installed_by,
                          newest[e.form_id] == e.version) for e in ordered]

    def load(self, form_id: str, version: str | None = None) -> Form:
        """A form by id: the given version (an old visit's), else the newest one."""
        if version is None:
            current = next((e for e in self.list() if e.form_id == form_id and e.current), None)
            if current is None:
                known = "、".join(sorted({e.form_id for e in self.list()}))
                raise UserFacingError(f"没有编号为“{form_id}”的表单。现有表单：{known}。")
            version = current.version
        with self.ctx.db.read() as session:
            row = session.get(FormVersion, form_version_id(form_id, version))
        if row is not None and not row.deleted:
            return _parse_stored(row.sha256, row.xlsx_base64, f"{form_id}-{version}.xlsx")
        builtin = next((f for f in standard_forms() if (f.form_id, f.version) == (form_id, version)), None)
        if builtin is None:
            raise UserFacingError(f"找不到表单“{form_id}”的 {version} 版。这一版可能还没有随同步数据下发到本机。")
        return builtin

    def install(self, path: str | Path) -> FormEntry:
        """Install a form version from an .xlsx file (checked in full first); county and township only."""
        path = Path(path)
        load_form(path)  # refuses a broken form with every problem listed, before anything is stored
        return self.install_bytes(path.read_bytes(), path.name)

    def install_bytes(self, data: bytes, source: str = "form.xlsx") -> FormEntry:
        role = self.ctx.role
        if role not in INSTALLING_ROLES:
            raise UserFacingError(f"{role.label}不能安装表单：新版表单由县防贫中心或乡镇防贫工作站安装，"
                                  "再通过同步下发到各网格员。")
        if len(data) > MAX_FORM_BYTES:
            raise UserFacingError(f"表单文件 {source} 太大（超过 5 MB），请删除其中的图片或多余的工作表。")
        form = load_form_bytes(data, source)
        if not form.version:
            raise UserFacingError(f"表单 {source} 没有版本号：请在 settings 表的 version 列填写，例如 2027.1。")
        if form.form_id in STANDARD_FORMS and any(
                (f.form_id, f.version) == (form.form_id, form.version) for f in standard_forms()):
            raise UserFacingError(f"“{form.title}”{form.version} 版是程序自带的版本，不需要安装；"
                                  "修改后的表单请改用新的版本号。")
        digest = hashlib.sha256(data).hexdigest()
        row_id = form_version_id(form.form_id, form.version)
        with self.ctx.db.write(self.ctx.actor) as session:
            existing = session.get(FormVersion, row_id)
            if existing is not None and not existing.deleted:
                if existing.sha256 != digest:
                    raise UserFacingError(
                        f"“{existing.title}”{form.version} 版已经安装过，内容与这个文件不同。"
                        "同一版本号不能有两种内容，请在 settings 表中改用新的版本号后再安装。")
                row = existing
            else:
                row = existing or FormVersion(id=row_id, form_id=form.form_id, version=form.version, title="",
                                              xlsx_base64="", sha256="", installed_on=self.ctx.today(),
                                              installed_by="")
                row.deleted = False
                row.title, row.sha256 = form.title[:100], digest
                row.xlsx_base64 = base64.b64encode(data).decode("ascii")
                row.installed_on, row.installed_by = self.ctx.today(), self.ctx.actor.user_name
                session.add(row)
        self.ctx.db.audit(self.ctx.actor, "安装表单", form_id=form.form_id, version=form.version, sha256=digest)
        return next(e for e in self.list() if (e.form_id, e.version) == (form.form_id, form.version))


def standard_forms() -> list[Form]:
    """The forms shipped in resources/forms, available on every device without installing."""
    return [_parse_file(str(resource_path("forms", f"{form_id}.xlsx"))) for form_id in STANDARD_FORMS]


@lru_cache(maxsize=8)
def _parse_file(path: str) -> Form:
    return load_form(path)


@lru_cache(maxsize=32)
def _parse_stored(sha256: str, xlsx_base64: str, source: str) -> Form:
    return load_form_bytes(base64.b64decode(xlsx_base64), source)
