# Placeholder in the chain; filled by the work on issue 14 (pending changes to published content).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("portal", "0007_search_terms")]

    operations = []
