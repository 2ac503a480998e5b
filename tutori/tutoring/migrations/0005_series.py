from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tutoring", "0004_catalogue")]

    operations: list[migrations.operations.base.Operation] = []
