from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("programmes", "0006_data")]

    operations: list[migrations.operations.base.Operation] = []
