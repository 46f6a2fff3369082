"""Writes page 1 of each document as PNG into docs/screenshots/ when SCREENSHOTS=1 (the README
shows them); otherwise it only checks that every kind renders to a one-page-or-more PDF."""

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from accounts.tests.factories import UserFactory
from documents import issuing, services
from passports.models import Handout
from reports.models import PostTripReport

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_every_document_renders_page_one(
    approved_trip, signing_key, monkeypatch, tmp_path, committed, settings
):
    from core import signing_pin
    from documents import local_pki
    from documents.credentials import credential_add

    monkeypatch.setattr(issuing, "today", lambda: dt.date(2026, 11, 28))
    decider = UserFactory(username="chutich", first_name="Lê Văn", last_name="Bình")
    custodian = UserFactory(username="giu", first_name="Phạm Thị", last_name="Hoa")
    passport = approved_trip.members.first().official.passports.first()
    handout = Handout.objects.create(
        passport=passport,
        trip=approved_trip,
        handed_out_on=dt.date(2027, 1, 30),
        received_by="Nguyễn Văn Ánh",
        due_back_on=dt.date(2027, 2, 16),
    )
    report = PostTripReport.objects.create(
        trip=approved_trip,
        due_on=dt.date(2027, 2, 22),
        summary="Đoàn đã làm việc với chính quyền thành phố Yokohama.\nKý biên bản ghi nhớ.",
        outcomes="Đạt mục đích đề ra.",
        follow_up="Đề xuất tổ chức hội thảo chia sẻ kinh nghiệm.",
    )
    # The decision with both its signatures: the decider's own, then the seal.
    settings.SIGNING_PERSONAL_REQUIRED = True
    admin = UserFactory(username="qt", is_superuser=True)
    credential = signing_key.pkcs12(local_pki.PEOPLE[0], "1357")
    credential_add(actor=admin, holder=decider, kind="pkcs12", file=credential)
    proposal = committed(services.issue_proposal, approved_trip, decider)
    with signing_pin.holding("1357"):
        decision = committed(services.issue_decision, approved_trip, decider)
    rows = {
        "proposal": proposal,
        "decision": decision,
        "report": committed(services.issue_report, report, decider),
        "handover": committed(services.issue_handover, handout, custodian),
        "loss_notice": committed(
            services.issue_loss_notice,
            {
                "passport": passport,
                "lost_on": dt.date(2027, 2, 5),
                "where": "Sân bay Narita, Nhật Bản",
                "how_reported": "Đã trình báo Đại sứ quán Việt Nam tại Nhật Bản",
            },
            custodian,
        ),
    }
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    target = OUT if os.environ.get("SCREENSHOTS") else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    for name, row in rows.items():
        source = tmp_path / f"{name}.pdf"
        source.write_bytes(row.file.open("rb").read())
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", source,
             target / name],
            check=True,
        )  # fmt: skip
        assert (target / f"{name}.png").stat().st_size > 10_000
    # The decision's last page: the signature block with its visible stamp.
    last = str(len(PdfReader(tmp_path / "decision.pdf").pages))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", last, "-l", last, "-singlefile",
         tmp_path / "decision.pdf", target / "decision-signature"],
        check=True,
    )  # fmt: skip
