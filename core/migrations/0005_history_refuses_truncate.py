"""History tables refuse TRUNCATE too (PostgreSQL), not only UPDATE and DELETE.

The tables are found by their append-only row trigger, so that core depends on no app: on a
fresh database this may run before the apps' own append-only migrations, which then install
both triggers themselves (core.history.append_only_migration); on an existing one it adds
the TRUNCATE trigger to every history table. Running the SQL twice is harmless.
"""

from django.db import migrations

from core.history import append_only_tables, append_only_trigger_sql


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in append_only_tables(schema_editor.connection):
        schema_editor.execute(append_only_trigger_sql(table)[0], params=None)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in append_only_tables(schema_editor.connection):
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS {table}_append_only_truncate_trg ON {table};", params=None
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0004_notification_claim")]

    operations = [migrations.RunPython(forward, reverse)]
