# The approval chain's steps moved to the approvals app (issue 22). Their table keeps its
# name (ChainStep.Meta.db_table): nothing moves in the database, only Django's state.

from django.db import migrations


def content_type_follows(apps, schema_editor):
    """The permissions and admin log entries of the steps keep pointing at them."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="approvals", model="chainstep").exists():
        ContentType.objects.filter(app_label="trips", model="chainstep").update(
            app_label="approvals"
        )


def content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="trips", model="chainstep").exists():
        ContentType.objects.filter(app_label="approvals", model="chainstep").update(
            app_label="trips"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("trips", "0015_chain_steps_name_positions_of_a_body"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ChainStep")],
        ),
        migrations.RunPython(content_type_follows, content_type_back),
    ]
