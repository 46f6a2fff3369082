"""Every agency has its own issuing body (issue 23): made when the agency is created, by
whichever path (the admin, the registry's import, the demo seed)."""

from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender="agencies.Agency")
def agency_gets_its_body(sender, instance, created, raw=False, **kwargs):
    if raw:
        return  # loading fixtures: the bodies come with them
    from authority.services import ensure_agency_body

    ensure_agency_body(instance)  # not remembered on the instance: its symbol may change
