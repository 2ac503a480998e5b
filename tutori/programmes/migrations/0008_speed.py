from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("programmes", "0007_review")]

    operations: list[migrations.operations.base.Operation] = []
