"""Shared fixtures: every test gets its own fresh encrypted database, never the user's profile."""

from __future__ import annotations

import itertools
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.domain.idnumber import make_id_number
from app.selftest import isolated_profile
from app.services import context as context_module
from app.services.context import ServiceContext
from app.services.setup import initialize, open_context
from tests.pgserver import PostgresServer

# Qt tests run headless everywhere (CI has no display); set before any QApplication exists.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSWORD = "测试密码-123"
TODAY = date(2026, 11, 23)
VILLAGE = "131122100201"
OTHER_VILLAGE = "131122100202"
APP_NAME = "fangpin-field"
# Data that is not ours (official division codes, pyxform's forms) lives in ../shared beside the clone.
SHARED = Path(os.environ.get("FANGPIN_SHARED") or Path(__file__).resolve().parents[2] / "shared")


def shared_path(relative: str) -> Path:
    """A file or folder in ../shared; the test is skipped, with the reason, when this clone has none beside it."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"../shared/{relative} is not beside this clone (CI has it)")
    return path
  # the profile folder name the application asks platformdirs for


def _profile_snapshot(folders: list[Path]) -> dict[str, tuple[int, int]]:
    """Every file under the real profile folders, with its size and modification time."""
    return {str(path): (path.stat().st_size, path.stat().st_mtime_ns)
            for folder in folders if folder.is_dir() for path in folder.rglob("*") if path.is_file()}


@pytest.fixture(scope="session", autouse=True)
def _real_profile_untouched(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Session fixtures (the Qt application installs its crash log) see a temporary profile too, and the run
    fails if anything still wrote to the real user's profile, settings or log."""
    import platformdirs

    folders = [Path(getattr(platformdirs, f"user_{kind}_dir")(APP_NAME, appauthor=False))
               for kind in ("data", "config", "log", "cache", "state")]
    before = _profile_snapshot(folders)
    home = tmp_path_factory.mktemp("session-home")
    with pytest.MonkeyPatch.context() as patch, isolated_profile(home):
        patch.setenv("HOME", str(home / "home"))
        yield
    changed = sorted(set(before.items()) ^ set(_profile_snapshot(folders).items()))
    assert not changed, f"the tests changed the real user profile: {changed[:5]}"


@pytest.fixture(autouse=True)
def _isolated_profile(tmp_path_factory: pytest.TempPathFactory,
                      monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every profile folder (environment and platformdirs, so Windows and macOS too) points into a temporary one,
    and "today" is the fixed TODAY unless a test says otherwise."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home / "home"))
    monkeypatch.delenv("FANGPIN_PASSWORD", raising=False)
    monkeypatch.setattr(context_module, "machine_today", lambda: TODAY)
    handlers = list(logging.getLogger("fangpin").handlers)
    with isolated_profile(home):
        yield
    for handler in set(logging.getLogger("fangpin").handlers) - set(handlers):  # a test's log file stays its own
        logging.getLogger("fangpin").removeHandler(handler)
        handler.close()


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


# Store, sync, merge and report tests run on both stores: the encrypted SQLite file a laptop keeps, and
# PostgreSQL for a large center. Each of their tests that opens databases runs once per backend.
BOTH_BACKENDS = ("store", "sync", "reports", "stations")
_ROLE_DIVISIONS = {"county": "131122", "township": "131122100", "worker": VILLAGE}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    folder = Path(str(metafunc.definition.path)).parent.name
    sqlite_only = metafunc.definition.get_closest_marker("sqlite_only") is not None
    backends = ["sqlite"] if sqlite_only or folder not in BOTH_BACKENDS else ["sqlite", "postgresql"]
    metafunc.parametrize("backend", backends, scope="function")


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL server for the whole run (tests/pgserver.py)."""
    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_templates(postgres: PostgresServer) -> dict[str, str]:
    """Template databases per role; each test gets a copy (CREATE DATABASE … TEMPLATE)."""
    names: dict[str, str] = {}
    for role, division in _ROLE_DIVISIONS.items():
        names[role] = f"template_{role}"
        url = postgres.create_database(names[role])
        initialize(url, None, role=role, division=division, user_name=f"{role}用户").db.close()
    return names


_database_numbers = itertools.count(1)


@pytest.fixture
def new_database(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """Makes an empty location for a new database on the test's backend: a file path or a URL."""
    made: list[str] = []

    def make(name: str) -> str:
        if backend == "sqlite":
            return str(tmp_path / f"{name}.db")
        server: PostgresServer = request.getfixturevalue("postgres")
        database = f"test_{next(_database_numbers)}_{name}"
        made.append(database)
        return server.create_database(database)

    yield make
    if made:
        server = request.getfixturevalue("postgres")
        for database in made:
            server.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture
def backend() -> str:
    """Overridden by pytest_generate_tests where a test runs on both backends."""
    return "sqlite"


@pytest.fixture
def open_copy(backend: str, request: pytest.FixtureRequest,
              tmp_path: Path) -> Iterator[Callable[[str], ServiceContext]]:
    opened: list[ServiceContext] = []
    databases: list[str] = []

    def make(role: str = "county") -> ServiceContext:
        if backend == "sqlite":
            templates: dict[str, Path] = request.getfixturevalue("templates")
            path = tmp_path / f"{role}.db"
            shutil.copy(templates[role], path)
            ctx = open_context(path, PASSWORD)
        else:
            server: PostgresServer = request.getfixturevalue("postgres")
            names: dict[str, str] = request.getfixturevalue("postgres_templates")
            database = f"test_{next(_database_numbers)}_{role}"
            databases.append(database)
            ctx = open_context(server.create_database(database, template=names[role]), None)
        ctx.today = lambda: TODAY
        opened.append(ctx)
        return ctx

    yield make
    for ctx in opened:
        ctx.db.close()
    if databases:
        server = request.getfixturevalue("postgres")
        for database in databases:
            server.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


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
