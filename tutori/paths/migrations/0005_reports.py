from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("paths", "0004_coach")]

    operations: list = []
