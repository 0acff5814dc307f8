"""What every service call needs: the database, who is acting, and today's date."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from app.domain.procedure import Role
from app.store.changelog import Actor
from app.store.database import Database


def machine_today() -> date:
    """This machine's calendar day. Looked up at each call, so the test setup can pin it for every context."""
    return date.today()


@dataclass
class ServiceContext:
    db: Database
    actor: Actor
    today: Callable[[], date] = field(default=lambda: machine_today())

    @property
    def role(self) -> Role:
        return Role(self.actor.role)

    @property
    def scope_code(self) -> str:
        return self.db.scope_code
