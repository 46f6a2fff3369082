"""Benchmark: importing the HR register's list of 10 000 officials, then the same file with
100 changes, then the same file again (nothing to change).

    .venv/bin/python benchmarks/officials_import.py [--rows 10000] [--format csv|xlsx]
    make benchmark-import

By default on a throw-away SQLite file (the embedded default); set DATABASE_URL for
PostgreSQL (the database must exist). Prints the time of each import (check + apply, the API's
`import_now` path; the page's task does the same check). A tiny run is in
benchmarks/tests/test_officials_import_benchmark.py so the script cannot rot; no time is
asserted anywhere.
"""

import argparse
import atexit
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path


def generated_upload(rows: list[dict], file_format: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from registry.tests.helpers import HEADERS, officials_csv

    if file_format == "csv":
        return officials_csv(rows)
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([row[h] for h in HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("can-bo.xlsx", buffer.getvalue())


def run(rows: int, file_format: str = "csv", out=sys.stdout) -> list[tuple[str, float, dict]]:
    """The three imports, timed; needs a migrated database (creates its own agencies/user)."""
    from accounts.roles import Role
    from accounts.tests.factories import UserFactory
    from agencies.models import Agency
    from registry import services
    from registry.models import ImportJob
    from registry.tests.helpers import generated_rows

    codes = [f"bench-{n}" for n in range(20)]
    for code in codes:
        Agency.objects.get_or_create(code=code, defaults={"name": code})
    actor = UserFactory(roles=[Role.ADMINISTRATOR])
    data = generated_rows(rows, codes)
    results = []
    for label, changes in (("create", 0), ("100 changes", min(100, rows)), ("unchanged", 0)):
        for n in range(changes):
            data[n * (rows // changes)]["Chức vụ"] = f"Trưởng phòng {label}"
        upload = generated_upload(data, file_format)
        started = time.perf_counter()
        counts, errors = services.import_now(
            actor=actor, kind=ImportJob.Kind.OFFICIALS, upload=upload, dry_run=False
        )
        elapsed = time.perf_counter() - started
        assert not errors, errors[:3]
        results.append((label, elapsed, counts))
        print(f"{label:>12}: {elapsed:6.2f} s  {counts}", file=out)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    arguments = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DEBUG", "true")
    if "DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp()
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench-import.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "travelmgmt.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    print(f"{arguments.rows} officials, {arguments.format}, {os.environ['DATABASE_URL']}")
    run(arguments.rows, arguments.format)


if __name__ == "__main__":
    main()
