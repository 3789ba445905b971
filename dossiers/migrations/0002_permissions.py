"""Redactie and Eindredactie may work on organisations, regions, theme
dossiers and policy documents (Eindredactie also publishes); the rows edited
inline (evidence, files) may be deleted by both."""

from django.db import migrations


def forwards(apps, schema_editor):
    from portal.editorial.roles import grant_content_permissions

    grant_content_permissions(
        apps,
        "dossiers",
        [
            "organisation",
            "region",
            "themedossier",
            "policydocument",
            "dossierevidence",
            "policydocumentfile",
        ],
        deletable=["dossierevidence", "policydocumentfile"],
    )


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial"), ("portal", "0002_initial_data")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
