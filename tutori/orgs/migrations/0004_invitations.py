from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("orgs", "0003_invitation_display_name_membership_on_accept")]

    operations: list[migrations.operations.base.Operation] = []
