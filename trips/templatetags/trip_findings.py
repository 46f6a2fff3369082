from django import template

from trips.live_findings import findings_now

register = template.Library()


@register.simple_tag
def trip_findings_now(trip):
    """`{% trip_findings_now trip as check %}`: today's findings and the stored ones."""
    return findings_now(trip)
