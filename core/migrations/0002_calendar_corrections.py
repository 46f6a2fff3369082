# The 2026 corrections of POLICY.md, shipped as data: the override table wins over the library.
import datetime as dt

from django.db import migrations

CORRECTIONS = [
    (dt.date(2026, 1, 2), False, "Nghỉ bù Tết Dương lịch 2026 (Công văn 12729/VPCP-KGVX)"),
    (dt.date(2026, 1, 10), True, "Làm bù cho ngày 02/01/2026 (Công văn 12729/VPCP-KGVX)"),
    (dt.date(2026, 8, 22), True, "Làm bù cho ngày 31/08/2026"),
    (dt.date(2026, 8, 31), False, "Nghỉ Quốc khánh 2026, làm bù ngày 22/08/2026"),
]


def add(apps, schema_editor):
    CalendarOverride = apps.get_model("core", "CalendarOverride")
    for day, working, note in CORRECTIONS:
        CalendarOverride.objects.update_or_create(
            date=day, defaults={"is_working_day": working, "note": note}
        )


def remove(apps, schema_editor):
    CalendarOverride = apps.get_model("core", "CalendarOverride")
    CalendarOverride.objects.filter(date__in=[c[0] for c in CORRECTIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
