"""Append-only history rows: who, when, what, why. Never updated, never deleted.

The application refuses it here; on PostgreSQL triggers refuse it in the database too,
TRUNCATE included (see `append_only_trigger_sql`, and core.migrations.0005 for the tables
created before TRUNCATE was covered).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("History rows are never updated.")

    def delete(self):
        raise AppendOnlyError("History rows are never deleted.")


class AppendOnlyModel(models.Model):
    at = models.DateTimeField(_("Thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người thực hiện"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("Ghi chú / lý do"), blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("History rows are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("History rows are never deleted.")


# A session that sets this (SET LOCAL, inside its transaction) may TRUNCATE history: the test
# suite's flush between transactional tests, and nothing else (see conftest.py). Any other
# TRUNCATE, `manage.py flush` included, is refused like UPDATE and DELETE.
TRUNCATE_ALLOWED_SETTING = "travelmgmt.allow_history_truncate"


def append_only_trigger_sql(table: str) -> tuple[str, str]:
    """PostgreSQL SQL (forward, reverse) making `table` refuse UPDATE, DELETE and TRUNCATE.

    Row triggers do not fire on TRUNCATE (nor on a TRUNCATE ... CASCADE from a parent
    table): a statement-level BEFORE TRUNCATE trigger covers it. Safe to run again.
    """
    function = f"{table}_append_only"
    forward = f"""
        CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'TRUNCATE'
                AND current_setting('{TRUNCATE_ALLOWED_SETTING}', true) = 'on' THEN
                RETURN NULL;
            END IF;
            RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
        END;
        $$ LANGUAGE plpgsql;
        DROP TRIGGER IF EXISTS {function}_trg ON {table};
        CREATE TRIGGER {function}_trg BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {function}();
        DROP TRIGGER IF EXISTS {function}_truncate_trg ON {table};
        CREATE TRIGGER {function}_truncate_trg BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION {function}();
    """
    reverse = (
        f"DROP TRIGGER IF EXISTS {function}_truncate_trg ON {table}; "
        f"DROP TRIGGER IF EXISTS {function}_trg ON {table}; "
        f"DROP FUNCTION IF EXISTS {function}();"
    )
    return forward, reverse


def append_only_tables(connection) -> list[str]:
    """The tables that carry the append-only row trigger (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = c.relname || '_append_only_trg' "
            "AND pg_catalog.pg_table_is_visible(c.oid) ORDER BY c.relname"
        )
        return [row[0] for row in cursor.fetchall()]


def append_only_migration(table: str):
    """A migration operation installing the append-only trigger (PostgreSQL only).

    SQLite has no such trigger language here; the application-level refusal covers it.
    """
    from django.db import migrations

    forward_sql, reverse_sql = append_only_trigger_sql(table)

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(forward_sql, params=None)

    def reverse(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(reverse_sql, params=None)

    return migrations.RunPython(forward, reverse)
