"""The demo province's people: agencies, officials and their passports, the demo logins and
the agencies' annual plans. Every row is found by its natural key before it is created."""

from __future__ import annotations

import datetime as dt
import itertools

from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import Role
from agencies.models import Agency, Official
from authority.models import Body, Position
from authority.selectors import body_for_agency
from authority.services import body_save, position_save
from passports.models import CustodyEvent, Passport
from plans.models import AnnualPlan, PlanLine

DEMO_PASSWORD = "demo-2026"

AGENCIES = [
    ("so-ngoai-vu", "Sở Ngoại vụ", Agency.Kind.DEPARTMENT),
    ("so-cong-thuong", "Sở Công Thương", Agency.Kind.DEPARTMENT),
    ("so-tai-chinh", "Sở Tài chính", Agency.Kind.DEPARTMENT),
    ("so-noi-vu", "Sở Nội vụ", Agency.Kind.DEPARTMENT),
    ("so-giao-duc", "Sở Giáo dục và Đào tạo", Agency.Kind.DEPARTMENT),
    ("so-y-te", "Sở Y tế", Agency.Kind.DEPARTMENT),
    ("so-van-hoa", "Sở Văn hóa, Thể thao và Du lịch", Agency.Kind.DEPARTMENT),
    ("bql-kcn", "Ban Quản lý các khu công nghiệp", Agency.Kind.OTHER),
    ("phuong-thu-dau-mot", "UBND phường Thủ Dầu Một", Agency.Kind.COMMUNE),
    ("phuong-di-an", "UBND phường Dĩ An", Agency.Kind.COMMUNE),
    ("phuong-thuan-an", "UBND phường Thuận An", Agency.Kind.COMMUNE),
]
# The province's own symbols (the initials would give Sở Ngoại vụ and Sở Nội vụ both "SNV").
SYMBOLS = {"so-ngoai-vu": "SNgV", "so-noi-vu": "SNV", "so-cong-thuong": "SCT"}
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ"]
MIDDLE = {"male": ["Văn", "Minh", "Quốc", "Hữu"], "female": ["Thị", "Ngọc", "Thu", "Thanh"]}
GIVEN = {
    "male": ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khoa", "Long", "Nam", "Phúc"],
    "female": ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Lan", "Mai", "Ngân", "Thảo", "Vy"],
}
DEPARTMENT_POSITIONS = ["Giám đốc", "Phó Giám đốc", "Trưởng phòng", "Phó Trưởng phòng"]
COMMUNE_POSITIONS = [
    "Chủ tịch UBND phường",
    "Phó Chủ tịch UBND phường",
    "Trưởng phòng",
    "Phó Trưởng phòng",
]
OFFICIALS_PER_AGENCY = 8
# Sở Ngoại vụ sends the chain's demo delegations too (approvals.demo_chain): three more officials.
MORE_OFFICIALS = {"so-ngoai-vu": 3}

LOGINS = [
    # username, role, agency code, description
    ("canbo.ngoaivu", Role.AGENCY_STAFF, "so-ngoai-vu", "Cán bộ Sở Ngoại vụ"),
    ("canbo.congthuong", Role.AGENCY_STAFF, "so-cong-thuong", "Cán bộ Sở Công Thương"),
    ("thamdinh", Role.REVIEWER, None, "Chuyên viên thẩm định Sở Nội vụ"),
    # The agency's head decides for the officials it manages (issue 23: …/QĐ-SNgV).
    ("thutruong", Role.AGENCY_HEAD, "so-ngoai-vu", "Giám đốc Sở Ngoại vụ"),
    ("hochieu", Role.CUSTODIAN, None, "Cán bộ quản lý hộ chiếu"),
    ("quantri", Role.ADMINISTRATOR, None, "Quản trị hệ thống"),
    # The deciders' requests and substitution come with the chain's own demo (approvals.demo_chain).
    ("lanhdao", Role.DECIDER, None, "Chủ tịch UBND tỉnh"),
    ("phochutich", Role.DECIDER, None, "Phó Chủ tịch UBND tỉnh"),
]


def _name(index: int) -> tuple[str, str]:
    gender = "female" if index % 3 == 1 else "male"
    surname = SURNAMES[index % len(SURNAMES)]
    middle = MIDDLE[gender][(index // 10) % 4]
    given = GIVEN[gender][(index * 7) % 10]
    return f"{surname} {middle} {given}", gender


def seed_agencies():
    agencies = {
        code: Agency.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})[0]
        for code, name, kind in AGENCIES
    }
    for code, symbol in SYMBOLS.items():
        body = body_for_agency(agencies[code])  # Sở Nội vụ's is the Department's own body
        if body.symbol != symbol:
            body_save(actor=None, body=body, symbol=symbol)
    return agencies


def seed_officials(agencies, today):
    people, counter = {}, itertools.count()
    for agency in agencies.values():
        positions = (
            COMMUNE_POSITIONS if agency.kind == Agency.Kind.COMMUNE else DEPARTMENT_POSITIONS
        )
        staff = []
        for slot in range(OFFICIALS_PER_AGENCY + MORE_OFFICIALS.get(agency.code, 0)):
            full_name, gender = _name(next(counter))
            official, _ = Official.objects.get_or_create(
                agency=agency,
                full_name=full_name,
                defaults={
                    "gender": gender,
                    "position": positions[slot] if slot < len(positions) else "Chuyên viên",
                    "is_key_leader": slot < 2,  # lãnh đạo chủ chốt: the head and first deputy
                    "leave_base_days": 14 if agency.code == "so-y-te" and slot > 3 else 12,
                    "service_start_date": dt.date(1995 + (slot * 3) % 28, 1 + slot, 1),
                    "date_of_birth": dt.date(1968 + (slot * 4) % 30, 3, 1 + slot),
                },
            )
            staff.append(official)
        people[agency.code] = staff
    return people


def seed_passports(people, today, custodian):
    for index, official in enumerate(itertools.chain.from_iterable(people.values())):
        kinds = [Passport.Kind.ORDINARY]
        if official.is_key_leader:
            kinds.append(Passport.Kind.DIPLOMATIC if index % 16 == 0 else Passport.Kind.OFFICIAL)
        for kind in kinds:
            # Every seventh official's passport runs out within six months.
            expires = (
                today + dt.timedelta(days=120)
                if index % 7 == 3
                else today.replace(year=today.year + 4)
            )
            passport, created = Passport.objects.get_or_create(
                kind=kind,
                number=f"{'C' if kind == 'ordinary' else 'B' if kind == 'official' else 'A'}{index + 1:07d}",
                defaults={
                    "official": official,
                    "issued_on": expires.replace(
                        year=expires.year - (10 if kind == "ordinary" else 5)
                    ),
                    "expires_on": expires,
                    "storage_location": f"Tủ {1 + index // 20}, ngăn {1 + index % 5}",
                },
            )
            if created:
                CustodyEvent.objects.create(
                    passport=passport, action=CustodyEvent.Action.REGISTERED, actor=custodian
                )


# Who holds which position (issue 23): (body: "province", "department" or an agency's code,
# kind, printed title). Positions, not roles, take the chain's steps and sign.
POSITIONS = {
    "thamdinh": ("department", "appraiser", "CHUYÊN VIÊN"),
    "lanhdao": ("province", "head", "CHỦ TỊCH"),
    "phochutich": ("province", "deputy", "PHÓ CHỦ TỊCH"),
    "thutruong": ("so-ngoai-vu", "head", "GIÁM ĐỐC"),
}


def seed_position(user, where, kind, title, today):
    """`user` holds the position (the vacant seeded one of its kind if there is one)."""
    if where in (Body.PROVINCE, Body.DEPARTMENT):
        body = Body.objects.get(code=where)
    else:
        body = body_for_agency(Agency.objects.get(code=where))
    if Position.objects.filter(body=body, kind=kind, holder=user).exists():
        return
    vacant = Position.objects.filter(body=body, kind=kind, holder=None).first()
    fields = {"body": body, "kind": kind, "title": title, "holder": user}
    position_save(actor=None, position=vacant, **fields, starts_on=today.replace(month=1, day=1))


def seed_logins(agencies, today=None):
    users = {}
    for username, role, agency_code, description in LOGINS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": description,
                "email": f"{username}@demo.gov.vn",
                "agency": agencies.get(agency_code),
                "is_staff": role == Role.ADMINISTRATOR,
                "is_superuser": role == Role.ADMINISTRATOR,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(Group.objects.get(name=role.value))
        users[username] = user
        if username in POSITIONS:
            seed_position(user, *POSITIONS[username], today or dt.date.today())
    return users


def seed_plans(agencies, people, staff_users, today):
    for code in ("so-ngoai-vu", "so-cong-thuong", "so-y-te", "bql-kcn"):
        for year in (today.year, today.year + 1):
            plan, created = AnnualPlan.objects.get_or_create(
                agency=agencies[code],
                year=year,
                revision=1,
                defaults={"status": AnnualPlan.Status.APPROVED, "created_by": staff_users[0]},
            )
            if created:
                PlanLine.objects.bulk_create(
                    [
                        PlanLine(
                            plan=plan,
                            title="Xúc tiến đầu tư, thương mại",
                            countries=["JP", "KR"],
                            planned_members=5,
                            planned_quarter=2,
                            budget_vnd=600_000_000,
                            funding_source="Ngân sách tỉnh",
                        ),
                        PlanLine(
                            plan=plan,
                            title="Hợp tác địa phương kết nghĩa",
                            countries=["FR"],
                            planned_members=4,
                            planned_quarter=4,
                            budget_vnd=400_000_000,
                            funding_source="Ngân sách tỉnh",
                        ),
                    ]
                )
