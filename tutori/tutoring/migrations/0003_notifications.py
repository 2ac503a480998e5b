from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tutoring", "0002_alter_booking_options_alter_bookingpolicy_options_and_more")]

    operations: list[migrations.operations.base.Operation] = []
