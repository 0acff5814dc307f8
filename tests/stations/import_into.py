"""Run as a subprocess by the PostgreSQL crash test: import one bundle into one database."""

import sys
from pathlib import Path

from app.services.setup import open_context
from app.services.sync import SyncService

if __name__ == "__main__":
    location, bundle = sys.argv[1:3]
    ctx = open_context(location, None)
    SyncService(ctx).import_file(Path(bundle))
    ctx.db.close()
    print("done", flush=True)
