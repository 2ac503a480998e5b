from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("programmes", "0003_applications")]

    operations: list[migrations.operations.base.Operation] = []
