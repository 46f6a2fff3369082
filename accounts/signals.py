"""A password change ends the user's API tokens, whichever way it is made (the admin, the
changepassword command, a reset form, set_password in code)."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from rest_framework.authtoken.models import Token

from accounts.models import User


@receiver(pre_save, sender=User)
def note_password_change(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._password_changed = False
    if (
        raw
        or instance.pk is None
        or (update_fields is not None and "password" not in update_fields)
    ):
        return  # a new user, a fixture, or a save that leaves the password alone (last_login)
    stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._password_changed = stored is not None and stored != instance.password


@receiver(post_save, sender=User)
def end_tokens_after_password_change(sender, instance, raw=False, **kwargs):
    if getattr(instance, "_password_changed", False):
        Token.objects.filter(user=instance).delete()
        instance._password_changed = False
