"""The queue of what waits for the signed-in reviewer's or decider's step (issue 13)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from approvals.chain_inbox import inbox
from approvals.workflow import TRIP_WORKFLOW
from core.permissions import role_required
from core.workflow import allowed_action, one_relation_per_request
from core.workflow.dispatch import action_form, run, take_action
from trips.selectors import trip_visible_or_404


def _takes_steps(user):
    return user.is_reviewer or user.is_decider or user.is_agency_head


@require_GET
@role_required(_takes_steps)
def chain_inbox(request):
    """Own steps and, during a substitution, the principal's; the oldest first, overdue ones
    flagged (APPROVAL_SLA_WORKING_DAYS)."""
    rows = inbox(request.user, day=timezone.localdate())
    return render(request, "approvals/chain_inbox.html", {"rows": rows})


@require_POST
@login_required
def appraise(request, pk, opinion):
    """The appraisal from the request page: agree (note optional) or disagree (reason)."""
    name = "appraise" if opinion == "approve" else "appraise_reject"
    return take_action(request, trip_visible_or_404(request.user, pk), name)


@require_http_methods(["GET", "POST"])
@login_required
def party_opinion(request, pk):
    """Record the Standing Committee's written opinion (reference, date, agreed or not): a
    page of its own, the form's errors beside its fields."""
    with one_relation_per_request():  # the check here and the service's share it
        return _party_opinion(request, pk)


def _party_opinion(request, pk):
    trip = trip_visible_or_404(request.user, pk)
    if allowed_action(request.user, trip, "party_opinion") is None:  # not waiting for it
        raise PermissionDenied
    data = request.POST if "reference" in request.POST else None
    form = action_form(TRIP_WORKFLOW.action("party_opinion"), trip, request.user, data,
                       prefixed=False)  # fmt: skip
    if form.is_bound and form.is_valid():
        if run(request, trip, "party_opinion", **form.cleaned_data) is not None:
            messages.success(request, _("Đã ghi nhận ý kiến của Ban Thường vụ Tỉnh ủy."))
        return redirect("trips:detail", pk=trip.pk)
    return render(request, "trips/party_opinion.html", {"trip": trip, "form": form})
