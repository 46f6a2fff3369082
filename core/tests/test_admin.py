import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.tests.factories import UserFactory
from trips.models import TripTransition
from trips.tests.factories import TripFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


def test_every_model_has_a_vietnamese_admin_list_with_search(client, superuser):
    client.force_login(superuser)
    TripFactory()
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = client.get(url, {"q": "a"} if model_admin.search_fields else {})
        assert response.status_code == 200, url
        assert 'lang="vi"' in response.content.decode()


def test_history_is_read_only_in_the_admin(client, superuser):
    trip = TripFactory()
    row = TripTransition.objects.create(trip=trip, to_status="draft")
    client.force_login(superuser)
    assert client.get(reverse("admin:trips_triptransition_add")).status_code == 403
    assert (
        client.get(reverse("admin:trips_triptransition_delete", args=[row.pk])).status_code == 403
    )
    change = client.post(reverse("admin:trips_triptransition_change", args=[row.pk]), {"note": "x"})
    assert change.status_code == 403
    row.refresh_from_db()
    assert row.note == ""
