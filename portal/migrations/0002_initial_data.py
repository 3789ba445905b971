"""All current Dutch municipalities (CBS list), the foreign cities of the
networks, a starting set of themes, and the editorial groups."""

from django.db import migrations
from django.utils import timezone

THEMES = [
    ("VVE en taal", "Voor- en vroegschoolse educatie, taalstimulering thuis en op de groep."),
    (
        "Passend onderwijs en jeugdhulp",
        "Samenwerking tussen school, jeugdhulp en ouders rond kinderen die extra steun nodig hebben.",
    ),
    ("Voortijdig schoolverlaten", "Ouders betrekken om schooluitval en verzuim te voorkomen."),
    (
        "Laaggeletterdheid",
        "Ouders die moeite hebben met lezen en schrijven bereiken en versterken.",
    ),
    ("Ouders bereiken", "Hoe je ouders bereikt die niet vanzelf komen."),
    ("Overgang PO-VO", "Ouders betrokken houden bij de stap naar het voortgezet onderwijs."),
    ("Educatief partnerschap", "Ouders en professionals als gelijkwaardige partners."),
    ("Ouderbeleid op school", "Scholen die hun eigen beleid voor samenwerking met ouders maken."),
]


def forwards(apps, schema_editor):
    from django.utils.text import slugify

    from portal.core.municipalities import (
        CBS_FILE,
        load_foreign_cities,
        read_cbs_csv,
        sync_dutch_municipalities,
    )
    from portal.editorial.roles import grant_view_permissions

    Municipality = apps.get_model("portal", "Municipality")
    rows = read_cbs_csv(CBS_FILE.read_text(encoding="utf-8"))
    sync_dutch_municipalities(Municipality, rows, today=timezone.localdate())
    load_foreign_cities(Municipality)

    Theme = apps.get_model("portal", "Theme")
    for name, description in THEMES:
        Theme.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "description": description}
        )

    grant_view_permissions(apps, "portal", ["municipality", "theme"])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
