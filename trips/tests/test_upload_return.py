"""An upload returns to the page it was made from, never to another site."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from trips.tests.helpers import draft_trip

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/bao-cao/{pk}/", "/bao-cao/{pk}/"),
        ("", "/ho-so/{pk}/"),
        ("https://evil.example/", "/ho-so/{pk}/"),
        ("//evil.example/", "/ho-so/{pk}/"),
    ],
)
def test_upload_goes_back_where_it_came_from(client, staff_a, next_url, expected):
    trip = draft_trip(staff_a)
    client.force_login(staff_a)
    response = client.post(
        reverse("trips:document-upload", args=[trip.pk]),
        {
            "kind": "invitation",
            "file": SimpleUploadedFile("thu-moi.pdf", PDF),
            "next": next_url.format(pk=trip.pk),
        },
    )
    assert response.status_code == 302
    assert response.url == expected.format(pk=trip.pk)
