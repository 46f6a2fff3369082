"""Requests in the browser: thin views over the forms, the selectors and the services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.permissions import any_role, is_staff, role_required
from core.search import fold, fold_in_python, folded_search
from core.workflow import actions_for, may, relation_for
from core.workflow.dispatch import take, take_action
from trips import documents, services
from trips.exceptions import JustificationMissing, PolicyBlocked
from trips.filters import TripFilter
from trips.forms import DocumentForm, NoteForm, ReasonForm, TripForm
from trips.models import TripRequest
from trips.paging import seek_page
from trips.policy import check
from trips.selectors import (
    agencies_in_scope_of,
    member_choices_for,
    trip_visible_or_404,
    trips_visible_to,
)
from trips.summary import member_year_summaries


def visible_trip(request, pk) -> TripRequest:
    return trip_visible_or_404(request.user, pk)


@require_GET
@role_required(any_role)
def trip_list(request):
    filters = TripFilter(request.GET, queryset=trips_visible_to(request.user), user=request.user)
    page = seek_page(filters.qs, request.GET, newest_first=True)
    return render(request, "trips/list.html", {"filters": filters, "page": page})


OFFICIALS_FOUND = 20


@require_GET
@role_required(any_role)
def officials_search(request):
    """The member filter's search-as-you-type: at most 20 officials whose name contains the
    text whatever its accents and case, the exact name first, among those this user may
    filter by."""
    text = request.GET.get("q", "").strip()[:100]
    found = member_choices_for(request.user)
    if fold(text):
        found = folded_search(found, "name_folded", text).order_by("match_rank", "full_name", "id")
    return JsonResponse(
        [
            {"value": o.pk, "text": f"{o.full_name} ({o.agency.name})"}
            for o in found[:OFFICIALS_FOUND]
        ],
        safe=False,
    )


AGENCIES_FOUND = 20


@require_GET
@role_required(any_role)
def agencies_search(request):
    """The agency filter's search-as-you-type: at most 20 agencies whose name contains the
    text whatever its accents and case, among those this user may filter by (a few hundred
    rows, folded in Python: no index needed)."""
    text = request.GET.get("q", "").strip()[:100]
    agencies = agencies_in_scope_of(request.user).order_by("name", "id").only("name")
    found = fold_in_python(agencies, text, key=lambda a: a.name)
    return JsonResponse(
        [{"value": a.pk, "text": a.name} for a in found[:AGENCIES_FOUND]], safe=False
    )


def _findings_context(form, trip=None):
    """Findings of the form as it stands, for the live panel (nothing is saved)."""
    context = {"findings": None, "justifications": form.justifications(), "editable": True}
    context["missing"] = [form.fields[name].label for name in form.errors if name in form.fields]
    if form.is_valid():
        context["findings"] = [
            f.as_dict() for f in check(form.trip_data(trip.pk if trip else None))
        ]
    return context


@require_POST
@role_required(is_staff)
def trip_check(request):
    """htmx: the findings of the form being filled in, re-checked on every change."""
    trip = None
    if request.POST.get("trip"):
        trip = get_object_or_404(trips_visible_to(request.user), pk=request.POST["trip"])
    form = TripForm(request.POST, user=request.user, instance=trip, check_only=True)
    return render(request, "trips/_findings.html", _findings_context(form, trip))


@require_http_methods(["GET", "POST"])
@role_required(is_staff)
def trip_edit(request, pk=None):
    trip = None
    if pk is not None:
        trip = visible_trip(request, pk)
        if not may(request.user, trip, "submit"):  # who submits it edits it
            raise PermissionDenied
        if not trip.is_editable:
            messages.error(request, _("Hồ sơ ở trạng thái này không sửa được."))
            return redirect("trips:detail", pk=trip.pk)
    form = TripForm(request.POST or None, user=request.user, instance=trip)
    if request.method == "POST" and form.is_valid():
        try:
            trip = services.trip_save_draft(
                actor=request.user,
                trip=trip,
                fields=form.fields_for_service(),
                members=form.member_data(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if request.POST.get("action") != "submit":
                messages.success(request, _("Đã lưu dự thảo."))
                return redirect("trips:detail", pk=trip.pk)
            try:
                # The approval chain's service (approvals), through the table: trips is below it.
                take(trip, "submit", request.user)
            except (PolicyBlocked, JustificationMissing) as refused:
                messages.error(
                    request,
                    _("Đã lưu dự thảo nhưng chưa trình được: %(why)s") % {"why": refused.message},
                )
                return redirect("trips:edit", pk=trip.pk)
            messages.success(request, _("Đã trình hồ sơ tới Sở Nội vụ."))
            return redirect("trips:detail", pk=trip.pk)
    context = {"form": form, "trip": trip}
    if trip is not None and not form.is_bound:
        context.update(findings=trip.findings, justifications=trip.justifications)
    elif form.is_bound:
        context.update(_findings_context(form, trip))
    return render(request, "trips/form.html", context)


def _add_errors(form, error: ValidationError):
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


@require_GET
@role_required(any_role)
def trip_detail(request, pk):
    trip = visible_trip(request, pk)
    relation = relation_for(request.user, trip)  # the table's (approvals)
    members = trip.members.select_related("official")
    context = {
        "trip": trip,
        "members": members,
        "documents": trip.documents.all(),
        "history": trip.history.select_related("actor"),
        "document_form": DocumentForm(),
        "note_form": NoteForm(),
        "reason_form": ReasonForm(),
        "can_edit": relation.author,
        "actions": actions_for(request.user, trip, relation=relation),
    }
    if relation.reviewer_or_admin:
        context["member_years"] = member_year_summaries(trip)
    return render(request, "trips/detail.html", context)


@sensitive_post_parameters("signing_pin")
@require_POST
@role_required(any_role)
def trip_action(request, pk, action):
    """Every action of the trip's table that names a service (core.workflow.dispatch)."""
    return take_action(request, visible_trip(request, pk), action)


@require_POST
@role_required(is_staff)
def document_upload(request, pk):
    trip = visible_trip(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            documents.document_add(
                trip=trip,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã đính kèm tài liệu."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    # Back to the page the upload came from (the report page has its own form), if it is ours.
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("trips:detail", pk=trip.pk)


@require_GET
@role_required(any_role)
def document_download(request, pk, document_id):
    trip = visible_trip(request, pk)
    document = get_object_or_404(trip.documents, pk=document_id)
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.original_name
    )
    response["Content-Type"] = document.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response
