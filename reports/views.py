"""Post-trip reports in the browser, and the reviewers' dashboard of reports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import NotAllowed, ServiceError
from core.permissions import any_role, is_administrator, is_reviewer, role_required
from core.validators import is_number
from core.workflow import actions_for, allowed_action
from core.workflow.dispatch import take_action
from reports import selectors, services
from reports.forms import ReportForm
from trips.forms import DocumentForm
from trips.models import TripRequest
from trips.selectors import trip_visible_or_404


def _trip_owing_report(request, trip_pk):
    """A visible business trip that owes a report (approved, with a deadline)."""
    trip = trip_visible_or_404(request.user, trip_pk)
    if trip.kind != TripRequest.Kind.BUSINESS or trip.report_due_on is None:
        raise Http404
    return trip


def _report_of(request, trip_pk):
    """The report of a visible, approved business trip; 404 until it is started."""
    trip = _trip_owing_report(request, trip_pk)
    report = getattr(trip, "report", None)
    if report is None:
        raise Http404
    return trip, report


@require_POST
@role_required(any_role)
def report_start(request, trip_pk):
    """Start the report (a GET only reads: issue 12): offered by the trip's workflow to its
    agency's staff while the report is not started."""
    trip = _trip_owing_report(request, trip_pk)
    if getattr(trip, "report", None) is None:
        if allowed_action(request.user, trip, "start_report") is None:
            raise PermissionDenied
        services.report_open(trip=trip, actor=request.user)
    return redirect("reports:edit", trip_pk=trip.pk)


def _not_started(request, trip):
    """The report page before the report exists: the empty state, with the start action for
    those the trip's workflow offers it to."""
    start = allowed_action(request.user, trip, "start_report")
    return render(
        request,
        "reports/not_started.html",
        {"trip": trip, "actions": [start] if start else []},
    )


@require_http_methods(["GET", "POST"])
@role_required(any_role)
def report_edit(request, trip_pk):
    trip = _trip_owing_report(request, trip_pk)
    report = getattr(trip, "report", None)
    if report is None:
        if request.method == "GET":  # a GET only reads: the page offers to start it
            return _not_started(request, trip)
        if allowed_action(request.user, trip, "start_report") is None:
            raise PermissionDenied
        report = services.report_open(trip=trip, actor=request.user)  # written at once
    actions = actions_for(request.user, report)
    # The text is edited while the author may submit it (draft or returned).
    editable = any(a.name == "submit" for a in actions)
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST":
        if not editable:
            messages.error(request, _("Báo cáo ở trạng thái này không sửa được."))
            return redirect("reports:edit", trip_pk=trip.pk)
        if form.is_valid():
            try:
                report = services.report_save(
                    report=report, actor=request.user, fields=form.cleaned_data
                )
                if request.POST.get("action") == "submit":
                    services.report_submit(report=report, actor=request.user)
                    messages.success(request, _("Đã nộp báo cáo kết quả chuyến đi."))
                else:
                    messages.success(request, _("Đã lưu báo cáo."))
                return redirect("reports:edit", trip_pk=trip.pk)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except NotAllowed:
                raise
            except ServiceError as refused:
                messages.error(request, refused.message)
    return render(
        request,
        "reports/edit.html",
        {
            "trip": trip,
            "report": report,
            "form": form,
            "editable": editable,
            "history": report.history.select_related("actor"),
            "documents": trip.documents.filter(kind="report"),
            "document_form": DocumentForm(initial={"kind": "report"}),
            "actions": actions,
        },
    )


@require_POST
@role_required(is_reviewer)
def report_action(request, trip_pk, action):
    """Every action of the report's table that names a service (core.workflow.dispatch)."""
    _trip, report = _report_of(request, trip_pk)
    return take_action(request, report, action)


@require_GET
@role_required(is_reviewer, is_administrator)
def dashboard(request):
    today = timezone.localdate()
    year_param = request.GET.get("year", "")
    year = (
        int(year_param) if is_number(year_param) and 2000 <= int(year_param) <= 2100 else today.year
    )
    return render(
        request,
        "reports/dashboard.html",
        {
            "today": today,
            "year": year,
            "due_soon": selectors.due_soon(today),
            "overdue": selectors.overdue(today),
            "by_agency": selectors.on_time_by_agency(year, today),
        },
    )
