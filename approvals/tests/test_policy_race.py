"""A decision that waited for a resubmission's lock judges the request by the policy that
resubmission stored (POLICY.md, additions of 2026-12-06), on PostgreSQL with real threads: the
policy is read after the lock, never in the locking statement, whose subqueries would read as
of before the wait."""

import threading
import time

import pytest
from django.db import connection, transaction

from approvals import services
from portal.tests.test_chain_budget import _ready
from trips.models import TripRequest
from trips.services.policy_settings import policy_setting_change

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


def test_an_approval_waiting_for_a_resubmission_applies_the_policy_it_stored(
    staff_a, head_a, administrator
):
    trip = services.trip_submit(trip=_ready(staff_a, 2), actor=staff_a)  # stores 7 days
    trip = services.trip_return(trip=trip, actor=head_a, reason="Bổ sung hồ sơ")
    policy_setting_change(
        actor=administrator, setting="report_due_working_days", value=9,
        reason="Thử", basis="Quyết định số 1/QĐ-UBND",
    )  # fmt: skip
    locked, waiting, errors = threading.Event(), threading.Event(), []

    def resubmit():
        try:
            with transaction.atomic():
                TripRequest.objects.select_for_update().get(pk=trip.pk)
                locked.set()
                waiting.wait(timeout=30)
                time.sleep(0.5)  # the approval's locking statement is waiting by now
                services.trip_submit(trip=trip, actor=staff_a)  # stores 9 days
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    def approve():
        try:
            locked.wait(timeout=30)
            waiting.set()
            services.trip_approve(trip=trip, actor=head_a)  # status "returned" when it starts
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=resubmit), threading.Thread(target=approve)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    decided = trip.history.get(to_status="approved")
    assert decided.policy["report_due_working_days"] == 9
