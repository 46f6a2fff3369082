"""Names every theme of rules uses."""

from trips.models import TripRequest
from trips.policy.findings import Severity

BLOCK, WARN = Severity.BLOCK, Severity.WARN
Kind = TripRequest.Kind
BOTH = (Kind.BUSINESS, Kind.PRIVATE)
