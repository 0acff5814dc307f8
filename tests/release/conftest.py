"""One PyInstaller build per test session, shared by every test in tests/release that needs it."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT_S = 900


@dataclass(frozen=True)
class FrozenBuild:
    folder: Path  # dist/fangpin
    seconds: float  # how long PyInstaller took

    @property
    def internal(self) -> Path:
        return self.folder / "_internal"


@pytest.fixture(scope="session")
def frozen_build(tmp_path_factory: pytest.TempPathFactory) -> FrozenBuild:
    """Builds from build.spec into a temporary folder, the first time a test asks for it."""
    base = tmp_path_factory.mktemp("frozen")
    started = time.monotonic()
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "build.spec", "--noconfirm",
         "--distpath", str(base / "dist"), "--workpath", str(base / "work")],
        cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
    if build.returncode != 0:
        pytest.fail(f"PyInstaller failed:\n{build.stderr[-4000:]}")
    return FrozenBuild(base / "dist" / "fangpin", time.monotonic() - started)
