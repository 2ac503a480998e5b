"""Invitations say when their mail was sent and how many times, and can be withdrawn."""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def sent_when_made(apps: Any, schema_editor: Any) -> None:
    """Every invitation made so far was mailed when it was made."""
    Invitation = apps.get_model("orgs", "Invitation")
    Invitation._default_manager.filter(sent_at__isnull=True).update(sent_at=F("created_at"), send_count=1)


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0003_invitation_display_name_membership_on_accept"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="send_count",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="lähetyskertoja"),
        ),
        migrations.AddField(
            model_name="invitation",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="lähetetty"),
        ),
        migrations.AddField(
            model_name="invitation",
            name="withdrawn_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="peruttu"),
        ),
        migrations.AddField(
            model_name="invitation",
            name="withdrawn_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="invitation",
            name="accepted_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="hyväksytty"),
        ),
        migrations.AlterField(
            model_name="invitation",
            name="expires_at",
            field=models.DateTimeField(verbose_name="voimassa asti"),
        ),
        migrations.AddIndex(
            model_name="invitation",
            index=models.Index(
                fields=["organisation", "accepted_at", "withdrawn_at"],
                name="invitation_org_open_idx",
            ),
        ),
        migrations.RunPython(sent_when_made, migrations.RunPython.noop, elidable=True),
    ]
