"""Who hears of a request's status change, and what they read."""

from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from accounts.roles import Role
from core.i18n import remembering_gettext
from core.notifications import PeopleSQL, notify
from trips.models import TripRequest

S = TripRequest.Status

SUBJECTS = {
    S.SUBMITTED: gettext_noop("Hồ sơ mới chờ thẩm định: %(title)s"),
    S.APPRAISED: gettext_noop("Hồ sơ đã thẩm định, chờ bước tiếp theo: %(title)s"),
    S.APPROVED: gettext_noop("Hồ sơ đã được phê duyệt: %(title)s"),
    S.REJECTED: gettext_noop("Hồ sơ không được phê duyệt: %(title)s"),
    S.RETURNED: gettext_noop("Hồ sơ bị trả lại để chỉnh sửa: %(title)s"),
    S.WITHDRAWN: gettext_noop("Cơ quan đã rút hồ sơ: %(title)s"),
    S.CANCELLED: gettext_noop("Cơ quan đã hủy chuyến đi: %(title)s"),
}


def _reviewers():
    return User.objects.filter(groups__name=Role.REVIEWER, is_active=True)


# The author, the agency's staff and the members' logins, as one subquery: written by hand,
# as the ORM spent ~0.5 ms compiling its three (approvals/tests/test_agency_side.py).
_AGENCY_SIDE = """
    SELECT u.id FROM accounts_user u WHERE u.id = %s
    UNION
    SELECT ug.user_id FROM accounts_user_groups ug
      JOIN auth_group g ON g.id = ug.group_id
      JOIN accounts_user u ON u.id = ug.user_id
     WHERE g.name = %s AND u.agency_id = %s
    UNION
    SELECT o.user_id FROM trips_tripmember m JOIN agencies_official o ON o.id = m.official_id
     WHERE m.trip_id = %s AND o.user_id IS NOT NULL
"""


_AGENCY_SIDE_BUT = (
    "SELECT u.id AS pk FROM accounts_user u WHERE u.is_active AND u.id <> %s"
    f" AND u.id IN ({_AGENCY_SIDE})"
)


def _agency_side(trip):
    """The author, the agency's staff, and the members who have a login, active."""
    people = RawSQL(
        _AGENCY_SIDE, [trip.created_by_id, Role.AGENCY_STAFF.value, trip.agency_id, trip.pk]
    )
    return User.objects.filter(is_active=True, pk__in=people)


def _next_actors(trip):
    """Whoever may take the step the request now waits at: its role's holders and, today,
    their substitutes (issue 13). Reviewers for a request without a stored chain."""
    from approvals.chain import step_holders, waiting_step

    step = waiting_step(trip)  # the chain the service kept current: no query after a step
    return _reviewers() if step is None else step_holders(step)


def _agency_side_but(trip, actor_id) -> PeopleSQL:
    """_agency_side but the one who acted, written whole: a decision's notices are one
    statement with no ORM compilation (issue 26)."""
    params = [trip.created_by_id, Role.AGENCY_STAFF.value, trip.agency_id, trip.pk]
    return PeopleSQL(_AGENCY_SIDE_BUT, [actor_id or 0, *params])


def recipients_for(trip, status, *, but=None):
    """Who hears that `trip` moved to `status`, the user `but` (who moved it) left out: a
    queryset, or for a decision a PeopleSQL (for notify(), not for filtering further)."""
    if status in (S.APPROVED, S.REJECTED, S.RETURNED):
        return _agency_side_but(trip, but)
    if status == S.SUBMITTED:
        people = _next_actors(trip)
    elif status == S.APPRAISED:
        people = _next_actors(trip) | _agency_side(trip)
    elif status in (S.WITHDRAWN, S.CANCELLED) and trip.submitted_at:
        people = _reviewers()
    else:
        return User.objects.none()
    return people.exclude(pk=but)


def notify_transition(trip, transition):
    """In-app notices for a transition (same transaction), emails after commit."""
    subject = SUBJECTS.get(transition.to_status)
    if subject is None:
        return
    # The subject already names the request: the body says what the subject cannot.
    lines = [
        _("%(agency)s, từ %(departure)s đến %(return)s.")
        % {
            "agency": trip.agency,
            "departure": date_format(trip.departure_date, "SHORT_DATE_FORMAT"),
            "return": date_format(trip.return_date, "SHORT_DATE_FORMAT"),
        }
    ]
    if transition.note:
        lines.append(_("Ghi chú / lý do: %(note)s") % {"note": transition.note})
    if transition.acting_for_id:
        lines.append(
            _("%(actor)s xử lý thay cho %(principal)s.")
            % {"actor": transition.actor, "principal": transition.acting_for}
        )
    body = "\n".join(lines)
    notify(
        recipients=recipients_for(trip, transition.to_status, but=transition.actor_id),
        event_key=f"trip-transition-{transition.pk}",
        subject=remembering_gettext(subject) % {"title": trip.title},
        body=body,
        url=reverse("trips:detail", args=[trip.pk]),
    )
