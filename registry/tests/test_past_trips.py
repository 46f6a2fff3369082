"""Past decided trips: the administrator's form and the spreadsheet import."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry import past_trips, services
from registry.models import ImportJob
from trips.models import TripRequest, TripTransition
from trips.tests.helpers import ready_officials


def form_data(agency, people, **overrides):
    return {
        "agency": agency.pk, "kind": "business", "title": "Đoàn khảo sát tại Hàn Quốc",
        "countries": ["KR"], "departure_date": "20/04/2026", "return_date": "24/04/2026",
        "organiser_type": "foreign_government", "estimated_cost_vnd": "120.000.000",
        "members": [p.pk for p in people], "head": people[0].pk, "status": "completed",
        "decision_number": "88/QĐ-UBND", "decided_on": "06/04/2026",
        "decided_by": "Chủ tịch UBND tỉnh", **overrides,
    }  # fmt: skip


def test_form_records_a_past_trip(client, administrator, agency_a):
    people = ready_officials(agency_a, 2)
    client.force_login(administrator)
    response = client.post(reverse("registry:record-past-trip"), form_data(agency_a, people))
    trip = TripRequest.objects.get()
    assert response.status_code == 302 and response.url == reverse("trips:detail", args=[trip.pk])
    assert trip.status == "completed" and trip.members.get(is_head=True).official == people[0]
    assert "88/QĐ-UBND" in TripTransition.objects.get(trip=trip).note


def test_form_shows_the_service_errors(client, administrator, agency_a):
    people = ready_officials(agency_a, 1)
    client.force_login(administrator)
    data = form_data(agency_a, people, departure_date="05/01/2099", return_date="09/01/2099")
    response = client.post(reverse("registry:record-past-trip"), data)
    assert response.status_code == 200
    assert "Chuyến đi chưa khởi hành" in response.content.decode()
    assert not TripRequest.objects.exists()


def trips_csv(rows) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.header for c in past_trips.COLUMNS])
    writer.writerows(rows)
    return SimpleUploadedFile("chuyen-di.csv", buffer.getvalue().encode(), "text/csv")


def trip_row(agency, head, others="", **overrides):
    values = dict(zip([c.code for c in past_trips.COLUMNS], past_trips.EXAMPLE, strict=True))
    values.update(agency=agency.code, head=head, others=others, departure_date="20/04/2026",
                  return_date="24/04/2026", decided_on="06/04/2026")  # fmt: skip
    values.update(overrides)
    return [values[c.code] for c in past_trips.COLUMNS]


def import_trips(actor, rows, dry_run=False):
    return services.import_now(
        actor=actor, kind=ImportJob.Kind.PAST_TRIPS, upload=trips_csv(rows), dry_run=dry_run
    )


def test_import_past_trips_by_personnel_code(administrator, agency_a):
    head, member = ready_officials(agency_a, 2)
    head.personnel_code, member.personnel_code = "CB1", "CB2"
    head.save(), member.save()
    rows = [trip_row(agency_a, "CB1", "CB2")]
    counts, errors = import_trips(administrator, rows, dry_run=True)
    assert counts["created"] == 1 and errors == [] and not TripRequest.objects.exists()
    counts, errors = import_trips(administrator, rows)
    trip = TripRequest.objects.get()
    assert trip.status == "completed" and set(trip.countries) == {"JP", "KR"}
    assert {m.official_id for m in trip.members.all()} == {head.pk, member.pk}
    counts, _errors = import_trips(administrator, rows)  # the same file again
    assert counts["unchanged"] == 1 and TripRequest.objects.count() == 1


def test_import_past_trips_errors_apply_nothing(administrator, agency_a, agency_b):
    ready_officials(agency_a, 1, personnel_code="CB1")
    ready_officials(agency_b, 1, personnel_code="CB9")
    rows = [
        trip_row(agency_a, "CB1"),
        trip_row(agency_a, "CB404", decision_number="2/QĐ"),
        trip_row(agency_a, "CB9", title="Khác", decision_number="3/QĐ"),  # another agency's
        trip_row(
            agency_a,
            "CB1",
            decision_number="4/QĐ",
            departure_date="05/01/2099",
            return_date="09/01/2099",
        ),
        trip_row(agency_a, "CB1", title="Lần nữa"),  # the first row's decision number again
    ]
    counts, errors = import_trips(administrator, rows)
    assert counts["created"] == 1 and counts["errors"] == 4 and counts["applied"] is False
    text = {e["line"]: " ".join(e["errors"]) for e in errors}
    assert "CB404" in text[3]
    assert "cán bộ đang công tác của cơ quan lập hồ sơ" in text[4]
    assert "chưa khởi hành" in text[5]
    assert "Trùng số quyết định với dòng 2" in text[6]
    assert not TripRequest.objects.exists()


def test_import_past_trips_is_for_administrators(staff_a, agency_a):
    with pytest.raises(services.PermissionDenied):
        import_trips(staff_a, [trip_row(agency_a, "CB1")])


def test_the_form_does_not_carry_the_provinces_officials(client, administrator, agency_a):
    from agencies.tests.factories import OfficialFactory

    OfficialFactory.create_batch(30, agency=agency_a, full_name="Không Hiện Trên Trang")
    people = ready_officials(agency_a, 2)
    client.force_login(administrator)
    page = client.get(reverse("registry:record-past-trip")).content.decode()
    assert "Không Hiện Trên Trang" not in page and people[1].full_name not in page
    assert page.count(f'data-search-url="{reverse("trips:officials")}"') == 2  # members, head
    # After an error the chosen members (and only they) are shown again, chosen.
    data = form_data(agency_a, people, departure_date="05/01/2099", return_date="09/01/2099")
    page = client.post(reverse("registry:record-past-trip"), data).content.decode()
    assert page.count(f'value="{people[1].pk}" selected') == 1
    assert "Không Hiện Trên Trang" not in page
