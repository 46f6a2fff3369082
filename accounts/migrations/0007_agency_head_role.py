# The agency head role (issue 23: thủ trưởng cơ quan decides for the officials its agency manages).
from django.db import migrations

AGENCY_HEAD = "agency_head"
# Frozen here: the grants of the role when it was created (accounts.roles may grow later).
GRANTS = [
    ("trips", "triprequest", ["view"]),
    ("trips", "tripmember", ["view"]),
    ("trips", "tripdocument", ["view"]),
    ("trips", "triptransition", ["view"]),
    ("plans", "annualplan", ["view"]),
    ("plans", "planline", ["view"]),
    ("reports", "posttripreport", ["view"]),
    ("passports", "passport", ["view"]),
    ("agencies", "official", ["view"]),
    ("agencies", "agency", ["view"]),
]


def create_agency_head(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=AGENCY_HEAD)
    group.permissions.add(
        *(
            Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
            for app_label, model, actions in GRANTS
            for action in actions
        )
    )


def remove_agency_head(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=AGENCY_HEAD).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_substitution_signs_as")]

    operations = [migrations.RunPython(create_agency_head, remove_agency_head)]
