# The People's Committee, the Department of Home Affairs, one body per agency (its symbol
# copied from Agency.symbol, which then goes), and the law's defaults per management level.
from django.db import migrations

from core.history import append_only_migration


def seed(apps, schema_editor):
    from authority.defaults import seed

    seed(
        apps.get_model("authority", "Body"),
        apps.get_model("authority", "Authority"),
        apps.get_model("agencies", "Agency"),
        apps.get_model("authority", "Position"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("authority", "0001_bodies_positions_authorities"),
        ("agencies", "0012_agency_symbol"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        append_only_migration("authority_authoritychange"),
    ]
