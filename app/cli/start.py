"""What `fangpin` with no arguments does.

Until the desktop screens land it opens (or, the first time, creates with demo data) the
database in the user's data folder and prints the overview.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from app.cli.common import PASSWORD_VARIABLE, read_password
from app.services.stats import StatsService

DEMO_PASSWORD = "demo"
DEMO_HOUSEHOLDS = 2000


def default_database() -> Path:
    return Path(platformdirs.user_data_dir("fangpin-field", appauthor=False)) / "fangpin.db"


def run_application() -> int:
    from app.cli.report_commands import print_stats
    from app.services.demo import create_demo_database
    from app.services.setup import open_context

    path = default_database()
    if path.exists():
        ctx = open_context(path, read_password())
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        password = os.environ.get(PASSWORD_VARIABLE) or DEMO_PASSWORD
        print(f"首次运行：正在创建演示数据库 {path}（{DEMO_HOUSEHOLDS} 户演示农户）……")
        ctx = create_demo_database(path, password, households=DEMO_HOUSEHOLDS, seed=1)
        if password == DEMO_PASSWORD:
            print(f"演示数据库的密码是“{DEMO_PASSWORD}”。")
    stats = StatsService(ctx).overview()
    ctx.db.close()
    print_stats(stats)
    return 0
