import django_filters
from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from agencies.models import Agency, Official
from trips.models import TripMember, TripRequest
from trips.policy.labels import label_choices
from trips.policy.rules import CODES
from trips.selectors import agencies_in_scope_of, member_choices_for, sees_every_agency


class OfficialSearchSelect(forms.Select):
    """A select that renders only the chosen official: a province has tens of thousands, so
    the others are looked up as the user types (static/js/app.js, `trips:officials`)."""

    def __init__(self, attrs=None):
        super().__init__({"data-search-url": reverse_lazy("trips:officials"), **(attrs or {})})

    def optgroups(self, name, value, attrs=None):
        chosen = [v for v in value if str(v).isdigit()]
        field = self.choices.field
        options = [self.create_option(name, "", field.empty_label or "", not chosen, 0)]
        if chosen:
            chosen_officials = self.choices.queryset.filter(pk__in=chosen).select_related("agency")
            for index, official in enumerate(chosen_officials, 1):
                # As the search answers (trips.views.officials_search): namesakes told apart.
                label = f"{official.full_name} ({official.agency.name})"
                options.append(self.create_option(name, official.pk, label, True, index))
        return [(None, options, 0)]


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
        label=_("Trạng thái"), choices=TripRequest.Status.choices, empty_label=ALL
    )
    kind = django_filters.ChoiceFilter(
        label=_("Loại"), choices=TripRequest.Kind.choices, empty_label=ALL
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
        label=_("Quốc gia"), choices=countries, method="by_country", empty_label=ALL
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Cơ quan"), queryset=Agency.objects.none(), empty_label=ALL
    )
    finding = django_filters.ChoiceFilter(
        label=_("Kết quả kiểm tra"),
        choices=label_choices(CODES),
        method="by_finding",
        empty_label=ALL,
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
        by_name = TripMember.objects.filter(official__full_name__icontains=value)
        return queryset.filter(
            Q(title__icontains=value)
            | Q(inviter__icontains=value)
            | Q(purpose__icontains=value)
            | Q(pk__in=by_name.values("trip_id"))
        )

    def by_member(self, queryset, name, value: int):  # an Official; "int" types the schema
        return queryset.filter(pk__in=TripMember.objects.filter(official=value).values("trip_id"))

    def by_country(self, queryset, name, value: str):
        # Codes are stored "JP,KR": two letters between commas cannot straddle two codes.
        return queryset.filter(countries__icontains=value)

    def by_finding(self, queryset, name, value):
        return queryset.filter(finding_codes__contains=f",{value},")
