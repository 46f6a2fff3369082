# The agency's head signs the proposal (Tờ trình) as a step of the chain (issue 23).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("trips", "0015_chain_steps_name_positions_of_a_body"),
    ]

    operations = [
        migrations.AlterField(
            model_name="chainstep",
            name="action",
            field=models.CharField(
                choices=[
                    ("propose", "Ký Tờ trình"),
                    ("appraise", "Thẩm định"),
                    ("party_opinion", "Ý kiến bằng văn bản của Ban Thường vụ Tỉnh ủy"),
                    ("decide", "Quyết định"),
                ],
                max_length=20,
                verbose_name="Việc",
            ),
        ),
    ]
