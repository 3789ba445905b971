from django.db import migrations


def forwards(apps, schema_editor):
    from portal.editorial.roles import (
        EINDREDACTIE,
        ensure_permissions,
        grant_content_permissions,
        grant_view_permissions,
    )

    grant_content_permissions(
        apps,
        "meetings",
        ["meeting", "travelreport", "actionplan", "meetingattachment", "action"],
        deletable=["meetingattachment", "action"],
    )
    grant_view_permissions(apps, "meetings", ["network"])
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name=EINDREDACTIE).permissions.add(
        *Permission.objects.filter(
            content_type__app_label="meetings", codename__in=["add_network", "change_network"]
        )
    )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial"), ("portal", "0002_initial_data")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
