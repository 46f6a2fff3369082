"""The summary tables counted once from the trips already there (as `rebuild_statistics`),
with the tables as they are at this point of the migrations."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from analytics import summary

    summary.rebuild(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0001_summary_tables"),
        ("trips", "0015_chain_steps_name_positions_of_a_body"),
        ("reports", "0004_workflow_history"),
        ("plans", "0007_workflow_history"),
        ("core", "0007_notification_subject_source"),
    ]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
