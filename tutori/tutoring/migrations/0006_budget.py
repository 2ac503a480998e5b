from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("tutoring", "0005_series")]

    operations: list[migrations.operations.base.Operation] = [
        # A spend decision may say why (the proposer is told).
        migrations.AddField(
            model_name="substitutespend",
            name="decision_reason",
            field=models.CharField(blank=True, max_length=500, verbose_name="perustelu"),
        ),
        # A budget is for a term or a school year: its period, not always a "lukukausi".
        migrations.AlterField(
            model_name="substitutebudget",
            name="term",
            field=models.CharField(max_length=40, verbose_name="budjettikausi"),
        ),
    ]
