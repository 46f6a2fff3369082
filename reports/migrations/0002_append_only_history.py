# History rows refuse UPDATE and DELETE in PostgreSQL itself, not only in the application.
from django.db import migrations

from core.history import append_only_migration


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [append_only_migration("reports_reporttransition")]
