from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tutoring", "0003_notifications")]

    operations: list[migrations.operations.base.Operation] = []
