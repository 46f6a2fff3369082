"""Handing an issued file over, and the largest upload to verify: shared by the pages
(documents/views.py) and the API (api/views_documents.py), so that no views module imports
another app's views."""

from django.http import FileResponse

from documents.models import IssuedDocument

MAX_UPLOAD = 20 * 1024 * 1024


def serve_issued(row: IssuedDocument) -> FileResponse:
    """The stored file, exactly as issued and hashed: never rendered again."""
    response = FileResponse(
        row.file.open("rb"),
        as_attachment=True,
        filename=f"{row.symbol.replace('/', '-')}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
