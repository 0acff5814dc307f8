from app.services.identity import device_keys, known_identity
from app.services.setup import open_context
from app.sync.bundle import read_bundle, write_bundle
from tests.conftest import PASSWORD


def test_a_device_keeps_its_keys_across_reopening(ctx) -> None:
    keys = device_keys(ctx.db)
    location = ctx.db.location
    ctx.db.close()
    reopened = open_context(location, PASSWORD)
    try:
        assert device_keys(reopened.db) == keys
        assert known_identity(reopened.db, keys.device_id) == keys.public
        assert known_identity(reopened.db, "nobody") is None
    finally:
        reopened.db.close()


def test_two_devices_exchange_a_bundle_with_their_stored_keys(open_copy) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    worker_keys, township_keys = device_keys(worker.db), device_keys(township.db)
    assert worker_keys.public != township_keys.public
    data = write_bundle({"sequence": 1}, {"changes": []}, worker_keys, township_keys.public)
    opened = read_bundle(data, township_keys,
                         {worker_keys.device_id: worker_keys.public}.get)
    assert opened.payload == {"changes": []}
