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
