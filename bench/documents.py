"""Printing benchmark for the station documents: 台账, 走访计划 and 月度分析 of a demo county.

    python bench/documents.py [--households N] [--seed S]

Prints ``name=value`` lines on stdout (progress goes to stderr): for each document the seconds
from the request to the finished PDF (reading included, through printouts.write_document, as
the 打印 page and the command line call it) and its page count.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pypdf import PdfReader

from app.services.demo import create_demo_database
from app.services.printouts import DocumentKind, PrintRequest, write_document

PASSWORD = "bench-密码"
PRINTED_ON = date(2026, 11, 23)
COUNTY = "131122"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fangpin-bench-documents-") as tmp:
        work = Path(tmp)
        print(f"demo county of {args.households} households", file=sys.stderr, flush=True)
        ctx = create_demo_database(work / "county.db", PASSWORD, args.households, args.seed,
                                   progress=lambda done, total: None, today=lambda: PRINTED_ON)
        print(f"households={args.households}", flush=True)
        try:
            for name, request in (
                    ("ledger_county", PrintRequest(DocumentKind.LEDGER, area=COUNTY)),
                    ("due_county", PrintRequest(DocumentKind.DUE, month=PRINTED_ON)),
                    ("monthly_county", PrintRequest(DocumentKind.MONTHLY, month=PRINTED_ON))):
                out = work / f"{name}.pdf"
                started = time.perf_counter()
                write_document(ctx, request, out)
                print(f"{name}_s={time.perf_counter() - started:.3f}", flush=True)
                print(f"{name}_pages={len(PdfReader(out).pages)}", flush=True)
        finally:
            ctx.db.close()


if __name__ == "__main__":
    main()
