import dataclasses
import datetime as dt

from celery import shared_task
from django.conf import settings

from core.beat_lock import claim_period
from portal.catch_up import catch_up
from portal.sweep import daily_sweep

# A beat's run holds its period this long: a second beat's run of the same period is turned
# away (core.beat_lock). Runs asked for by hand (`delay()`, `send_reminders`) take no lock.
DAILY_SWEEP_PERIOD = 3600


@shared_task(acks_late=True)  # safe to run twice: every notice is unique per event
def run_daily_sweep(today: str | None = None, scheduled: bool = False) -> dict | None:
    """The 07:30 sweep: complete returned trips, remind about reports, resend lost emails."""
    if scheduled and not claim_period("daily-sweep", DAILY_SWEEP_PERIOD):
        return None
    result = daily_sweep(dt.date.fromisoformat(today) if today else None)
    return dataclasses.asdict(result)


@shared_task
def run_catch_up(scheduled: bool = False) -> dict | None:
    """Every CATCH_UP_MINUTES: queue again the emails, documents and imports still waiting."""
    # The period a little shorter than the interval, so that a late run of one beat still
    # takes the next period's lock.
    if scheduled and not claim_period("catch-up", settings.CATCH_UP_MINUTES * 60 - 30):
        return None
    return catch_up()
