"""What passports answer to core.signals (connected in passports/apps.py)."""

from passports import lifecycle
from passports.policy_facts import PassportFacts

PROVIDER = PassportFacts()


def facts(sender, **kwargs):
    """The members' passports for the rules (trips/policy/providers.py)."""
    return PROVIDER if sender == "passports" else None


def mark_passports_of_departed(sender, *, official, actor, **kwargs):
    """A holder left the service (core.signals.official_left)."""
    lifecycle.mark_passports_of_departed(official=official, actor=actor)


def hand_over_passports(sender, *, transfer, actor, **kwargs):
    """A holder moved to another agency (core.signals.official_transferred)."""
    lifecycle.hand_over_passports(transfer=transfer, actor=actor)
