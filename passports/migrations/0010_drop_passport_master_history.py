"""The passport's simple-history table goes: 0009 copied into the custody log what it held
that the log lacked; the log is the one history (issue 22)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("passports", "0009_custody_log_from_master_history"),
    ]

    operations = [
        migrations.DeleteModel(
            name="HistoricalPassport",
        ),
    ]
