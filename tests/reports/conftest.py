"""A 400-household demo county (two townships, one village each), made once per module, and
plain SQL over it: the reports' figures are checked against counts made this way, never with
the reports' own code."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import pytest
from sqlalchemy import text

from app.services.context import ServiceContext
from app.services.demo import create_demo_database
from app.services.setup import open_context
from app.store.engine import make_engine
from app.store.location import is_url
from tests.conftest import PASSWORD, TODAY

TOWNSHIP = "131122100000"
VILLAGE = "131122101201"  # in the other township


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def county_source(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo county, made once per backend; tests read a copy of it (``county_db``)."""
    if request.param == "sqlite":
        location = str(tmp_path_factory.mktemp("reports") / "county.db")
    else:
        location = request.getfixturevalue("postgres").create_database("reports_source")
    create_demo_database(location, PASSWORD, households=400, seed=11, today=lambda: TODAY).db.close()
    return location


_copies = itertools.count(1)


def _copy(source: str, folder: Path, request: pytest.FixtureRequest) -> str:
    if not is_url(source):
        path = folder / f"copy-{next(_copies)}.db"
        shutil.copy(source, path)
        return str(path)
    # Nobody stays connected to the source, so PostgreSQL can use it as a template.
    return request.getfixturevalue("postgres").create_database(f"reports_{next(_copies)}", template="reports_source")


@pytest.fixture(scope="session")
def county_db(county_source: str, request: pytest.FixtureRequest,
              tmp_path_factory: pytest.TempPathFactory) -> str:
    return _copy(county_source, tmp_path_factory.mktemp("reports-read"), request)


@pytest.fixture
def county(county_db: str) -> Iterator[ServiceContext]:
    ctx = open_context(county_db, PASSWORD)
    ctx.today = lambda: TODAY
    yield ctx
    ctx.db.close()


@pytest.fixture
def county_copy(county_source: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServiceContext]:
    """A copy to change: a test that writes does not disturb the others."""
    ctx = open_context(_copy(county_source, tmp_path, request), PASSWORD)
    ctx.today = lambda: TODAY
    yield ctx
    ctx.db.close()


class Query(Protocol):
    """Plain SQL over a report database; ``dialect`` says which backend it speaks to."""

    dialect: str

    def __call__(self, statement: str, **params: Any) -> list[Any]: ...


@pytest.fixture
def sql(county_db: str) -> Iterator[Query]:
    engine = make_engine(county_db, PASSWORD)

    def run(statement: str, **params: Any) -> list[Any]:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(statement), params).all()]

    run.dialect = engine.dialect.name  # type: ignore[attr-defined]
    yield run  # type: ignore[misc]
    engine.dispose()


def sql_on(ctx: ServiceContext) -> Query:
    """The same plain SQL over another database (a changed copy)."""
    def run(statement: str, **params: Any) -> list[Any]:
        with ctx.db.read() as session:
            return [tuple(row) for row in session.execute(text(statement), params).all()]
    run.dialect = ctx.db.dialect  # type: ignore[attr-defined]
    return run  # type: ignore[return-value]
