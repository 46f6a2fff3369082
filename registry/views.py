"""The import pages: upload → check (progress polled with htmx) → confirm; and the form
that records one past decided trip. Administrators only (registry.services.may_import)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.permissions import is_administrator, role_required
from registry import services, spreadsheet
from registry.forms import ConfirmForm, PastTripForm, UploadForm
from registry.models import ImportJob
from trips.services import trip_record_past

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SLUGS = {"can-bo": ImportJob.Kind.OFFICIALS, "chuyen-di-da-quyet-dinh": ImportJob.Kind.PAST_TRIPS}


def _kind(slug) -> str:
    if slug not in SLUGS:
        raise Http404
    return SLUGS[slug]


@require_GET
@role_required(is_administrator)
def index(request):
    jobs = ImportJob.objects.select_related("created_by").defer("content", "report")[:20]
    kinds = [(slug, ImportJob.Kind(kind).label) for slug, kind in SLUGS.items()]
    return render(request, "registry/index.html", {"jobs": jobs, "kinds": kinds})


@require_http_methods(["GET", "POST"])
@role_required(is_administrator)
def upload(request, slug):
    kind = _kind(slug)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(
                actor=request.user, kind=kind, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("registry:job", job.pk)
    columns = services.KINDS[kind].COLUMNS
    return render(
        request,
        "registry/upload.html",
        {"form": form, "slug": slug, "kind_label": ImportJob.Kind(kind).label, "columns": columns},
    )


@require_GET
@role_required(is_administrator)
def template(request, slug):
    module = services.KINDS[_kind(slug)]
    response = HttpResponse(
        spreadsheet.template_workbook(module.COLUMNS, module.EXAMPLE), content_type=XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="mau-{slug}.xlsx"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _job(pk) -> ImportJob:
    # Without the file's bytes: the page polls this every second while the check runs.
    return get_object_or_404(ImportJob.objects.select_related("created_by").defer("content"), pk=pk)


@require_GET
@role_required(is_administrator)
def job_detail(request, pk):
    job = _job(pk)
    template_name = (
        "registry/_job.html" if request.headers.get("HX-Request") else "registry/job.html"
    )
    report = job.report or {}
    context = {
        "job": job,
        "counts": report.get("counts"),
        "rows": services.report_rows(report),
        "hidden_rows": report.get("hidden_rows", 0),
        "can_confirm": job.status == ImportJob.Status.CHECKED
        and not report.get("counts", {}).get("errors"),
        "confirm": ConfirmForm(initial={"sha256": job.sha256}),
    }
    return render(request, template_name, context)


@require_POST
@role_required(is_administrator)
def job_confirm(request, pk):
    job = _job(pk)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        counts = services.import_job_apply(
            actor=request.user, job=job, sha256=form.cleaned_data["sha256"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if counts:
            messages.success(
                request,
                _(
                    "Đã cập nhật: %(created)s thêm mới, %(changed)s thay đổi, %(unchanged)s giữ nguyên."
                )
                % counts,
            )
        else:
            messages.error(
                request, _("Dữ liệu đã thay đổi từ khi kiểm tra: hãy tải tệp lên và kiểm tra lại.")
            )
    return redirect("registry:job", job.pk)


@require_http_methods(["GET", "POST"])
@role_required(is_administrator)
def record_past_trip(request):
    form = PastTripForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            trip = trip_record_past(actor=request.user, **form.service_arguments())
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(request, _("Đã ghi nhận chuyến đi đã được quyết định."))
            return redirect("trips:detail", trip.pk)
    return render(request, "registry/past_trip_form.html", {"form": form})


def _errors_onto(form, error: ValidationError):
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, problems in error.message_dict.items():
        form.add_error(name if name in form.fields else None, problems)
