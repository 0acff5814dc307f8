"""This device's keys, made once and kept in its encrypted database."""

from __future__ import annotations

from sqlmodel import Session

from app.store.database import Database
from app.store.models import Device
from app.sync.keys import DeviceKeys, PublicIdentity


def device_keys(db: Database) -> DeviceKeys:
    """This device's key pairs; a device made before keys existed gets them now."""
    with Session(db.engine) as session:
        device = session.get(Device, db.device.id)
        assert device is not None
        if device.signing_private is None or device.agreement_private is None:
            keys = DeviceKeys.generate(device.id)
            device.signing_private, device.agreement_private = (keys.signing_private,
                                                                keys.agreement_private)
            device.signing_key = keys.public.signing_key
            device.agreement_key = keys.public.agreement_key
            session.commit()
        return DeviceKeys(device.id, device.signing_private, device.agreement_private)


def known_identity(db: Database, device_id: str) -> PublicIdentity | None:
    """The public keys of a device this one has enrolled or been enrolled by."""
    with Session(db.engine) as session:
        device = session.get(Device, device_id)
    if device is None or device.signing_key is None or device.agreement_key is None:
        return None
    return PublicIdentity(device.id, device.signing_key, device.agreement_key)
