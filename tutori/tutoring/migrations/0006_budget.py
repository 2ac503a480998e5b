from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tutoring", "0005_series")]

    operations: list[migrations.operations.base.Operation] = []
