"""The PyInstaller build: builds from build.spec, then the frozen console executable passes its self-test."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.release.test_selftest import LABELS

ROOT = Path(__file__).resolve().parents[2]
MAX_SIZE_MB = 300
SUFFIX = ".exe" if sys.platform == "win32" else ""


def _size_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink()) / 2**20


@pytest.mark.slow
def test_the_frozen_build_passes_its_self_test(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    started = time.monotonic()
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "build.spec", "--noconfirm",
         "--distpath", str(tmp_path / "dist"), "--workpath", str(tmp_path / "work")],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    build_seconds = time.monotonic() - started
    assert build.returncode == 0, build.stderr[-4000:]

    folder = tmp_path / "dist" / "fangpin"
    for name in ("fangpin", "fangpin-console"):
        assert (folder / f"{name}{SUFFIX}").is_file(), name
    internal = folder / "_internal"
    for resource in ("resources/fonts/wqy-microhei.ttc", "resources/forms/visit.xlsx", "resources/i18n/fangpin_en.qm",
                     "resources/divisions/wuyi-demo.csv", "app/store/migrations/env.py"):
        assert (internal / resource).is_file(), resource
    assert not (internal / "pyxform").exists()
    assert not list((internal / "PySide6").glob("QtQml.*")) and not list((internal / "PySide6").glob("QtNetwork.*"))

    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    started = time.monotonic()
    run = subprocess.run([str(folder / f"fangpin-console{SUFFIX}"), "--self-test"], cwd=tmp_path, env=environment,
                         capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=300)
    test_seconds = time.monotonic() - started
    lines = run.stdout.splitlines()
    size = _size_mb(folder)
    with capsys.disabled():
        print(f"\nfrozen build: {build_seconds:.0f} s to build, {size:.0f} MB in {folder.name}/, "
              f"self-test {test_seconds:.1f} s")
        print("\n".join(lines))
    assert run.returncode == 0, run.stdout + run.stderr[-4000:]
    assert len(lines) == len(LABELS) and all(" … OK" in line for line in lines), run.stdout
    assert size < MAX_SIZE_MB
