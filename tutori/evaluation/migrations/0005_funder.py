# Reserved for a part of issue 16; operations are added by hand.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0004_impact")]

    operations: list = []
