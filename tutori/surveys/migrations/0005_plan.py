# The school tutoring plan: a need question may name the tutoring topic it asks about, and a
# closed survey's answers are counted once per school and topic.
import django.db.models.deletion
import django.db.models.manager
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0004_invitations"),
        ("surveys", "0004_results"),
    ]

    operations = [
        migrations.AddField(
            model_name="question",
            name="topic_id",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="aihe"),
        ),
        migrations.AddField(
            model_name="survey",
            name="plan_counted_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.CreateModel(
            name="PlanTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("topic_id", models.PositiveIntegerField()),
                ("answers", models.PositiveIntegerField(default=0)),
                ("chosen", models.PositiveIntegerField(default=0)),
                ("answered", models.PositiveIntegerField(default=0)),
                ("high", models.PositiveIntegerField(default=0)),
                ("points", models.PositiveIntegerField(default=0)),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="orgs.organisation",
                    ),
                ),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="surveys.survey",
                    ),
                ),
            ],
            options={
                "default_manager_name": "internal_objects",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("survey", "organisation", "topic_id"), name="plan_tally_once"
                    )
                ],
            },
            managers=[
                ("internal_objects", django.db.models.manager.Manager()),
            ],
        ),
    ]
