"""The admin's searches as Vietnamese users type (core.search), and autocompletes that tell
namesakes apart (issue 27)."""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.db.models import Case, IntegerField, Value, When

from core.search import fold


class FoldedSearchMixin:
    """Beside the admin's own `search_fields`, rows whose folded name (`folded_search_field`,
    a stored core.search.fold column) contains the folded term; the exact name first."""

    folded_search_field = "name_folded"

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        folded = fold(search_term)
        if not folded:
            return results, may_have_duplicates
        field = self.folded_search_field
        results = (results | queryset.filter(**{f"{field}__contains": folded})).annotate(
            match_rank=Case(
                When(**{field: folded}, then=Value(0)),
                When(**{f"{field}__startswith": folded}, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        ordering = results.query.order_by or results.model._meta.ordering
        return results.order_by("match_rank", *ordering), may_have_duplicates


class LabelledAutocompleteView(AutocompleteJsonView):
    """The admin's autocomplete, naming each row by its `autocomplete_label` where the model
    has one (an official: name, agency, personnel code) rather than its bare name."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(obj, "autocomplete_label", None)
        return {**result, "text": str(label)} if label else result
