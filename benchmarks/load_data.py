"""The load benchmark's data (benchmarks/load.py): logins for a staff member, a reviewer and
the agency's head, the delegation `check` sends, and trips prepared through the services for
submit and approve.
The province itself is filled by benchmarks/policy_check.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets

# A departure after every generated trip (the fill's history ends in 2027): the prepared trips
# meet no quota and no leader overlap, only the warnings a clean request gets.
DEPARTURE = dt.date(2028, 3, 6)


@dataclasses.dataclass
class Fixtures:
    staff_cookie: str
    reviewer_cookie: str
    staff_token: str
    reviewer_token: str
    head_token: str  # the agency's head: decides its agency-level trips (issue 23)
    check_body: dict
    drafts: list  # trip ids, ready to submit (warnings justified)
    warm_drafts: list


def _session_cookie(user) -> str:
    """A signed-in browser session, made as the test client does (stored in the database)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def prepare(*, drafts: int, warm: int) -> Fixtures:
    """Logins for the busiest agency's staff and a reviewer, the delegation `check` sends, and
    `drafts + warm` trips of two new officials each, saved and justified through the services
    (each submitted once, then approved once, during the run)."""
    from django.contrib.auth.models import Group
    from django.db.models import Count
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from accounts.roles import Role
    from agencies.models import Agency, Official
    from authority.models import Position
    from authority.selectors import body_for_agency
    from passports.models import Passport
    from trips import services
    from trips.models import TripRequest
    from trips.policy.facts import MemberData

    # The agency with the longest history: its staff list is the heaviest.
    busiest = TripRequest.objects.values("agency").annotate(n=Count("id")).order_by("-n").first()
    agency = (
        Agency.objects.get(pk=busiest["agency"])
        if busiest
        else Agency.objects.order_by("id").first()
    )
    staff, _ = User.objects.get_or_create(
        username="load-staff", defaults={"agency": agency, "email": "load-staff@bench.invalid"}
    )
    staff.groups.add(Group.objects.get(name=Role.AGENCY_STAFF))
    reviewer, _ = User.objects.get_or_create(
        username="load-reviewer", defaults={"email": "load-reviewer@bench.invalid"}
    )
    decider, _ = User.objects.get_or_create(
        username="load-head", defaults={"agency": staff.agency, "email": "load-head@bench.invalid"}
    )
    # Active for this run only (benchmarks/load.py makes them inactive again after it).
    User.objects.filter(pk__in=[staff.pk, reviewer.pk, decider.pk]).update(is_active=True)
    staff.is_active = reviewer.is_active = decider.is_active = True
    reviewer.groups.add(Group.objects.get(name=Role.REVIEWER))
    decider.groups.add(Group.objects.get(name=Role.AGENCY_HEAD))
    agency = staff.agency
    # The prepared trips are the agency's to decide (AUTHORITY.md): its head's position.
    Position.objects.get_or_create(
        body=body_for_agency(agency),
        kind=Position.Kind.HEAD,
        holder=decider,
        defaults={"title": "GIÁM ĐỐC", "starts_on": dt.date(2020, 1, 1)},
    )

    # The delegation of the check: the agency's key leader heading ten of its officials.
    members = list(Official.objects.filter(agency=agency).order_by("-is_key_leader", "id")[:10])
    run = secrets.token_hex(3)
    people = Official.objects.bulk_create(
        Official(
            agency=agency,
            full_name=f"Cán bộ tải {run} {i}",
            gender=Official.Gender.MALE,
            position="Chuyên viên",
            service_start_date=dt.date(2010, 1, 1),
            leave_base_days=12,
        )
        for i in range(2 * (drafts + warm))
    )
    Passport.objects.bulk_create(
        Passport(
            official=person,
            kind=Passport.Kind.OFFICIAL,
            number=f"L{run}{person.pk}",
            issued_on=dt.date(2025, 1, 1),
            expires_on=dt.date(2035, 1, 1),
        )
        for person in [*people, *members]
        if not Passport.objects.filter(official=person).exists()
    )
    fields = {
        "kind": "business",
        "title": "Đoàn khảo sát (benchmark)",
        "purpose": "Đo tải",
        "countries": ["JP"],
        "departure_date": DEPARTURE,
        "return_date": DEPARTURE + dt.timedelta(days=4),
        "inviter": "Tỉnh Kanagawa",
        "organiser_type": "foreign_government",
        "estimated_cost_vnd": 250_000_000,
    }
    trip_ids = []
    for pair in range(drafts + warm):
        head, other = people[2 * pair], people[2 * pair + 1]
        trip = services.trip_save_draft(
            actor=staff,
            fields={**fields, "title": f"Đoàn khảo sát {run}-{pair} (benchmark)"},
            members=[MemberData(head.pk, True), MemberData(other.pk, False)],
        )
        blocks = [f["code"] for f in trip.findings if f["severity"] == "block"]
        if blocks:
            raise RuntimeError(f"a prepared trip is blocked: {blocks}")
        trip.justifications = {f["code"]: "Đo tải." for f in trip.findings}
        trip.save(update_fields=["justifications"])
        trip_ids.append(trip.pk)
    check_body = {
        **{k: v.isoformat() if isinstance(v, dt.date) else v for k, v in fields.items()},
        "members": [{"official": m.pk, "is_head": i == 0} for i, m in enumerate(members)],
    }
    return Fixtures(
        staff_cookie=_session_cookie(staff),
        reviewer_cookie=_session_cookie(reviewer),
        staff_token=Token.objects.get_or_create(user=staff)[0].key,
        reviewer_token=Token.objects.get_or_create(user=reviewer)[0].key,
        head_token=Token.objects.get_or_create(user=decider)[0].key,
        check_body=check_body,
        drafts=trip_ids[warm:],
        warm_drafts=trip_ids[:warm],
    )
