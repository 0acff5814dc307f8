"""decimal_text's shortcut for floats gives the text the Decimal route gives."""

import random
from decimal import Decimal

from app.store.codec import decimal_text


def _by_decimal(value: float) -> str:
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def test_floats_read_back_from_sqlite_get_the_same_text_as_through_decimal() -> None:
    rng = random.Random(7)
    values = ([rng.uniform(-1e7, 1e7) for _ in range(2000)] + [round(rng.uniform(0, 1e5), 2) for _ in range(2000)]
              + [float(n) for n in range(-50, 50)]
              + [80.5, 100.0, 0.1, -0.0, 1e-5, 1.5e-7, 1e15, 1e16, 1e22, 123456789012345678.0, 5e-324,
                 1.7976931348623157e308, 9999999999999998.0])
    assert [decimal_text(value) for value in values] == [_by_decimal(value) for value in values]
    assert decimal_text(1e16) == "10000000000000000" and decimal_text(100.0) == "100"
    assert decimal_text(Decimal("80.50")) == "80.5" and decimal_text(3) == "3"


def test_whole_amounts_sqlite_keeps_as_integers_get_the_same_text_as_through_decimal() -> None:
    values = [0, 1, -1, 1200, -35000, 10**20, -(10**20)]
    assert [decimal_text(value) for value in values] == [format(Decimal(value), "f") for value in values]
