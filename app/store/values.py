"""The JSON forms of column values, under the names app/sync/merge.py still imports them by.

They are defined by the storage codec (app/store/codec.py); once merge.py imports
``to_json_value`` from there, this module goes.
"""

from app.store.codec import from_json_value, to_json_value
from app.store.codec import json_text as dumps

__all__ = ["dumps", "from_json_value", "to_json_value"]
