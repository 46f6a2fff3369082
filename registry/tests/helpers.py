"""Spreadsheets for the import tests and the benchmark, built the way the HR register's
export looks (Vietnamese headers, dd/mm/yyyy dates)."""

import csv
import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from registry import officials

HEADERS = [column.header for column in officials.COLUMNS]


def official_row(n: int, agency_code: str, **overrides) -> dict:
    row = {
        "Mã cán bộ": f"CB{n:06d}",
        "Họ và tên": f"Nguyễn Văn {n}",
        "Mã cơ quan": agency_code,
        "Giới tính": "Nam" if n % 2 else "Nữ",
        "Ngày sinh": (dt.date(1970, 1, 1) + dt.timedelta(days=n % 9000)).strftime("%d/%m/%Y"),
        "Chức vụ": "Chuyên viên",
        "Lãnh đạo chủ chốt": "Không",
        "Số ngày phép cơ bản": "12",
        "Ngày bắt đầu công tác": "01/09/2005",
        "Thư điện tử": "",
    }
    row.update(overrides)
    return row


def officials_csv(rows: list[dict], name="can-bo.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADERS)
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8-sig"), "text/csv")


def generated_rows(count: int, agency_codes: list[str]) -> list[dict]:
    return [official_row(n, agency_codes[n % len(agency_codes)]) for n in range(1, count + 1)]
