"""Documents attached to a request: checked by their content, never trusted by their name."""

from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trips.models import TripDocument, TripRequest

# Detected type → the extensions a file of that type may carry.
ALLOWED_TYPES = {
    "application/pdf": {".pdf"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {".docx"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/png": {".png"},
}
# Requests whose file is closed: nothing more is attached.
CLOSED_STATUSES = {
    TripRequest.Status.REJECTED,
    TripRequest.Status.WITHDRAWN,
    TripRequest.Status.CANCELLED,
}


def validate_document(upload) -> str:
    """The detected MIME type of an acceptable upload, or a ValidationError saying why not."""
    if upload.size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("Tệp lớn hơn %(mb)s MB.") % {"mb": settings.DOCUMENT_MAX_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    extension = Path(upload.name).suffix.lower()
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(
            _("Chỉ nhận tệp PDF, DOCX, JPEG hoặc PNG (kiểm tra theo nội dung tệp).")
        )
    if extension not in ALLOWED_TYPES[kind.mime]:
        raise ValidationError(
            _("Phần mở rộng “%(ext)s” không khớp với nội dung tệp (%(mime)s).")
            % {"ext": extension or "–", "mime": kind.extension.upper()}
        )
    return kind.mime


def document_add(*, trip: TripRequest, actor, kind: str, upload) -> TripDocument:
    if not (actor.is_agency_staff and actor.agency_id == trip.agency_id):
        raise PermissionDenied(_("Chỉ cán bộ của cơ quan lập hồ sơ mới được đính kèm tài liệu."))
    if trip.status in CLOSED_STATUSES:
        raise ValidationError(_("Hồ sơ đã kết thúc, không đính kèm thêm tài liệu."))
    mime = validate_document(upload)
    with transaction.atomic():
        document = TripDocument(
            trip=trip,
            kind=kind,
            original_name=Path(upload.name).name[:255],
            content_type=mime,
            size=upload.size,
            uploaded_by=actor,
        )
        document.file.save(upload.name, upload, save=False)
        # If the row cannot be written, the stored file must not stay behind.
        try:
            document.save()
        except Exception:
            document.file.delete(save=False)
            raise
    return document
