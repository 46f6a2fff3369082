"""The administrator gives a body its own signing key in the admin (issue 24): a PKCS#12 and
its password, checked before anything is saved (a wrong password is the form's error, not a
500), then kept encrypted; the page never shows it again."""

from django.core.files.uploadedfile import SimpleUploadedFile

from authority.models import AuthorityChange, Body
from authority.tests.factories import body_of


def _form(body, **key):
    data = {
        "name": body.name,
        "symbol": body.symbol,
        "header": body.header,
        "parent": body.parent_id or "",
        "agency": body.agency_id or "",
        "new_key_source": "keep",
        "new_key_label": "",
        "new_key_password": "",
    }
    return data | key


def test_the_administrator_uploads_a_body_s_pkcs12_in_the_admin(
    client, administrator, agency_a, local_pki_served
):
    body = body_of(agency_a)
    Body.objects.filter(pk=body.pk).update(key_source="", key_pkcs12=None)
    url = f"/admin/authority/body/{body.pk}/change/"
    data = local_pki_served.body_pkcs12("Sở Ngoại vụ", "mat-khau")
    # The administrator role has no permission on the authority's models: a superuser here.
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)

    assert client.get(url).status_code == 200
    wrong = client.post(
        url,
        _form(body, new_key_source="pkcs12", new_key_password="sai")
        | {"new_key_file": SimpleUploadedFile("so.p12", data)},
    )
    assert wrong.status_code == 200
    assert "Mật khẩu tệp PKCS#12 không đúng." in wrong.content.decode()
    assert Body.objects.get(pk=body.pk).key_source == ""

    right = client.post(
        url,
        _form(body, new_key_source="pkcs12", new_key_password="mat-khau")
        | {"new_key_file": SimpleUploadedFile("so.p12", data)},
    )
    assert right.status_code == 302, right.content.decode()[:2000]
    saved = Body.objects.get(pk=body.pk)
    assert saved.key_source == "pkcs12" and "Sở Ngoại vụ" in saved.key_subject
    assert AuthorityChange.objects.filter(target=f"body-key:{body.pk}", actor=administrator)
    page = client.get(url).content.decode()
    assert "mat-khau" not in page and "Sở Ngoại vụ" in page

    # Saving the body again keeps its key.
    assert client.post(url, _form(body)).status_code == 302
    assert Body.objects.get(pk=body.pk).key_source == "pkcs12"
