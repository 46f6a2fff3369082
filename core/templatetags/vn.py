from django import template

from core.formatting import format_vnd

register = template.Library()


@register.filter
def vnd(amount):
    """250000000 → 250.000.000 đ"""
    return format_vnd(amount)
