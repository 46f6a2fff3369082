"""Uploads are checked by content and served only to those who may read the request."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from trips.models import TripDocument
from trips.tests.helpers import draft_trip, submitted_trip

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, trip, name, content, kind="invitation"):
    return client.post(
        reverse("trips:document-upload", args=[trip.pk]),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [("thu-moi.pdf", PDF), ("anh.PNG", PNG), ("chuong-trinh.docx", None)],
)
def test_accepted_types(client, staff_a, name, content):
    trip = draft_trip(staff_a)
    client.force_login(staff_a)
    response = upload(client, trip, name, content or docx_bytes())
    assert "Đã đính kèm tài liệu." in response.content.decode()
    document = TripDocument.objects.get()
    assert document.original_name == name
    assert name not in document.file.name  # generated file names on disk


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", EXE, "kiểm tra theo nội dung tệp"),  # an .exe renamed .pdf
        ("thu-moi.png", PDF, "không khớp với nội dung tệp"),
        ("ghi-chu.txt", b"hello", "kiểm tra theo nội dung tệp"),
    ],
)
def test_forged_or_unknown_files_are_refused(client, staff_a, name, content, message):
    trip = draft_trip(staff_a)
    client.force_login(staff_a)
    assert message in upload(client, trip, name, content).content.decode()
    assert not TripDocument.objects.exists()


def test_too_large_is_refused(client, staff_a, settings):
    settings.DOCUMENT_MAX_BYTES = 100
    trip = draft_trip(staff_a)
    client.force_login(staff_a)
    assert "Tệp lớn hơn" in upload(client, trip, "lon.pdf", PDF + b"0" * 200).content.decode()
    assert not TripDocument.objects.exists()


def test_download_is_an_attachment_for_those_who_may_read(client, staff_a, staff_b, reviewer):
    trip = submitted_trip(staff_a)
    client.force_login(staff_a)
    upload(client, trip, "thu-moi.pdf", PDF)
    document = TripDocument.objects.get()
    url = reverse("trips:document", args=[trip.pk, document.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    client.force_login(reviewer)
    assert client.get(url).status_code == 200
    client.force_login(staff_b)
    assert client.get(url).status_code == 404
    assert upload(client, trip, "x.pdf", PDF).status_code == 404


def test_a_document_cannot_be_reached_through_another_request(client, staff_a):
    first, second = draft_trip(staff_a), draft_trip(staff_a)
    client.force_login(staff_a)
    upload(client, first, "thu-moi.pdf", PDF)
    document = TripDocument.objects.get()
    assert client.get(reverse("trips:document", args=[second.pk, document.pk])).status_code == 404
