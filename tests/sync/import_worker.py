"""Run as a subprocess by test_crash_safety: import one bundle into one database."""

import sys
from pathlib import Path

from app.services.setup import open_context
from app.services.sync import SyncService

if __name__ == "__main__":
    database, bundle, password = sys.argv[1:4]
    ctx = open_context(Path(database), password)
    SyncService(ctx).import_file(Path(bundle))
    ctx.db.close()
    print("done", flush=True)
