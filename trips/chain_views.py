"""The queue of what waits for the signed-in reviewer's or decider's step (issue 13)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.permissions import role_required
from core.workflow import allowed_action
from trips import services
from trips.chain_forms import PartyOpinionForm
from trips.chain_inbox import inbox
from trips.exceptions import TripError
from trips.views import visible_trip


def _takes_steps(user):
    return user.is_reviewer or user.is_decider


@require_GET
@role_required(_takes_steps)
def chain_inbox(request):
    """Own steps and, during a substitution, the principal's; the oldest first, overdue ones
    flagged (APPROVAL_SLA_WORKING_DAYS)."""
    rows = inbox(request.user, day=timezone.localdate())
    return render(request, "trips/chain_inbox.html", {"rows": rows})


def _step_action(request, pk, name):
    """The page's chain action if this user may take it now (else 403), with the trip."""
    trip = visible_trip(request, pk)
    if allowed_action(request.user, trip, name) is None:
        raise PermissionDenied
    return trip


@require_POST
@login_required
def appraise(request, pk, opinion):
    """The appraisal from the request page: agree (note optional) or disagree (reason)."""
    trip = _step_action(request, pk, "appraise" if opinion == "approve" else "appraise_reject")
    try:
        services.trip_appraise(
            trip=trip, actor=request.user, opinion=opinion, note=request.POST.get("note", "")
        )
    except TripError as refused:
        messages.error(request, refused.message)
    except ValidationError as invalid:
        messages.error(request, " ".join(invalid.messages))
    else:
        messages.success(request, _("Đã ghi ý kiến thẩm định."))
    return redirect("trips:detail", pk=trip.pk)


@require_http_methods(["GET", "POST"])
@login_required
def party_opinion(request, pk):
    """Record the Standing Committee's written opinion (reference, date, agreed or not)."""
    trip = _step_action(request, pk, "party_opinion")
    form = PartyOpinionForm(request.POST if "reference" in request.POST else None)
    if form.is_bound and form.is_valid():
        try:
            services.trip_party_opinion(trip=trip, actor=request.user, **form.cleaned_data)
        except TripError as refused:
            messages.error(request, refused.message)
        except ValidationError as invalid:
            messages.error(request, " ".join(invalid.messages))
        else:
            messages.success(request, _("Đã ghi nhận ý kiến của Ban Thường vụ Tỉnh ủy."))
        return redirect("trips:detail", pk=trip.pk)
    return render(request, "trips/party_opinion.html", {"trip": trip, "form": form})
