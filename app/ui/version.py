"""The application's version, as 帮助 → 关于 shows it."""

from __future__ import annotations

import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from app.resources import resource_path

DISTRIBUTION = "fangpin-field"


def application_version() -> str:
    """From the installed package's metadata; a build (or an uninstalled checkout) has none, so then
    from pyproject.toml, which build.spec ships among the resources."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        pass
    for project in (resource_path("pyproject.toml"), Path(__file__).resolve().parents[2] / "pyproject.toml"):
        try:
            return str(tomllib.loads(project.read_text(encoding="utf-8"))["project"]["version"])
        except (OSError, ValueError, KeyError):
            continue
    return "?"
