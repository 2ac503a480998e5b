# The school tutoring plan: a need question may name the tutoring topic it asks about.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("surveys", "0004_results")]

    operations = [
        migrations.AddField(
            model_name="question",
            name="topic_id",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="aihe"),
        ),
    ]
