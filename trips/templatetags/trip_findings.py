from django import template

from trips.live_findings import findings_now
from trips.policy.findings import render_stored
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


@register.filter
def finding_message(finding):
    """`{{ f|finding_message }}`: a finding's message in the reader's language, whether it was
    just found (a Finding) or stored on the request (a dict with its source and parameters)."""
    return render_stored(finding) if isinstance(finding, dict) else finding.message
