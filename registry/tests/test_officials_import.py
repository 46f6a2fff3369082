import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agencies.models import Official
from agencies.tests.factories import OfficialFactory
from registry import services
from registry.models import ImportJob
from registry.tests.helpers import generated_rows, official_row, officials_csv

OFFICIALS = ImportJob.Kind.OFFICIALS


def run(actor, rows, dry_run=False):
    return services.import_now(
        actor=actor, kind=OFFICIALS, upload=officials_csv(rows), dry_run=dry_run
    )


def bulk_scenario(administrator, agency_a, agency_b, size):
    rows = generated_rows(size, [agency_a.code, agency_b.code])
    counts, errors = run(administrator, rows)
    assert errors == []
    assert counts == {"created": size, "changed": 0, "unchanged": 0, "errors": 0, "applied": True}
    assert Official.objects.count() == size
    assert Official.history.filter(history_type="+", history_user=administrator).count() == size
    for n in range(0, size, size // 100):  # 100 changes: a new position
        rows[n]["Chức vụ"] = "Trưởng phòng"
    counts, errors = run(administrator, rows)
    assert counts == {
        "created": 0, "changed": 100, "unchanged": size - 100, "errors": 0, "applied": True,
    }  # fmt: skip
    assert Official.objects.filter(position="Trưởng phòng").count() == 100
    changes = Official.history.filter(history_type="~", history_user=administrator)
    assert changes.filter(position="Trưởng phòng").count() == changes.count() == 100


# About 5 s on SQLite: in the default run (its time is measured by
# benchmarks/officials_import.py, not asserted here).
def test_import_10000_then_100_changes(administrator, agency_a, agency_b):
    bulk_scenario(administrator, agency_a, agency_b, 10_000)


def test_same_file_twice_changes_nothing(administrator, agency_a):
    rows = generated_rows(20, [agency_a.code])
    run(administrator, rows)
    before = list(Official.objects.order_by("pk").values())
    counts, _errors = run(administrator, rows)
    assert counts["unchanged"] == 20 and counts["created"] == counts["changed"] == 0
    assert list(Official.objects.order_by("pk").values()) == before


def test_every_error_listed_and_nothing_applied(administrator, agency_a):
    existing = OfficialFactory(agency=agency_a, personnel_code="CB000001", position="Cũ")
    rows = [
        official_row(1, agency_a.code, **{"Chức vụ": "Mới"}),  # a valid change
        official_row(2, "khong-co"),
        official_row(3, agency_a.code, **{"Ngày sinh": "31/02/1980"}),
        official_row(4, agency_a.code, **{"Số ngày phép cơ bản": "13"}),
        official_row(5, agency_a.code, **{"Mã cán bộ": "CB000004"}),  # code twice in the file
        official_row(6, agency_a.code, **{"Họ và tên": ""}),
        official_row(7, agency_a.code, **{"Họ và tên": '=HYPERLINK("x")'}),
    ]
    counts, errors = run(administrator, rows)
    assert counts["errors"] == 6 and counts["changed"] == 1 and counts["applied"] is False
    text = {e["line"]: " ".join(e["errors"]) for e in errors}
    assert "Mã cơ quan" in text[3]
    assert "31/02/1980" in text[4]
    assert "12, 14 hoặc 16" in text[5]
    assert "trùng với dòng 5" in text[6]
    assert "bắt buộc" in text[7]
    assert "công thức" in text[8]
    existing.refresh_from_db()
    assert existing.position == "Cũ"
    assert Official.objects.count() == 1


def test_dry_run_applies_nothing(administrator, agency_a):
    counts, errors = run(administrator, generated_rows(5, [agency_a.code]), dry_run=True)
    assert counts["created"] == 5 and counts["applied"] is False and errors == []
    assert not Official.objects.exists()


def test_official_typed_by_hand_gets_the_code(administrator, agency_a):
    row = official_row(9, agency_a.code)
    by_hand = OfficialFactory(
        agency=agency_a, full_name=row["Họ và tên"], date_of_birth=None, personnel_code=None
    )
    by_hand.date_of_birth = (
        __import__("datetime").datetime.strptime(row["Ngày sinh"], "%d/%m/%Y").date()
    )
    by_hand.save()
    counts, _errors = run(administrator, [row])
    assert counts["changed"] == 1 and counts["created"] == 0
    by_hand.refresh_from_db()
    assert by_hand.personnel_code == "CB000009"


def test_clash_with_another_coded_official(administrator, agency_a):
    row = official_row(9, agency_a.code)
    OfficialFactory(agency=agency_a, full_name=row["Họ và tên"], personnel_code="KHAC01",
                    date_of_birth=__import__("datetime").date(1970, 1, 10))  # fmt: skip
    counts, errors = run(administrator, [row])
    assert counts["errors"] == 1 and "KHAC01" in errors[0]["errors"][0]


def test_only_administrators_import(staff_a, reviewer, agency_a):
    for user in (staff_a, reviewer):
        with pytest.raises(PermissionDenied):
            run(user, generated_rows(1, [agency_a.code]))
    assert not Official.objects.exists()


def test_row_limit_and_unreadable_files(administrator, agency_a, settings):
    settings.IMPORT_MAX_ROWS = 3
    with pytest.raises(ValidationError, match="quá giới hạn 3 dòng"):
        run(administrator, generated_rows(4, [agency_a.code]))
    bad = officials_csv([])
    bad.name = "can-bo.exe"
    with pytest.raises(ValidationError, match="Excel"):
        services.import_now(actor=administrator, kind=OFFICIALS, upload=bad, dry_run=True)


def test_semicolon_csv_from_excel(administrator, agency_a):
    row = official_row(1, agency_a.code)
    text = ";".join(row) + "\n" + ";".join(row.values()) + "\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("can-bo.csv", text.encode("utf-8-sig"))
    counts, errors = services.import_now(
        actor=administrator, kind=OFFICIALS, upload=upload, dry_run=False
    )
    assert counts["created"] == 1 and errors == []
    assert Official.objects.get().personnel_code == "CB000001"


def test_a_check_that_crashes_leaves_the_job_failed(administrator, agency_a, monkeypatch):
    from registry import officials

    job = ImportJob.objects.create(
        kind=OFFICIALS, created_by=administrator, file_name="a.csv", sha256="x",
        content=officials_csv([official_row(1, agency_a.code)]).read(),
    )  # fmt: skip

    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(officials, "check_rows", crash)
    with pytest.raises(RuntimeError):
        services.import_job_check(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.error
