"""Per-user application settings (language, idle lock, which database), kept as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "fangpin-field"
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
    last_sync: str = ""

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
        return settings

    def save(self) -> None:
        path = self.location()
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        temporary.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        temporary.replace(path)
