"""Redactie and Eindredactie keep the list of government domains, verify
members and moderate the forum (both groups)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from portal.editorial.roles import (
        EINDREDACTIE,
        REDACTIE,
        grant_content_permissions,
        grant_view_permissions,
    )

    grant_content_permissions(
        apps, "community", ["governmentdomain"], deletable=["governmentdomain"]
    )
    grant_view_permissions(
        apps,
        "community",
        ["memberprofile", "question", "answer", "report", "meetingparticipation"],
    )
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    extra = Permission.objects.filter(
        content_type__app_label="community",
        codename__in=["verify_member", "moderate_forum", "change_question", "change_answer"],
    )
    for name in (REDACTIE, EINDREDACTIE):
        Group.objects.get(name=name).permissions.add(*extra)


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial"), ("portal", "0002_initial_data")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
