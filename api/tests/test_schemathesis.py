"""A bounded, seeded property-based run of schemathesis against the generated schema.

Every operation is called through the WSGI app in-process by two callers: a user who holds
every role (every operation gets past its permission check), and the staff of one agency
while another agency has records (the generated ids hit them: scoping is exercised). Each
gets SCHEMATHESIS_MAX_EXAMPLES generated requests (CI: 100); the caller with every role also
gets schemathesis's coverage requests (the schema's boundaries and examples, the same every
run: over a thousand for a large body). Those probe validation, which that caller reaches on
every operation; sending them again as one agency's staff doubled the PostgreSQL run's
longest tests without reaching anything new. No 5xx, no response outside the schema, and
the staff never see a name of the other agency's officials.

SCHEMATHESIS_COVERAGE=false leaves the coverage requests out (the generated ones only): CI's
SQLite run, since its PostgreSQL run sends them all against the production database.
"""

import os

import pytest
import schemathesis
from django.contrib.auth.models import Group
from django.core import signals
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token

from accounts.roles import Role
from accounts.tests.factories import UserFactory, staff_of
from agencies.models import Official
from agencies.tests.factories import AgencyFactory
from travelmgmt.wsgi import application
from trips.tests.helpers import approved_trip, submitted_trip

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "10"))
COVERAGE = os.environ.get("SCHEMATHESIS_COVERAGE", "true").lower() != "false"
# Schemathesis adds its coverage requests in hypothesis's explicit phase.
GENERATED = tuple(p for p in settings.default.phases if p is not Phase.explicit)
PHASES = settings.default.phases if COVERAGE else GENERATED

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = application


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI app closes database connections at the end of each request; inside a test's
    transaction that would close the test's own connection (Django's test client does this)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


FOREIGN = "XFOREIGNAGENCY"  # in the names of the other agency's officials


def _caller(persona: str) -> str:
    """The caller's token, and a few rows for the generated ids to hit: trips of the caller's
    agency and of another one, whose officials' names the staff must never see."""
    agency = AgencyFactory(code="so-thu-nghiem")
    reviewer = UserFactory(username="reviewer2", roles=[Role.REVIEWER])
    other_staff = staff_of(AgencyFactory(code="so-khac"), username="other_staff")
    approved_trip(other_staff, reviewer)
    submitted_trip(other_staff)
    Official.objects.filter(agency=other_staff.agency).update(full_name=FOREIGN)
    if persona == "every_role":
        user = UserFactory(username="everyone", agency=agency, is_superuser=True)
        user.groups.set(Group.objects.filter(name__in=[role.value for role in Role]))
    else:
        user = staff_of(agency, username="staff_only")
    approved_trip(user, reviewer)
    submitted_trip(user)
    return Token.objects.create(user=user).key


# One param each: each test's id names its operation and its caller (without a param, the
# collected ids lost the operation's name).
@pytest.fixture(params=["every_role"])
def every_role(request, db):
    return _caller(request.param)


@pytest.fixture(params=["agency_staff"])
def agency_staff(request, db):
    return _caller(request.param)


def _call(case, key):
    checks = [
        schemathesis.checks.not_a_server_error,
        schemathesis.checks.response_schema_conformance,
    ]
    return case.call_and_validate(
        headers={"Authorization": f"Token {key}"},
        checks=checks,
        excluded_checks=[
            schemathesis.checks.status_code_conformance,
            schemathesis.checks.negative_data_rejection,
            schemathesis.checks.positive_data_acceptance,
            schemathesis.checks.content_type_conformance,
            schemathesis.checks.response_headers_conformance,
            schemathesis.checks.use_after_free,
            schemathesis.checks.ensure_resource_availability,
            schemathesis.checks.ignored_auth,
            schemathesis.checks.missing_required_header,
            schemathesis.checks.unsupported_method,
            schemathesis.checks.max_response_time,
            schemathesis.checks.allow_header_conformance,
        ],
    )


def _settings(phases):
    return settings(
        max_examples=MAX_EXAMPLES,
        phases=phases,
        derandomize=True,  # seeded: the same requests every run
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )


@schema.parametrize()
@_settings(PHASES)
def test_no_server_error_and_no_response_outside_the_schema_with_every_role(case, every_role):
    _call(case, every_role)


@schema.parametrize()
@_settings(GENERATED)
def test_no_server_error_no_response_outside_the_schema_and_no_other_agency_for_staff(
    case, agency_staff
):
    response = _call(case, agency_staff)
    assert FOREIGN not in response.text, f"{case.method} {case.path}: another agency named"
