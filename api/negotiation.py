"""JSON only in production: the browsable API renders forms (choices of officials, plan
lines...) meant for a developer; the OpenAPI docs at /api/v1/docs/ document the API."""

from django.conf import settings
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BrowsableAPIRenderer


class BrowsableOnlyInDebug(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        if settings.DEBUG:
            return super().select_renderer(request, renderers, format_suffix)
        kept = [r for r in renderers if not isinstance(r, BrowsableAPIRenderer)]
        try:
            return super().select_renderer(request, kept, format_suffix)
        except NotAcceptable:
            if len(kept) == len(renderers):
                raise
            # A browser asking for HTML only gets the JSON it would have seen.
            return kept[0], kept[0].media_type
