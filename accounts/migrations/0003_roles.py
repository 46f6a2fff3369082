# The four roles as groups with their model permissions, so that a fresh database has them.
from django.db import migrations

from accounts.roles import ROLE_PERMISSIONS, grant_role_permissions


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations (post_migrate): make them now,
    # from the migration state's app stubs (never touch the global app registry here).
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    grant_role_permissions(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[role.value for role in ROLE_PERMISSIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("agencies", "0001_initial"),
        ("core", "0001_initial"),
        ("plans", "0001_initial"),
        ("trips", "0001_initial"),
        ("passports", "0001_initial"),
        ("reports", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
