# Placeholder in the chain; filled by the work on issue 14 (public search vocabulary).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("portal", "0006_security")]

    operations = []
