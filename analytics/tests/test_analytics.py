"""Statistics, charts and Excel exports: the right figures, constant queries, own agency only."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from agencies.tests.factories import AgencyFactory, OfficialFactory
from reports.models import PostTripReport
from trips.tests.factories import TripFactory
from trips.tests.helpers import approved_trip

pytestmark = pytest.mark.django_db
D = dt.date


def workbook(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment")
    return load_workbook(io.BytesIO(response.getvalue()))  # streamed or not


def test_trip_export_has_headers_rows_dates_amounts_and_totals(client, staff_a, reviewer):
    first = approved_trip(
        staff_a, reviewer, n=2, title='=HYPERLINK("http://x")', estimated_cost_vnd=250_000_000
    )
    approved_trip(staff_a, reviewer, n=3, title="Đoàn thứ hai", estimated_cost_vnd=100_000_000)
    client.force_login(staff_a)
    sheet = workbook(client.get(reverse("analytics:export-trips"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Mã", "Tên đoàn / chuyến đi", "Cơ quan", "Loại")
    assert len(rows) == 4  # header, two trips, total
    by_title = {row[1]: row for row in rows[1:3]}
    formula_row = by_title['=HYPERLINK("http://x")']
    assert formula_row[0] == first.pk
    assert formula_row[5] == dt.datetime(2027, 6, 7)  # a real date cell
    assert rows[-1][1] == "Tổng cộng" and rows[-1][8] == 5 and rows[-1][9] == 350_000_000
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s"  # user text written as text, never as a formula
    assert sheet.cell(row=2, column=6).number_format == "dd/mm/yyyy"
    assert sheet.cell(row=2, column=10).number_format == '#,##0 "đ"'


def test_statistics_figures_and_export(client, staff_a, reviewer):
    trip = approved_trip(staff_a, reviewer, n=2, estimated_cost_vnd=200_000_000)  # 5 days, 2 people
    PostTripReport.objects.create(
        trip=trip, due_on=D(2027, 6, 22), status="accepted", actual_cost_vnd=180_000_000
    )
    client.force_login(reviewer)
    response = client.get(reverse("analytics:statistics"), {"year": 2027})
    figures = {f.agency: f for f in response.context["figures"]}
    f = figures[staff_a.agency.name]
    assert (f.trips, f.approved, f.people_sent, f.days_abroad) == (1, 1, 2, 10)
    assert (f.estimated_cost_vnd, f.actual_cost_vnd, f.reports_on_time, f.warnings_justified) == (
        200_000_000,
        180_000_000,
        1,
        1,
    )
    assert "<svg" in response.content.decode()
    sheet = workbook(client.get(reverse("analytics:export-statistics"), {"year": 2027})).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Cơ quan" and rows[1][0] == staff_a.agency.name
    assert rows[-1][0] == "Tổng cộng" and rows[-1][7] == 200_000_000


def test_an_agency_sees_and_exports_only_its_own(client, staff_a, staff_b, reviewer):
    approved_trip(staff_a, reviewer, title="Chuyến của A")
    approved_trip(staff_b, reviewer, title="Chuyến của B")
    client.force_login(staff_a)
    page = client.get(reverse("analytics:statistics"), {"year": 2027})
    assert [f.agency for f in page.context["figures"]] == [staff_a.agency.name]
    titles = [
        row[1]
        for row in workbook(client.get(reverse("analytics:export-trips"))).active.iter_rows(
            values_only=True
        )
    ]
    assert "Chuyến của A" in titles and "Chuyến của B" not in titles
    assert (
        client.get(reverse("analytics:export-year-end", args=[staff_b.agency.pk, 2027])).status_code
        == 404
    )
    own = workbook(client.get(reverse("analytics:export-year-end", args=[staff_a.agency.pk, 2027])))
    assert own.sheetnames == ["Tổng hợp năm 2027", "Danh sách chuyến đi"]
    client.force_login(reviewer)
    assert (
        client.get(reverse("analytics:export-year-end", args=[staff_b.agency.pk, 2027])).status_code
        == 200
    )


def test_statistics_permissions(client, custodian, outsider, staff_a):
    for user in (custodian, outsider):
        client.force_login(user)
        assert client.get(reverse("analytics:statistics")).status_code == 403
    client.force_login(staff_a)
    assert client.post(reverse("analytics:statistics")).status_code == 405


def test_officials_at_their_limit_are_listed(client, staff_a, reviewer):
    official = OfficialFactory(agency=staff_a.agency, full_name="Lê Văn Giới Hạn")
    for month in (3, 9):
        TripFactory(
            agency=staff_a.agency,
            status="completed",
            departure_date=D(2027, month, 1),
            return_date=D(2027, month, 3),
            members=[official],
        )
    client.force_login(reviewer)
    rows = client.get(reverse("analytics:statistics"), {"year": 2027}).context["near_limits"]
    assert [(r.full_name, r.business_trips) for r in rows] == [("Lê Văn Giới Hạn", 2)]


def test_statistics_queries_do_not_grow_with_agencies(
    client, reviewer, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)

    def make(n):
        for _ in range(n):
            agency = AgencyFactory()
            people = OfficialFactory.create_batch(2, agency=agency)
            trip = TripFactory(
                agency=agency, status="completed", members=people, report_due_on=D(2027, 6, 22)
            )
            PostTripReport.objects.create(trip=trip, due_on=D(2027, 6, 22), status="submitted")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("analytics:statistics"), {"year": 2027}).status_code == 200
        return len(queries)

    with django_capture_on_commit_callbacks(execute=True):  # committed: the figures move
        make(1)
    one = count()
    with django_capture_on_commit_callbacks(execute=True):
        make(99)
    assert count() == one


def test_who_reads_the_province_is_the_selectors_answer(client, staff_a, staff_b, administrator):
    """The picker of agencies and every agency's year-end summary: for the roles that
    trips.selectors.sees_every_agency names, not for an agency's staff."""
    client.force_login(administrator)
    page = client.get(reverse("analytics:statistics"), {"year": 2027, "agency": staff_b.agency.pk})
    assert page.context["pick_agency"] is True
    # The picker is searched as one types (trips:agencies): only the chosen agency is sent.
    html = page.content.decode()
    assert 'data-search-url="/ho-so/co-quan/"' in html
    assert f'<option value="{staff_b.agency.pk}" selected>{staff_b.agency.name}</option>' in html
    assert staff_a.agency.name not in html
    year_end = reverse("analytics:export-year-end", args=[staff_b.agency.pk, 2027])
    assert client.get(year_end).status_code == 200
    client.force_login(staff_a)
    page = client.get(reverse("analytics:statistics"))
    assert page.context["pick_agency"] is False and 'id="agency"' not in page.content.decode()
    assert client.get(year_end).status_code == 404
