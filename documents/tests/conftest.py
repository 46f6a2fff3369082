import datetime as dt

import pytest

from agencies.tests.factories import OfficialFactory
from documents import pki
from passports.tests.factories import PassportFactory
from trips.models import TripRequest
from trips.tests.factories import TripFactory


@pytest.fixture
def signing_key(tmp_path, settings):
    """A throw-away CA and signer for this test, configured as production would be."""
    material = pki.make_material(tmp_path / "pki")
    settings.SIGNING_PKCS12_FILE = str(material.pkcs12_file)
    settings.SIGNING_PKCS12_PASSWORD = material.password
    settings.SIGNING_TRUST_ROOTS = str(material.trust_roots)
    settings.MEDIA_ROOT = tmp_path / "media"
    return material


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
