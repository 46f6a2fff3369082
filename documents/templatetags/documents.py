from django import template

from documents.selectors import trip_documents as _trip_documents

register = template.Library()


@register.simple_tag
def trip_documents(trip):
    """The documents issued for a trip, oldest first (the include on the request page)."""
    return _trip_documents(trip)
