"""Demo data of the approval chain (issues 13, 23): the Chairman `lanhdao`, officials at each
management level, and requests waiting at each step (the head's signature of the proposal
first), so that `make run` shows the chain; decisions by the Chairman, by the Vice-Chairman
(KT.) and by Sở Ngoại vụ's head (QĐ-SNgV), who signs the province-level proposals.

`seed_demo_chain(today=None)` runs after the main demo seed (it finds its agencies, staff and
reviewer by code and username) and is idempotent: requests are found by title.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth.models import Group
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from agencies.models import Agency, Official
from approvals import services as approval_services
from trips import services
from trips.exceptions import TripError
from trips.models import TripRequest
from trips.policy.facts import MemberData

logger = logging.getLogger(__name__)

# The password of every demo login (core.demo / the portal's demo seed).
DEMO_PASSWORD = "demo-2026"
AGENCY = "so-ngoai-vu"
STAFF, REVIEWER = "canbo.ngoaivu", "thamdinh"
HEAD, VICE = "thutruong", "phochutich"
JUSTIFICATION = "Nhiệm vụ chính trị theo chỉ đạo của UBND tỉnh; đã cân đối công việc của cơ quan."
Level = Official.ManagementLevel

# (title, level, how far along the chain, days from today to departure)
REQUESTS = [
    ("[Chuỗi] Đoàn dự hội nghị tại Singapore", Level.AGENCY, "submitted", 45),
    # Waits for Sở Ngoại vụ's head to sign the proposal (Tờ trình), then for the appraisal.
    ("[Chuỗi] Đoàn xúc tiến đầu tư tại Hàn Quốc", Level.PROVINCE, "submitted", 50),
    ("[Chuỗi] Đoàn trao đổi hợp tác tại Campuchia", Level.PROVINCE, "proposed", 55),
    ("[Chuỗi] Đoàn làm việc tại Nhật Bản", Level.PROVINCE, "appraised", 60),
    (
        "[Chuỗi] Đoàn lãnh đạo thăm tỉnh kết nghĩa tại Lào",
        Level.STANDING_COMMITTEE,
        "appraised",
        70,
    ),
    ("[Chuỗi] Đoàn lãnh đạo dự diễn đàn tại Úc", Level.STANDING_COMMITTEE, "opinion", 80),
    ("[Chuỗi] Đoàn học tập kinh nghiệm tại Thái Lan", Level.PROVINCE, "approved", 90),
    # Decided by the Vice-Chairman: "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" (issue 23).
    (
        "[Chuỗi] Đoàn khảo sát mô hình đô thị thông minh tại Malaysia",
        Level.PROVINCE,
        "approved_by_vice",
        95,
    ),
    # Officials the agency manages: Sở Ngoại vụ's head decides, …/QĐ-SNgV.
    ("[Chuỗi] Đoàn tập huấn nghiệp vụ lễ tân tại Singapore", Level.AGENCY, "approved_by_head", 100),
]


def _login(username, first_name, role):
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "email": f"{username}@demo.gov.vn"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name=role.value))
    return user


# The destination each demo title names (the title says "tại <country>").
COUNTRY_OF = {"Singapore": "SG", "Hàn Quốc": "KR", "Nhật Bản": "JP", "Lào": "LA", "Úc": "AU",
              "Thái Lan": "TH", "Malaysia": "MY", "Campuchia": "KH"}  # fmt: skip


def _country(title):
    return next((code for name, code in COUNTRY_OF.items() if title.endswith(name)), "SG")


def _fields(title, start):
    return {
        "kind": TripRequest.Kind.BUSINESS,
        "title": title,
        "purpose": "Trao đổi kinh nghiệm, mở rộng hợp tác với địa phương đối tác.",
        "countries": [_country(title)],
        "departure_date": start,
        "return_date": start + dt.timedelta(days=4),
        "inviter": "Cơ quan đối tác",
        "organiser_type": TripRequest.OrganiserType.FOREIGN_GOVERNMENT,
        "estimated_cost_vnd": 180_000_000,
    }


def _submit(official, title, level, start, staff):
    """A request of one official at `level`, submitted; None (nothing kept) if the rules
    block it."""
    try:
        with transaction.atomic():
            Official.objects.filter(pk=official.pk).update(management_level=level)
            trip = services.trip_save_draft(
                actor=staff, fields=_fields(title, start), members=[MemberData(official.pk, True)]
            )
            trip.justifications = {
                f["code"]: JUSTIFICATION for f in trip.findings if f["severity"] == "warn"
            }
            trip.save(update_fields=["justifications"])
            return approval_services.trip_submit(trip=trip, actor=staff)
    except TripError:
        return None


def _advance(trip, stage, reviewer, decider, today):
    if stage == "submitted":
        return
    if stage == "approved_by_head":
        head = User.objects.get(username=HEAD)
        approval_services.trip_approve(trip=trip, actor=head, note="Đồng ý.")
        return
    if stage == "approved_by_vice":
        decider, stage = User.objects.get(username=VICE), "approved"
    if trip.chain_steps.filter(action="propose", status="active").exists():
        # The agency's head signs the proposal first (issue 23), with the demo PIN.
        trip = approval_services.trip_propose(trip=trip, actor=User.objects.get(username=HEAD))
    if stage == "proposed":
        return
    trip = approval_services.trip_appraise(
        trip=trip, actor=reviewer, opinion="approve", note="Đủ điều kiện, đề nghị phê duyệt."
    )
    if stage == "opinion" or stage == "approved":
        if trip.chain_steps.filter(action="party_opinion", status="active").exists():
            trip = approval_services.trip_party_opinion(
                trip=trip,
                actor=reviewer,
                agreed=True,
                reference="125-CV/TU",
                dated=timezone.localdate(trip.submitted_at),  # never before the submission
                note="Ban Thường vụ Tỉnh ủy đồng ý chủ trương.",
            )
    if stage == "approved":
        approval_services.trip_approve(trip=trip, actor=decider, note="Đồng ý.")


def seed_demo_chain(today: dt.date | None = None) -> list[str]:
    """Create the chain's demo logins and requests; returns the titles created now."""
    today = today or timezone.localdate()
    created = []
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        decider = _login("lanhdao", "Chủ tịch UBND tỉnh", Role.DECIDER)
        _login("phochutich", "Phó Chủ tịch UBND tỉnh", Role.DECIDER)
        agency = Agency.objects.get(code=AGENCY)
        staff = User.objects.get(username=STAFF)
        reviewer = User.objects.get(username=REVIEWER)
        candidates = list(
            Official.objects.filter(agency=agency, is_active=True, is_key_leader=False)
            .exclude(trip_memberships__trip__title__startswith="[Chuỗi]")
            .order_by("-id")
        )
        for title, level, stage, offset in REQUESTS:
            if TripRequest.objects.filter(agency=agency, title=title).exists():
                continue
            start = today + dt.timedelta(days=offset)
            while candidates:
                trip = _submit(candidates.pop(0), title, level, start, staff)
                if trip is not None:
                    _advance(trip, stage, reviewer, decider, today)
                    created.append(title)
                    break
            else:
                logger.warning("demo chain: no official could travel for %s", title)
    return created
