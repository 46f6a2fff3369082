"""The "copy into a new draft" action of a request's page (trips/copying.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import is_staff, role_required
from trips.copying import trip_copy_to_draft
from trips.exceptions import TripError
from trips.views import visible_trip


@require_POST
@role_required(is_staff)
def trip_copy(request, pk):
    trip = visible_trip(request, pk)  # outside the user's scope: 404
    if trip.agency_id != request.user.agency_id:
        raise PermissionDenied
    try:
        copy = trip_copy_to_draft(trip=trip, actor=request.user)
    except (TripError, ValidationError) as error:
        messages.error(request, _("Không sao chép được: %(why)s") % {"why": _why(error)})
        return redirect("trips:detail", pk=trip.pk)
    messages.success(request, _("Đã tạo bản nháp mới từ hồ sơ này; hãy kiểm tra ngày đi, ngày về."))
    return redirect("trips:edit", pk=copy.pk)


def _why(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(getattr(error, "message", error))
