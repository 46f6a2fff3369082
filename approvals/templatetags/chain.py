"""The request page's approval chain (templates/approvals/_chain.html): one query."""

from django import template

from approvals.chain import chain_of

register = template.Library()


@register.simple_tag
def chain_steps(trip):
    """The steps of the request's latest submission, with their actors (empty for a draft)."""
    return chain_of(trip)
