"""Who sees which step, deadlines in working days, and the once-only escalation."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from approvals.chain import chain_advance, chain_open
from approvals.chain_inbox import escalate_overdue_steps, inbox, steps_waiting_for
from authority.substitutions import substitution_create
from core.models import Notification
from trips.tests.helpers import submitted_trip

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 11, 30)


def _at(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


@pytest.fixture
def decider(db):
    from authority.tests.factories import chairman

    return chairman(UserFactory(username="decider", roles=[Role.DECIDER]))


@pytest.fixture
def province_trip(staff_a):
    trip = submitted_trip(staff_a, n=1)
    trip.members.first().official.__class__.objects.filter(
        pk=trip.members.first().official_id
    ).update(management_level="province")
    propose, *_ = chain_open(trip=trip, now=_at(MONDAY))
    # The agency head signed the proposal at once (issue 23): the appraisal waits from Monday.
    propose.status = propose.Status.APPROVED
    propose.save(update_fields=["status"])
    chain_advance(step=propose, now=_at(MONDAY))
    return trip


def test_the_appraisal_waits_for_reviewers_not_deciders(province_trip, reviewer, decider):
    assert [s.trip for s in steps_waiting_for(reviewer)] == [province_trip]
    assert list(steps_waiting_for(decider)) == []


def test_a_substitute_sees_the_principals_queue_as_acting_for(province_trip, reviewer, outsider):
    from authority.tests.factories import appraiser

    appraiser(outsider)  # another appraiser of the Department (issue 23)
    substitution_create(
        actor=reviewer,
        principal=reviewer,
        substitute=outsider,
        starts_on=MONDAY,
        ends_on=MONDAY + dt.timedelta(days=3),
        today=MONDAY,
    )
    rows = inbox(outsider, day=MONDAY + dt.timedelta(days=1))
    assert [(r.step.trip, r.acting_for) for r in rows] == [(province_trip, reviewer)]
    after = inbox(outsider, day=MONDAY + dt.timedelta(days=4))
    assert [(r.step.trip, r.acting_for) for r in after] == [(province_trip, None)]  # own right


def test_nobody_sees_a_request_they_created_or_travel_on(province_trip, staff_a, reviewer):
    staff_a.groups.add(*reviewer.groups.all())
    staff_a = type(staff_a).objects.get(pk=staff_a.pk)
    assert list(steps_waiting_for(staff_a)) == []
    traveller = province_trip.members.first().official
    traveller.user = reviewer
    traveller.save()
    assert list(steps_waiting_for(reviewer)) == []


def test_deadline_in_working_days_and_the_overdue_flag(province_trip, reviewer, settings):
    settings.APPROVAL_SLA_WORKING_DAYS = 3
    # Opened Monday 30/11: due Thursday 3/12; Friday is overdue.
    (row,) = inbox(reviewer, day=dt.date(2026, 12, 3))
    assert row.due_on == dt.date(2026, 12, 3) and not row.overdue
    (row,) = inbox(reviewer, day=dt.date(2026, 12, 4))
    assert row.overdue


def test_escalation_is_sent_once_to_principals_and_the_head(province_trip, reviewer, settings):
    head = UserFactory(username="giamdoc")
    settings.APPROVAL_DEPARTMENT_HEAD = "giamdoc"
    assert escalate_overdue_steps(dt.date(2026, 12, 3)) == 0  # on the last day: not yet
    assert escalate_overdue_steps(dt.date(2026, 12, 4)) == 1
    assert escalate_overdue_steps(dt.date(2026, 12, 4)) == 0  # run twice: nothing more
    assert escalate_overdue_steps(dt.date(2026, 12, 7)) == 0
    recipients = set(
        Notification.objects.filter(event_key__startswith="chain-step-overdue-").values_list(
            "recipient__username", flat=True
        )
    )
    assert recipients == {reviewer.username, head.username}


def test_the_inbox_page(client, province_trip, reviewer, staff_a):
    from django.urls import reverse

    url = reverse("approvals:chain-inbox")
    client.force_login(reviewer)
    response = client.get(url)
    assert response.status_code == 200 and province_trip.title in response.content.decode()
    assert client.post(url).status_code == 405
    client.force_login(staff_a)
    assert client.get(url).status_code == 403
