"""The Celery app: configured from Django settings (CELERY_ namespace), tasks autodiscovered.

The beat schedule lives here, in code, one commented entry per periodic task. Run exactly one
beat. Without CELERY_BROKER_URL the tasks run in-process (see settings).
"""

import datetime as dt
import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import setup_logging
from django_structlog.celery.steps import DjangoStructLogInitStep

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "travelmgmt.settings")

app = Celery("travelmgmt")


def _django_settings() -> dict:
    """The CELERY_ settings, read once into a dict. Celery looks up about eight settings for
    each task queued; through Django's settings object each one it lacks was an AttributeError
    raised and caught. Read once, as before: Celery kept the settings object it was given, so a
    test's override_settings never reached it either."""
    from django.conf import settings

    return {name: getattr(settings, name) for name in dir(settings) if name.startswith("CELERY_")}


app.config_from_object(_django_settings(), namespace="CELERY")
if app.conf.task_always_eager and not app.conf.broker_url:
    # In-process tasks still take a producer for its serializer: give it Kombu's in-memory
    # transport, not a default AMQP connection to localhost (a warning in every terminal).
    app.conf.broker_url = "memory://localhost/"
app.autodiscover_tasks()
# Task log lines carry the request id of the request that queued them (django-structlog).
app.steps["worker"].add(DjangoStructLogInitStep)


@setup_logging.connect
def use_django_logging(**kwargs):
    # Workers and beat log as the web does (JSON in production), not in Celery's own format.
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


app.conf.beat_schedule = {
    # 07:30 Asia/Ho_Chi_Minh (CELERY_TIMEZONE), every day: trips back → completed, report
    # reminders (due in 2 working days, due today, overdue every 3 working days), and emails
    # whose task was lost sent again. Safe to run twice; run exactly one beat.
    # `scheduled`: a second beat's run of the same period is turned away and logged
    # (core.beat_lock).
    "daily-sweep": {
        "task": "portal.tasks.run_daily_sweep",
        "schedule": crontab(hour=7, minute=30),
        "kwargs": {"scheduled": True},
    },
    # Every few minutes (CATCH_UP_MINUTES, default 5): emails, documents, import checks and
    # exports that could not be queued, or whose task or worker was lost, queued again
    # (portal.catch_up).
    # Four indexed queries when nothing waits.
    "catch-up": {
        "task": "portal.tasks.run_catch_up",
        "schedule": dt.timedelta(minutes=int(os.environ.get("CATCH_UP_MINUTES", "5"))),
        "kwargs": {"scheduled": True},
    },
    # 03:15 every day: drop expired sessions (they live in the database; see README).
    "clear-expired-sessions": {
        "task": "travelmgmt.celery.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=15),
    },
}


@app.task
def clear_expired_sessions():
    from django.core.management import call_command

    call_command("clearsessions")
