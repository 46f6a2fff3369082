# Transfers refuse UPDATE and DELETE in PostgreSQL itself, not only in the application.
from django.db import migrations

from core.history import append_only_migration


class Migration(migrations.Migration):
    dependencies = [("agencies", "0005_master_data_history_leaving_transfer")]

    operations = [append_only_migration("agencies_transfer")]
