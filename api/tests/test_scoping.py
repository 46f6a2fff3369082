"""Ids in a body or a query are looked up in the caller's scope (trips.selectors).

Staff of agency B send ids of agency A to every endpoint that takes one: the answer is a 400
naming the field, or a 404, and never a word about A's officials.
"""

from types import SimpleNamespace

import pytest
from django.db.models import Value
from django.db.models.functions import Concat, Right

from agencies.models import Official
from agencies.tests.factories import DisciplinaryReviewFactory
from plans import services as plan_services
from plans.models import PlanLine
from plans.tests.test_plans import LINE, approved_plan
from trips.tests.helpers import approved_trip, draft_trip, ready_officials

pytestmark = pytest.mark.django_db

SECRET = "XAGENCYA"  # in every name of agency A's officials: must never reach staff of B


def trip_body(people, **overrides):
    return {
        "kind": "business",
        "title": "Đoàn công tác Hàn Quốc",
        "purpose": "Học tập kinh nghiệm",
        "countries": ["KR"],
        "departure_date": "2027-04-05",
        "return_date": "2027-04-09",
        "inviter": "Tỉnh Gyeonggi",
        "organiser_type": "foreign_government",
        "estimated_cost_vnd": 250_000_000,
        "members": [{"official": p.id, "is_head": i == 0} for i, p in enumerate(people)],
        **overrides,
    }


@pytest.fixture
def world(staff_a, staff_b, reviewer):
    """Agency A: officials under discipline review, a key leader, an approved plan, an
    approved trip, passports. Agency B: one official, a draft trip, a draft plan."""
    a_people = ready_officials(staff_a.agency, 2)
    DisciplinaryReviewFactory(official=a_people[0], kind="party", opened_on="2026-01-05")
    Official.objects.filter(pk=a_people[1].pk).update(is_key_leader=True)
    a_line = approved_plan(staff_a, reviewer).lines.get()
    a_trip = approved_trip(staff_a, reviewer)
    Official.objects.filter(agency=staff_a.agency).update(
        full_name=Concat(Value(f"{SECRET} "), Right("full_name", 3))
    )
    PlanLine.objects.filter(pk=a_line.pk).update(title=f"{SECRET} Xúc tiến")
    b_people = ready_officials(staff_b.agency, 1)
    b_plan = plan_services.plan_create(actor=staff_b, year=2027)
    plan_services.plan_save_lines(plan=b_plan, actor=staff_b, lines=[LINE])
    return SimpleNamespace(
        a_official=a_people[0],
        a_leader=a_people[1],
        a_line=a_line,
        a_plan=a_line.plan,
        a_trip=a_trip,
        a_passport=a_people[0].passports.get(),
        a_agency=staff_a.agency,
        b_people=b_people,
        b_trip=draft_trip(staff_b),
        b_plan=b_plan,
        b_passport=b_people[0].passports.get(),
    )


def _members_of_a(w):
    return trip_body([w.a_official, w.a_leader])


# (name, method, url, body, status, field): every endpoint that takes an id in its body or
# query (and the object URLs of A's records), as staff of B with ids of agency A.
PROBES = [
    ("create: members", "post", lambda w: "/api/v1/trips/", _members_of_a, 400, "members"),
    (
        "create: plan_line",
        "post",
        lambda w: "/api/v1/trips/",
        lambda w: trip_body(w.b_people, plan_line=w.a_line.pk),
        400,
        "plan_line",
    ),
    ("check: members", "post", lambda w: "/api/v1/trips/check/", _members_of_a, 400, "members"),
    (
        "check: plan_line",
        "post",
        lambda w: "/api/v1/trips/check/",
        lambda w: trip_body(w.b_people, plan_line=w.a_line.pk),
        400,
        "plan_line",
    ),
    (
        "edit: members",
        "patch",
        lambda w: f"/api/v1/trips/{w.b_trip.pk}/",
        lambda w: {"members": [{"official": w.a_official.pk, "is_head": True}]},
        400,
        "members",
    ),
    (
        "edit: plan_line",
        "patch",
        lambda w: f"/api/v1/trips/{w.b_trip.pk}/",
        lambda w: {"plan_line": w.a_line.pk},
        400,
        "plan_line",
    ),
    (
        "trips filtered by member",
        "get",
        lambda w: f"/api/v1/trips/?member={w.a_official.pk}",
        None,
        400,
        "member",
    ),
    (
        "trips filtered by agency",
        "get",
        lambda w: f"/api/v1/trips/?agency={w.a_agency.pk}",
        None,
        400,
        "agency",
    ),
    (
        "officials filtered by agency",
        "get",
        lambda w: f"/api/v1/officials/?agency={w.a_agency.pk}",
        None,
        400,
        "agency",
    ),
    (
        "passports filtered by official",
        "get",
        lambda w: f"/api/v1/passports/?official={w.a_official.pk}",
        None,
        400,
        "official",
    ),
    (
        "plans filtered by agency",
        "get",
        lambda w: f"/api/v1/plans/?agency={w.a_agency.pk}",
        None,
        400,
        "agency",
    ),
    (
        "plan lines: another plan's line",
        "patch",
        lambda w: f"/api/v1/plans/{w.b_plan.pk}/",
        lambda w: {"lines": [{**LINE, "id": w.a_line.pk}]},
        400,
        "lines",
    ),
    (
        "check-out for A's trip",
        "post",
        lambda w: f"/api/v1/passports/{w.b_passport.pk}/check-out/",
        lambda w: {"trip": w.a_trip.pk, "note": ""},
        403,  # staff never hand passports out: refused before the body is read
        None,
    ),
    ("official", "get", lambda w: f"/api/v1/officials/{w.a_official.pk}/", None, 404, None),
    ("passport", "get", lambda w: f"/api/v1/passports/{w.a_passport.pk}/", None, 404, None),
    ("plan", "get", lambda w: f"/api/v1/plans/{w.a_plan.pk}/", None, 404, None),
    ("trip", "get", lambda w: f"/api/v1/trips/{w.a_trip.pk}/", None, 404, None),
    ("trip history", "get", lambda w: f"/api/v1/trips/{w.a_trip.pk}/history/", None, 404, None),
    ("trip report", "get", lambda w: f"/api/v1/trips/{w.a_trip.pk}/report/", None, 404, None),
    (
        "trip cancel",
        "post",
        lambda w: f"/api/v1/trips/{w.a_trip.pk}/cancel/",
        lambda w: {"reason": "x"},
        404,
        None,
    ),
]


@pytest.mark.parametrize(
    ("method", "url", "data", "expected", "field"),
    [probe[1:] for probe in PROBES],
    ids=[probe[0] for probe in PROBES],
)
def test_staff_of_b_learn_nothing_about_agency_a(
    api, world, staff_b, method, url, data, expected, field
):
    api.force_authenticate(staff_b)
    response = getattr(api, method)(url(world), data(world) if data else None, format="json")
    assert response.status_code == expected, response.content
    assert SECRET not in response.content.decode()
    if field:
        assert field in response.json(), response.json()


def test_check_names_nobody_outside_the_callers_agency(api, world, staff_b):
    """The probe of the issue: before, a 200 with A's discipline review and key leader."""
    api.force_authenticate(staff_b)
    response = api.post("/api/v1/trips/check/", _members_of_a(world), format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"members"}
    assert "findings" not in response.json()


def test_an_unknown_id_and_a_foreign_id_read_alike(api, world, staff_b):
    """Ids are sequential: an answer that told them apart would map the province."""
    api.force_authenticate(staff_b)
    foreign = api.post(
        "/api/v1/trips/check/",
        trip_body([]) | {"members": [{"official": world.a_official.pk, "is_head": True}]},
        format="json",
    ).json()["members"][0]
    unknown = api.post(
        "/api/v1/trips/check/",
        trip_body([]) | {"members": [{"official": 999_999, "is_head": True}]},
        format="json",
    ).json()["members"][0]
    assert foreign.replace(str(world.a_official.pk), "N") == unknown.replace("999999", "N")


def test_a_draft_plans_line_is_not_a_plan_line(api, world, staff_b, reviewer):
    """Only a line of the agency's approved plan: a draft's line is refused (the browser's
    form offers none either)."""
    draft_line = world.b_plan.lines.get()
    api.force_authenticate(staff_b)
    for url in ("/api/v1/trips/", "/api/v1/trips/check/"):
        response = api.post(url, trip_body(world.b_people, plan_line=draft_line.pk), format="json")
        assert response.status_code == 400 and "plan_line" in response.json()
    plan_services.plan_submit(plan=world.b_plan, actor=staff_b)
    plan_services.plan_approve(plan=world.b_plan, actor=reviewer)
    response = api.post(
        "/api/v1/trips/", trip_body(world.b_people, plan_line=draft_line.pk), format="json"
    )
    assert response.status_code == 201 and response.json()["plan_line"] == draft_line.pk


# --- one query for the members (issue 17) ----------------------------------------------------


@pytest.mark.parametrize("n", [1, 10])
def test_check_looks_the_members_up_in_one_query(api, staff_a, n, django_assert_num_queries):
    people = ready_officials(staff_a.agency, n)
    api.force_authenticate(staff_a)
    # 1 the caller's roles; 2 the members, among the caller's agency's (the serializer);
    # the rules' facts: 3 the members and their agencies' key leaders, 4 their other trips,
    # absences and overdue reports (one scan), 5 discipline reviews, 6 passports, 7 the
    # approved plan, 8 the calendar's corrections, 9 the agency's head count and absences.
    # None grows with the number of members.
    with django_assert_num_queries(9):
        response = api.post("/api/v1/trips/check/", trip_body(people), format="json")
    assert response.status_code == 200, response.json()


# --- the browsable API (issue 11, item 3) ----------------------------------------------------


@pytest.mark.parametrize("url", ["/api/v1/passports/", "/api/v1/trips/", "/api/v1/officials/"])
def test_the_browsable_api_lists_the_callers_agency_only(api, world, staff_b, settings, url):
    settings.DEBUG = True  # a developer machine: the browsable API is on
    api.force_authenticate(staff_b)
    response = api.get(url, HTTP_ACCEPT="text/html")
    html = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert SECRET not in html  # no official, no plan line of A's to pick
    if url == "/api/v1/trips/":
        # The member filter lists nobody: officials are searched as one types, in scope.
        assert "data-search-url" in html and world.b_people[0].full_name not in html


def test_json_only_in_production(api, world, staff_b, settings):
    settings.DEBUG = False
    api.force_authenticate(staff_b)
    for accept in ("text/html", "text/html,application/xhtml+xml,*/*;q=0.8"):
        response = api.get("/api/v1/passports/", HTTP_ACCEPT=accept)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert SECRET not in response.content.decode()
