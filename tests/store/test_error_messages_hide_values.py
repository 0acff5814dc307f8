"""A database error names the statement, never the values: they are people's names and ID numbers, and errors
reach crash logs and dialogs."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.conftest import PASSWORD


def test_a_failing_statement_keeps_its_values_out_of_the_message(new_database, backend) -> None:
    from app.services.setup import initialize

    ctx = initialize(new_database("hide"), PASSWORD if backend == "sqlite" else None, role="township",
                     division="131122100", user_name="李站长")
    try:
        with pytest.raises(Exception) as raised, ctx.db.engine.connect() as connection:
            connection.execute(text("SELECT * FROM no_such_table WHERE name = :name"),
                               {"name": "张秀英131122199001011234"})
        assert "no_such_table" in str(raised.value)
        assert "张秀英" not in str(raised.value) and "131122199001011234" not in str(raised.value)
    finally:
        ctx.db.close()
