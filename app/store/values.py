"""The JSON forms of column values, under the names older modules import them by.

They are defined by the storage codec (app/store/codec.py); new code imports them from there.
"""

from app.store.codec import from_json_value, to_json_value
from app.store.codec import json_text as dumps

__all__ = ["dumps", "from_json_value", "to_json_value"]
