"""The reviewers' list of submitted post-trip reports waiting to be accepted or returned."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.permissions import is_administrator, is_reviewer, role_required
from reports import selectors


@require_GET
@role_required(is_reviewer, is_administrator)
def report_inbox(request):
    # Reviewers act for the whole province: every agency's reports, one query.
    return render(request, "reports/inbox.html", {"reports": list(selectors.awaiting_acceptance())})
