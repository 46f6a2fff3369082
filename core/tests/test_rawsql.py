"""Model instances from hand-written SQL (core/rawsql.py), on SQLite and PostgreSQL."""

import datetime as dt

import pytest

from agencies.models import Official
from agencies.tests.factories import OfficialFactory
from core.models import Notification
from core.rawsql import columns, fetch, instances, placeholders


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


def test_a_model_needing_conversion_is_refused():
    # Notification has a timestamp: its database value is not the Python value on SQLite.
    with pytest.raises(TypeError, match="use the ORM"):
        columns(Notification, "n")


def test_placeholders():
    assert placeholders([1, 2, 3]) == "%s, %s, %s"
