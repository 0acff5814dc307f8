"""The PyInstaller build (built once, see conftest.py): the frozen console executable passes its self-test, the
folder stays under 250 MB, and what was cut from it (docs/build.md) stays out while what the application needs
stays in."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PyInstaller.archive.readers import CArchiveReader

from tests.release.conftest import FrozenBuild
from tests.release.test_selftest import LABELS

MAX_SIZE_MB = 250
SUFFIX = ".exe" if sys.platform == "win32" else ""
LINUX = sys.platform.startswith("linux")
TEST_ONLY = {"pytest", "_pytest", "hypothesis", "pytestqt", "pyxform", "pypdf", "zxingcpp", "zxing"}

pytestmark = pytest.mark.slow


def _size_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink()) / 2**20


def _top_name(name: str) -> str:
    """`pypdf` for pypdf/, pypdf-5.1.dist-info/ or pypdf.cpython-311-x86_64-linux-gnu.so; pypdfium2 stays itself."""
    return re.split(r"[.-]", name, maxsplit=1)[0].lower()


def _pure_python_modules(executable: Path) -> set[str]:
    """Names of the modules compiled into the executable's PYZ archive (where pure-Python packages go)."""
    return set(CArchiveReader(str(executable)).open_embedded_archive("PYZ.pyz").toc)


def test_the_frozen_build_passes_its_self_test(frozen_build: FrozenBuild, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    folder = frozen_build.folder
    for name in ("fangpin", "fangpin-console"):
        assert (folder / f"{name}{SUFFIX}").is_file(), name
    for resource in ("resources/fonts/wqy-microhei.ttc", "resources/forms/visit.xlsx", "resources/i18n/fangpin_en.qm",
                     "resources/divisions/wuyi-demo.csv", "app/store/migrations/env.py"):
        assert (frozen_build.internal / resource).is_file(), resource

    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    started = time.monotonic()
    run = subprocess.run([str(folder / f"fangpin-console{SUFFIX}"), "--self-test"], cwd=tmp_path, env=environment,
                         capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=300)
    test_seconds = time.monotonic() - started
    lines = run.stdout.splitlines()
    with capsys.disabled():
        print(f"\nfrozen build: {frozen_build.seconds:.0f} s to build, {_size_mb(folder):.0f} MB in {folder.name}/, "
              f"self-test {test_seconds:.1f} s")
        print("\n".join(lines))
    assert run.returncode == 0, run.stdout + run.stderr[-4000:]
    assert len(lines) == len(LABELS) and all(" … OK" in line for line in lines), run.stdout


def test_the_folder_is_under_250_mb(frozen_build: FrozenBuild) -> None:
    size = _size_mb(frozen_build.folder)
    assert size < MAX_SIZE_MB, f"{size:.0f} MB; see docs/build.md, 大小 for what is cut and how to measure"


def test_no_test_only_package_is_inside(frozen_build: FrozenBuild) -> None:
    files = {_top_name(path.name) for path in frozen_build.internal.iterdir()}
    modules = {_top_name(name) for name in _pure_python_modules(frozen_build.folder / f"fangpin-console{SUFFIX}")}
    assert files & TEST_ONLY == set()
    assert modules & TEST_ONLY == set()
    assert {"app", "sqlalchemy", "reportlab", "openpyxl", "psycopg"} <= modules  # the reading itself works


def test_unused_qt_stays_out_and_the_needed_plugins_stay_in(frozen_build: FrozenBuild) -> None:
    qt = frozen_build.internal / "PySide6"
    plugins = qt / "Qt" / "plugins" if LINUX else qt / "plugins"
    present = {path.relative_to(plugins).as_posix() for path in plugins.rglob("*") if path.is_file()}
    everything = {path.name for path in frozen_build.internal.rglob("*") if path.is_file()}
    assert not list(qt.glob("QtQml.*")) and not list(qt.glob("QtNetwork.*")) and not list(qt.glob("QtPdf.*"))
    assert not [name for name in present if name.startswith(("wayland-", "platforms/libqwayland", "egldevice"))]
    assert {name.split("/")[1] for name in present if name.startswith("imageformats/")} <= {"libqsvg.so", "qsvg.dll"}
    assert not [name for name in everything if re.match(r"(lib)?Qt6(Quick|Qml|Network|Pdf|WebEngine|Multimedia)", name)]
    if LINUX:
        assert {"platforms/libqxcb.so", "platforms/libqoffscreen.so", "printsupport/libcupsprintersupport.so",
                "platforminputcontexts/libibusplatforminputcontextplugin.so"} <= present
        assert not {"libgtk-3.so.0", "libgdk-3.so.0", "libQt6WaylandClient.so.6"} & everything
    elif sys.platform == "win32":
        assert {"platforms/qwindows.dll", "platforms/qoffscreen.dll"} <= present


@pytest.mark.skipif(not LINUX, reason="ldd and the pruned system libraries are Linux only")
def test_every_library_finds_what_it_needs(frozen_build: FrozenBuild) -> None:
    """build.spec prunes the libraries nothing needs: nothing that is needed may have gone with them. Every
    library and plugin resolves its dependencies from the folder (the bootloader puts _internal on the search
    path) or from the system."""
    internal = frozen_build.internal
    environment = {**os.environ, "LD_LIBRARY_PATH": str(internal)}
    missing = []
    for path in sorted(internal.rglob("*.so*")):
        if path.is_file() and not path.is_symlink():
            out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=environment).stdout
            missing += [f"{path.relative_to(internal)}: {line.strip()}"
                        for line in out.splitlines() if "not found" in line]
    assert missing == []
