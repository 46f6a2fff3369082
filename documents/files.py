"""Handing an issued file over, and the largest upload to verify: shared by the pages
(documents/views.py) and the API (api/views_documents.py), so that no views module imports
another app's views."""

from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

from documents.exceptions import DocumentNotReady
from documents.models import IssuedDocument

MAX_UPLOAD = 20 * 1024 * 1024
NOT_READY = _("Văn bản đang được tạo, vui lòng thử lại sau ít phút.")
# Seconds a client is told to wait before asking again for a file still being made.
RETRY_AFTER = 60
# The "being made" page reloads itself sooner: a person is waiting in front of it, and the
# worker usually makes the file within seconds.
REFRESH_SECONDS = 5


def serve_issued(row: IssuedDocument) -> FileResponse:
    """The stored file, exactly as issued and hashed: never rendered again. A document still
    being made (documents.tasks) raises DocumentNotReady: the caller says "try again"."""
    if not row.is_rendered:
        raise DocumentNotReady(str(NOT_READY))
    response = FileResponse(
        row.file.open("rb"),
        as_attachment=True,
        filename=f"{row.symbol.replace('/', '-')}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
