"""Per-user application settings (language, idle lock, which database), kept as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import platformdirs

from app.store.location import is_url, without_password

APP_NAME = "fangpin-field"
RECENT_DATABASES = 5  # how many databases 文件 → 最近使用 lists
LANGUAGES = {"zh_CN": "简体中文", "en": "English"}
DEMO_PASSWORD = "demo"


def default_database() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "fangpin.db"


def log_directory() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def scratch_root() -> Path:
    """Where each run keeps its private folder for print previews (app/services/scratch.py)."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "private"


def old_drafts_directory() -> Path:
    """Where versions before drafts moved into the database kept them as plaintext files."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "drafts"


@dataclass
class Settings:
    language: str = "zh_CN"
    idle_lock_minutes: int = 10
    # Remind to back up when the last backup is this many days old (0: never remind).
    backup_reminder_days: int = 7
    database: str = field(default_factory=lambda: str(default_database()))
    demo_database: bool = False
    # The databases last opened, newest first, without any password (文件 → 最近使用).
    recent_databases: list[str] = field(default_factory=list)
    # Visit forms one group per page (每页一组), as this user last chose in a form.
    form_pages: bool = False

    @staticmethod
    def location() -> Path:
        return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "settings.json"

    @classmethod
    def load(cls) -> Settings:
        try:
            stored = json.loads(cls.location().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {name: value for name, value in stored.items() if name in cls.__dataclass_fields__}
        settings = cls(**known)
        if settings.language not in LANGUAGES:
            settings.language = "zh_CN"
        settings.form_pages = settings.form_pages is True
        recent = settings.recent_databases if isinstance(settings.recent_databases, list) else []
        settings.recent_databases = [entry for entry in recent if isinstance(entry, str) and entry][:RECENT_DATABASES]
        return settings

    def note_opened(self, location: str | Path) -> None:
        """``location`` heads the recent databases (stored without its password); the oldest drops off."""
        entry = without_password(location) if is_url(location) else str(Path(location).resolve())
        self.recent_databases = [entry, *(old for old in self.recent_databases if old != entry)][:RECENT_DATABASES]

    def save(self) -> None:
        path = self.location()
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        temporary.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        temporary.replace(path)
