"""The custodian records a loss and downloads the notice, in a browser (issue 16)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from agencies.tests.factories import AgencyFactory, OfficialFactory
from e2e.test_trip_workflow import sign_in
from passports.models import CustodyEvent, Passport
from passports.tests.factories import PassportFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_custodian_records_a_loss_and_downloads_the_notice(page, live_server, migration_data):
    UserFactory(username="hochieu", first_name="Phạm Văn Lưu Giữ", roles=[Role.CUSTODIAN])
    holder = OfficialFactory(agency=AgencyFactory(name="Sở Ngoại vụ"), full_name="Lê Thị Mất")
    passport = PassportFactory(official=holder, kind="official", number="B1234567")
    today = timezone.localdate().strftime("%d/%m/%Y")

    sign_in(page, live_server, "hochieu")
    page.get_by_role("link", name="Hộ chiếu", exact=True).click()
    page.get_by_role("link", name=passport.number).click()
    page.locator("#record-loss").click()
    page.get_by_label("Ngày mất").fill(today)
    page.get_by_label("Ngày mất").press("Tab")  # closes the date picker
    page.get_by_label("Nơi mất").fill("Sân bay Narita, Nhật Bản")
    page.get_by_label("Hoàn cảnh mất").fill("Bị mất cắp túi xách tay khi làm thủ tục")
    page.get_by_label("Ngày người mang hộ chiếu báo").fill(today)
    page.get_by_label("Ngày người mang hộ chiếu báo").press("Tab")
    page.get_by_label("Hình thức báo").select_option("written")
    page.get_by_role("button", name="Ghi nhận mất").click()

    notice = page.locator("#loss-notice")
    expect(notice).to_contain_text("Về việc mất hộ chiếu")
    expect(notice).to_contain_text("Cục Quản lý xuất nhập cảnh – Bộ Công an")
    expect(notice).to_contain_text("B1234567")
    expect(notice).to_contain_text("Sân bay Narita, Nhật Bản")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải thông báo").click()
    download = download_info.value
    # The notice is issued from the outgoing register (a numbered PDF, issue 14).
    assert download.suggested_filename.endswith("-TB-SNV.pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(download.path()).pages).split())
    assert "Lê Thị Mất" in text, text
    assert "Cục Lãnh sự" in text, text

    passport.refresh_from_db()
    assert passport.status == Passport.Status.LOST
    assert passport.custody_log.filter(action=CustodyEvent.Action.REPORTED_LOST).exists()
