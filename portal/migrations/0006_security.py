# Placeholder in the chain; filled by the work on issue 14 (usernames, rate-limit counters).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_search_facet_text")]

    operations = []
