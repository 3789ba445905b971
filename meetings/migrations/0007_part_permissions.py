"""Both editorial groups edit the new parts of meetings and travel reports
inline (points, links, attachments) and may remove them."""

from django.db import migrations

PARTS = ["meetingpoint", "meetinglink", "travelreportlink", "travelreportattachment"]


def forwards(apps, schema_editor):
    from portal.editorial.roles import grant_content_permissions

    grant_content_permissions(apps, "meetings", PARTS, deletable=PARTS)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0006_event_dates_points_links")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
