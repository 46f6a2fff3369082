from django import template
from django.utils import timezone

from reports import selectors

register = template.Library()


@register.simple_tag
def report_overdue_since(trip):
    """`{% report_overdue_since trip as due_on %}`: the missed deadline, or None (one query)."""
    return selectors.report_overdue_since(trip, timezone.localdate())
