"""The demo service: generation within a database's scope, and a new demo county database."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from app.services.context import ServiceContext
from app.services.demo.generator import Generator
from app.services.demo.names import DEMO_COUNTY
from app.services.demo.run import DemoSummary
from app.services.setup import create_workspace
from app.services.unit_of_work import UnitOfWork

DEMO_USER = "演示管理员"


class DemoService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def generate(self, households: int, seed: int = 1,
                 progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> DemoSummary:
        """Add ``households`` demo households within this database's scope (a county, township
        or village), adding villages to a county or township when the ones it has would hold
        more than about 350 households each.

        One unit of work, written a batch of households at a time; ``progress(done, total)`` is
        called after each batch and ``cancelled()`` is asked between batches (the whole batches
        written stay, and the audit says it was cancelled). A failure writes nothing.
        """
        if households < 0:
            raise ValueError(f"households must not be negative, got {households}")
        started = time.perf_counter()
        generator = Generator(self.ctx, households, seed)
        with UnitOfWork(self.ctx) as uow:
            summary = generator.generate(uow, progress, cancelled)
            uow.audit("demo_generate", households=summary.households, seed=seed, cancelled=summary.cancelled)
        summary.seconds = time.perf_counter() - started
        return summary


def create_demo_database(location: str | Path, password: str, households: int, seed: int = 1,
                         *, progress: Callable[[int, int], None] | None = None,
                         today: Callable[[], date] | None = None) -> ServiceContext:
    """A new county database for 武邑县 filled with ``households`` demo households."""
    ctx = create_workspace(location, password, role="county", division=DEMO_COUNTY,
                     user_name=DEMO_USER)
    if today is not None:
        ctx.today = today
    try:
        DemoService(ctx).generate(households, seed, progress=progress)
    except BaseException:
        ctx.db.close()
        raise
    return ctx
