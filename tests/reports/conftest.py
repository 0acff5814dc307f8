"""A 400-household demo county (two townships, one village each), made once per module, and
plain SQL over it: the reports' figures are checked against counts made this way, never with
the reports' own code."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from app.services.context import ServiceContext
from app.services.demo import create_demo_database
from app.services.setup import open_context
from app.store.engine import make_engine
from tests.conftest import PASSWORD, TODAY

TOWNSHIP = "131122100000"
VILLAGE = "131122101201"  # in the other township


@pytest.fixture(scope="session")
def county_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reports") / "county.db"
    create_demo_database(path, PASSWORD, households=400, seed=11, today=lambda: TODAY).db.close()
    return path


@pytest.fixture
def county(county_db: Path) -> Iterator[ServiceContext]:
    ctx = open_context(county_db, PASSWORD)
    ctx.today = lambda: TODAY
    yield ctx
    ctx.db.close()


@pytest.fixture
def county_copy(county_db: Path, tmp_path: Path) -> Iterator[ServiceContext]:
    """A copy to change: a test that writes does not disturb the others."""
    path = tmp_path / "copy.db"
    shutil.copy(county_db, path)
    ctx = open_context(path, PASSWORD)
    ctx.today = lambda: TODAY
    yield ctx
    ctx.db.close()


Query = Callable[..., list[Any]]


@pytest.fixture
def sql(county_db: Path) -> Iterator[Query]:
    engine = make_engine(county_db, PASSWORD)

    def run(statement: str, **params: Any) -> list[Any]:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(statement), params).all()]

    yield run
    engine.dispose()


def sql_on(ctx: ServiceContext) -> Query:
    """The same plain SQL over another database (a changed copy)."""
    def run(statement: str, **params: Any) -> list[Any]:
        with ctx.db.read() as session:
            return [tuple(row) for row in session.execute(text(statement), params).all()]
    return run
