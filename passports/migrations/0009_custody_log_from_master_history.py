"""One history for a passport (issue 22): its custody log. What django-simple-history recorded
that the log lacks is copied into it here, before 0010 drops the historical table.

Each historical row is compared with the passport's previous one:

- created ("+"), and the log has no registration: a `registered` row, to the row's status;
- the register's data changed (holder, kind, number, dates, storage place; the loss date
  when no status moved with it), and no `edited` log row at that moment: an `edited` row
  whose note lists each field before → after, as passports.services.passport_edit writes it;
- the status changed, and no log row reached that status at that moment: a row of the action
  that reaches it in passports.workflow (in custody ← returned, lost ← reported_lost, the
  others by their own name), from → to;
- deleted ("-"): nothing; the passport is gone and a log row cannot name it (none was: the
  admin never deletes passports, and one with a log cannot be deleted).

"At that moment": within MATCH_WINDOW, each log row accounting for one historical row at
most. A copied row keeps the historical row's time and user, and its note says where it came
from. Rows are only added (the log is append-only), so going back adds nothing and removes
nothing.
"""

import datetime as dt

from django.db import migrations

MATCH_WINDOW = dt.timedelta(minutes=2)
DATA_FIELDS = ["official", "kind", "number", "issued_on", "expires_on", "storage_location"]
ACTION_REACHING = {"in_custody": "returned", "lost": "reported_lost"}  # else the status's name
COPIED = "(chép từ lịch sử dữ liệu hộ chiếu)"


def _value(row, name, officials):
    if name == "official":
        return officials.get(row.official_id, row.official_id)
    return getattr(row, name)


def _edits(before, row, officials, Historical):
    """`label: before → after` for each register field the row changed."""
    names = list(DATA_FIELDS)
    if before.status == row.status:
        names.append("lost_reported_on")
    changes = []
    for name in names:
        old, new = _value(before, name, officials), _value(row, name, officials)
        if old != new:
            label = Historical._meta.get_field(name).verbose_name
            changes.append(f"{label}: {old} → {new}")
    return changes


class _Log:
    """A passport's custody log, each row taken at most once by a historical row."""

    def __init__(self, rows):
        self.rows = list(rows)

    def take(self, at, match) -> bool:
        near = [r for r in self.rows if abs(r.at - at) <= MATCH_WINDOW and match(r)]
        if not near:
            return False
        self.rows.remove(min(near, key=lambda r: abs(r.at - at)))
        return True


def _missing_rows(passport_id, history, log, officials, Historical, CustodyEvent):
    """The log rows that the passport's historical rows (oldest first) hold and the log lacks."""
    missing, before = [], None
    registered = any(r.action == "registered" for r in log.rows)

    def event(row, action, **fields):
        note = fields.pop("note", "")
        return CustodyEvent(
            passport_id=passport_id,
            action=action,
            at=row.history_date,
            actor_id=row.history_user_id,
            note=f"{note} {COPIED}".strip(),
            **fields,
        )

    for row in history:
        if row.history_type == "+":
            if not registered:  # a log row or an earlier "+" (populate_history) has it
                missing.append(event(row, "registered", to_status=row.status))
            registered = True
        elif row.history_type == "~" and before is not None:
            changes = _edits(before, row, officials, Historical)
            if changes and not log.take(row.history_date, lambda r: r.action == "edited"):
                missing.append(event(row, "edited", note="; ".join(changes)))
            status = row.status
            if status != before.status and not log.take(
                row.history_date, lambda r, status=status: r.to_status == status
            ):
                action = ACTION_REACHING.get(status, status)
                missing.append(event(row, action, from_status=before.status, to_status=status))
        before = row
    return missing


def copy_master_history(apps, schema_editor):
    Historical = apps.get_model("passports", "HistoricalPassport")
    CustodyEvent = apps.get_model("passports", "CustodyEvent")
    Passport = apps.get_model("passports", "Passport")
    Official = apps.get_model("agencies", "Official")
    officials = dict(Official.objects.values_list("pk", "full_name"))
    at = CustodyEvent._meta.get_field("at")
    at.auto_now_add = False  # the copied rows keep the historical rows' time
    try:
        for passport_id in Passport.objects.order_by("pk").values_list("pk", flat=True):
            history = Historical.objects.filter(id=passport_id).order_by(
                "history_date", "history_id"
            )
            log = _Log(CustodyEvent.objects.filter(passport_id=passport_id))
            missing = _missing_rows(passport_id, history, log, officials, Historical, CustodyEvent)
            CustodyEvent.objects.bulk_create(missing)
    finally:
        at.auto_now_add = True


class Migration(migrations.Migration):
    dependencies = [
        ("passports", "0008_custody_log_workflow"),
        ("agencies", "0005_master_data_history_leaving_transfer"),
    ]

    operations = [migrations.RunPython(copy_master_history, migrations.RunPython.noop)]
