import dataclasses
import datetime as dt

from celery import shared_task

from portal.sweep import daily_sweep


@shared_task(acks_late=True)  # safe to run twice: every notice is unique per event
def run_daily_sweep(today: str | None = None) -> dict:
    """The 07:30 sweep: complete returned trips, remind about reports, resend lost emails."""
    result = daily_sweep(dt.date.fromisoformat(today) if today else None)
    return dataclasses.asdict(result)
