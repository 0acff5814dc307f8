"""Report benchmark: the county's 月分析, 季调度 and 年考核 over a large demo county.

    python bench/reports.py [--households N] [--reuse DB]

Builds a demo county (or opens DB, password bench-密码, e.g. one made by
`FANGPIN_PASSWORD=bench-密码 fangpin demo --db DB --households 100000`) and times
ReportService.build for each kind over the whole county. Prints ``name=value`` lines:
households, monthly_s, quarterly_s, yearly_s, peak_mb (the process's own high-water mark).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.services.demo import create_demo_database
from app.services.reports import ReportKind, ReportService
from app.services.setup import open_context

PASSWORD = "bench-密码"
PERIODS = ((ReportKind.MONTHLY, "monthly", "2026-10"), (ReportKind.QUARTERLY, "quarterly", "2026-Q3"),
           (ReportKind.YEARLY, "yearly", "2025"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--reuse", type=Path, default=None, help="an existing county database")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        if args.reuse:
            ctx = open_context(args.reuse, PASSWORD)
        else:
            print(f"generating {args.households} households …", file=sys.stderr, flush=True)
            ctx = create_demo_database(Path(folder) / "county.db", PASSWORD, households=args.households)
        try:
            service = ReportService(ctx)
            for kind, name, period in PERIODS:
                started = time.perf_counter()
                report = service.build(kind, period)
                print(f"{name}_s={time.perf_counter() - started:.2f}", flush=True)
            print(f"households={report.figures.households}")
            print(f"peak_mb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}")
        finally:
            ctx.db.close()


if __name__ == "__main__":
    main()
