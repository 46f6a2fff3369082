"""A client written to API.md keeps working: it sends exactly the fields API.md lists, and
every field added beyond them is optional on input."""

import pytest

from api.tests.openapi import schema
from plans.tests.test_plans import approved_plan
from trips.tests.helpers import approved_trip, ready_officials, submitted_trip

pytestmark = pytest.mark.django_db

# API.md's field lists of the writable resources (read-only ones left out: id, status...).
API_MD = {
    "AgencyRequest": {"code", "name", "parent"},
    "OfficialRequest": {
        "agency", "full_name", "position", "is_key_leader", "leave_base_days",
        "service_start_date",
    },
    # PATCH bodies: nothing required.
    "PatchedOfficialRequest": set(),
    "PatchedDisciplineReviewRequest": set(),
    "PatchedPassportRequest": set(),
    "PatchedPlanRequest": set(),
    "PatchedTripRequest": set(),
    "DisciplineReviewRequest": {"kind", "opened_on", "closed_on", "note"},
    "PlanRequest": {"year", "lines"},
    "PlanLineRequest": {"id", "title", "countries", "planned_members", "budget_vnd"},
    "TripRequest": {
        "kind", "title", "purpose", "countries", "departure_date", "return_date", "inviter",
        "organiser_type", "funded_by_enterprise", "named_invitation_by_foreign_enterprise",
        "involves_commitment", "mandate_reference", "estimated_cost_vnd", "plan_line",
        "members", "justifications",
    },
    "MemberRequest": {"official", "is_head"},
    # API.md's last section: the trip's fields plus the decision; the agency too, since the
    # administrator who records it has none of their own.
    "PastTripRequest": {
        "kind", "agency", "title", "purpose", "countries", "departure_date", "return_date",
        "inviter", "organiser_type", "funded_by_enterprise",
        "named_invitation_by_foreign_enterprise", "involves_commitment", "mandate_reference",
        "estimated_cost_vnd", "plan_line", "members", "justifications", "decision_number",
        "decided_on", "decided_by",
    },
    # Issue 16: the HR register's spreadsheet, multipart, and an optional dry_run flag.
    "OfficialImportRequest": {"file"},
    "ReportRequest": {"summary", "outcomes", "follow_up", "attachments"},
    "PassportRequest": {"official", "kind", "number", "issued_on", "expires_on"},
    "CheckOutRequest": {"trip", "note"},
    "CheckInRequest": {"note"},
    "NoteRequest": {"note"},
    "ReasonRequest": {"reason"},
    "OptionalReasonRequest": {"reason"},
    # Additions of 2026-11-28 (the approval chain).
    "SubstitutionRequest": {"principal", "substitute", "starts_on", "ends_on", "note"},
    "AppraisalRequest": {"opinion", "note"},
    "PartyOpinionRequest": {"agreed", "reference", "dated", "note"},
    "VerifyUploadRequest": {"file"},  # POST documents/verify/ (multipart)
    # Additions of 2026-12-06: calendar-feeds/ POST {scope}.
    "CalendarFeedRequest": {"scope"},
    # Additions of 2026-12-06 (signatures): approve's body, and signing-credentials/.
    "DecisionRequest": {"note", "signing_pin"},
    "SigningCredentialRequest": {"holder", "kind", "label", "file", "service", "credential_id"},
    # Additions of 2026-12-06: PATCH policy/ (the administrator's change of a setting).
    "PatchedPolicyPatchRequest": {"setting", "value", "reason", "basis"},
    # Additions of 2026-12-06 (issue 23): bodies/, positions/, authorities/.
    "BodyRequest": {"name", "symbol", "parent", "agency"},
    "PatchedBodyRequest": set(),
    "PositionRequest": {"body", "title", "kind", "holder", "starts_on", "ends_on"},
    "PatchedPositionRequest": set(),
    "AuthorityRequest": {"level", "kind", "issuing_body", "steps"},
}  # fmt: skip


@pytest.mark.parametrize("component", sorted(API_MD))
def test_no_field_beyond_api_md_is_required(component):
    body = schema()["components"]["schemas"][component]
    assert set(body.get("required", [])) <= API_MD[component]


def test_every_request_body_is_checked():
    requests = {name for name in schema()["components"]["schemas"] if name.endswith("Request")} - {
        "TokenRequestRequest",  # the token endpoint's body is API.md's {username, password}
        "FindingRequest",  # a response shape; no operation takes it
    }
    assert requests <= set(API_MD), requests - set(API_MD)


def test_exactly_api_md_fields_create_each_resource(api, staff_a, administrator, custodian):
    api.force_authenticate(administrator)
    agency = api.post(
        "/api/v1/agencies/", {"code": "so-moi", "name": "Sở mới", "parent": None}, format="json"
    )
    assert agency.status_code == 201, agency.json()
    official = api.post(
        "/api/v1/officials/",
        {
            "agency": staff_a.agency_id,
            "full_name": "Võ Thị Mới",
            "position": "Chuyên viên",
            "is_key_leader": False,
            "leave_base_days": 12,
            "service_start_date": "2015-03-01",
        },
        format="json",
    )
    assert official.status_code == 201, official.json()
    review = api.post(
        f"/api/v1/officials/{official.json()['id']}/discipline-reviews/",
        {"kind": "party", "opened_on": "2026-01-05", "closed_on": None, "note": ""},
        format="json",
    )
    assert review.status_code == 201, review.json()

    api.force_authenticate(custodian)
    passport = api.post(
        "/api/v1/passports/",
        {
            "official": official.json()["id"],
            "kind": "ordinary",
            "number": "C9990001",
            "issued_on": "2024-01-01",
            "expires_on": "2034-01-01",
        },
        format="json",
    )
    assert passport.status_code == 201, passport.json()

    api.force_authenticate(staff_a)
    plan = api.post(
        "/api/v1/plans/",
        {
            "year": 2028,
            "lines": [
                {"title": "Hội chợ", "countries": ["JP"], "planned_members": 3, "budget_vnd": 1}
            ],
        },
        format="json",
    )
    assert plan.status_code == 201, plan.json()
    people = ready_officials(staff_a.agency, 1)
    trip = {
        "kind": "business", "title": "Hội chợ Osaka", "purpose": "Xúc tiến thương mại",
        "countries": ["JP"], "departure_date": "2027-05-03", "return_date": "2027-05-07",
        "inviter": "JETRO", "organiser_type": "other", "funded_by_enterprise": False,
        "named_invitation_by_foreign_enterprise": False, "involves_commitment": False,
        "mandate_reference": "", "estimated_cost_vnd": 100_000_000, "plan_line": None,
        "members": [{"official": people[0].pk, "is_head": True}], "justifications": {},
    }  # fmt: skip
    assert api.post("/api/v1/trips/check/", trip, format="json").status_code == 200
    created = api.post("/api/v1/trips/", trip, format="json")
    assert created.status_code == 201, created.json()


def test_exactly_api_md_fields_drive_the_actions(api, staff_a, reviewer, custodian):
    trip = approved_trip(staff_a, reviewer)
    api.force_authenticate(staff_a)
    report = api.put(
        f"/api/v1/trips/{trip.pk}/report/",
        {"summary": "Hoàn thành", "outcomes": "Đạt", "follow_up": "", "attachments": []},
        format="json",
    )
    assert report.status_code == 200, report.json()
    passport = trip.members.get(is_head=True).official.passports.get()
    api.force_authenticate(custodian)
    url = f"/api/v1/passports/{passport.pk}/"
    out = api.post(url + "check-out/", {"trip": trip.pk, "note": ""}, format="json")
    assert out.status_code == 200, out.json()
    assert api.post(url + "check-in/", {"note": ""}, format="json").status_code == 200
    pending = submitted_trip(staff_a)
    api.force_authenticate(reviewer)
    returned = api.post(f"/api/v1/trips/{pending.pk}/return/", {"reason": "Bổ sung"}, format="json")
    assert returned.status_code == 200
    plan = approved_plan(staff_a, reviewer, year=2029)
    assert plan.status == "approved"
