"""The queue of what waits for the signed-in reviewer's or decider's step (issue 13)."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.permissions import role_required
from trips.chain_inbox import inbox


def _takes_steps(user):
    return user.is_reviewer or user.is_decider


@require_GET
@role_required(_takes_steps)
def chain_inbox(request):
    """Own steps and, during a substitution, the principal's; the oldest first, overdue ones
    flagged (APPROVAL_SLA_WORKING_DAYS)."""
    rows = inbox(request.user, day=timezone.localdate())
    return render(request, "trips/chain_inbox.html", {"rows": rows})
