import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Substitution
from accounts.roles import Role
from accounts.tests.factories import UserFactory
from authority.tests.factories import K, appraiser, chairman, hold, province

pytestmark = pytest.mark.django_db
URL = reverse("authority:substitutions")


def _dates(start=0, days=2):
    today = timezone.localdate()
    return {
        "starts_on": (today + dt.timedelta(days=start)).strftime("%d/%m/%Y"),
        "ends_on": (today + dt.timedelta(days=start + days)).strftime("%d/%m/%Y"),
    }


def test_a_reviewer_names_and_revokes_a_substitute(client, reviewer, outsider):
    appraiser(outsider)  # another appraiser of the Department: eligible (issue 23)
    client.force_login(reviewer)
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"substitute": outsider.pk, **_dates()})
    assert response.status_code == 302
    substitution = Substitution.objects.get()
    assert (substitution.principal, substitution.substitute) == (reviewer, outsider)
    page = client.get(URL).content.decode()
    assert outsider.username in page or str(outsider) in page
    revoke = reverse("authority:substitution-revoke", args=[substitution.pk])
    assert client.get(revoke).status_code == 405
    assert client.post(revoke).status_code == 302
    assert Substitution.objects.current().count() == 0


def test_a_past_start_is_shown_as_an_error_and_nothing_saved(client, reviewer, outsider):
    appraiser(outsider)
    client.force_login(reviewer)
    response = client.post(URL, {"substitute": outsider.pk, **_dates(start=-2)})
    assert response.status_code == 200
    assert "Không được ủy quyền từ một ngày đã qua." in response.content.decode()
    assert not Substitution.objects.exists()


def test_the_admin_names_a_substitute_for_a_decider(client, administrator, outsider):
    decider = chairman(UserFactory(roles=[Role.DECIDER]))
    hold(outsider, province(), K.OFFICE_CHIEF)  # may stand in for the Chairman (TUQ.)
    client.force_login(administrator)
    client.post(URL, {"principal": decider.pk, "substitute": outsider.pk, **_dates()})
    assert Substitution.objects.get().principal == decider


def test_staff_get_403_and_others_substitutions_404(client, staff_a, reviewer, outsider):
    client.force_login(staff_a)
    assert client.get(URL).status_code == 403
    other = Substitution.objects.create(
        principal=reviewer,
        substitute=outsider,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        created_by=reviewer,
    )
    client.force_login(UserFactory(roles=[Role.DECIDER]))
    assert client.post(reverse("authority:substitution-revoke", args=[other.pk])).status_code == 404


def test_the_form_offers_only_eligible_people(client, reviewer, outsider, staff_a):
    decider = chairman(UserFactory(username="decider-x", roles=[Role.DECIDER]))
    colleague = appraiser(UserFactory(username="reviewer-2", roles=[Role.REVIEWER]))
    client.force_login(reviewer)
    choices = client.get(URL).context["form"].fields["substitute"].queryset
    # Only another appraiser of the Department (issue 23): not the Chairman, an agency's staff,
    # someone holding no position, nor oneself.
    assert set(choices) == {colleague}
    assert outsider not in choices
    refused = client.post(URL, {"substitute": staff_a.pk, **_dates()})
    assert refused.status_code == 200 and not Substitution.objects.exists()
    assert decider not in choices
