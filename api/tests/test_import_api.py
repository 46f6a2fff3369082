"""POST officials/import/ (bulk upsert, dry run) and POST trips/record-past/."""

import pytest
from rest_framework.test import APIClient

from agencies.models import Official
from registry.tests.helpers import generated_rows, official_row, officials_csv
from trips.models import TripRequest, TripTransition
from trips.tests.helpers import PAST_DEPARTURE, PAST_RETURN, ready_officials

IMPORT = "/api/v1/officials/import/"
RECORD = "/api/v1/trips/record-past/"


def test_dry_run_counts_and_applies_nothing(api, administrator, agency_a):
    api.force_authenticate(administrator)
    upload = officials_csv(generated_rows(3, [agency_a.code]))
    response = api.post(IMPORT, {"file": upload, "dry_run": "true"}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "created": 3, "changed": 0, "unchanged": 0, "errors": 0, "applied": False,
        "row_errors": [],
    }  # fmt: skip
    assert not Official.objects.exists()


def test_import_applies_then_is_idempotent(api, administrator, agency_a):
    api.force_authenticate(administrator)
    rows = generated_rows(3, [agency_a.code])
    first = api.post(IMPORT, {"file": officials_csv(rows)}, format="multipart")
    assert first.json()["created"] == 3 and first.json()["applied"] is True
    again = api.post(IMPORT, {"file": officials_csv(rows)}, format="multipart")
    assert again.json()["unchanged"] == 3 and again.json()["created"] == 0
    assert Official.objects.count() == 3


def test_row_errors_answer_400_and_apply_nothing(api, administrator, agency_a):
    api.force_authenticate(administrator)
    rows = [official_row(1, agency_a.code), official_row(2, agency_a.code, **{"Ngày sinh": "x"})]
    response = api.post(IMPORT, {"file": officials_csv(rows)}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["created"] == 1 and body["errors"] == 1 and body["applied"] is False
    assert body["row_errors"][0]["line"] == 3
    assert not Official.objects.exists()


def test_unreadable_file_is_400(api, administrator):
    api.force_authenticate(administrator)
    upload = officials_csv([])
    upload.name = "x.pdf"
    response = api.post(IMPORT, {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert not Official.objects.exists()


@pytest.mark.parametrize("persona", ["staff_a", "reviewer", "custodian"])
def test_only_administrators(api, request, persona, agency_a):
    api.force_authenticate(request.getfixturevalue(persona))
    upload = officials_csv(generated_rows(1, [agency_a.code]))
    assert api.post(IMPORT, {"file": upload}, format="multipart").status_code == 403
    assert api.post(RECORD, {}, format="json").status_code == 403
    assert not Official.objects.exists()


def test_wrong_method(administrator):
    api = APIClient()  # GET is no operation of the schema: nothing to check the answer against
    api.force_authenticate(administrator)
    assert api.get(IMPORT).status_code == 405
    assert api.get(RECORD).status_code == 405


def past_trip_body(agency, people, **overrides):
    return {
        "kind": "business", "agency": agency.pk, "title": "Đoàn khảo sát tại Nhật Bản",
        "countries": ["JP"], "departure_date": PAST_DEPARTURE.isoformat(),
        "return_date": PAST_RETURN.isoformat(), "organiser_type": "foreign_government",
        "members": [{"official": p.pk, "is_head": i == 0} for i, p in enumerate(people)],
        "decision_number": "45/QĐ-UBND", "decided_on": "2026-04-06",
        "decided_by": "Chủ tịch UBND tỉnh", "status": "completed", **overrides,
    }  # fmt: skip


def test_record_past_trip(api, administrator, agency_a):
    api.force_authenticate(administrator)
    people = ready_officials(agency_a, 2)
    response = api.post(RECORD, past_trip_body(agency_a, people), format="json")
    assert response.status_code == 201, response.content
    trip = TripRequest.objects.get(pk=response.json()["id"])
    assert trip.status == "completed" and trip.agency == agency_a
    note = TripTransition.objects.get(trip=trip).note
    assert "45/QĐ-UBND" in note and "Ghi nhận sau khi đã quyết định" in note


def test_record_past_trip_refuses_a_future_departure(api, administrator, agency_a):
    api.force_authenticate(administrator)
    people = ready_officials(agency_a, 1)
    body = past_trip_body(agency_a, people, departure_date="2099-01-05", return_date="2099-01-09")
    response = api.post(RECORD, body, format="json")
    assert response.status_code == 400
    assert "departure_date" in response.json()
    assert not TripRequest.objects.exists()


def test_record_past_trip_members_of_another_agency(api, administrator, agency_a, agency_b):
    api.force_authenticate(administrator)
    people = ready_officials(agency_b, 1)
    response = api.post(RECORD, past_trip_body(agency_a, people), format="json")
    assert response.status_code == 400
    assert not TripRequest.objects.exists()


def test_record_past_trip_takes_a_line_of_the_agencys_approved_plan_of_that_year(
    api, administrator, agency_a, agency_b
):
    from plans.models import AnnualPlan
    from plans.tests.factories import AnnualPlanFactory, PlanLineFactory

    year = PAST_DEPARTURE.year
    line = PlanLineFactory(plan=AnnualPlanFactory(agency=agency_a, year=year))
    other_year = PlanLineFactory(plan=AnnualPlanFactory(agency=agency_a, year=year - 1))
    other_agency = PlanLineFactory(plan=AnnualPlanFactory(agency=agency_b, year=year))
    draft = PlanLineFactory(
        plan=AnnualPlanFactory(agency=agency_a, year=year + 1, status=AnnualPlan.Status.DRAFT)
    )
    api.force_authenticate(administrator)
    people = ready_officials(agency_a, 1)
    for refused in (other_year, other_agency, draft):
        body = past_trip_body(agency_a, people, plan_line=refused.pk)
        response = api.post(RECORD, body, format="json")
        assert response.status_code == 400 and "plan_line" in response.json(), refused
    assert not TripRequest.objects.exists()
    response = api.post(RECORD, past_trip_body(agency_a, people, plan_line=line.pk), format="json")
    assert response.status_code == 201, response.content
    assert TripRequest.objects.get().plan_line == line
