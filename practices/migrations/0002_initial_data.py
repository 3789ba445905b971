from django.db import migrations

PHASES = ["Voorschool/VVE", "Primair onderwijs", "Voortgezet onderwijs", "MBO"]
PHASE_SLUGS = ["voorschool-vve", "primair-onderwijs", "voortgezet-onderwijs", "mbo"]
GROUPS = [
    ("alle-ouders", "Alle ouders"),
    ("moeilijk-bereikbare-ouders", "Moeilijk bereikbare ouders"),
    ("laaggeletterde-ouders", "Laaggeletterde ouders"),
    ("ouders-extra-ondersteuning", "Ouders van leerlingen met extra ondersteuningsbehoefte"),
    ("nieuwkomers", "Ouders die nieuw zijn in Nederland"),
    ("ouders-tieners", "Ouders van tieners (12+)"),
]


def forwards(apps, schema_editor):
    from portal.editorial.roles import grant_content_permissions, grant_view_permissions

    EducationPhase = apps.get_model("practices", "EducationPhase")
    for position, (name, slug) in enumerate(zip(PHASES, PHASE_SLUGS, strict=True)):
        EducationPhase.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
    TargetGroup = apps.get_model("practices", "TargetGroup")
    for position, (slug, name) in enumerate(GROUPS):
        TargetGroup.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
    grant_content_permissions(
        apps,
        "practices",
        ["practice", "practicelink", "practiceattachment"],
        deletable=["practicelink", "practiceattachment"],
    )
    grant_view_permissions(apps, "practices", ["educationphase", "targetgroup"])


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0001_initial"),
        ("portal", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
