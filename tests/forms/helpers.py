"""A new version of a standard form, written by the generator the way a county would edit one."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from app.resources import resource_path


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_forms", resource_path("forms", "build_forms.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def new_version(folder: Path, form_id: str = "visit", version: str = "2027.1", extra_note: str = "") -> Path:
    """The standard form with another version number (and, if given, one more note at the end)."""
    module = generator()
    module.VERSION = version
    if extra_note:
        title, survey, choices = module.FORMS[form_id]
        module.FORMS[form_id] = (title, [*survey, module.q("note", "extra_note", (extra_note, extra_note))], choices)
    folder.mkdir(parents=True, exist_ok=True)
    return module.build(form_id, folder)
