"""Drive the running production stack once (started by scripts/ci_production_smoke.sh).

Over HTTP, as a client behind nginx would: the sign-in page, a token for the agency's staff
and the agency's head (who decides the officials the agency manages: AUTHORITY.md), a trip
created, checked, justified, submitted and approved. Through the
services (as `manage.py shell` would): a second trip approved while still ahead, then moved
into the past as if it had taken place, so that its report falls due today; the daily sweep
then runs through the Celery worker, and once more from the command line (cron's way).
Every email lands in the SMTP sink's Maildir: each expected one must be there exactly once,
and nothing else.
"""

import argparse
import collections
import datetime as dt
import email.header
import http.client
import json
import mailbox
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "travelmgmt.settings")

PASSWORD = "smoke-" + uuid.uuid4().hex
STEP_TIMEOUT = 60  # seconds for any one thing to happen
SETTLE = 5  # seconds to wait after the last expected email, for duplicates to show


def fail(message):
    print(f"SMOKE FAILED: {message}", flush=True)
    sys.exit(1)


T0 = time.monotonic()


def say(message):
    print(f"smoke [{time.monotonic() - T0:5.1f} s]: {message}", flush=True)


class Stack:
    def __init__(self, base_url, pids, logs):
        url = urlparse(base_url)
        self.host, self.port = url.hostname, url.port
        self.pids = pids
        self.logs = Path(logs)

    def alive(self):
        for name, pid in zip(["smtp", "worker", "beat", "web"], self.pids, strict=False):
            try:
                os.kill(pid, 0)
            except OSError:
                fail(f"the {name} process ({pid}) has stopped; see {name}.log")

    def request(self, method, path, body=None, token=None, https=True):
        """One request as nginx would pass it on: X-Forwarded-Proto and -For set."""
        headers = {"Host": self.host, "X-Forwarded-For": "127.0.0.1"}
        if https:
            headers["X-Forwarded-Proto"] = "https"
        if token:
            headers["Authorization"] = f"Token {token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            raw = response.read()
        finally:
            connection.close()
        if response.getheader("Content-Type", "").startswith("application/json"):
            return response.status, json.loads(raw or b"null"), response
        return response.status, raw.decode("utf-8", "replace"), response

    def expect(self, status, method, path, body=None, token=None):
        got, payload, _ = self.request(method, path, body, token)
        if got != status:
            fail(f"{method} {path}: {got} instead of {status}: {str(payload)[:2000]}")
        return payload

    def wait_until(self, what, predicate, timeout=STEP_TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.alive()
            if predicate():
                return
            time.sleep(0.3)
        fail(f"timed out after {timeout} s waiting for {what}")

    def log(self, name):
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def web_is_up(stack):
    try:
        return stack.request("GET", "/dang-nhap/")[0] == 200
    except OSError:
        return False


def worker_answers():
    from travelmgmt.celery import app

    try:
        return bool(app.control.ping(timeout=1.0))
    except Exception:  # the broker connection is still being made
        return False


def key_the_body(body):
    """The agency's body seals with its own key (issue 24): a throw-away one from the smoke's
    CA (beside SIGNING_PKCS12_FILE, the People's Committee's), as the administrator uploads."""
    import secrets
    from pathlib import Path

    from django.conf import settings

    from authority.models import Body
    from documents import body_key, pki

    material = pki.load_or_make(Path(settings.SIGNING_PKCS12_FILE).parent)
    password = secrets.token_urlsafe(16)
    fields, subject = body_key.check_key(
        source=Body.KeySource.PKCS12,
        pkcs12=pki.body_pkcs12(material, body.name, password),
        password=password,
    )
    Body.objects.filter(pk=body.pk).update(**fields, key_subject=subject)


def make_people():
    """An agency with one staff login, its head (holding the head's position of the agency's
    body, as the authority for agency-level officials names it), and officials with passports."""
    from django.contrib.auth.models import Group

    from accounts.models import User
    from accounts.roles import Role
    from agencies.models import Agency, Official
    from authority.models import Position
    from authority.selectors import body_for_agency
    from passports.models import Passport

    agency = Agency.objects.create(code="smoke", name="Sở Kiểm thử", kind=Agency.Kind.DEPARTMENT)
    staff = User.objects.create_user(
        "smoke.staff", email="staff@smoke.test", password=PASSWORD, agency=agency
    )
    staff.groups.add(Group.objects.get(name=Role.AGENCY_STAFF))
    head = User.objects.create_user(
        "smoke.head", email="head@smoke.test", password=PASSWORD, agency=agency
    )
    head.groups.add(Group.objects.get(name=Role.AGENCY_HEAD))
    Position.objects.create(
        body=body_for_agency(agency),
        kind=Position.Kind.HEAD,
        title="GIÁM ĐỐC",
        holder=head,
        starts_on=dt.date(2020, 1, 1),
    )
    key_the_body(body_for_agency(agency))
    people = []
    for i in range(4):
        person = Official.objects.create(
            agency=agency,
            full_name=f"Nguyễn Văn Kiểm {i}",
            gender=Official.Gender.MALE,
            position="Chuyên viên",
            service_start_date=dt.date(2015, 6, 1),
            leave_base_days=12,
        )
        Passport.objects.create(
            official=person,
            kind=Passport.Kind.OFFICIAL,
            number=f"SMOKE{i:04d}",
            issued_on=dt.date(2024, 1, 1),
            expires_on=dt.date.today() + dt.timedelta(days=3650),
        )
        people.append(person)
    return staff, head, people


def trip_body(title, people, departure):
    return {
        "kind": "business",
        "title": title,
        "purpose": "Kiểm thử vận hành",
        "countries": ["JP"],
        "departure_date": departure.isoformat(),
        "return_date": (departure + dt.timedelta(days=4)).isoformat(),
        "inviter": "Tỉnh Kanagawa",
        "organiser_type": "foreign_government",
        "estimated_cost_vnd": 250_000_000,
        "members": [{"official": p.pk, "is_head": i == 0} for i, p in enumerate(people)],
    }


def sweep_day():
    """Today if it is a working day, else the next one: reminders go out on working days."""
    from django.utils import timezone

    from core.calendar import load_calendar

    today = timezone.localdate()
    calendar = load_calendar(today, today + dt.timedelta(days=30))
    day = today
    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def trip_due_today(staff, head, people, title, day):
    """Approved while ahead (approval refuses a departure that has passed), then moved into
    the past as if the delegation had travelled: back 10 days ago, report due `day`."""
    from approvals import services as approval_services
    from trips import services
    from trips.models import TripRequest
    from trips.policy.facts import MemberData

    departure = dt.date.today() + dt.timedelta(days=60)
    fields = {
        **trip_body(title, people, departure),
        "departure_date": departure,
        "return_date": departure + dt.timedelta(days=4),
    }
    fields.pop("members")
    members = [MemberData(p.pk, i == 0) for i, p in enumerate(people)]
    trip = services.trip_save_draft(actor=staff, fields=fields, members=members)
    trip.justifications = {f["code"]: "Kiểm thử" for f in trip.findings if f["severity"] == "warn"}
    trip.save(update_fields=["justifications"])
    trip = approval_services.trip_submit(trip=trip, actor=staff)
    trip = approval_services.trip_approve(trip=trip, actor=head)
    TripRequest.objects.filter(pk=trip.pk).update(
        departure_date=day - dt.timedelta(days=14),
        return_date=day - dt.timedelta(days=10),
        report_due_on=day,
    )
    return trip


def mails(maildir):
    """(recipient, subject) of every message in the sink's Maildir."""
    if not Path(maildir, "new").exists():
        return []
    found = []
    for message in mailbox.Maildir(maildir, create=False):
        subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
        found.append((message["To"], " ".join(subject.split())))
    return found


def label(subject, titles):
    title = next((t for t in titles if t in subject), None)
    if title is None:
        return None, "unknown"
    if "chờ thẩm định" in subject:
        return title, "submitted"
    if "phê duyệt" in subject:
        return title, "approved"
    if "báo cáo" in subject.lower():
        return title, "report reminder"
    return title, "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pids", required=True, help="smtp worker beat web, space-separated")
    parser.add_argument("--logs", required=True, help="folder of the processes' logs")
    args = parser.parse_args()
    stack = Stack(os.environ["SMOKE_BASE_URL"], [int(p) for p in args.pids.split()], args.logs)
    maildir = os.environ["SMOKE_MAILDIR"]
    started = time.monotonic()

    import django

    django.setup()
    from django.conf import settings

    if settings.DEBUG or "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        fail("the smoke runs with DEBUG off on PostgreSQL")

    stack.wait_until("gunicorn to answer", lambda: web_is_up(stack))
    stack.wait_until("the Celery worker to answer a ping", worker_answers)
    stack.wait_until("beat to start", lambda: "beat: Starting" in stack.log("beat"))
    say(f"stack up in {time.monotonic() - started:.1f} s")

    # Production behaviour: plain HTTP is sent to HTTPS, errors show no debug page.
    status, _, response = stack.request("GET", "/dang-nhap/", https=False)
    if status != 301 or not response.getheader("Location", "").startswith("https://"):
        fail(f"plain HTTP answered {status}, not a redirect to HTTPS")
    status, page, _ = stack.request("GET", "/khong-co-trang-nay/")
    if status != 404 or "Traceback" in page or "URLconf" in page:
        fail(f"an unknown page answered {status} or showed Django's debug page")
    status, _, response = stack.request("GET", "/static/css/app.css")
    if status != 200 or "text/css" not in response.getheader("Content-Type", ""):
        fail(f"the stylesheet through WhiteNoise answered {status}")

    staff, head, people = make_people()
    tag = uuid.uuid4().hex[:6]
    title_api = f"Đoàn kiểm thử API {tag}"
    title_due = f"Đoàn kiểm thử báo cáo {tag}"

    def token(username):
        body = {"username": username, "password": PASSWORD}
        return stack.expect(200, "POST", "/api/v1/auth/token/", body)["token"]

    staff_token, head_token = token("smoke.staff"), token("smoke.head")

    body = trip_body(title_api, people[:2], dt.date.today() + dt.timedelta(days=45))
    findings = stack.expect(200, "POST", "/api/v1/trips/check/", body, staff_token)["findings"]
    blocks = [f for f in findings if f["severity"] == "block"]
    if blocks:
        fail(f"the check blocks the smoke trip: {blocks}")
    trip = stack.expect(201, "POST", "/api/v1/trips/", body, staff_token)
    path = f"/api/v1/trips/{trip['id']}/"
    justifications = {f["code"]: "Nhiệm vụ kiểm thử." for f in findings}
    stack.expect(200, "PATCH", path, {"justifications": justifications}, staff_token)
    stack.expect(200, "POST", path + "submit/", None, staff_token)
    stack.expect(403, "POST", path + "approve/", {"note": "x"}, staff_token)  # not the decider
    approved = stack.expect(200, "POST", path + "approve/", {"note": "Đồng ý."}, head_token)
    if approved["status"] != "approved" or not approved["report_due_on"]:
        fail(f"approval answered {approved}")
    history = stack.expect(200, "GET", path + "history/", None, staff_token)
    if [h["to_status"] for h in history] != ["draft", "submitted", "approved"]:
        fail(f"history is {history}")
    say(f"trip {trip['id']} created, submitted and approved over HTTP")

    day = sweep_day()
    due = trip_due_today(staff, head, people[2:], title_due, day)
    say(f"trip {due.pk} approved through the services, back 10 days before {day}")

    from portal.tasks import run_daily_sweep
    from reports.models import PostTripReport

    run_daily_sweep.delay(day.isoformat())
    stack.wait_until(
        "the worker's sweep to open the report",
        lambda: PostTripReport.objects.filter(trip_id=due.pk).exists(),
    )
    expected = collections.Counter(
        {
            ("head@smoke.test", title_api, "submitted"): 1,
            ("staff@smoke.test", title_api, "approved"): 1,
            ("head@smoke.test", title_due, "submitted"): 1,
            ("staff@smoke.test", title_due, "approved"): 1,
            ("staff@smoke.test", title_due, "report reminder"): 1,
        }
    )
    titles = [title_api, title_due]

    def received():
        got = collections.Counter()
        for recipient, subject in mails(maildir):
            title, kind = label(subject, titles)
            got[(recipient, title, kind) if title else (recipient, subject, kind)] += 1
        return got

    stack.wait_until(
        f"{sum(expected.values())} emails in the SMTP sink",
        lambda: sum(received().values()) >= sum(expected.values()),
    )
    # The sweep again, the cron way: nothing new may be sent.
    subprocess.run(
        [sys.executable, "manage.py", "send_reminders", "--date", day.isoformat()],
        cwd=ROOT,
        check=True,
    )
    time.sleep(SETTLE)
    stack.alive()
    got = received()
    if got != expected:
        fail(
            "emails differ from what was expected\n"
            f"  expected: {sorted(expected.items())}\n  received: {sorted(got.items())}"
        )
    for line in ["POST /api/v1/trips/", "POST /api/v1/auth/token/"]:
        if line not in stack.log("web"):
            fail(f"gunicorn's access log has no {line!r}")
    say(
        f"{sum(got.values())} emails, each exactly once, after two sweeps; "
        f"passed in {time.monotonic() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
