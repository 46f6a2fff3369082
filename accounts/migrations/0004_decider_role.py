# The decider role (issue 13: Chủ tịch / Phó Chủ tịch UBND tỉnh decides where the chain says so).
from django.db import migrations

DECIDER = "decider"
# Frozen here: the grants of the role when it was created (accounts.roles may grow later).
GRANTS = [
    ("trips", "triprequest", ["view"]),
    ("trips", "tripmember", ["view"]),
    ("trips", "tripdocument", ["view"]),
    ("trips", "triptransition", ["view"]),
    ("agencies", "official", ["view"]),
    ("agencies", "agency", ["view"]),
]


def create_decider(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=DECIDER)
    group.permissions.add(
        *(
            Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
            for app_label, model, actions in GRANTS
            for action in actions
        )
    )


def remove_decider(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=DECIDER).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_roles")]

    operations = [migrations.RunPython(create_decider, remove_decider)]
