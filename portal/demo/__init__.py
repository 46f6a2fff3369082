"""A believable province for demonstrations and manual testing (`manage.py seed_demo`).

Idempotent: every row is found by a natural key before it is created, so running it twice
leaves the same counts. The base province (agencies, people, passports, logins, plans, trips)
is built here; then each hook in `SEED_HOOKS` adds one app's own demo data.

Adding demo data for an app:

1. Write `seed_demo_<topic>(today)` (or without arguments) in `<app>/demo.py`: idempotent,
   finding the demo users and agencies by username and code (`LOGINS`, `people.AGENCIES`).
2. Add its dotted path to `SEED_HOOKS` below. Hooks run in order, inside the seed's
   transaction, after the base province; a hook that takes `today` receives the seed's date.
"""

from __future__ import annotations

import datetime as dt
import inspect

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.module_loading import import_string

from agencies.models import DisciplinaryReview
from core import signing_pin
from documents.demo import DEMO_PIN, seed_demo_credentials
from portal.demo.people import (
    DEMO_PASSWORD,
    LOGINS,
    seed_agencies,
    seed_logins,
    seed_officials,
    seed_passports,
    seed_plans,
)
from portal.demo.trips import TRIPS, seed_trip

__all__ = ["DEMO_PASSWORD", "DEMO_PIN", "LOGINS", "SEED_HOOKS", "seed"]
# Who signs decisions in the demo: the agency's head (agency level) and the two leaders of
# the People's Committee (province level). The appraiser no longer decides (issue 23).
SIGNERS = ("thutruong", "lanhdao", "phochutich")

# Dotted paths of `<app>.demo.seed_demo_<topic>` functions, called in this order.
# The lifecycle's officials are made before the personnel codes are given, so they get one.
SEED_HOOKS: list[str] = [
    "approvals.demo_chain.seed_demo_chain",
    "passports.demo.seed_demo_lifecycle",
    "registry.demo.seed_demo_personnel_codes",
    # Last: every approved trip above has its signed decision (fills in only what is missing).
    "documents.demo.seed_demo_documents",
]


def run_hooks(today: dt.date, hooks: list[str] | None = None) -> None:
    for path in SEED_HOOKS if hooks is None else hooks:
        hook = import_string(path)
        takes_today = "today" in inspect.signature(hook).parameters
        hook(today=today) if takes_today else hook()


def seed(today: dt.date | None = None) -> list[tuple[str, str]]:
    """Build (or complete) the demo province; returns the demo logins."""
    today = today or timezone.localdate()
    # The demo's own events notify demo people at made-up addresses: send those nowhere.
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        transaction.atomic(),
    ):
        agencies = seed_agencies()
        users = seed_logins(agencies, today)
        # The deciders sign their decisions with their own (throw-away) key and the demo PIN.
        seed_demo_credentials([users[name] for name in SIGNERS], users["quantri"])
        people = seed_officials(agencies, today)
        seed_passports(people, today, users["hochieu"])
        DisciplinaryReview.objects.get_or_create(
            official=people["so-van-hoa"][2],
            kind=DisciplinaryReview.Kind.ADMINISTRATIVE,
            defaults={
                "opened_on": today - dt.timedelta(days=20),
                "note": "Xem xét trách nhiệm trong công tác quản lý di tích.",
            },
        )
        seed_plans(agencies, people, [users["canbo.ngoaivu"]], today)
        with signing_pin.holding(DEMO_PIN):
            for spec in TRIPS:
                seed_trip(spec, agencies, people, users, today)
            run_hooks(today)
    return [(username, description) for username, _role, _agency, description in LOGINS]
