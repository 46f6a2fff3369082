"""What passports answer to core.signals (connected in passports/apps.py)."""

from passports.policy_facts import PassportFacts

PROVIDER = PassportFacts()


def facts(sender, **kwargs):
    """The members' passports for the rules (trips/policy/providers.py)."""
    return PROVIDER if sender == "passports" else None
