# Editor-managed synonyms for the search (issue 16): the model, three standard
# Dutch education terms to start with, and the permissions of the editors.

import django.db.models.functions.text
from django.db import migrations, models

# (term, equivalents): stored as the model normalises them (lower case, one
# equivalent a line).
SYNONYMS = [
    ("vve", "voor- en vroegschoolse educatie"),
    ("po", "primair onderwijs"),
    ("brugfunctionaris", "brugfiguur"),
]


def forwards(apps, schema_editor):
    from portal.editorial.roles import grant_content_permissions

    Synonym = apps.get_model("portal", "Synonym")
    for term, equivalents in SYNONYMS:
        if not Synonym.objects.filter(term__iexact=term).exists():
            Synonym.objects.create(term=term, equivalents=equivalents)
    # Redactie and Eindredactie add, change, view and delete synonyms.
    grant_content_permissions(apps, "portal", ["synonym"], deletable=["synonym"])


class Migration(migrations.Migration):
    dependencies = [("portal", "0009_search_ranking")]

    operations = [
        migrations.CreateModel(
            name="Synonym",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "term",
                    models.CharField(
                        help_text=(
                            "Een woord of woordgroep zoals bezoekers het kunnen typen, "
                            "bijvoorbeeld ‘vve’. Hoofdletters maken niet uit."
                        ),
                        max_length=100,
                        verbose_name="zoekterm",
                    ),
                ),
                (
                    "equivalents",
                    models.TextField(
                        help_text=(
                            "Eén per regel (of gescheiden door komma's): woorden of woordgroepen "
                            "met dezelfde betekenis, bijvoorbeeld ‘voor- en vroegschoolse "
                            "educatie’. Het werkt twee kanten op: wie de zoekterm of een van "
                            "deze woorden zoekt, vindt ook de andere. Een woordgroep wordt "
                            "gevonden als alternatief, maar wordt niet herkend in wat een "
                            "bezoeker typt: zet daarom het losse woord (de afkorting) als "
                            "zoekterm."
                        ),
                        verbose_name="betekent hetzelfde als",
                    ),
                ),
            ],
            options={
                "verbose_name": "zoeksynoniem",
                "verbose_name_plural": "zoeksynoniemen",
                "constraints": [
                    models.UniqueConstraint(
                        django.db.models.functions.text.Lower("term"),
                        name="search_synonym_term_unique",
                        violation_error_message="Deze zoekterm staat al in de lijst.",
                    )
                ],
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
