"""What `fangpin` with no arguments does: open the desktop application.

Qt is imported only here, when the application starts, so every command-line job stays light.
"""

from __future__ import annotations


def run_application(database: str | None = None, remember: bool = False) -> int:
    """``database`` opens once; with ``remember`` it also becomes the database later starts open."""
    from app.ui.app import run

    return run(database, remember)
