import django_filters
from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Official
from core.search import Folded, fold
from trips.models import TripMember, TripRequest
from trips.policy.labels import label_choices
from trips.policy.rules import CODES
from trips.selectors import agencies_in_scope_of, member_choices_for, sees_every_agency
from trips.widgets import OfficialSearchSelect, PlainSelect, SearchSelect, country_choices

__all__ = ["OfficialSearchSelect", "TripFilter"]  # the registry's forms use the widget too


class FilterBarForm(forms.Form):
    """Bootstrap's small controls, so the filter bar's fields keep to their grid cells."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )


ALL = _("Tất cả")  # an empty filter field, rather than Django's "---------"


class TripFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"),
        choices=TripRequest.Status.choices,
        empty_label=ALL,
        widget=PlainSelect(key="trips.status"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Loại"),
        choices=TripRequest.Kind.choices,
        empty_label=ALL,
        widget=PlainSelect(key="trips.kind"),
    )
    year = django_filters.NumberFilter(
        label=_("Năm đi"), field_name="departure_date__year", min_value=2000, max_value=2100
    )
    member = django_filters.ModelChoiceFilter(
        label=_("Thành viên"),
        queryset=Official.objects.none(),
        method="by_member",
        widget=OfficialSearchSelect,
    )
    country = django_filters.ChoiceFilter(
        label=_("Quốc gia"),
        choices=country_choices,
        method="by_country",
        empty_label=ALL,
        widget=PlainSelect(key="countries"),
    )
    # Looked up as the user types, like the members: a province has hundreds of agencies.
    agency = django_filters.ModelChoiceFilter(
        label=_("Cơ quan"),
        queryset=Agency.objects.none(),
        empty_label=ALL,
        widget=SearchSelect(search_url=reverse_lazy("trips:agencies"), label=str),
    )
    finding = django_filters.ChoiceFilter(
        label=_("Kết quả kiểm tra"),
        choices=label_choices(CODES),
        method="by_finding",
        empty_label=ALL,
        widget=PlainSelect(key="trips.finding"),
    )

    class Meta:
        model = TripRequest
        fields = []
        form = FilterBarForm

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices from the selectors: an id outside the user's scope is not a valid choice.
        self.filters["member"].queryset = member_choices_for(user)
        self.filters["agency"].queryset = agencies_in_scope_of(user)
        if not sees_every_agency(user):
            del self.filters["agency"]  # staff: their own agency only, nothing to pick

    def search(self, queryset, name, value):
        # Subqueries, not joins: a join on members would repeat rows and inflate counts.
        # Whatever the accents and case (core.search): members' names by their stored
        # folded column, the request's own text folded in the query.
        by_name = TripMember.objects.filter(official__name_folded__contains=fold(value))
        folded = fold(value)
        return queryset.alias(
            folded_title=Folded("title"),
            folded_inviter=Folded("inviter"),
            folded_purpose=Folded("purpose"),
        ).filter(
            Q(folded_title__contains=folded)
            | Q(folded_inviter__contains=folded)
            | Q(folded_purpose__contains=folded)
            | Q(pk__in=by_name.values("trip_id"))
        )

    def by_member(self, queryset, name, value: int):  # an Official; "int" types the schema
        return queryset.filter(pk__in=TripMember.objects.filter(official=value).values("trip_id"))

    def by_country(self, queryset, name, value: str):
        # Codes are stored "JP,KR": two letters between commas cannot straddle two codes.
        return queryset.filter(countries__icontains=value)

    def by_finding(self, queryset, name, value):
        return queryset.filter(finding_codes__contains=f",{value},")
