"""The demo's trips, each through the real services so that its history is real: the past
ones as trips decided before the system was used (recorded by the administrator), the others
submitted and decided now, which is why `today` must be the real date."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import Role
from approvals import services as approval_services
from passports import services as passport_services
from passports.exceptions import CustodyError
from passports.models import Passport
from plans.models import AnnualPlan, PlanLine
from reports import services as report_services
from trips import services as trip_services
from trips.models import TripRequest
from trips.policy.facts import MemberData

JUSTIFICATION = "Nhiệm vụ chính trị theo chỉ đạo của UBND tỉnh; đã cân đối công việc của cơ quan."


@dataclasses.dataclass
class TripSpec:
    agency: str
    title: str
    final: str
    start_offset: int  # days from today
    length: int
    member_slots: list[int]  # indexes into the agency's officials
    kind: str = TripRequest.Kind.BUSINESS
    countries: tuple = ("JP",)
    inviter: str = "Chính quyền tỉnh Kanagawa"
    organiser_type: str = TripRequest.OrganiserType.FOREIGN_GOVERNMENT
    cost: int = 250_000_000
    report: str | None = None  # "accepted", "late", "due", "overdue"
    # The head's passport: handed out on departure and back "on_time", "late", or "out".
    passport: str | None = None
    note: str = ""
    extra: dict = dataclasses.field(default_factory=dict)


TRIPS = [
    TripSpec(
        "so-ngoai-vu",
        "Đoàn làm việc với tỉnh Kanagawa về hợp tác địa phương",
        "completed",
        -40,
        5,
        [0, 4],
        report="accepted",
        passport="on_time",
    ),
    TripSpec(
        "so-cong-thuong",
        "Đoàn xúc tiến thương mại tại Hàn Quốc",
        "completed",
        -30,
        6,
        [2, 5, 6],
        countries=("KR",),
        report="late",
        passport="late",
    ),
    TripSpec(
        "bql-kcn",
        "Đoàn xúc tiến đầu tư tại Singapore",
        "completed",
        -25,
        4,
        [1, 4],
        countries=("SG",),
        inviter="Cơ quan Phát triển Kinh tế Singapore",
        report="overdue",
        passport="out",
    ),
    TripSpec(
        "so-giao-duc",
        "Đoàn khảo sát giáo dục nghề nghiệp tại Úc",
        "completed",
        -8,
        5,
        [2, 6],
        countries=("AU",),
        inviter="Bang Victoria",
        report="due",
    ),
    TripSpec(
        "so-y-te",
        "Đoàn học tập mô hình y tế cơ sở tại Thái Lan",
        "approved",
        24,
        5,
        [1, 5],
        countries=("TH",),
        inviter="Bộ Y tế Thái Lan",
    ),
    TripSpec(
        "so-ngoai-vu",
        "Đoàn dự Diễn đàn hợp tác địa phương Việt – Pháp",
        "submitted",
        45,
        6,
        [1, 5, 6],
        countries=("FR",),
        inviter="Bộ Ngoại giao Pháp",
    ),
    TripSpec(
        "so-van-hoa",
        "Đoàn quảng bá du lịch tại Nhật Bản",
        "submitted",
        60,
        7,
        [1, 3, 4, 5, 6, 7],
        inviter="Tổng cục Du lịch Nhật Bản",
    ),
    TripSpec(
        "phuong-thu-dau-mot",
        "Nghỉ phép thăm thân nhân tại Hoa Kỳ",
        "submitted",
        70,
        10,
        [4],
        kind=TripRequest.Kind.PRIVATE,
        countries=("US",),
        inviter="",
        organiser_type="other",
        cost=0,
    ),
    TripSpec(
        "so-cong-thuong",
        "Đoàn dự Hội chợ Canton tại Trung Quốc",
        "returned",
        80,
        5,
        [3, 7],
        countries=("CN",),
        inviter="Bộ Thương mại Trung Quốc",
        note="Bổ sung chương trình làm việc chi tiết và dự toán theo từng hạng mục.",
    ),
    TripSpec(
        "phuong-di-an",
        "Đoàn giao lưu kết nghĩa với thành phố Gimhae",
        "rejected",
        50,
        4,
        [1, 3],
        countries=("KR",),
        inviter="Thành phố Gimhae",
        note="Nội dung kết nghĩa chưa có chủ trương của tỉnh.",
        extra={"involves_commitment": True, "mandate_reference": "Tờ trình số 45/TTr-UBND"},
    ),
    TripSpec(
        "so-giao-duc",
        "Đoàn tham quan trường đại học tại Đài Loan",
        "withdrawn",
        90,
        5,
        [3, 5],
        countries=("TW",),
        inviter="Đại học Quốc gia Thanh Hoa",
    ),
    TripSpec(
        "phuong-thuan-an",
        "Đoàn học tập quản lý đô thị tại Malaysia",
        "cancelled",
        35,
        5,
        [1, 4],
        countries=("MY",),
        inviter="Thành phố Putrajaya",
        note="Phía bạn hoãn chương trình.",
    ),
    TripSpec(
        "so-ngoai-vu",
        "Đoàn tham dự hội nghị ASEAN tại Lào",
        "draft",
        100,
        3,
        [2, 7],
        countries=("LA",),
        inviter="Bộ Ngoại giao Lào",
    ),
    TripSpec(
        "bql-kcn",
        "Đoàn khảo sát do doanh nghiệp mời tại Đức",
        "draft",
        110,
        6,
        [0, 2, 3, 5, 6, 7],
        countries=("DE",),
        inviter="Công ty TNHH Siemens",
        organiser_type="enterprise",
    ),
]


def _staff_for(agency, users):
    staff = User.objects.filter(agency=agency, groups__name=Role.AGENCY_STAFF).first()
    if staff is None:
        staff, _ = User.objects.get_or_create(
            username=f"canbo.{agency.code}",
            defaults={"first_name": f"Cán bộ {agency.name}", "agency": agency},
        )
        staff.set_unusable_password()
        staff.save()
        staff.groups.add(Group.objects.get(name=Role.AGENCY_STAFF))
    return staff


def _head_for(agency, users):
    """Who decides the agency's own requests (issue 23): its head, a demo login for Sở Ngoại
    vụ, one without a password (but with a signing credential) for the others."""
    from authority.models import Position
    from documents.demo import seed_demo_credentials
    from portal.demo.people import seed_position

    held = Position.objects.filter(body__agency=agency, kind="head", holder__isnull=False)
    head = User.objects.filter(pk__in=held.values("holder_id")).first()
    if head is not None:
        return head
    head, created = User.objects.get_or_create(
        username=f"thutruong.{agency.code}",
        defaults={"first_name": f"Thủ trưởng {agency.name}", "agency": agency},
    )
    if created:
        head.set_unusable_password()
        head.save()
        head.groups.add(Group.objects.get(name=Role.AGENCY_HEAD))
    title = {"department": "GIÁM ĐỐC", "commune": "CHỦ TỊCH"}.get(agency.kind, "TRƯỞNG BAN")
    seed_position(head, agency.code, "head", title, dt.date.today())
    seed_demo_credentials([head], users["quantri"])
    return head


def seed_trip(spec, agencies, people, users, today):
    agency = agencies[spec.agency]
    if TripRequest.objects.filter(agency=agency, title=spec.title).exists():
        return
    # The demo's requests are of officials the agency manages: its head decides them.
    staff, reviewer = _staff_for(agency, users), _head_for(agency, users)
    start = today + dt.timedelta(days=spec.start_offset)
    members = [
        MemberData(people[spec.agency][slot].id, i == 0) for i, slot in enumerate(spec.member_slots)
    ]
    # Business trips of agencies with an approved plan for the year take its first line.
    plan_line = None
    if spec.kind == TripRequest.Kind.BUSINESS:
        plan_line = (
            PlanLine.objects.filter(
                plan__agency=agency, plan__year=start.year, plan__status=AnnualPlan.Status.APPROVED
            )
            .order_by("id")
            .first()
        )
    fields = {
        "kind": spec.kind,
        "title": spec.title,
        "purpose": "Trao đổi kinh nghiệm, mở rộng hợp tác với địa phương đối tác.",
        "countries": list(spec.countries),
        "departure_date": start,
        "return_date": start + dt.timedelta(days=spec.length - 1),
        "inviter": spec.inviter,
        "organiser_type": spec.organiser_type,
        "estimated_cost_vnd": spec.cost,
        "plan_line": plan_line,
        **spec.extra,
    }
    if start < today:
        # Decided before the system was used: the one way a departed trip is approved.
        _past_trip(spec, agency, fields, members, staff, users, today)
        return
    trip = trip_services.trip_save_draft(actor=staff, fields=fields, members=members)
    if spec.final == "draft":
        return
    trip.justifications = {
        f["code"]: JUSTIFICATION for f in trip.findings if f["severity"] == "warn"
    }
    trip.save(update_fields=["justifications"])
    trip = approval_services.trip_submit(trip=trip, actor=staff)
    if spec.final == "returned":
        approval_services.trip_return(trip=trip, actor=reviewer, reason=spec.note)
    elif spec.final == "rejected":
        approval_services.trip_reject(trip=trip, actor=reviewer, reason=spec.note)
    elif spec.final == "withdrawn":
        approval_services.trip_withdraw(
            trip=trip, actor=staff, reason="Thay đổi kế hoạch công tác."
        )
    elif spec.final in ("approved", "cancelled"):
        trip = approval_services.trip_approve(trip=trip, actor=reviewer, note="Đồng ý chủ trương.")
        if spec.final == "cancelled":
            approval_services.trip_cancel(trip=trip, actor=staff, reason=spec.note)


def _past_trip(spec, agency, fields, members, staff, users, today):
    """A completed trip of the weeks before: recorded as decided, its passport handed out and
    back, then completed and reported on as the sweep and the staff would have."""
    if spec.final != "completed":
        raise ValueError(f"A departed demo trip is recorded as completed: {spec.title}")
    trip = trip_services.trip_record_past(
        actor=users["quantri"],
        fields={**fields, "agency": agency},
        members=members,
        decision_number=f"{100 + TRIPS.index(spec)}/QĐ-UBND",
        decided_on=fields["departure_date"] - dt.timedelta(days=21),
        decided_by="Phó Chủ tịch UBND tỉnh",
        status=TripRequest.Status.APPROVED,
        today=today,
    )
    handout = _hand_out(spec, trip, users["hochieu"])
    trip = approval_services.trip_complete(trip=trip, actor=None, today=today)
    _take_back(spec, handout, users["hochieu"])
    _report(spec, trip, staff, users["thamdinh"], today)  # the Department accepts reports


def _hand_out(spec, trip, custodian):
    if spec.passport is None:
        return None
    head = trip.members.get(is_head=True).official
    for passport in head.passports.filter(status=Passport.Status.IN_CUSTODY):
        try:
            return passport_services.passport_hand_out(
                passport=passport,
                actor=custodian,
                trip=trip,
                received_by=head.full_name,
                on_date=trip.departure_date - dt.timedelta(days=2),
            )
        except CustodyError:
            continue  # not the kind this trip needs, or expiring too soon
    return None


def _take_back(spec, handout, custodian):
    if handout is None or spec.passport == "out":
        return  # still out: overdue for hand-back
    late = spec.passport == "late"
    passport_services.passport_take_back(
        passport=handout.passport,
        actor=custodian,
        on_date=handout.due_back_on + dt.timedelta(days=3 if late else 0),
    )


def _report(spec, trip, staff, reviewer, today):
    if spec.report in (None, "overdue"):
        return  # nothing filed: overdue or simply not yet due
    report = report_services.report_open(trip=trip, actor=staff)
    if spec.report == "due":
        return
    report.summary = (
        "Đoàn đã hoàn thành chương trình, làm việc với các cơ quan đối tác theo kế hoạch."
    )
    report.outcomes = "Thống nhất các hướng hợp tác trong năm tới."
    report.actual_cost_vnd = int(trip.estimated_cost_vnd * 0.93)
    report.save()
    filed_on = report.due_on if spec.report == "accepted" else report.due_on + dt.timedelta(days=6)
    report = report_services.report_submit(report=report, actor=staff, today=filed_on)
    if spec.report == "accepted":
        report_services.report_accept(report=report, actor=reviewer, note="Đã tiếp nhận.")
