from core import signing_pin


def test_a_pin_is_held_for_the_with_only_and_none_keeps_the_callers():
    assert signing_pin.current() is None
    with signing_pin.holding("2468"):
        with signing_pin.holding(None):  # a service called without one: the caller's stays
            assert signing_pin.current() == "2468"
        with signing_pin.holding(""):  # a form left empty: none
            assert signing_pin.current() is None
        assert signing_pin.current() == "2468"
    assert signing_pin.current() is None
