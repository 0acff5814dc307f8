from hypothesis import given
from hypothesis import strategies as st

from app.store.hlc import HybridClock, Stamp, node_of_device


def test_stamps_increase_even_when_the_wall_clock_steps_back() -> None:
    times = iter([1000, 1000, 999, 500, 2000])
    clock = HybridClock("aaaaaaaaaaaa", wall_millis=lambda: next(times))
    stamps = [clock.now() for _ in range(5)]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == 5
    assert Stamp.parse(stamps[-1]).millis == 2000


def test_observing_a_remote_stamp_moves_the_clock_past_it() -> None:
    clock = HybridClock("aaaaaaaaaaaa", wall_millis=lambda: 1000)
    remote = str(Stamp(5000, 7, "bbbbbbbbbbbb"))
    clock.observe(remote)
    assert clock.now() > remote


def test_ties_are_broken_by_device() -> None:
    a, b = str(Stamp(10, 0, "aaaaaaaaaaaa")), str(Stamp(10, 0, "bbbbbbbbbbbb"))
    assert a < b


def test_restarting_from_the_last_stamp_never_reissues_it() -> None:
    first = HybridClock("aaaaaaaaaaaa", wall_millis=lambda: 100)
    last = first.now()
    again = HybridClock("aaaaaaaaaaaa", last, wall_millis=lambda: 50)
    assert again.now() > last


@given(st.integers(0, 2**48 - 2), st.integers(0, 0xFFFF))
def test_stamp_text_round_trips_and_sorts_like_the_numbers(millis: int, counter: int) -> None:
    stamp = Stamp(millis, counter, "0123456789ab")
    assert Stamp.parse(str(stamp)) == stamp
    later = Stamp(millis + 1, 0, "0123456789ab")
    assert str(stamp) < str(later)


def test_node_is_the_random_tail_of_the_device_id() -> None:
    assert node_of_device("01a207fd-fada-7000-8000-871027bcad6e") == "871027bcad6e"
