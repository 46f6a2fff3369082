from django import template

from core.admin_mixins import describe_change

register = template.Library()


@register.filter
def recorded_change(entry):
    """An admin LogEntry's message with each field's before → after, in the reader's language."""
    return describe_change(entry)
