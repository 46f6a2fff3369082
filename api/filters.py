"""Query-string filters of the API: an id in the query is looked up in the caller's scope
(trips.selectors), so filtering by another agency's official or agency is a 400, like an id
that does not exist, and the browsable API's filter form lists only what the caller may see."""

import copy

import django_filters
from django.contrib.auth.models import AnonymousUser

from agencies.models import Official
from core.search import folded_search
from passports.models import Passport
from plans.models import AnnualPlan
from trips.filters import TripFilter
from trips.selectors import agencies_in_scope_of, officials_visible_to


def _scoped(selector):
    """django-filter calls a callable queryset with the request (None without one)."""
    return lambda request: selector(getattr(request, "user", None) or AnonymousUser())


class ApiTripFilter(TripFilter):
    # API.md's name for the browser's `q`: title, inviter, purpose or a member's name.
    search = django_filters.CharFilter(method="search")

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset=queryset, user=request.user, **kwargs)
        if "agency" not in self.filters:
            # The browser's form hides the agency from staff; the API answers another
            # agency with a 400 rather than silently listing the caller's own trips.
            agency = copy.deepcopy(self.base_filters["agency"])
            agency.queryset, agency.parent = agencies_in_scope_of(request.user), self
            self.filters["agency"] = agency


class OfficialFilter(django_filters.FilterSet):
    agency = django_filters.ModelChoiceFilter(queryset=_scoped(agencies_in_scope_of))
    search = django_filters.CharFilter(
        method="by_name", help_text="Part of the name, whatever its accents and case"
    )

    def by_name(self, queryset, name, value):
        # The exact name first (core.search), then the order the list has anyway.
        ordering = queryset.query.order_by or queryset.model._meta.ordering
        return folded_search(queryset, "name_folded", value).order_by("match_rank", *ordering)

    class Meta:
        model = Official
        fields = ["agency", "is_key_leader"]


class PassportFilter(django_filters.FilterSet):
    official = django_filters.ModelChoiceFilter(queryset=_scoped(officials_visible_to))

    class Meta:
        model = Passport
        fields = ["official", "kind", "status"]


class PlanFilter(django_filters.FilterSet):
    agency = django_filters.ModelChoiceFilter(queryset=_scoped(agencies_in_scope_of))

    class Meta:
        model = AnnualPlan
        fields = ["agency", "year", "status"]
