import datetime as dt
import os
import shutil

import pytest

from agencies.tests.factories import OfficialFactory
from documents import local_pki
from passports.tests.factories import PassportFactory
from trips.models import TripRequest
from trips.tests.factories import TripFactory


@pytest.fixture
def signing_key(tmp_path, settings, local_pki_served):
    """The session's PKI (CA, OCSP, CRL, TSA on loopback), configured as production would be,
    and a media folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return local_pki_served


@pytest.fixture
def approved_trip(agency_a):
    head = OfficialFactory(agency=agency_a, full_name="Nguyễn Văn Ánh", position="Giám đốc")
    member = OfficialFactory(agency=agency_a, full_name="Trần Thị Bích", position="Chuyên viên")
    PassportFactory(official=head, kind="official", number="B1234567")
    PassportFactory(official=member, kind="official", number="B7654321")
    return TripFactory(
        agency=agency_a,
        status=TripRequest.Status.APPROVED,
        title="Đoàn học tập kinh nghiệm quản lý đô thị",
        purpose="Học tập kinh nghiệm quản lý đô thị thông minh",
        countries=["JP", "KR"],
        departure_date=dt.date(2027, 2, 3),
        return_date=dt.date(2027, 2, 9),
        report_due_on=dt.date(2027, 2, 22),
        estimated_cost_vnd=250_000_000,
        members=[head, member],
    )


@pytest.fixture(scope="session")
def softhsm(local_pki_served):
    """The body's key in a SoftHSM2 token, made once per session."""
    if shutil.which("softhsm2-util") is None and not os.environ.get("CI"):
        pytest.skip("Debian's softhsm2 is not installed (CI installs it)")
    return local_pki.softhsm_token(local_pki_served)
