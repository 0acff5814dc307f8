from pathlib import Path

import pytest

from app.domain.errors import UserFacingError
from app.services.households import HouseholdService
from app.services.setup import open_context
from tests.conftest import PASSWORD, VILLAGE

# Encryption at rest is the SQLite file's; a PostgreSQL server protects its data itself.
pytestmark = pytest.mark.sqlite_only


def test_names_and_id_numbers_never_reach_the_disk_in_plaintext(ctx, people) -> None:
    member = people.member("欧阳明远")
    HouseholdService(ctx).create({"village_code": VILLAGE, "household_type": "一般农户"},
                                 [member])
    path = Path(ctx.db.location)
    ctx.db.close()  # checkpoints the WAL into the main file
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert "欧阳明远".encode() not in raw
    assert member["id_number"].encode() not in raw
    assert b"SQLite format 3" not in raw


def test_wrong_password_opens_nothing_and_says_so_in_chinese(ctx) -> None:
    location = ctx.db.location
    ctx.db.close()
    with pytest.raises(UserFacingError, match="密码不正确"):
        open_context(location, "not-the-password")
    reopened = open_context(location, PASSWORD)
    reopened.db.close()


def test_missing_file_and_empty_password_are_user_errors(tmp_path) -> None:
    with pytest.raises(UserFacingError, match="找不到数据库文件"):
        open_context(tmp_path / "nope.db", PASSWORD)
    (tmp_path / "exists.db").write_bytes(b"")
    with pytest.raises(UserFacingError, match="密码"):
        open_context(tmp_path / "exists.db", "")


def test_a_file_that_is_not_a_database_is_refused(tmp_path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"just some text, not a database" * 200)
    with pytest.raises(UserFacingError, match="不是防贫网格通的数据库"):
        open_context(path, PASSWORD)
