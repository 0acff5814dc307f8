"""The storage codec against SQLAlchemy's own writing and reading, column by column.

For every column of every synchronised table, on the test's backend, each edge value is written
three ways into a copy of the column: by SQLAlchemy (what an ORM write stores), by the codec's
``bind`` (the bulk writer) and by the codec's ``store`` of the value's JSON form after a trip
through the change log's JSON (the merge's writers; on PostgreSQL through COPY, as they do). The
three must be stored identically, and the codec's ``read`` of what is stored must give back what
SQLAlchemy reads.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Engine,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    select,
)
from sqlalchemy.types import TypeEngine

from app.store.codec import ColumnCodec, column_codec, decimal_text, json_text, table_codecs, to_json_value
from app.store.engine import make_engine
from app.store.models import SYNCED_BY_NAME

LONG_TEXT = "长" * 6000 + "尾'\""
TEXTS = ["", "王小明", "it's \"quoted\" \\ back\nslash\ttab", "生僻字𠀀𪚥 😀", LONG_TEXT, "0012", None]
INTEGERS = [0, -7, 2**31 - 1, None]
BOOLEANS = [True, False, None]
DATES = [date(2026, 2, 28), date(1900, 1, 1), date(9999, 12, 31), None]
DATETIMES = [datetime(2026, 11, 23, 8, 5, 9), datetime(2026, 11, 23, 8, 5, 9, 120), None]
DECIMALS = [Decimal("80.5"), Decimal("80.50"), Decimal("0.01"), Decimal("0"), Decimal("-3"),
            Decimal("1234.5"), None]
JSONS = [{}, [], {"名": "王五", "n": 1.5, "i": 3, "big": 12345678901234567890, "neg": -0.25,
                  "nested": [True, False, None, "𠀀"]},
         ["残疾", "长期慢性病"], "text", 0, 2.5, True, None, [LONG_TEXT]]


def edge_values(column_type: TypeEngine[Any]) -> list[Any]:
    if isinstance(column_type, JSON):
        return JSONS
    if isinstance(column_type, Boolean):
        return BOOLEANS
    if isinstance(column_type, Numeric):  # and the largest the column takes, every digit used
        whole, scale = (column_type.precision or 12) - (column_type.scale or 0), column_type.scale or 0
        return [*DECIMALS, Decimal("9" * whole + "." + "9" * scale), -Decimal("9" * whole + "." + "9" * scale)]
    if isinstance(column_type, DateTime):
        return DATETIMES
    if isinstance(column_type, Date):
        return DATES
    if isinstance(column_type, Integer):
        return INTEGERS
    length = getattr(column_type, "length", None)  # texts as long as the column takes
    return [text if text is None or not length else text[:length] for text in TEXTS]


@pytest.fixture
def engine(new_database: Callable[[str], str]) -> Iterator[Engine]:
    made = make_engine(new_database("codec"), "codec-密码")
    try:
        yield made
    finally:
        made.dispose()


def _travelled(value: Any) -> Any:
    """A Python value's JSON form as a change log entry carries it (written and read as JSON)."""
    return json.loads(json_text(to_json_value(value)))


def _check_read(codec: ColumnCodec, column_type: TypeEngine[Any], stored: Any, by_sqlalchemy: Any,
                where: str) -> None:
    if stored is None:
        assert by_sqlalchemy is None, where
        return
    json_form = stored if codec.read is None else codec.read(stored)
    back = json_form if codec.python is None else codec.python(json_form)
    assert back == by_sqlalchemy and type(back) is type(by_sqlalchemy), where
    if isinstance(column_type, Numeric):
        assert json_form == decimal_text(by_sqlalchemy), where


def check_columns(engine: Engine, backend: str, probe: Table, codecs: dict[str, ColumnCodec]) -> int:
    """Writes every edge value of every column three ways and compares; returns how many values."""
    probe.metadata.create_all(engine)
    placeholder = "?" if backend == "sqlite" else "%s"
    cases: list[tuple[str, Any, int]] = []  # (column, value, first of its three probe rows)
    with engine.begin() as connection:
        for name, codec in codecs.items():
            for value in edge_values(probe.c[name].type):
                first = 3 * len(cases) + 1
                cases.append((name, value, first))
                connection.execute(probe.insert(), {"probe": first, name: value})  # SQLAlchemy's own
                insert = f'INSERT INTO {probe.name} (probe, "{name}") VALUES ({placeholder}, {placeholder})'
                connection.exec_driver_sql(insert, (first + 1, value if codec.bind is None else codec.bind(value)))
                travelled = _travelled(value)
                stored = travelled if codec.store is None else codec.store(travelled)
                if backend == "sqlite":
                    connection.exec_driver_sql(insert, (first + 2, stored))
                else:  # the PostgreSQL merge writer stages rows with COPY
                    cursor = connection.connection.driver_connection.cursor()
                    with cursor.copy(f'COPY {probe.name} (probe, "{name}") FROM STDIN') as copy:
                        copy.write_row([first + 2, stored])
                # The change log's way back: the JSON form decodes to the value written.
                decoded = travelled if codec.python is None or travelled is None else codec.python(travelled)
                assert decoded == value and type(decoded) is type(value), (name, value)
    # How each database holds a value, beyond what the driver makes of it: SQLite's storage
    # class, PostgreSQL's text output (a decimal's scale, JSON text as written).
    held = "typeof" if backend == "sqlite" else ""
    cast = "" if backend == "sqlite" else "::text"
    with engine.connect() as connection:
        for name, value, first in cases:
            column_type = probe.c[name].type
            raw = connection.exec_driver_sql(
                f'SELECT "{name}", {held}("{name}"){cast} FROM {probe.name} '
                f"WHERE probe IN ({placeholder}, {placeholder}, {placeholder}) ORDER BY probe",
                (first, first + 1, first + 2)).all()
            where = f"{probe.name}.{name} = {value!r:.60}"
            assert raw[0] == raw[1] == raw[2], (where, raw)
            by_sqlalchemy = connection.execute(select(probe.c[name]).where(probe.c.probe == first)).scalar_one()
            assert by_sqlalchemy == value and type(by_sqlalchemy) is type(value), where
            _check_read(codecs[name], column_type, raw[0][0], by_sqlalchemy, where)
    return len(cases)


@pytest.mark.parametrize("table_name", sorted(SYNCED_BY_NAME))
def test_codec_writes_and_reads_every_column_as_sqlalchemy_does(engine: Engine, backend: str,
                                                                table_name: str) -> None:
    model = SYNCED_BY_NAME[table_name]
    codecs = table_codecs(model, backend)
    columns = model.__table__.columns
    probe = Table(f"probe_{table_name}", MetaData(), Column("probe", Integer, primary_key=True),
                  *(Column(name, columns[name].type) for name in codecs))  # no constraints: any value fits
    assert check_columns(engine, backend, probe, codecs) >= 3 * len(codecs)


def test_codec_writes_and_reads_types_no_table_uses_yet(engine: Engine, backend: str) -> None:
    """Date-times, long text and JSON that keeps None as SQL NULL go the same general way."""
    types: dict[str, TypeEngine[Any]] = {"at": DateTime(), "note": Text(), "nullable_json": JSON(none_as_null=True),
                                         "ratio": Numeric(8, 4)}
    probe = Table("probe_types", MetaData(), Column("probe", Integer, primary_key=True),
                  *(Column(name, column_type) for name, column_type in types.items()))
    codecs = {name: column_codec(name, column_type, backend) for name, column_type in types.items()}
    assert check_columns(engine, backend, probe, codecs) > 0


def test_codec_covers_every_column_type_of_the_synchronised_tables() -> None:
    """The edge values above exist for each column type in use; a new type needs its own."""
    known = (JSON, Boolean, Numeric, Date, Integer, String)
    for model in SYNCED_BY_NAME.values():
        for column in model.__table__.columns:
            column_type = getattr(column.type, "impl", column.type)  # SQLModel's AutoString is a String
            assert isinstance(column_type, known), f"{model.__tablename__}.{column.name}: {column.type!r}"


@pytest.mark.parametrize("value", [*JSONS, {"b": 1, "a": [1.0, 1e-7, -0.0]}, "\u2028\x00控制"])
def test_json_text_is_compact_json_with_chinese_kept(value: Any) -> None:
    assert json_text(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    assert json_text.__closure__ is None  # psycopg would make (and leak) a JSON dumper per call


def test_a_laptop_never_loads_the_postgresql_dialect() -> None:
    """Loading it for the codec cost every start time, and every full garbage collection of an
    import walked its objects again (bench/excel.py, about 0.2 s per 20,000 rows)."""
    modules = ("app.store.engine", "app.store.bulk", "app.store.insert_values", "app.sync.merge",
               "app.services.excel")
    script = (f"import sys\nfor name in {modules!r}:\n    __import__(name)\n"
              "from app.store.codec import table_codecs\nfrom app.store.models import SYNCED_TABLES\n"
              "for model in SYNCED_TABLES:\n    table_codecs(model, 'sqlite')\n"
              "print(sorted(m for m in sys.modules if m.startswith(('psycopg', 'sqlalchemy.dialects.postgresql'))))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.strip() == "[]"
