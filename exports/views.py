"""A large export's page (progress, then its download link) and its file: the asker's only."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from exports import services
from exports.http import XLSX
from exports.models import ExportJob


def _own_job(request, pk) -> ExportJob:
    # Another user's job is "not found", as every object outside one's scope.
    return get_object_or_404(ExportJob.objects.defer("content"), pk=pk, created_by=request.user)


@require_GET
@login_required
def job(request, pk):
    job = _own_job(request, pk)
    template = "exports/_job.html" if request.headers.get("HX-Request") else "exports/job.html"
    return render(request, template, {"job": job})


@require_GET
@login_required
def download(request, pk):
    job = _own_job(request, pk)
    if job.status != ExportJob.Status.READY:
        return redirect("exports:job", job.pk)
    content = ExportJob.objects.values_list("content", flat=True).get(pk=job.pk)
    response = HttpResponse(bytes(content), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{job.file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@login_required
def ask_again(request, pk):
    """A failed job's "ask again": a new job (the failed one stays as it was)."""
    job = _own_job(request, pk)
    if job.status != ExportJob.Status.FAILED:
        return redirect("exports:job", job.pk)
    return redirect("exports:job", services.ask_again(job=job, actor=request.user).pk)
