import django.db.models.deletion
import django.db.models.manager
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations: list[migrations.operations.base.Operation] = [
        migrations.CreateModel(
            name="ExportJob",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("exporter", models.CharField(max_length=100)),
                ("params", models.JSONField(blank=True, default=dict)),
                ("format", models.CharField(choices=[("csv", "CSV"), ("xlsx", "Excel (XLSX)")], max_length=8)),
                ("language", models.CharField(blank=True, max_length=8)),
                ("title", models.CharField(max_length=300)),
                ("status", models.CharField(choices=[("queued", "jonossa"), ("running", "tekeillä"), ("done", "valmis"), ("failed", "epäonnistui")], default="queued", max_length=8)),
                ("done", models.PositiveIntegerField(default=0)),
                ("total", models.PositiveIntegerField(default=0)),
                ("filename", models.CharField(max_length=200)),
                ("rows", models.PositiveIntegerField(blank=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("started_at", models.DateTimeField(blank=True, null=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                ("expires_at", models.DateTimeField()),
                ("error", models.CharField(blank=True, max_length=40)),
                ("requested_by", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("content", models.BinaryField(blank=True, editable=False, null=True)),
            ],
            options={
                "ordering": ["-created_at", "-pk"],
                "abstract": False,
                "default_manager_name": "internal_objects",
                "indexes": [models.Index(fields=["requested_by", "-created_at"], name="core_export_mine"), models.Index(fields=["expires_at"], name="core_export_expires")],
            },
            managers=[
                ("internal_objects", django.db.models.manager.Manager()),
            ],
        ),
    ]
