"""An import row that moves an official to another agency goes through the transfer flow
(agencies.services.official_transfer), effective on the import's day; leaving the service
is not importable."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from agencies.models import Official, Transfer
from core.models import Notification
from passports.models import CustodyEvent
from passports.tests.factories import PassportFactory
from registry import services
from registry.models import ImportJob
from registry.tests.helpers import official_row, officials_csv
from trips.tests.helpers import draft_trip

pytestmark = pytest.mark.django_db


def run(actor, rows, dry_run=False, upload=None):
    return services.import_now(
        actor=actor,
        kind=ImportJob.Kind.OFFICIALS,
        upload=upload or officials_csv(rows),
        dry_run=dry_run,
    )


def row_of(official, agency_code, **overrides):
    born = official.date_of_birth.strftime("%d/%m/%Y") if official.date_of_birth else ""
    return official_row(
        1,
        agency_code,
        **{
            "Mã cán bộ": official.personnel_code,
            "Họ và tên": official.full_name,
            "Ngày sinh": born,
            "Giới tính": "Nam" if official.gender == Official.Gender.MALE else "Nữ",
            "Chức vụ": official.position,
            "Lãnh đạo chủ chốt": "Có" if official.is_key_leader else "Không",
            "Số ngày phép cơ bản": str(official.leave_base_days),
            "Ngày bắt đầu công tác": official.service_start_date.strftime("%d/%m/%Y"),
            "Thư điện tử": official.email,
        }
        | overrides,
    )


@pytest.fixture
def moved(staff_a):
    trip = draft_trip(staff_a)
    official = trip.members.get(is_head=True).official
    official.personnel_code = "CB000777"
    official.save()
    return trip, official


def test_a_new_agency_is_a_transfer_on_the_import_day(
    administrator, staff_a, staff_b, agency_b, moved
):
    trip, official = moved
    passport = PassportFactory(official=official)
    counts, errors = run(administrator, [row_of(official, agency_b.code)], dry_run=True)
    assert counts["changed"] == 1 and not Transfer.objects.exists()

    counts, errors = run(administrator, [row_of(official, agency_b.code)])
    assert errors == [] and counts["changed"] == 1 and counts["applied"] is True
    transfer = Transfer.objects.get(official=official)
    assert (transfer.from_agency, transfer.to_agency) == (staff_a.agency, agency_b)
    assert transfer.effective_on == timezone.localdate() and transfer.actor == administrator
    assert "danh sách cán bộ nhập ngày" in transfer.note
    official.refresh_from_db()
    assert official.agency == agency_b
    assert CustodyEvent.objects.filter(
        passport=passport, action=CustodyEvent.Action.TRANSFERRED
    ).exists()
    # The open request of the old agency is flagged to both agencies' staff.
    assert Notification.objects.filter(recipient=staff_a, subject__contains=trip.title).exists()
    assert Notification.objects.filter(recipient=staff_b, subject__contains=trip.title).exists()
    # One history row: the transfer's (nothing else changed on the row).
    latest = official.history.first()
    assert latest.agency_id == agency_b.pk and latest.history_user == administrator
    assert latest.prev_record.agency_id == staff_a.agency_id


def test_a_transfer_and_other_changes_in_one_row(administrator, agency_b, moved):
    _trip, official = moved
    counts, errors = run(
        administrator, [row_of(official, agency_b.code, **{"Chức vụ": "Trưởng phòng"})]
    )
    assert errors == [] and counts["changed"] == 1
    official.refresh_from_db()
    assert (official.agency, official.position) == (agency_b, "Trưởng phòng")
    assert Transfer.objects.filter(official=official).count() == 1
    # The import's row (the position), then the transfer's (the agency).
    import_row, transfer_row = official.history.filter(history_user=administrator)[::-1]
    assert import_row.position == "Trưởng phòng" and import_row.agency_id != agency_b.pk
    assert transfer_row.agency_id == agency_b.pk
    assert import_row.prev_record.position != "Trưởng phòng"


def test_the_preview_says_the_row_is_a_transfer(administrator, agency_b, moved):
    _trip, official = moved
    run(administrator, [row_of(official, agency_b.code)], dry_run=True)
    job = ImportJob.objects.latest("pk")
    changes = [c for row in job.report["rows"] for c in row["changes"]]
    assert any("Điều chuyển cơ quan" in label for label, _before, _after in changes)


def test_a_leaving_date_column_changes_nothing(administrator, agency_a, moved):
    _trip, official = moved
    row = row_of(official, agency_a.code) | {"Ngày nghỉ công tác": "01/01/2026"}
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    upload = SimpleUploadedFile("can-bo.csv", buffer.getvalue().encode("utf-8-sig"))
    counts, _errors = run(administrator, None, upload=upload)
    official.refresh_from_db()
    assert counts["unchanged"] == 1
    assert official.left_on is None and official.is_active
