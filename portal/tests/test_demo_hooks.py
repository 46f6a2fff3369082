"""Other apps' demo data join the seed through `SEED_HOOKS`."""

import datetime as dt

from portal import demo

CALLS = []


def seed_demo_with_today(today):
    CALLS.append(("with", today))


def seed_demo_without_arguments():
    CALLS.append(("without", None))


def test_hooks_are_called_in_order_with_today_when_they_take_it():
    CALLS.clear()
    day = dt.date(2026, 12, 1)
    demo.run_hooks(
        day,
        [f"{__name__}.seed_demo_with_today", f"{__name__}.seed_demo_without_arguments"],
    )
    assert CALLS == [("with", day), ("without", None)]


def test_every_registered_hook_is_importable():
    from django.utils.module_loading import import_string

    for path in demo.SEED_HOOKS:
        assert callable(import_string(path)), path
