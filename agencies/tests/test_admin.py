"""Master data the rules read: every admin change leaves a record naming before → after."""

import datetime as dt
import json

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from accounts.tests.factories import UserFactory
from agencies.models import Agency, DisciplinaryReview, Official
from agencies.tests.factories import AgencyFactory, DisciplinaryReviewFactory, OfficialFactory
from core.tests.admin_forms import inline_data, model_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


def official_body(official, reviews=(), **changes):
    official.refresh_from_db()
    body = model_data(official) | changes
    return body | inline_data("discipline_reviews", official, list(reviews), fk_name="official")


def history_page(client, obj, language="vi"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
    return client.get(url).content.decode()


def test_the_key_leader_flag_change_is_recorded_before_and_after(client, superuser):
    official = OfficialFactory(is_key_leader=False)
    client.force_login(superuser)

    response = client.post(
        reverse("admin:agencies_official_change", args=[official.pk]),
        official_body(official, is_key_leader="on"),
    )

    assert response.status_code == 302
    entry = LogEntry.objects.get(object_id=str(official.pk))
    assert entry.user == superuser
    assert json.loads(entry.change_message)[0]["changed"]["values"] == [
        {"field": "Lãnh đạo chủ chốt", "before": False, "after": True}
    ]
    assert "Đã thay đổi Lãnh đạo chủ chốt: Không → Có." in history_page(client, official)
    assert "Key leader: No → Yes" in history_page(client, official, "en")


def test_leave_base_agency_and_service_start_are_recorded_in_the_readers_language(
    client, superuser
):
    official = OfficialFactory(agency=AgencyFactory(name="Sở Tư pháp"))
    new_agency = AgencyFactory(name="Sở Y tế")
    client.force_login(superuser)

    client.post(
        reverse("admin:agencies_official_change", args=[official.pk]),
        official_body(
            official,
            leave_base_days="14",
            agency=str(new_agency.pk),
            service_start_date="01/03/2015",
        ),
    )

    official.refresh_from_db()
    assert (official.leave_base_days, official.agency) == (14, new_agency)
    page = history_page(client, official)
    assert "Cơ quan: Sở Tư pháp → Sở Y tế" in page
    assert (
        "Số ngày phép cơ bản: 12 ngày (điều kiện bình thường) → 14 ngày (nặng nhọc, độc hại)"
        in page
    )
    assert "01/06/2020 → 01/03/2015" in page
    assert "Base annual leave days: 12 days" in history_page(client, official, "en")


def test_a_discipline_review_opened_and_closed_in_the_admin_is_recorded(client, superuser):
    official = OfficialFactory()
    client.force_login(superuser)
    add = client.post(
        reverse("admin:agencies_disciplinaryreview_add"),
        {"official": official.pk, "kind": "party", "opened_on": "05/01/2026", "note": ""},
    )
    assert add.status_code == 302
    review = DisciplinaryReview.objects.get()

    body = model_data(review) | {"closed_on": "10/03/2026"}
    client.post(reverse("admin:agencies_disciplinaryreview_change", args=[review.pk]), body)

    review.refresh_from_db()
    assert review.closed_on == dt.date(2026, 3, 10)
    page = history_page(client, review)
    assert "Loại: Kỷ luật Đảng" in page
    assert "Ngày bắt đầu xem xét: 05/01/2026" in page
    assert "Ngày kết thúc: (trống) → 10/03/2026" in page
    assert LogEntry.objects.filter(change_message__contains='"rules": true').count() == 2


def test_a_review_added_on_the_officials_page_is_recorded_there(client, superuser):
    official = OfficialFactory()
    client.force_login(superuser)
    new_review = DisciplinaryReview(official=official, kind="administrative")
    new_review.opened_on = dt.date(2026, 2, 2)

    response = client.post(
        reverse("admin:agencies_official_change", args=[official.pk]),
        official_body(official, reviews=[new_review]),
    )

    assert response.status_code == 302
    assert official.discipline_reviews.count() == 1
    page = history_page(client, official)
    assert "Xem xét kỷ luật" in page
    assert "Loại: Kỷ luật hành chính; Ngày bắt đầu xem xét: 02/02/2026" in page


def test_master_data_is_never_deleted_in_the_admin(client, superuser):
    review = DisciplinaryReviewFactory()
    official, agency = review.official, review.official.agency
    client.force_login(superuser)

    for obj in (review, official, agency):
        opts = obj._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
        assert client.post(url, {"post": "yes"}).status_code == 403
    inline_delete = official_body(official, reviews=[review])
    inline_delete["discipline_reviews-0-DELETE"] = "on"
    client.post(reverse("admin:agencies_official_change", args=[official.pk]), inline_delete)

    assert DisciplinaryReview.objects.filter(pk=review.pk).exists()
    assert Official.objects.filter(pk=official.pk).exists()
    assert Agency.objects.filter(pk=agency.pk).exists()


def test_an_agency_change_is_recorded(client, superuser):
    agency = AgencyFactory(name="Sở Kế hoạch và Đầu tư")
    client.force_login(superuser)

    client.post(
        reverse("admin:agencies_agency_change", args=[agency.pk]),
        model_data(agency) | {"name": "Sở Tài chính"},
    )

    assert "Tên: Sở Kế hoạch và Đầu tư → Sở Tài chính" in history_page(client, agency)
