import django.db.models.deletion
from django.db import migrations, models

# The foreign key's own index on official_id (named by Django from the table and the column,
# the same on PostgreSQL and SQLite) gives way to (official, trip). In the database only the
# index is dropped: an AlterField of db_index would also drop and re-create the foreign key,
# re-checking every membership under lock.
OLD_INDEX = "trips_tripmember_official_id_4f00d01f"


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0010_historicalofficial_management_level"),
        ("trips", "0011_list_page_indexes"),
    ]

    operations = [
        # The new index first: the memberships are never without one by official.
        migrations.AddIndex(
            model_name="tripmember",
            index=models.Index(fields=["official", "trip"], name="trip_member_by_official"),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="tripmember",
                    name="official",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="trip_memberships",
                        to="agencies.official",
                        verbose_name="Cán bộ",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {OLD_INDEX}",
                    reverse_sql=f"CREATE INDEX {OLD_INDEX} ON trips_tripmember (official_id)",
                ),
            ],
        ),
    ]
