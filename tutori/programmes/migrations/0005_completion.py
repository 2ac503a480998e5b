from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("programmes", "0004_participation")]

    operations: list[migrations.operations.base.Operation] = []
