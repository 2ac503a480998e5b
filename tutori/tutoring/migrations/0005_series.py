import django.db.models.deletion
import django.db.models.manager
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("tutoring", "0004_catalogue")]

    operations: list[migrations.operations.base.Operation] = [
        migrations.AddField(
            model_name="slotseries",
            name="skipped",
            field=models.JSONField(blank=True, default=list, verbose_name="ohitetut päivät"),
        ),
        migrations.CreateModel(
            name="SchoolBreak",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=80, verbose_name="nimi")),
                ("starts_on", models.DateField(verbose_name="alkaa")),
                ("ends_on", models.DateField(verbose_name="päättyy")),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="orgs.organisation",
                        verbose_name="organisaatio",
                    ),
                ),
            ],
            options={
                "verbose_name": "loma",
                "verbose_name_plural": "lomat",
                "ordering": ["starts_on", "pk"],
                "abstract": False,
                "default_manager_name": "internal_objects",
                "indexes": [
                    models.Index(
                        fields=["organisation", "starts_on"], name="tutoring_sc_organis_c405f3_idx"
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("ends_on__gte", models.F("starts_on"))),
                        name="school_break_ends_after_start",
                    )
                ],
            },
            managers=[
                ("internal_objects", django.db.models.manager.Manager()),
            ],
        ),
    ]
