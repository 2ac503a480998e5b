from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("programmes", "0005_completion")]

    operations: list[migrations.operations.base.Operation] = []
