"""Days on which the government's announcements differ from the `holidays` library (POLICY.md).

Shipped as initial data by a migration; the admin edits the table afterwards.
"""

import datetime as dt

CORRECTIONS = [
    (dt.date(2026, 1, 2), False, "Nghỉ bù Tết Dương lịch 2026 (Công văn 12729/VPCP-KGVX)"),
    (dt.date(2026, 1, 10), True, "Làm bù cho ngày 02/01/2026 (Công văn 12729/VPCP-KGVX)"),
    (dt.date(2026, 8, 22), True, "Làm bù cho ngày 31/08/2026"),
    (dt.date(2026, 8, 31), False, "Nghỉ Quốc khánh 2026, làm bù ngày 22/08/2026"),
]


def restore_calendar_corrections(CalendarOverride=None):
    if CalendarOverride is None:
        from core.models import CalendarOverride
    for day, working, note in CORRECTIONS:
        CalendarOverride.objects.update_or_create(
            date=day, defaults={"is_working_day": working, "note": note}
        )
