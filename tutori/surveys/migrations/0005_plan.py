# Reserved for one part of the surveys issue; operations are added by hand.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("surveys", "0004_results")]

    operations: list[migrations.operations.base.Operation] = []
