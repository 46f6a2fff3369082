"""A DOCX is checked as a whole, not by its first entries: only a Word document's parts,
no path leaving the archive, bounded in parts, unpacked size and compression ratio.
Every archive here is generated (a real zip bomb is small to make)."""

import io
import struct
import zipfile

import pytest

from trips.documents import DOCX_MAX_PARTS
from trips.models import TripDocument
from trips.tests.helpers import draft_trip
from trips.tests.test_documents import upload

pytestmark = pytest.mark.django_db

WORD_PARTS = {
    "[Content_Types].xml": "<Types/>",
    "_rels/.rels": "<Relationships/>",
    "docProps/core.xml": "<cp:coreProperties/>",
    "docProps/app.xml": "<Properties/>",
    "word/document.xml": "<w:document>" + "<w:p>Nội dung</w:p>" * 200 + "</w:document>",
    "word/_rels/document.xml.rels": "<Relationships/>",
    "word/styles.xml": "<w:styles/>",
    "word/theme/theme1.xml": "<a:theme/>",
    "word/media/image1.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    "word/fonts/font1.odttf": bytes(range(256)) * 4,
    "customXml/item1.xml": "<b:Sources/>",
}


def docx(extra=None, parts=WORD_PARTS):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in {**parts, **(extra or {})}.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def zip_bomb(entry_bytes, name="word/media/image2.png"):
    """Word's parts, then one entry of `entry_bytes` zeros, written in chunks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for part, content in WORD_PARTS.items():
            archive.writestr(part, content)
        with archive.open(name, "w", force_zip64=True) as entry:
            chunk = bytes(16 * 1024 * 1024)
            for _ in range(entry_bytes // len(chunk)):
                entry.write(chunk)
    return buffer.getvalue()


def refused(client, staff_a, content, name="chuong-trinh.docx"):
    trip = draft_trip(staff_a)
    client.force_login(staff_a)
    html = upload(client, trip, name, content).content.decode()
    assert not TripDocument.objects.exists()
    return html


def test_a_word_document_with_its_usual_parts_is_accepted(client, staff_a):
    trip = draft_trip(staff_a)
    client.force_login(staff_a)
    response = upload(client, trip, "chuong-trinh.docx", docx())
    assert "Đã đính kèm tài liệu." in response.content.decode()
    assert TripDocument.objects.get().content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    "extra",
    [
        {"payload.exe": b"MZ\x90\x00" + bytes(64)},
        {"word/setup.exe": b"MZ\x90\x00" + bytes(64)},
        {"word/vbaProject.bin": bytes(64)},  # macros
        {"word/embeddings/oleObject1.bin": bytes(64)},  # an embedded object
        {"word/embeddings/sheet.xml": "<x/>"},
        {"word/script.js": "alert(1)"},
        {"../../etc/cron.d/evil.xml": "<x/>"},  # a path leaving the archive
        {"word/../../evil.xml": "<x/>"},
        {"/etc/evil.xml": "<x/>"},
        {"word\\..\\evil.xml": "<x/>"},
        {"C:/evil.xml": "<x/>"},
        {"word/a\r\nb.xml": "<x/>"},
    ],
)
def test_a_part_that_is_not_word_is_refused(client, staff_a, extra):
    html = refused(client, staff_a, docx(extra))
    assert "chứa thành phần không thuộc một văn bản Word" in html


def test_a_zip_bomb_is_refused(client, staff_a):
    # 256 MB of zeros pack into 256 KB (the was 1 GB in 1 MB: the same thousandfold,
    # a quarter of the time to build); 5 times the unpacked bound, and nothing is unpacked.
    bomb = zip_bomb(256 * 1024 * 1024)
    assert len(bomb) < 512 * 1024
    html = refused(client, staff_a, bomb)
    assert "khi giải nén quá lớn hoặc nén bất thường" in html


def test_one_part_compressed_a_thousandfold_is_refused(client, staff_a):
    # 16 MB unpacked stays under the total bound; its ratio does not.
    html = refused(client, staff_a, zip_bomb(16 * 1024 * 1024))
    assert "khi giải nén quá lớn hoặc nén bất thường" in html


def test_too_many_parts_are_refused(client, staff_a):
    many = {f"word/media/image{i}.png": b"\x89PNG" for i in range(DOCX_MAX_PARTS)}
    html = refused(client, staff_a, docx(many))
    assert "quá nhiều thành phần" in html


def test_a_part_that_lies_about_its_size_is_refused(client, staff_a):
    """Its headers declare 1 000 bytes; it unpacks to 3 MB (the bounds read the headers)."""
    content = docx({"word/media/image2.png": b"\x89PNG" + bytes(3 * 1024 * 1024)})
    declared = struct.pack("<I", 1000)
    real = struct.pack("<I", 4 + 3 * 1024 * 1024)
    assert content.count(real) == 2  # the local header and the central directory
    html = refused(client, staff_a, content.replace(real, declared))
    assert "Tệp DOCX bị hỏng hoặc không đọc được." in html


@pytest.mark.parametrize(
    "content",
    [
        docx()[:2000],  # cut short: the first entries are there, the directory is not
        docx(parts={"[Content_Types].xml": "<Types/>", "word/styles.xml": "<w:styles/>"}),
    ],
)
def test_a_damaged_or_incomplete_docx_is_refused(client, staff_a, content):
    html = refused(client, staff_a, content)
    assert "Tệp DOCX bị hỏng hoặc không đọc được." in html
