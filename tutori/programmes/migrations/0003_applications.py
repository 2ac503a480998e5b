from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("programmes", "0002_plan")]

    operations: list[migrations.operations.base.Operation] = []
