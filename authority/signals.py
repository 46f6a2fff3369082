"""Every agency has its own issuing body (issue 23): made when the agency is created, renamed
when the agency is, by whichever path saves it (the admin, the registry's import, the demo
seed). agencies sits below authority: its save reaches here by Django's post_save."""

from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender="agencies.Agency")
def agency_gets_its_body(sender, instance, created, raw=False, **kwargs):
    if raw:
        return  # loading fixtures: the bodies come with them
    from authority.services import agency_body_sync

    # Made, or renamed after the agency: the one place a body follows its agency.
    agency_body_sync(agency=instance)
