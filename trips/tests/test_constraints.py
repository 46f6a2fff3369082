"""The database itself refuses impossible rows, whatever the form or the API let through."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from agencies.tests.factories import AgencyFactory, DisciplinaryReviewFactory, OfficialFactory
from core.history import AppendOnlyError
from passports.models import Passport
from passports.tests.factories import PassportFactory
from plans.tests.factories import PlanLineFactory
from trips.models import TripMember, TripRequest, TripTransition
from trips.tests.factories import TripFactory

pytestmark = pytest.mark.django_db


def refused(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_a_return_before_departure_is_refused():
    refused(
        lambda: TripFactory(departure_date=dt.date(2027, 6, 7), return_date=dt.date(2027, 6, 6))
    )


def test_a_one_day_trip_is_allowed():
    TripFactory(departure_date=dt.date(2027, 6, 7), return_date=dt.date(2027, 6, 7))


def test_a_negative_cost_is_refused_on_insert_and_on_update():
    refused(lambda: TripFactory(estimated_cost_vnd=-1))
    trip = TripFactory()
    refused(lambda: TripRequest.objects.filter(pk=trip.pk).update(estimated_cost_vnd=-5))


def test_a_duplicate_passport_number_of_the_same_kind_is_refused():
    PassportFactory(number="N1234567", kind=Passport.Kind.ORDINARY)
    refused(lambda: PassportFactory(number="N1234567", kind=Passport.Kind.ORDINARY))
    # Numbers are unique per kind: a diplomatic passport may carry the same digits.
    PassportFactory(number="N1234567", kind=Passport.Kind.DIPLOMATIC)


def test_a_passport_expiring_before_issue_is_refused():
    refused(lambda: PassportFactory(issued_on=dt.date(2026, 1, 1), expires_on=dt.date(2025, 1, 1)))


def test_agency_codes_are_unique():
    AgencyFactory(code="so-noi-vu")
    refused(lambda: AgencyFactory(code="so-noi-vu"))


def test_a_member_once_and_one_head_per_trip():
    official, other = OfficialFactory(), OfficialFactory()
    trip = TripFactory(members=[official])
    refused(lambda: TripMember.objects.create(trip=trip, official=official))
    refused(lambda: TripMember.objects.create(trip=trip, official=other, is_head=True))


def test_leave_base_days_only_12_14_16():
    refused(lambda: OfficialFactory(leave_base_days=13))


def test_discipline_review_closed_before_opened_is_refused():
    refused(
        lambda: DisciplinaryReviewFactory(
            opened_on=dt.date(2026, 5, 1), closed_on=dt.date(2026, 4, 30)
        )
    )


def test_plan_budget_never_negative():
    refused(lambda: PlanLineFactory(budget_vnd=-1))


def test_constraint_messages_are_vietnamese():
    trip = TripFactory.build(departure_date=dt.date(2027, 6, 7), return_date=dt.date(2027, 6, 1))
    with pytest.raises(Exception) as error:
        trip.validate_constraints()
    assert "Ngày nhập cảnh (về) không được trước ngày xuất cảnh (đi)." in str(error.value)


def test_history_rows_refuse_update_and_delete_in_the_application(staff_a):
    trip = TripFactory(agency=staff_a.agency, created_by=staff_a)
    row = TripTransition.objects.create(trip=trip, to_status="draft", actor=staff_a)
    row.note = "sửa lại"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        TripTransition.objects.filter(pk=row.pk).update(note="x")
    with pytest.raises(AppendOnlyError):
        TripTransition.objects.filter(pk=row.pk).delete()


@pytest.mark.postgres
@pytest.mark.parametrize(
    "table",
    [
        "trips_triptransition",
        "plans_plantransition",
        "passports_custodyevent",
        "reports_reporttransition",
    ],
)
def test_history_tables_refuse_update_and_delete_in_postgresql(table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname = %s", [f"{table}_append_only_trg"]
        )
        assert cursor.fetchone()[0] == 1


@pytest.mark.postgres
def test_raw_sql_cannot_rewrite_trip_history(staff_a):
    trip = TripFactory(agency=staff_a.agency, created_by=staff_a)
    row = TripTransition.objects.create(trip=trip, to_status="draft", actor=staff_a)
    for sql in (
        "UPDATE trips_triptransition SET note = 'x' WHERE id = %s",
        "DELETE FROM trips_triptransition WHERE id = %s",
    ):
        with pytest.raises(Exception, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [row.pk])
