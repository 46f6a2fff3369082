"""What changed in the master data of a request's members after it was submitted, read from
the simple-history rows (who, when, before → after), for the reviewer."""

from dataclasses import dataclass

from django.db.models import Subquery

from agencies.models import Agency, DisciplinaryReview, Official

# What the rules read of an official, in the order a reviewer reads them.
WATCHED_FIELDS = [
    "agency",
    "is_key_leader",
    "position",
    "leave_base_days",
    "service_start_date",
    "is_active",
    "left_on",
    "leaving_reason",
]


@dataclass(frozen=True)
class MemberChange:
    official: str
    field: str
    before: str
    after: str
    at: object
    by: str


def _shown(field_name, value, agencies):
    if value is None or value == "":
        return "—"
    if field_name == "agency":
        return agencies.get(value, str(value))
    field = Official._meta.get_field(field_name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def member_changes_since(trip) -> list[MemberChange]:
    """Changes to the members' watched fields and discipline reviews after `trip` was
    submitted, oldest first. Three queries whatever the number of members or changes."""
    if trip.submitted_at is None:
        return []
    member_ids = Subquery(trip.members.values("official_id"))
    rows = list(
        Official.history.filter(id__in=member_ids)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    changes, previous = [], {}
    agency_ids = {row.agency_id for row in rows}
    agencies = dict(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "name"))
    for row in rows:
        before = previous.get(row.id)
        previous[row.id] = row
        if before is None or row.history_date <= trip.submitted_at:
            continue
        for name in WATCHED_FIELDS:
            old, new = getattr(before, _attname(name)), getattr(row, _attname(name))
            if old != new:
                changes.append(
                    MemberChange(
                        official=row.full_name,
                        field=str(Official._meta.get_field(name).verbose_name),
                        before=_shown(name, old, agencies),
                        after=_shown(name, new, agencies),
                        at=row.history_date,
                        by=str(row.history_user or "—"),
                    )
                )
    changes += _review_changes(trip, member_ids)
    return sorted(changes, key=lambda change: change.at)


@dataclass(frozen=True)
class MemberFlag:
    official: str
    message: str


def member_flags(trip) -> list[MemberFlag]:
    """Members who no longer fit the request, whatever its status (a draft included): moved to
    another agency, or leaving the service before the return. One query."""
    from django.utils.translation import gettext as _

    flags = []
    officials = Official.objects.filter(trip_memberships__trip=trip).select_related("agency")
    for official in officials.order_by("full_name"):
        if official.agency_id != trip.agency_id:
            flags.append(
                MemberFlag(
                    official.full_name,
                    _("đã chuyển sang %(agency)s") % {"agency": official.agency.name},
                )
            )
        if official.left_on is not None and official.left_on <= trip.return_date:
            flags.append(
                MemberFlag(
                    official.full_name,
                    _("%(reason)s từ ngày %(day)s")
                    % {
                        "reason": official.get_leaving_reason_display(),
                        "day": official.left_on.strftime("%d/%m/%Y"),
                    },
                )
            )
    return flags


def _attname(name):
    return "agency_id" if name == "agency" else name


def _review_changes(trip, member_ids):
    label = str(DisciplinaryReview._meta.verbose_name)
    return [
        MemberChange(
            official=row.official.full_name,
            field=label,
            before="",
            after=f"{row.get_kind_display()} ({_shown('service_start_date', row.opened_on, {})}"
            f" – {_shown('service_start_date', row.closed_on, {})})",
            at=row.history_date,
            by=str(row.history_user or "—"),
        )
        for row in DisciplinaryReview.history.filter(
            official_id__in=member_ids, history_date__gt=trip.submitted_at
        ).select_related("history_user", "official")
    ]
