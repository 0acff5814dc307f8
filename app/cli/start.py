"""What `fangpin` with no arguments does.

Until the desktop screens land it opens (or, the first time, creates with demo data) the
database in the user's data folder and prints the overview.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from app.cli.common import PASSWORD_VARIABLE, read_password
from app.cli.report_commands import print_stats
from app.services.context import ServiceContext
from app.services.setup import open_context
from app.services.stats import StatsService
from app.store.engine import WrongPassword

DEMO_PASSWORD = "demo"
DEMO_HOUSEHOLDS = 2000


def default_database() -> Path:
    return Path(platformdirs.user_data_dir("fangpin-field", appauthor=False)) / "fangpin.db"


def run_application() -> int:
    path = default_database()
    ctx = _open_existing(path) if path.exists() else _create_demo(path)
    stats = StatsService(ctx).overview()
    ctx.db.close()
    print_stats(stats)
    return 0


def _create_demo(path: Path) -> ServiceContext:
    # Imported here: the generator is only needed on a first run, and every command loads this file.
    from app.services.demo import create_demo_database

    path.parent.mkdir(parents=True, exist_ok=True)
    password = os.environ.get(PASSWORD_VARIABLE) or DEMO_PASSWORD
    print(f"首次运行：正在创建演示数据库 {path}（{DEMO_HOUSEHOLDS} 户演示农户）……")
    ctx = create_demo_database(path, password, households=DEMO_HOUSEHOLDS, seed=1)
    if password == DEMO_PASSWORD:
        print(f"演示数据库的密码是“{DEMO_PASSWORD}”。")
    return ctx


def _open_existing(path: Path) -> ServiceContext:
    """Open the default database; a demo database opens without asking for its known password."""
    if not os.environ.get(PASSWORD_VARIABLE):
        try:
            return open_context(path, DEMO_PASSWORD)
        except WrongPassword:
            pass
    return open_context(path, read_password())
