"""fangpin password change, backup and restore from the command line."""

from __future__ import annotations

import shutil

import pytest

from app.cli import main
from app.services.backup import read_backup
from app.services.setup import open_context
from app.store.engine import WrongPassword
from tests.conftest import PASSWORD


@pytest.fixture
def worker_db(templates, tmp_path, monkeypatch) -> str:
    path = tmp_path / "worker.db"
    shutil.copy(templates["worker"], path)
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    return str(path)


def test_password_change_takes_the_new_password_from_the_environment(worker_db, monkeypatch, capsys) -> None:
    monkeypatch.setenv("FANGPIN_NEW_PASSWORD", "新的密码-2026")
    assert main(["password", "change", "--db", worker_db]) == 0
    assert "已修改数据库密码" in capsys.readouterr().out
    with pytest.raises(WrongPassword):
        open_context(worker_db, PASSWORD)
    open_context(worker_db, "新的密码-2026").db.close()


@pytest.mark.parametrize("new", ["12345", "666666"])
def test_password_change_refuses_a_weak_password(worker_db, monkeypatch, capsys, new) -> None:
    monkeypatch.setenv("FANGPIN_NEW_PASSWORD", new)
    assert main(["password", "change", "--db", worker_db]) == 2
    assert "密码" in capsys.readouterr().err
    open_context(worker_db, PASSWORD).db.close()


def test_password_change_without_a_terminal_asks_for_the_variable(worker_db, monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["password", "change", "--db", worker_db]) == 2
    assert "FANGPIN_NEW_PASSWORD" in capsys.readouterr().err


def test_backup_then_restore_into_a_new_file_and_over_an_existing_one(worker_db, tmp_path, monkeypatch,
                                                                      capsys) -> None:
    out = tmp_path / "w.fpbak"
    assert main(["backup", "--db", worker_db, "--out", str(out)]) == 0
    assert "已备份到" in capsys.readouterr().out
    assert read_backup(out, PASSWORD).households == 0

    fresh = tmp_path / "新电脑.db"
    assert main(["restore", "--db", str(fresh), str(out)]) == 0
    printed = capsys.readouterr().out
    assert "备份时间：" in printed and "农户：0 户" in printed and "最后导出的同步包：从未导出" in printed
    open_context(fresh, PASSWORD).db.close()

    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["restore", "--db", worker_db, str(out)]) == 2  # over an existing one: confirm first
    assert "--yes" in capsys.readouterr().err
    assert main(["restore", "--db", worker_db, str(out), "--yes"]) == 0
    assert "已从备份恢复" in capsys.readouterr().out


def test_restore_asks_at_the_terminal_before_replacing(worker_db, tmp_path, monkeypatch, capsys) -> None:
    out = tmp_path / "w.fpbak"
    assert main(["backup", "--db", worker_db, "--out", str(out)]) == 0
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt: "否")
    assert main(["restore", "--db", worker_db, str(out)]) == 1
    assert "已取消" in capsys.readouterr().out


def test_backup_and_restore_refuse_postgresql_and_point_to_pg_dump(tmp_path, capsys) -> None:
    url = "postgresql://fangpin@localhost:1/county"
    assert main(["backup", "--db", url, "--out", str(tmp_path / "b.fpbak")]) == 2
    assert "pg_dump" in capsys.readouterr().err
    assert main(["restore", "--db", url, str(tmp_path / "b.fpbak")]) == 2
    assert "pg_dump" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_a_backup_with_the_wrong_password_is_refused(worker_db, tmp_path, monkeypatch, capsys) -> None:
    out = tmp_path / "w.fpbak"
    assert main(["backup", "--db", worker_db, "--out", str(out)]) == 0
    monkeypatch.setenv("FANGPIN_PASSWORD", "别的密码-000")
    assert main(["restore", "--db", str(tmp_path / "x.db"), str(out)]) == 2
    assert "密码" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()
