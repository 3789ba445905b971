from django.db import migrations


def forwards(apps, schema_editor):
    from portal.editorial.roles import EINDREDACTIE, REDACTIE, ensure_permissions

    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(
        content_type__app_label="practices",
        codename__in=["view_submission", "change_submission", "view_personal_data"],
    )
    for name in (REDACTIE, EINDREDACTIE):
        Group.objects.get(name=name).permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [("practices", "0004_submission")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
