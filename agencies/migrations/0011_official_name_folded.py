"""Officials' names as searches compare them (core.search.fold), filled for existing rows; on
PostgreSQL a trigram index on that column, so that `contains` is an index scan at province
scale (SQLite has no such index and needs none at its scale), and the `unaccent` extension
for the free-text searches (core.search.Folded)."""

from django.db import migrations, models

from core.search import fold

INDEX = "official_name_folded_trgm"


def fill(apps, schema_editor):
    Official = apps.get_model("agencies", "Official")
    rows = list(Official.objects.only("pk", "full_name"))
    for row in rows:
        row.name_folded = fold(row.full_name)
    Official.objects.bulk_update(rows, ["name_folded"], batch_size=1000)


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # core.search.Folded: free text (a trip's title) folded in the query.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON agencies_official "
        "USING gin (name_folded gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0010_historicalofficial_management_level"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalofficial",
            name="name_folded",
            field=models.CharField(default="", editable=False, max_length=150),
        ),
        migrations.AddField(
            model_name="official",
            name="name_folded",
            field=models.CharField(default="", editable=False, max_length=150),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
