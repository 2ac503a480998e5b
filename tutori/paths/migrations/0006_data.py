from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("paths", "0005_reports")]

    operations: list = []
