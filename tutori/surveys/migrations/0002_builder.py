# The builder: a question's revision keeps the rest of its wording (scale, choices, translations).
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations: list[migrations.operations.base.Operation] = [
        migrations.AddField(
            model_name="questionrevision",
            name="wording",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
