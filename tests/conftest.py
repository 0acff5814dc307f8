"""Shared fixtures: every test gets its own fresh encrypted database, never the user's profile."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.domain.idnumber import make_id_number
from app.services.context import ServiceContext
from app.services.setup import initialize, open_context

# Qt tests run headless everywhere (CI has no display); set before any QApplication exists.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSWORD = "测试密码-123"
TODAY = date(2026, 11, 23)
VILLAGE = "131122100201"
OTHER_VILLAGE = "131122100202"


@pytest.fixture(autouse=True)
def _isolated_profile(tmp_path_factory: pytest.TempPathFactory,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    for variable in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME",
                     "XDG_CACHE_HOME"):
        monkeypatch.setenv(variable, str(home / variable.lower()))
    monkeypatch.delenv("FANGPIN_PASSWORD", raising=False)


def _template(tmp_path_factory: pytest.TempPathFactory, role: str, division: str) -> Path:
    path = tmp_path_factory.mktemp(f"template-{role}") / "template.db"
    ctx = initialize(path, PASSWORD, role=role, division=division, user_name=f"{role}用户")
    ctx.db.close()
    return path


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Databases initialised once per run; each test works on its own copy."""
    return {
        "county": _template(tmp_path_factory, "county", "131122"),
        "township": _template(tmp_path_factory, "township", "131122100"),
        "worker": _template(tmp_path_factory, "worker", VILLAGE),
    }


@pytest.fixture
def open_copy(templates: dict[str, Path], tmp_path: Path) -> Iterator[Callable[[str],
                                                                              ServiceContext]]:
    opened: list[ServiceContext] = []

    def make(role: str = "county") -> ServiceContext:
        path = tmp_path / f"{role}.db"
        shutil.copy(templates[role], path)
        ctx = open_context(path, PASSWORD)
        ctx.today = lambda: TODAY
        opened.append(ctx)
        return ctx

    yield make
    for ctx in opened:
        ctx.db.close()


@pytest.fixture
def ctx(open_copy: Callable[[str], ServiceContext]) -> ServiceContext:
    return open_copy("county")


class People:
    """Valid, distinct ID numbers for test members."""

    def __init__(self) -> None:
        self.counter = 0

    def id_number(self, birth: date = date(1970, 5, 6), male: bool = True) -> str:
        self.counter += 1
        seq = self.counter * 2 + (1 if male else 0)
        return make_id_number("131122", birth, seq % 1000)

    def member(self, name: str, relation: str = "户主", **extra: Any) -> dict[str, Any]:
        birth = extra.pop("birth", date(1970, 5, 6))
        male = extra.pop("male", True)
        return {"name": name, "relation": relation,
                "id_number": self.id_number(birth, male), **extra}


@pytest.fixture
def people() -> People:
    return People()
