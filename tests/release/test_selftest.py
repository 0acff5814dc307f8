"""`fangpin --self-test` from source: every check passes, failures are reported, the profile stays untouched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app import selftest
from app.cli import main

LABELS = ["资源文件", "加密数据库", "演示数据", "入户走访", "同步包往返", "打印明白卡", "打印预览", "主窗口"]


def _profile_files() -> list[Path]:
    roots = [Path(os.environ[name]) for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME",
                                                 "XDG_CACHE_HOME")]
    return sorted(path for root in roots if root.exists() for path in root.rglob("*"))


def test_every_check_passes_and_the_profile_is_untouched(capsys: pytest.CaptureFixture[str]) -> None:
    before = _profile_files()
    environment = {name: os.environ.get(name) for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME")}
    assert main(["--self-test"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" … ")[0] for line in lines] == LABELS
    assert all(line.split(" … ")[1].startswith("OK") for line in lines), lines
    assert _profile_files() == before
    assert {name: os.environ.get(name) for name in environment} == environment


def test_a_failing_check_is_reported_and_the_exit_code_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_self: selftest.SelfTest) -> str:
        raise OSError("磁盘已满")

    monkeypatch.setattr(selftest.SelfTest, "encrypted_database", broken)
    lines: list[str] = []
    assert selftest.run_self_test(lines.append) == 1
    assert lines[1] == "加密数据库 … FAILED: OSError: 磁盘已满"
    # Everything that needs the database says why it could not run; the bundle round trip still works.
    assert lines[2].startswith("演示数据 … FAILED: 加密数据库未能打开")
    assert lines[4].startswith("同步包往返 … OK")
    assert len(lines) == len(LABELS)
