import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("tutoring", "0002_alter_booking_options_alter_bookingpolicy_options_and_more")]

    operations = [
        migrations.AddField(
            model_name="booking",
            name="reminded_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="bookingpolicy",
            name="reminder_hours_before",
            field=models.PositiveIntegerField(
                default=24,
                validators=[django.core.validators.MaxValueValidator(168)],
                verbose_name="muistutus (tuntia ennen, 0 = ei muistutusta)",
            ),
        ),
        migrations.AddField(
            model_name="slot",
            name="reminded_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
