# Distribution: the uploaded recipient list of a survey, and whether a recipient has a draft.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_builder")]

    operations: list[migrations.operations.base.Operation] = [
        migrations.AddField(
            model_name="recipient",
            name="started",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="survey",
            name="audience_list",
            field=models.JSONField(
                blank=True, default=list, verbose_name="ladattu vastaanottajalista"
            ),
        ),
    ]
