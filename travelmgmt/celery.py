"""The Celery app: configured from Django settings (CELERY_ namespace), tasks autodiscovered.

The beat schedule lives here, in code, one commented entry per periodic task. Run exactly one
beat. Without CELERY_BROKER_URL the tasks run in-process (see settings).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "travelmgmt.settings")

app = Celery("travelmgmt")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {}
