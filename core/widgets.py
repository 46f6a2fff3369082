"""A select too long to send with the page, looked up as the person types (static/js/app.js):
the province's officials, its agencies, the logins that may hold a position. Here, on the
ground floor, so that every app's forms may use it."""

from django import forms

from core.validators import is_number


class SearchSelect(forms.Select):
    """A select of a queryset too long to send with the page (the province's officials, its
    agencies): only the chosen value is rendered, named by `label(obj)`; the browser asks
    `search_url` for the others (`?q=`), which answers [{"value", "text"}] with the same label."""

    def __init__(self, *, search_url, label, related=(), attrs=None):
        super().__init__({"data-search-url": search_url, **(attrs or {})})
        self.label, self.related = label, related

    def optgroups(self, name, value, attrs=None):
        chosen = [v for v in value if is_number(str(v))]
        field = self.choices.field
        options = [self.create_option(name, "", field.empty_label or "", not chosen, 0)]
        if chosen:
            found = self.choices.queryset.filter(pk__in=chosen).select_related(*self.related)
            for index, obj in enumerate(found, 1):
                options.append(self.create_option(name, obj.pk, self.label(obj), True, index))
        return [(None, options, 0)]
