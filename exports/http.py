"""The answer to an export button, for the apps' views: the file at once when it is small,
otherwise a job and its progress page."""

from django.http import FileResponse
from django.shortcuts import redirect

from exports import registry, services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(out, file_name: str) -> FileResponse:
    """A workbook file (exports.xlsx.save) sent in chunks, closed once sent."""
    response = FileResponse(out, as_attachment=True, filename=file_name, content_type=XLSX)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def export_response(request, name: str, params: dict, file_name: str):
    export = registry.get(name)
    if export.count(request.user, params, limit=services.SYNC_MAX_ROWS) <= services.SYNC_MAX_ROWS:
        return xlsx_response(export.build(request.user, params, lambda done: None), file_name)
    total = export.count(request.user, params)
    job = services.start(
        actor=request.user, name=name, params=params, file_name=file_name, total=total
    )
    return redirect("exports:job", job.pk)
