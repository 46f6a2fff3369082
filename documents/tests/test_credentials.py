"""signing-credentials/ and the admin: the administrator adds (multipart) and revokes, each
with a history row; a holder reads their own; the stored PKCS#12 is encrypted at rest."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents import local_pki
from documents.models import SigningCredential, SigningCredentialEvent
from trips.tests.helpers import administrator


@pytest.fixture
def api():
    from api.tests.conftest import CheckedClient

    return CheckedClient()


def upload(pki, name="nguoi-ky.p12"):
    return SimpleUploadedFile(name, pki.pkcs12(local_pki.PEOPLE[0], "1111"), "application/x-pkcs12")


def test_the_administrator_adds_a_pkcs12_stored_encrypted(api, reviewer, signing_key, settings):
    settings.MEDIA_ROOT = settings.MEDIA_ROOT  # the test's own folder (signing_key)
    api.force_authenticate(administrator())
    sent = upload(signing_key)
    response = api.post(
        "/api/v1/signing-credentials/",
        {"holder": "reviewer", "kind": "pkcs12", "label": "Token", "file": sent},
        format="multipart",
    )

    assert response.status_code == 201, response.content
    assert response.json() == {
        "id": response.json()["id"], "holder": "reviewer", "kind": "pkcs12", "label": "Token",
        "not_after": None, "locked_at": None,
    }  # fmt: skip
    credential = SigningCredential.objects.get()
    with credential.encrypted_file.open("rb") as handle:
        stored = handle.read()
    sent.seek(0)
    assert stored != sent.read() and b"0\x82" not in stored[:4]  # not the DER file itself
    assert SigningCredentialEvent.objects.get().action == "created"


def test_a_file_that_is_not_pkcs12_is_refused_on_its_field(api, reviewer, signing_key):
    api.force_authenticate(administrator())
    bad = SimpleUploadedFile("x.p12", b"%PDF-1.7 not a key", "application/x-pkcs12")
    response = api.post(
        "/api/v1/signing-credentials/",
        {"holder": "reviewer", "kind": "pkcs12", "file": bad},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json() == {"file": ["Tệp không phải là PKCS#12 (.p12, .pfx)."]}
    assert not SigningCredential.objects.exists()


def test_a_holder_reads_their_own_only_and_cannot_add(api, reviewer, staff_a, signing_key):
    from documents.credentials import credential_add

    admin = administrator()
    mine = credential_add(
        actor=admin, holder=reviewer, kind="csc", service="https://ky.example", credential_id="a"
    )
    credential_add(
        actor=admin, holder=staff_a, kind="csc", service="https://ky.example", credential_id="b"
    )
    api.force_authenticate(reviewer)

    listed = api.get("/api/v1/signing-credentials/").json()
    assert [c["id"] for c in listed["results"]] == [mine.pk]
    assert "credential_id" not in listed["results"][0]
    refused = api.post(
        "/api/v1/signing-credentials/",
        {"holder": "reviewer", "kind": "csc", "service": "https://x.example", "credential_id": "c"},
    )
    assert refused.status_code == 403
    # Refused before the body is read: an unknown holder gets the same 403, so a caller who
    # may not add cannot learn which logins exist.
    unknown = api.post(
        "/api/v1/signing-credentials/",
        {
            "holder": "khong-co-ai",
            "kind": "csc",
            "service": "https://x.example",
            "credential_id": "c",
        },
    )
    assert unknown.status_code == 403 and unknown.json() == refused.json()
    assert api.delete(f"/api/v1/signing-credentials/{mine.pk}/").status_code == 403


def test_a_remote_service_in_clear_is_refused(reviewer):
    """The signer's PIN goes to the service: https only, but to this machine itself (the
    test service on loopback speaks plain http)."""
    from documents.credentials import CredentialInvalid, credential_add

    with pytest.raises(CredentialInvalid) as refused:
        credential_add(
            actor=administrator(), holder=reviewer, kind="csc",
            service="http://ky.example", credential_id="a",
        )  # fmt: skip
    assert refused.value.field == "service"
    assert not SigningCredential.objects.exists()


def test_delete_revokes_with_a_history_row(api, reviewer, signing_key):
    from documents.credentials import credential_add, credential_of

    admin = administrator()
    credential = credential_add(
        actor=admin, holder=reviewer, kind="csc", service="https://ky.example", credential_id="a"
    )
    api.force_authenticate(admin)

    assert api.delete(f"/api/v1/signing-credentials/{credential.pk}/").status_code == 204
    credential.refresh_from_db()
    assert credential.revoked_at is not None
    assert list(credential.events.values_list("action", flat=True)) == ["created", "revoked"]
    with pytest.raises(Exception, match="chưa có chứng thư"):
        credential_of(reviewer)


def test_the_admin_add_form_refuses_a_bad_file_without_a_500(client, reviewer, signing_key):
    from accounts.tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.post(
        "/admin/documents/signingcredential/add/",
        {"holder": reviewer.pk, "kind": "pkcs12", "file": SimpleUploadedFile("x.p12", b"nope")},
    )
    assert page.status_code == 200
    assert "Tệp không phải là PKCS#12" in page.content.decode()
    good = client.post(
        "/admin/documents/signingcredential/add/",
        {"holder": reviewer.pk, "kind": "pkcs12", "file": upload(signing_key)},
    )
    assert good.status_code == 302
    assert SigningCredential.objects.get().created_by.is_administrator
