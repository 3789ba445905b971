"""Municipality.size_class (issue 19): klein < 20.000 inwoners, middelgroot
20.000 t/m 100.000, groot > 100.000 (CBS population on 1 January).

The shipped CBS list (portal/core/data/gemeenten.csv) has no population, so
the field stays empty (= niet bekend) for every municipality except the ten
largest, which CBS StatLine (table 37230ned, "Bevolkingsontwikkeling; regio
per maand") has put above 150.000 inhabitants every year since 2015: far
from any class boundary. Editors set the others in the admin."""

from django.db import migrations, models

LARGE = [
    "GM0363",  # Amsterdam
    "GM0599",  # Rotterdam
    "GM0518",  # 's-Gravenhage
    "GM0344",  # Utrecht
    "GM0772",  # Eindhoven
    "GM0014",  # Groningen
    "GM0855",  # Tilburg
    "GM0034",  # Almere
    "GM0758",  # Breda
    "GM0268",  # Nijmegen
]


def fill_largest(apps, schema_editor):
    Municipality = apps.get_model("portal", "Municipality")
    Municipality.objects.filter(cbs_code__in=LARGE, size_class="").update(size_class="groot")


forwards = fill_largest  # re-run by tests/conftest.py after a flush


class Migration(migrations.Migration):
    dependencies = [("portal", "0014_outgoing_mail_heartbeat")]

    operations = [
        migrations.AddField(
            model_name="municipality",
            name="size_class",
            field=models.CharField(
                blank=True,
                choices=[
                    ("klein", "klein (minder dan 20.000 inwoners)"),
                    ("middelgroot", "middelgroot (20.000 tot en met 100.000 inwoners)"),
                    ("groot", "groot (meer dan 100.000 inwoners)"),
                ],
                help_text="Naar het aantal inwoners volgens het CBS op 1 januari. Leeg laten als dat niet bekend is.",
                max_length=12,
                verbose_name="grootteklasse",
            ),
        ),
        migrations.RunPython(fill_largest, migrations.RunPython.noop),
    ]
