"""Model instances from hand-written SQL (core/rawsql.py), on SQLite and PostgreSQL."""

import datetime as dt

import pytest

from accounts.models import User
from accounts.tests.factories import UserFactory
from agencies.models import Official
from agencies.tests.factories import OfficialFactory
from core.models import Notification
from core.rawsql import columns, fetch, instances, placeholders, values_rows


@pytest.mark.django_db
def test_instances_read_like_the_orm_even_through_a_union():
    official = OfficialFactory(is_key_leader=True, service_start_date=dt.date(2001, 2, 3))
    # A UNION hides the declared types from SQLite: dates as text, booleans as 0 / 1.
    sql = (
        f"SELECT {columns(Official, 'o')} FROM agencies_official o WHERE o.id IN (%s) "
        f"UNION ALL SELECT {columns(Official, 'o')} FROM agencies_official o WHERE 1 = 0"
    )
    (read,) = instances(Official, fetch(sql, [official.pk]))
    expected = Official.objects.get(pk=official.pk)
    for field in Official._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(expected, field.attname), field.name
    assert read.is_key_leader is True
    assert read.service_start_date == dt.date(2001, 2, 3)
    assert read._state.adding is False  # a saved row: save() updates it


@pytest.mark.django_db
def test_extra_columns_become_attributes():
    official = OfficialFactory()
    sql = f"SELECT {columns(Official, 'o')}, 41 + 1 FROM agencies_official o WHERE o.id = %s"
    (read,) = instances(Official, fetch(sql, [official.pk]), extra=("answer",))
    assert read.answer == 42


@pytest.mark.django_db
def test_values_are_converted_as_the_orm_converts_them():
    """Timestamps (text on SQLite), JSON, and models joined in one row, each read from its
    own columns; an outer join's miss is None."""
    user = UserFactory()
    note = Notification.objects.create(
        recipient=user, subject="S", body="B", event_key="e", subject_params={"n": [1, "ă"]}
    )
    n, u = (len(model._meta.concrete_fields) for model in (Notification, User))
    sql = (
        f"SELECT {columns(Notification, 'n')}, {columns(User, 'u')}, {columns(User, 'v')} "
        f"FROM {Notification._meta.db_table} n "
        f"JOIN {User._meta.db_table} u ON u.id = n.recipient_id "
        f"LEFT JOIN {User._meta.db_table} v ON v.id = -1 WHERE n.id = %s"
    )
    rows = fetch(sql, [note.pk])
    (read,) = instances(Notification, rows)
    (recipient,) = instances(User, rows, start=n)
    (nobody,) = instances(User, rows, start=n + u)
    for model, ours in ((Notification, read), (User, recipient)):
        theirs = model.objects.get(pk=ours.pk)
        for field in model._meta.concrete_fields:
            assert getattr(ours, field.attname) == getattr(theirs, field.attname), field.name
    assert read.created_at.tzinfo is not None and read.subject_params == {"n": [1, "ă"]}
    assert nobody is None


def test_placeholders():
    assert placeholders([1, 2, 3]) == "%s, %s, %s"


@pytest.mark.django_db
def test_values_rows_are_the_orm_s_rows_without_its_converters():
    from django.db.models import BigIntegerField, Count, Sum
    from django.db.models.functions import Cast

    people = OfficialFactory.create_batch(4)
    grouped = (
        Official.objects.filter(pk__in=[p.pk for p in people])
        .order_by("agency_id")
        .values_list("agency_id", "agency__name")
        .annotate(n=Count("id"), days=Cast(Sum("leave_base_days"), BigIntegerField()))
    )
    assert values_rows(grouped) == list(grouped)
    assert all(type(row[3]) is int for row in values_rows(grouped))  # not PostgreSQL's numeric
    assert values_rows(Official.objects.filter(pk__in=[]).values_list("pk")) == []  # nobody
