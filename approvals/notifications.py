"""Who hears of a request's status change, and what they read."""

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from accounts.roles import Role
from core.i18n import remembering_gettext
from core.notifications import notify
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


def _agency_side(trip):
    """The author, the agency's staff, and the members who have a login: one query (the
    staff and the members as subqueries)."""
    staff = User.objects.filter(agency_id=trip.agency_id, groups__name=Role.AGENCY_STAFF)
    members = trip.traveller_logins()
    return User.objects.filter(is_active=True).filter(
        Q(pk=trip.created_by_id) | Q(pk__in=staff.values("pk")) | Q(pk__in=members)
    )


def _next_actors(trip):
    """Whoever may take the step the request now waits at: its role's holders and, today,
    their substitutes (issue 13). Reviewers for a request without a stored chain."""
    from approvals.chain import step_holders, waiting_step

    step = waiting_step(trip)  # the chain the service kept current: no query after a step
    return _reviewers() if step is None else step_holders(step)


def recipients_for(trip, status):
    if status == S.SUBMITTED:
        return _next_actors(trip)
    if status == S.APPRAISED:
        return _next_actors(trip) | _agency_side(trip)
    if status in (S.APPROVED, S.REJECTED, S.RETURNED):
        return _agency_side(trip)
    if status in (S.WITHDRAWN, S.CANCELLED) and trip.submitted_at:
        return _reviewers()
    return User.objects.none()


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
        recipients=recipients_for(trip, transition.to_status).exclude(pk=transition.actor_id),
        event_key=f"trip-transition-{transition.pk}",
        subject=remembering_gettext(subject) % {"title": trip.title},
        body=body,
        url=reverse("trips:detail", args=[trip.pk]),
    )
