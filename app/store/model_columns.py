"""The synchronised columns of a model and the value a new row gets in each, worked out once."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import inspect

from app.store.models import BOOKKEEPING_FIELDS, SyncedModel

NO_DEFAULT = object()


@cache
def column_names(model: type[SyncedModel]) -> tuple[str, ...]:
    return tuple(c.key for c in inspect(model).column_attrs if c.key not in BOOKKEEPING_FIELDS)


@cache
def column_defaults(model: type[SyncedModel]) -> dict[str, Any]:
    """The value a new row gets for each field nobody sets (``NO_DEFAULT`` when required)."""
    defaults: dict[str, Any] = {}
    for name in column_names(model):
        field = model.model_fields[name]
        if field.default_factory is not None:
            defaults[name] = field.default_factory()  # type: ignore[call-arg]
        else:
            defaults[name] = NO_DEFAULT if field.is_required() else field.default
    return defaults
