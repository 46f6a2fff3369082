# The province's and the Standing Committee's authorities begin with the agency head's
# signature of the proposal (issue 23): the agency's leaders, of its own body (null). An
# agency-level authority needs none (the agency decides itself). Data only; here, not in
# authority, whose migrations another change owns.

from django.db import migrations

LEADERS = ["head", "deputy", "acting_head"]
PROPOSE = {"action": "propose", "body": None, "positions": LEADERS}


def _starts_with_propose(steps) -> bool:
    return bool(steps) and isinstance(steps[0], dict) and steps[0].get("action") == "propose"


def add_propose(apps, schema_editor):
    Authority = apps.get_model("authority", "Authority")
    for authority in Authority.objects.exclude(level="agency"):
        if not _starts_with_propose(authority.steps):
            authority.steps = [dict(PROPOSE), *(authority.steps or [])]
            authority.save(update_fields=["steps"])


def remove_propose(apps, schema_editor):
    Authority = apps.get_model("authority", "Authority")
    for authority in Authority.objects.all():
        if _starts_with_propose(authority.steps):
            authority.steps = authority.steps[1:]
            authority.save(update_fields=["steps"])


class Migration(migrations.Migration):
    dependencies = [
        ("authority", "0004_tm_and_tl_capacities"),
        ("trips", "0016_chainstep_moves_to_approvals"),
    ]

    operations = [migrations.RunPython(add_propose, remove_propose)]
