"""Row identifiers: UUIDv7, so ids sort by creation time and never collide across devices."""

import uuid_utils


def new_id() -> str:
    return str(uuid_utils.uuid7())
