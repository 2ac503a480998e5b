from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("paths", "0003_people")]

    operations: list = []
