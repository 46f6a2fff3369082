"""Wrong signing PINs counted per credential (SIGNING_PIN_MAX_ATTEMPTS): locked at the limit,
refused at once (409) until an administrator unlocks it; a right PIN resets the count; each
wrong attempt, lock and unlock a history row without the PIN. PKCS#12 and the remote (CSC)
service alike, through the API and the browser's decision form."""

import pytest

from core.tests.threads import run_at_once
from documents import local_pki, pin_attempts
from documents.credentials import credential_add
from documents.models import DocumentCounter, IssuedDocument, SigningCredential
from documents.tests.test_personal import PIN, approve, give_pkcs12
from trips.models import TripRequest
from trips.tests.helpers import administrator, submitted_trip

WRONG = "999999"


@pytest.fixture
def api():
    from api.tests.conftest import CheckedClient

    return CheckedClient()


@pytest.fixture
def personal(settings, signing_key):
    settings.SIGNING_PERSONAL_REQUIRED = True
    settings.SIGNING_PIN_MAX_ATTEMPTS = 3
    return signing_key


def history(credential):
    return list(credential.events.order_by("at", "id").values_list("action", "note"))


def numbers():
    return list(DocumentCounter.objects.order_by("pk").values_list("issuer", "last_number"))


def assert_nothing_moved(trip, numbers_before):
    trip.refresh_from_db()
    assert trip.status == TripRequest.Status.SUBMITTED
    assert not IssuedDocument.objects.filter(kind=IssuedDocument.Kind.DECISION).exists()
    assert numbers() == numbers_before  # no number taken (the proposal's alone)


def test_three_wrong_pins_lock_the_credential_until_the_administrator_unlocks_it(
    api, client, staff_a, head_a, personal
):
    credential = give_pkcs12(personal, head_a)
    trip = submitted_trip(staff_a)
    before = numbers()

    answers = [approve(api, trip, head_a, signing_pin=WRONG) for _ in range(3)]

    assert [a.status_code for a in answers] == [400, 400, 400]
    assert [a.json()["signing_pin"][0] for a in answers] == [
        "Mã PIN ký số không đúng. Còn 2 lần thử trước khi chứng thư bị khóa.",
        "Mã PIN ký số không đúng. Còn 1 lần thử trước khi chứng thư bị khóa.",
        "Mã PIN ký số không đúng. Chứng thư ký số đã bị khóa do nhập sai mã PIN 3 lần liên "
        "tiếp; đề nghị quản trị hệ thống mở khóa.",
    ]
    credential.refresh_from_db()
    assert credential.failed_pin_attempts == 3 and credential.locked_at is not None
    # Even the right PIN is refused now, at once: nothing rendered, no number taken.
    locked = approve(api, trip, head_a, signing_pin=PIN)
    assert locked.status_code == 409
    assert locked.json()["status"] == ""
    assert "đã bị khóa do nhập sai mã PIN 3 lần liên tiếp" in locked.json()["detail"]
    assert_nothing_moved(trip, before)
    rows = history(credential)
    assert [action for action, _ in rows] == [
        "created", "wrong_pin", "wrong_pin", "wrong_pin", "locked"
    ]  # fmt: skip
    assert not any(PIN in note or WRONG in note for _, note in rows)
    assert set(credential.events.values_list("actor", flat=True)) >= {head_a.pk}

    # The administrator unlocks it from the admin's list (an action), with a history row.
    from accounts.tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    admin = client.post(
        "/admin/documents/signingcredential/",
        {"action": "unlock", "_selected_action": [credential.pk]},
    )
    assert admin.status_code == 302 and "login" not in admin.url
    credential.refresh_from_db()
    assert (credential.failed_pin_attempts, credential.locked_at) == (0, None)
    assert history(credential)[-1][0] == "unlocked"
    assert api.get("/api/v1/signing-credentials/").json()["results"][0]["locked_at"] is None
    assert approve(api, trip, head_a, signing_pin=PIN).status_code == 200


def test_a_right_pin_resets_the_count(api, staff_a, head_a, personal):
    credential = give_pkcs12(personal, head_a)
    first, second = submitted_trip(staff_a), submitted_trip(staff_a)
    for _ in range(2):
        assert approve(api, first, head_a, signing_pin=WRONG).status_code == 400
    credential.refresh_from_db()
    assert credential.failed_pin_attempts == 2

    assert approve(api, first, head_a, signing_pin=PIN).status_code == 200

    credential.refresh_from_db()
    assert credential.failed_pin_attempts == 0
    # Counting starts again: two more wrong PINs do not lock it.
    for _ in range(2):
        assert approve(api, second, head_a, signing_pin=WRONG).status_code == 400
    credential.refresh_from_db()
    assert (credential.failed_pin_attempts, credential.locked_at) == (2, None)


def test_an_empty_pin_is_asked_for_and_not_counted(api, staff_a, head_a, personal):
    credential = give_pkcs12(personal, head_a)
    trip = submitted_trip(staff_a)
    assert approve(api, trip, head_a).status_code == 400
    credential.refresh_from_db()
    assert credential.failed_pin_attempts == 0


def test_the_remote_services_refusal_counts_too(api, staff_a, head_a, personal):
    credential = credential_add(
        actor=administrator(),
        holder=head_a,
        kind=SigningCredential.Kind.CSC,
        service=personal.csc_url,
        credential_id=personal.csc_credential(local_pki.PEOPLE[1]),
    )
    trip = submitted_trip(staff_a)
    before = numbers()

    answer = approve(api, trip, head_a, signing_pin=WRONG)

    assert answer.status_code == 400
    assert answer.json()["signing_pin"][0].startswith("Dịch vụ ký số từ xa từ chối mã PIN ký số.")
    credential.refresh_from_db()
    assert credential.failed_pin_attempts == 1
    assert [a for a, _ in history(credential)] == ["created", "wrong_pin"]
    assert_nothing_moved(trip, before)


def test_the_browser_decision_form_counts_and_then_says_it_is_locked(
    client, staff_a, head_a, personal
):
    credential = give_pkcs12(personal, head_a)
    trip = submitted_trip(staff_a)
    before = numbers()
    client.force_login(head_a)

    pages = [
        client.post(f"/ho-so/{trip.pk}/approve/", {"signing_pin": WRONG}, follow=True)
        for _ in range(3)
    ]
    last = client.post(f"/ho-so/{trip.pk}/approve/", {"signing_pin": PIN}, follow=True)

    assert "Còn 2 lần thử trước khi chứng thư bị khóa." in pages[0].content.decode()
    assert "đề nghị quản trị hệ thống mở khóa" in pages[2].content.decode()
    assert last.status_code == 200
    assert "đã bị khóa do nhập sai mã PIN 3 lần liên tiếp" in last.content.decode()
    credential.refresh_from_db()
    assert credential.locked_at is not None
    assert_nothing_moved(trip, before)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_wrong_pins_at_once_each_count_and_lock_once(migration_data, settings):
    """Eight wrong PINs at the same moment (real threads, PostgreSQL's row locks): with a
    limit of 20 each counts; with a limit of 3 the count stops at 3 and one row says locked."""
    from accounts.tests.factories import UserFactory

    settings.SIGNING_PIN_MAX_ATTEMPTS = 20
    holder = UserFactory()
    made = {"holder": holder, "kind": "csc", "created_by": holder, "service": "https://k.vn"}
    wide, narrow = (
        SigningCredential.objects.create(**made),
        SigningCredential.objects.create(**made),
    )

    def wrongs(credential):
        return [
            lambda: pin_attempts.record_wrong_pin(credential_id=credential.pk, actor_id=holder.pk)
        ] * 8

    run_at_once(wrongs(wide))
    settings.SIGNING_PIN_MAX_ATTEMPTS = 3
    locked, _ = run_at_once(wrongs(narrow))

    wide.refresh_from_db(), narrow.refresh_from_db()
    assert (wide.failed_pin_attempts, wide.locked_at) == (8, None)
    assert wide.events.filter(action="wrong_pin").count() == 8
    assert narrow.failed_pin_attempts == 3 and narrow.locked_at is not None
    assert sorted(locked) == [False] * 7 + [True]
    assert list(narrow.events.values_list("action", flat=True)).count("locked") == 1
