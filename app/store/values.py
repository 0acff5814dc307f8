"""Plain-JSON forms of column values, as they are written to the change log and bundles."""

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

_PLAIN = (str, int, float, bool, type(None))


def to_json_value(value: Any) -> Any:
    if type(value) in _PLAIN:  # the common case, checked first: this runs for every field
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [to_json_value(item) for item in value]
    if isinstance(value, dict):
        return {key: to_json_value(item) for key, item in value.items()}
    return value


def dumps(value: Any) -> str:
    """Compact JSON with Chinese kept as UTF-8 (escaping would triple its size on disk)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def from_json_value(column_type: Any, value: Any) -> Any:
    """Back from the JSON form to what a column of ``column_type`` holds."""
    if value is None:
        return None
    python_type = _python_type(column_type)
    if python_type is date:
        return date.fromisoformat(value)
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if python_type is Decimal:
        return Decimal(value)
    return value


def _python_type(column_type: Any) -> type | None:
    try:
        return column_type.python_type
    except NotImplementedError:  # JSON and other types without one keep the JSON value
        return None
