"""Documents attached to a request: checked by their content, never trusted by their name."""

import zipfile
import zlib
from pathlib import Path, PurePosixPath

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.validators import single_line
from core.workflow import staff_of
from trips.models import TripDocument, TripRequest

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Detected type → the extensions a file of that type may carry.
ALLOWED_TYPES = {
    "application/pdf": {".pdf"},
    DOCX: {".docx"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/png": {".png"},
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
    if kind.mime == DOCX:
        # filetype saw a ZIP whose first entries look like Word's: the rest is checked here.
        validate_docx_archive(upload)
    return kind.mime


# A DOCX is a ZIP of parts (ECMA-376 Part 2, Open Packaging Conventions): the content types,
# relationships, document properties, custom XML and the document itself with its images and
# fonts. Nothing else is accepted: no macros (vbaProject.bin), no embedded objects or files
# (word/embeddings/), no executables, no path leaving the archive.
DOCX_FOLDERS = ("_rels/", "docProps/", "word/", "customXml/")
DOCX_PART_SUFFIXES = {
    *(".xml", ".rels"),
    *(".png", ".jpg", ".jpeg", ".jfif", ".gif", ".bmp", ".tif", ".tiff", ".svg"),
    *(".emf", ".wmf", ".odttf"),
}
DOCX_REQUIRED_PARTS = ("[Content_Types].xml", "word/document.xml")
# Bounds against zip bombs: Word's own files have tens of parts, a few MB unpacked, and XML
# that deflates 5 to 20 times; a bomb has thousands of parts or compresses a thousandfold.
DOCX_MAX_PARTS = 1000
DOCX_MAX_UNPACKED_BYTES = 50 * 1024 * 1024
DOCX_MAX_RATIO = 100
DOCX_RATIO_FROM_BYTES = 1024 * 1024  # below this, a high ratio (a short XML) is harmless


def validate_docx_archive(upload) -> None:
    """Refuse a DOCX holding anything but a Word document's parts, or unpacking too large."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            parts = archive.infolist()
            _check_docx_parts(parts)
            # The sizes above are what the archive declares; unpacking (bounded by them, as
            # zipfile stops at the declared size) checks each part's CRC, so a lie is caught.
            for part in parts:
                with archive.open(part) as stream:
                    while stream.read(1024 * 1024):
                        pass
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        raise ValidationError(_("Tệp DOCX bị hỏng hoặc không đọc được.")) from None
    finally:
        upload.seek(0)


def _check_docx_parts(parts) -> None:
    if len(parts) > DOCX_MAX_PARTS:
        raise ValidationError(
            _("Tệp DOCX có quá nhiều thành phần (%(count)s, tối đa %(max)s).")
            % {"count": len(parts), "max": DOCX_MAX_PARTS}
        )
    names = [part.filename for part in parts]
    if len(set(names)) != len(names) or not set(DOCX_REQUIRED_PARTS) <= set(names):
        raise ValidationError(_("Tệp DOCX bị hỏng hoặc không đọc được."))
    for part in parts:
        if not _is_docx_part(part):
            raise ValidationError(
                _("Tệp DOCX chứa thành phần không thuộc một văn bản Word: “%(name)s”.")
                % {"name": single_line(part.filename)[:100]}
            )
    unpacked = sum(part.file_size for part in parts)
    if unpacked > DOCX_MAX_UNPACKED_BYTES or any(
        part.file_size > DOCX_RATIO_FROM_BYTES
        and part.file_size > DOCX_MAX_RATIO * max(part.compress_size, 1)
        for part in parts
    ):
        raise ValidationError(
            _("Tệp DOCX khi giải nén quá lớn hoặc nén bất thường (tối đa %(mb)s MB).")
            % {"mb": DOCX_MAX_UNPACKED_BYTES // (1024 * 1024)}
        )


def _is_docx_part(part) -> bool:
    name = part.filename
    path = PurePosixPath(name)
    if (
        part.flag_bits & 0x1  # encrypted
        or name.startswith("/")
        or "\\" in name
        or ":" in name
        or ".." in path.parts
        or single_line(name) != name
    ):
        return False
    if name == "[Content_Types].xml":
        return True
    if not name.startswith(DOCX_FOLDERS) or name.startswith("word/embeddings/"):
        return False
    # By the last dot of the name: "_rels/.rels" has no suffix for pathlib.
    suffix = path.name[path.name.rfind(".") :].lower() if "." in path.name else ""
    return part.is_dir() or suffix in DOCX_PART_SUFFIXES


def document_add(*, trip: TripRequest, actor, kind: str, upload) -> TripDocument:
    if not staff_of(actor, trip.agency_id):
        raise PermissionDenied(_("Chỉ cán bộ của cơ quan lập hồ sơ mới được đính kèm tài liệu."))
    if trip.is_called_off:  # its file is closed
        raise ValidationError(_("Hồ sơ đã kết thúc, không đính kèm thêm tài liệu."))
    mime = validate_document(upload)
    with transaction.atomic():
        document = TripDocument(
            trip=trip,
            kind=kind,
            original_name=single_line(Path(upload.name).name)[:255],
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
