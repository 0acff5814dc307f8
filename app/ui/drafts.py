"""Unfinished visits kept on disk as drafts, so a crash or a closed lid loses nothing typed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.ui.settings import drafts_directory


def _path(kind: str, key: str) -> Path:
    return drafts_directory() / f"{kind}-{key}.json"


def save_draft(kind: str, key: str, content: dict[str, Any]) -> None:
    path = _path(kind, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".part")
    temporary.write_text(json.dumps(content, ensure_ascii=False, default=str), encoding="utf-8")
    temporary.replace(path)


def load_draft(kind: str, key: str) -> dict[str, Any] | None:
    try:
        return json.loads(_path(kind, key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def discard_draft(kind: str, key: str) -> None:
    _path(kind, key).unlink(missing_ok=True)
