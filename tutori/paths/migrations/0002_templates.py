from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("paths", "0001_initial")]

    operations: list = []
