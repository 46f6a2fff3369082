# The 2026 corrections of POLICY.md, shipped as data: the override table wins over the library.
from django.db import migrations

from core.calendar_corrections import CORRECTIONS, restore_calendar_corrections


def add(apps, schema_editor):
    restore_calendar_corrections(apps.get_model("core", "CalendarOverride"))


def remove(apps, schema_editor):
    CalendarOverride = apps.get_model("core", "CalendarOverride")
    CalendarOverride.objects.filter(date__in=[c[0] for c in CORRECTIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
