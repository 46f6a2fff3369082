from django import template

from trips.live_findings import findings_now
from trips.policy.labels import short_label

register = template.Library()


@register.simple_tag
def trip_findings_now(trip):
    """`{% trip_findings_now trip as check %}`: today's findings and the stored ones."""
    return findings_now(trip)


@register.filter
def finding_label(code):
    """`{{ f.code|finding_label }}`: the short Vietnamese label of a finding code."""
    return short_label(code)
