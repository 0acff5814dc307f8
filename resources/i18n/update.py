"""Refresh the English translation of the UI.

Run from the repository root:

    .venv/bin/python resources/i18n/update.py

Step 1 runs pyside6-lupdate over every .py file under app/ui, updating resources/i18n/fangpin_en.ts
(existing translations are kept; new strings appear as unfinished). Step 2 runs pyside6-lrelease to
build resources/i18n/fangpin_en.qm, which app/ui/i18n.py loads at run time.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

I18N_DIR = Path(__file__).resolve().parent
ROOT = I18N_DIR.parent.parent
UI_DIR = ROOT / "app" / "ui"
TS_FILE = I18N_DIR / "fangpin_en.ts"
QM_FILE = I18N_DIR / "fangpin_en.qm"
BIN_DIR = Path(sys.executable).parent


def tool(name: str) -> str:
    """Path of a PySide6 tool installed next to the running interpreter."""
    for candidate in (BIN_DIR / name, BIN_DIR / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    raise SystemExit(f"{name} not found in {BIN_DIR}; install PySide6 into this environment")


def run(command: list[str]) -> None:
    print("+", " ".join(command[:2]), "...", command[-1])
    subprocess.run(command, check=True, cwd=ROOT)


def main() -> int:
    sources = sorted(str(path.relative_to(ROOT)) for path in UI_DIR.rglob("*.py"))
    if not sources:
        raise SystemExit(f"no .py files under {UI_DIR}")
    run(
        [
            tool("pyside6-lupdate"),
            *sources,
            "-source-language",
            "zh_CN",
            "-target-language",
            "en",
            "-no-obsolete",
            "-ts",
            str(TS_FILE.relative_to(ROOT)),
        ]
    )
    run([tool("pyside6-lrelease"), str(TS_FILE.relative_to(ROOT)), "-qm", str(QM_FILE.relative_to(ROOT))])
    return 0


if __name__ == "__main__":
    sys.exit(main())
