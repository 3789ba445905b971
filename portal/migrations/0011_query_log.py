# What visitors search for (issue 16): per day and query text, how often it was
# searched for and how often it found nothing. No personal data. The editors
# may view the counts (a read-only admin page).

from django.db import migrations, models


def forwards(apps, schema_editor):
    from portal.editorial.roles import grant_view_permissions

    grant_view_permissions(apps, "portal", ["searchquerystat"])


class Migration(migrations.Migration):
    dependencies = [("portal", "0010_synonyms")]

    operations = [
        migrations.CreateModel(
            name="SearchQueryStat",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(verbose_name="dag")),
                ("query", models.CharField(max_length=200, verbose_name="zoekvraag")),
                (
                    "searches",
                    models.PositiveIntegerField(default=0, verbose_name="aantal keer gezocht"),
                ),
                (
                    "zero_results",
                    models.PositiveIntegerField(
                        default=0, verbose_name="aantal keer niets gevonden"
                    ),
                ),
            ],
            options={
                "verbose_name": "zoekvraag",
                "verbose_name_plural": "zoekvragen",
                "constraints": [
                    models.UniqueConstraint(fields=("day", "query"), name="search_stat_day_query")
                ],
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
