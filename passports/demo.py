"""Demo data for an official's and a passport's life (issue 16): one official who left the
service, one transfer, one lost passport, each made through passports.lifecycle so that the
custody log, the Transfer row and the master-data history (with who) exist as in real use.

Three officials of their own, found by name (not by agency: the transferred one no longer sits
in the agency the base seed would look in), so the base province's officials stay as they are.
"""

import datetime as dt

from accounts.models import User
from agencies import services as agency_services
from agencies.models import Agency, LeavingReason, Official, Transfer
from agencies.services import official_leave
from passports import lifecycle
from passports.models import CustodyEvent, Passport, PassportLoss

# name, agency code, position, key leader, passports (kind, number)
PEOPLE = {
    "leaving": ("Phạm Văn Thành", "so-tai-chinh", "Phó Giám đốc", True,
                [(Passport.Kind.OFFICIAL, "B9000001"), (Passport.Kind.ORDINARY, "C9000001")]),
    "moving": ("Đỗ Thị Hương", "so-cong-thuong", "Trưởng phòng", False,
               [(Passport.Kind.ORDINARY, "C9000002")]),
    "losing": ("Bùi Quốc Khánh", "so-y-te", "Chuyên viên", False,
               [(Passport.Kind.ORDINARY, "C9000003")]),
}  # fmt: skip
MOVED_TO = "so-noi-vu"


def _official(key, today, custodian) -> Official:
    name, code, position, key_leader, passports = PEOPLE[key]
    official, _created = Official.objects.get_or_create(
        full_name=name,
        date_of_birth=dt.date(1972, 5, 1 + len(key)),
        defaults={
            "agency": Agency.objects.get(code=code),
            "position": position,
            "is_key_leader": key_leader,
            "leave_base_days": 12,
            "service_start_date": dt.date(1998, 9, 1),
        },
    )
    for kind, number in passports:
        passport, created = Passport.objects.get_or_create(
            kind=kind,
            number=number,
            defaults={
                "official": official,
                "issued_on": today.replace(year=today.year - 2),
                "expires_on": today.replace(year=today.year + 3),
                "storage_location": "Tủ 5, ngăn 1",
            },
        )
        if created:
            CustodyEvent.objects.create(
                passport=passport, action=CustodyEvent.Action.REGISTERED, actor=custodian
            )
    return official


def seed_demo_lifecycle(today: dt.date) -> None:
    """Idempotent: each event is made only if it is not there yet. Needs the base demo's
    logins `quantri` (administrator) and `hochieu` (custodian)."""
    administrator = User.objects.get(username="quantri")
    custodian = User.objects.get(username="hochieu")
    leaving = _official("leaving", today, custodian)
    if leaving.left_on is None:
        official_leave(
            official=leaving,
            reason=LeavingReason.RETIREMENT,
            left_on=today - dt.timedelta(days=30),
            actor=administrator,
            note="Nghỉ hưu theo quyết định của UBND tỉnh.",
        )
    moving = _official("moving", today, custodian)
    if not Transfer.objects.filter(official=moving).exists():
        agency_services.official_transfer(
            official=moving,
            to_agency=Agency.objects.get(code=MOVED_TO),
            effective_on=today - dt.timedelta(days=10),
            actor=administrator,
            note="Điều động theo quyết định của UBND tỉnh.",
        )
    losing = _official("losing", today, custodian)
    passport = Passport.objects.get(official=losing, number="C9000003")
    if not PassportLoss.objects.filter(passport=passport).exists():
        lifecycle.passport_record_loss(
            passport=passport,
            actor=custodian,
            lost_on=today - dt.timedelta(days=6),
            place="Sân bay Incheon, Hàn Quốc",
            circumstances="Thất lạc hành lý xách tay khi làm thủ tục nối chuyến.",
            reported_on=today - dt.timedelta(days=5),
            reported_by=PassportLoss.ReportedBy.WRITTEN,
        )
