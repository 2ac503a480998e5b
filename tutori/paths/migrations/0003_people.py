from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("paths", "0002_templates")]

    operations: list = []
