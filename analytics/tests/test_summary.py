"""The statistics' summary tables (issue 26) against a full recount: after a random sequence
of what moves trips (drafts and their edits, submit, approve, return, cancel, complete, record
past, reports, member changes, an official leaving or transferred), the tables hold what a
recount of every trip gives, and the page's figures read from them equal those counted from
the trips (analytics/statistics.py) and the rules' usage (trips/usage.py). Also run on
PostgreSQL (DATABASE_URL), with two approvals moving the same official's figures at once."""

import datetime as dt
import random
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connections, transaction
from django.db.models import ProtectedError

from analytics import statistics, summary, summary_figures
from analytics.models import OfficialYearUsage, TripContribution
from approvals import services as approval_services
from core.errors import ServiceError
from reports.models import PostTripReport
from trips import services
from trips.models import TripMember, TripRequest
from trips.policy.facts import MemberData
from trips.tests.helpers import JUSTIFIED, administrator, past_trip, ready_officials, trip_fields
from trips.usage import yearly_usage

D = dt.date
SPANS = [
    (D(2027, 3, 1), D(2027, 3, 5)),
    (D(2027, 6, 7), D(2027, 6, 11)),
    (D(2026, 12, 28), D(2027, 1, 8)),  # over New Year: private days in both years
    (D(2027, 8, 2), D(2027, 8, 20)),
    (D(2027, 4, 12), D(2027, 4, 14)),
    (D(2027, 10, 4), D(2027, 10, 8)),
    (D(2027, 11, 15), D(2027, 11, 17)),
]
REFUSED = (ServiceError, ValidationError, PermissionDenied, ProtectedError)


def assert_in_step(admin):
    """The tables equal a recount; the page's figures equal those counted from the trips."""
    assert summary.stored_sums() == {
        table: {key: values for key, values in rows.items() if any(values)}
        for table, rows in summary.compute_all(batch_size=7).items()
    }
    assert summary.verify() == []
    for year in (2026, 2027):
        trips = TripRequest.objects.filter(departure_date__year=year)
        everyone = statistics.agency_figures(trips)
        assert summary_figures.agency_figures(year, admin) == everyone
        # The page's figures and the charts' leaders, read without every agency's figures.
        for page in (0, 1, 2, 3, 9):
            sizes = {"page": page, "per_page": 1, "keep": 1}
            assert summary_figures.listed(year, admin, **sizes) == statistics.listed(
                everyone, **sizes
            )
        near = summary_figures.as_rows(summary_figures.near_limits(year, share=0.3))
        assert near == statistics.officials_near_limits(year, share=0.3)
        # The page's source, its SQL compiled once: the same rows, counted and sliced.
        compiled = summary_figures.NearLimits(year, share=0.3)
        assert compiled.count() == len(near)
        assert summary_figures.as_rows(compiled[0 : len(near) + 5]) == near
        assert summary_figures.as_rows(compiled[1:3]) == near[1:3]
        used = yearly_usage(None, year)
        stored = {}
        for row in OfficialYearUsage.objects.filter(year=year):
            b, p = stored.get(row.official_id, (0, 0))
            stored[row.official_id] = (b + row.business_trips, p + row.private_working_days)
        assert {k: v for k, v in stored.items() if any(v)} == {
            k: (u.business_trips, u.private_working_days) for k, u in used.items()
        }


class Walk:
    """Random moves through the services; a move the services refuse changes nothing."""

    def __init__(self, rng, staff, decider, admin):
        self.rng, self.staff, self.decider, self.admin = rng, staff, decider, admin
        self.people = {s.agency_id: ready_officials(s.agency, 8) for s in staff}

    def pick(self, status):
        trips = list(TripRequest.objects.filter(status__in=status).order_by("pk"))
        return self.rng.choice(trips) if trips else None

    def fields(self, staff):
        kind = self.rng.choice(["business", "business", "private"])
        departure, return_date = self.rng.choice(SPANS)
        people = self.rng.sample(self.people[staff.agency_id], 1 if kind == "private" else 2)
        fields = trip_fields(
            kind=kind,
            departure_date=departure,
            return_date=return_date,
            countries=self.rng.sample(["JP", "KR", "FR"], self.rng.randint(1, 2)),
            estimated_cost_vnd=self.rng.randint(1, 9) * 10_000_000,
        )
        if kind == "private":
            fields.update(purpose="Du lịch", estimated_cost_vnd=0)
        return fields, [MemberData(p.id, i == 0) for i, p in enumerate(people)]

    def draft(self):
        staff = self.rng.choice(self.staff)
        fields, members = self.fields(staff)
        services.trip_save_draft(actor=staff, fields=fields, members=members)
        return True

    def edit(self):
        trip = self.pick(["draft", "returned"])
        if trip:
            staff = next(s for s in self.staff if s.agency_id == trip.agency_id)
            fields, members = self.fields(staff)
            services.trip_save_draft(actor=staff, fields=fields, members=members, trip=trip)
            return True

    def submit(self):
        trip = self.pick(["draft", "returned"])
        if trip:
            trip.justifications = {
                f["code"]: JUSTIFIED for f in trip.findings if f["severity"] == "warn"
            }
            trip.save(update_fields=["justifications"])
            staff = next(s for s in self.staff if s.agency_id == trip.agency_id)
            approval_services.trip_submit(trip=trip, actor=staff)
            return True

    def _entitled(self, trip):
        from approvals.chain import active_step
        from authority.tests.factories import entitle

        if (step := active_step(trip)) is not None:
            entitle(self.decider, step)

    def approve(self):
        if trip := self.pick(["submitted"]):
            self._entitled(trip)
            approval_services.trip_approve(trip=trip, actor=self.decider)
            return True

    def send_back(self):
        if trip := self.pick(["submitted"]):
            self._entitled(trip)
            approval_services.trip_return(trip=trip, actor=self.decider, reason="Bổ sung hồ sơ.")
            return True

    def cancel(self):
        if trip := self.pick(["approved"]):
            staff = next(s for s in self.staff if s.agency_id == trip.agency_id)
            approval_services.trip_cancel(trip=trip, actor=staff, reason="Hoãn chuyến đi.")
            return True

    def complete(self):
        if trip := self.pick(["approved"]):
            approval_services.trip_complete(
                trip=trip, today=trip.return_date + dt.timedelta(days=1)
            )
            return True

    def record_past(self):
        staff = self.rng.choice(self.staff)
        people = self.rng.sample(self.people[staff.agency_id], 2)
        past_trip(
            staff.agency,
            members=people,
            status=self.rng.choice(["approved", "completed"]),
            actor=self.admin,
            departure_date=D(2026, self.rng.randint(3, 5), 4),
            return_date=D(2026, 6, 5),
            countries=[self.rng.choice(["JP", "KR"])],
        )
        return True

    def report(self):
        if trip := self.pick(["completed"]):
            report = PostTripReport.objects.filter(trip=trip).first() or PostTripReport(
                trip=trip, due_on=trip.return_date + dt.timedelta(days=15)
            )
            report.status = self.rng.choice(["draft", "submitted", "accepted"])
            report.working_days_late = self.rng.choice([0, 0, 3])
            report.actual_cost_vnd = self.rng.choice([None, 12_000_000])
            report.save()
            return True

    def change_member(self):
        # A correction of an approved trip's delegation (the admin's): a member added or one
        # taken off, each a save or deletion of its own.
        if (trip := self.pick(["approved", "completed"])) and trip.kind == "business":
            members = list(trip.members.all())
            if len(members) > 1 and self.rng.random() < 0.5:
                self.rng.choice(members).delete()
                return True
            else:
                taken = {m.official_id for m in members}
                free = [p for p in self.people[trip.agency_id] if p.pk not in taken]
                if free:
                    TripMember.objects.create(trip=trip, official=self.rng.choice(free))
                    return True

    def leave(self):
        from agencies.services import official_leave

        person = self.rng.choice(self.people[self.rng.choice(self.staff).agency_id])
        official_leave(
            official=person, reason="retirement", left_on=D(2027, 2, 1), actor=self.admin
        )
        return True

    def transfer(self):
        a, b = self.rng.sample(self.staff, 2)
        if len(self.people[a.agency_id]) <= 3:  # a delegation of three stays possible
            return
        person = self.rng.choice(self.people[a.agency_id])
        person.refresh_from_db()
        person.agency = b.agency
        person.save()
        return True
        self.people[a.agency_id].remove(person)
        self.people[b.agency_id].append(person)

    MOVES = [
        *["draft"] * 4, "edit", *["submit"] * 3, *["approve"] * 3, "send_back", "cancel",
        *["complete"] * 2, "record_past", *["report"] * 2, *["change_member"] * 2, "leave",
        "transfer",
    ]  # fmt: skip

    def step(self):
        """A random move; its name if the services took it, None if they refused it."""
        move = self.rng.choice(self.MOVES)
        try:
            with transaction.atomic():
                acted = getattr(self, move)()
        except REFUSED:
            return None
        return move if acted else None


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2])
def test_summary_equals_a_recount_after_random_moves(seed, staff_a, staff_b, reviewer):
    admin = administrator()
    walk = Walk(random.Random(seed), [staff_a, staff_b], reviewer, admin)
    moves = []
    for index in range(80):
        moves.append(walk.step())
        if index % 20 == 19:
            assert_in_step(admin)
    # Each seed takes the main moves (seeds 1 and 2 take every kind between them).
    assert {"draft", "submit", "approve", "complete", "record_past", "report"} <= set(moves)
    statuses = list(TripRequest.objects.values_list("status", flat=True))
    assert set(statuses) & summary.COUNTED, (moves, statuses)
    # Counted trips were all submitted: what the page's reviewers see of them is all of them.
    assert not TripRequest.objects.filter(status__in=summary.COUNTED, submitted_at=None).exists()
    # The command counts the same again: nothing moves, and twice is once.
    before = summary.stored_sums()
    call_command("rebuild_statistics", batch_size=5)
    call_command("rebuild_statistics")
    assert summary.stored_sums() == before
    call_command("rebuild_statistics", verify=10)


@pytest.mark.django_db
def test_a_deleted_trip_takes_its_share_away(staff_a):
    from trips.tests.factories import TripFactory

    people = ready_officials(staff_a.agency, 2)
    trip = TripFactory(agency=staff_a.agency, status="approved", members=people)
    assert OfficialYearUsage.objects.filter(trips=1).count() == 2
    trip.delete()  # its members with it (the cascade's deletions come first)
    assert summary.stored_sums() == {"officials": {}, "trips": {}, "tally": {}}
    assert not TripContribution.objects.exists()


@pytest.mark.django_db
def test_verify_finds_a_ledger_out_of_step(staff_a):
    from django.core.management.base import CommandError

    people = ready_officials(staff_a.agency, 2)
    past_trip(staff_a.agency, members=people)
    TripContribution.objects.update(rows={})
    with pytest.raises(CommandError):
        call_command("rebuild_statistics", verify=0)
    call_command("rebuild_statistics")
    call_command("rebuild_statistics", verify=0)


@pytest.mark.django_db
def test_each_viewer_reads_what_they_may_see(staff_a, staff_b, reviewer, custodian):
    """The figures read from the tables for a year equal those counted from the trips that
    trips_visible_to lets each viewer see: drafts for their agency, submitted for reviewers,
    approved and completed for custodians."""
    from trips.selectors import trips_visible_to

    past_trip(staff_a.agency)
    past_trip(staff_b.agency, kind="private", n=1)
    services.trip_save_draft(
        actor=staff_a, fields=trip_fields(departure_date=D(2026, 9, 1), return_date=D(2026, 9, 3)),
        members=[MemberData(ready_officials(staff_a.agency)[0].id, True)],
    )  # fmt: skip
    for user in (staff_a, staff_b, reviewer, custodian, administrator()):
        trips = trips_visible_to(user).filter(departure_date__year=2026)
        assert summary_figures.agency_figures(2026, user) == statistics.agency_figures(trips)
        assert summary_figures.agency_figures(2026, user, staff_a.agency_id) == (
            statistics.agency_figures(trips.filter(agency=staff_a.agency))
        )


@pytest.mark.django_db
def test_a_correction_of_the_calendar_moves_private_days(staff_a):
    from core.models import CalendarOverride

    person = ready_officials(staff_a.agency)[0]
    past_trip(staff_a.agency, kind="private", members=[person])
    before = OfficialYearUsage.objects.get(official=person).private_working_days
    CalendarOverride.objects.create(date=D(2026, 4, 21), is_working_day=False, note="Nghỉ bù")
    assert OfficialYearUsage.objects.get(official=person).private_working_days == before - 1
    assert summary.verify() == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_approvals_of_one_official_at_once_both_count(migration_data, staff_a):
    """Two transactions move the same official's and agency's rows at once (real threads on
    PostgreSQL): the second waits for the first's row and adds to it; nothing is lost."""
    person, other = ready_officials(staff_a.agency, 2)
    trips = []
    for span in SPANS[:2]:
        trip = TripRequest.objects.create(
            agency=staff_a.agency, kind="business", title="Đoàn", purpose="Hợp tác",
            countries=["JP"], departure_date=span[0], return_date=span[1],
            inviter="Đối tác", organiser_type="foreign_government", status="submitted",
            submitted_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC), created_by=staff_a,
        )  # fmt: skip
        TripMember.objects.create(trip=trip, official=person, is_head=True)
        TripMember.objects.create(trip=trip, official=other)
        trips.append(trip)
    start, errors = threading.Barrier(2), []

    def approve(trip):
        try:
            with transaction.atomic():
                # As the approval moves it; the refresh after both have changed their trip.
                TripRequest.objects.filter(pk=trip.pk).update(status="approved")
                start.wait(timeout=30)
                summary.refresh(trip.pk)
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(trip,)) for trip in trips]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    usage = OfficialYearUsage.objects.get(official=person, year=2027)
    assert (usage.trips, usage.business_trips) == (2, 2)
    assert summary.verify() == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_approvals_through_the_service_at_once(migration_data, staff_a, reviewer):
    from approvals.chain import active_step
    from authority.tests.factories import entitle

    person = ready_officials(staff_a.agency)[0]
    trips = []
    for span in SPANS[:2]:
        fields = trip_fields(departure_date=span[0], return_date=span[1])
        trip = services.trip_save_draft(
            actor=staff_a, fields=fields, members=[MemberData(person.id, True)]
        )
        trip.justifications = {
            f["code"]: JUSTIFIED for f in trip.findings if f["severity"] == "warn"
        }
        trip.save(update_fields=["justifications"])
        trip = approval_services.trip_submit(trip=trip, actor=staff_a)
        entitle(reviewer, active_step(trip))
        trips.append(trip)
    start, errors = threading.Barrier(2), []

    def approve(trip):
        try:
            start.wait(timeout=30)
            approval_services.trip_approve(trip=TripRequest.objects.get(pk=trip.pk), actor=reviewer)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(trip,)) for trip in trips]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    usage = OfficialYearUsage.objects.get(official=person, year=2027)
    assert usage.business_trips == 2
    assert summary.verify() == []


@pytest.mark.django_db
def test_the_page_reads_the_summary_in_the_same_queries_whatever_the_province(client, reviewer):
    """A year's page: the figures and the near-limit page from the summary tables (no query
    groups the trips or their memberships; the absence share's days are the one read of
    the memberships), the same number of queries for one trip or forty."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from agencies.tests.factories import AgencyFactory

    def cold_page():
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("analytics:statistics"), {"year": 2026})
        assert response.status_code == 200
        return response, [q["sql"] for q in queries]

    client.force_login(reviewer)
    agency = AgencyFactory()
    past_trip(agency, n=1)
    _, few = cold_page()
    for _ in range(13):
        past_trip(AgencyFactory(), n=3)
    large, many = cold_page()
    assert len(few) == len(many)
    assert len(large.context["figures"]) == 14
    members = [sql for sql in many if "trips_tripmember" in sql]
    # ... that one the absence share's days over, counted in SQL (analytics/absence_share.py).
    assert len(members) <= 1 and all("FROM abroad b JOIN heads h" in sql for sql in members)
    assert not [sql for sql in many if 'FROM "trips_triprequest"' in sql and "GROUP BY" in sql]
