from django import template

from agencies.selectors import member_changes_since, member_flags

register = template.Library()


@register.inclusion_tag("agencies/_member_changes_list.html")
def member_changes(trip):
    return {"changes": member_changes_since(trip), "flags": member_flags(trip)}
