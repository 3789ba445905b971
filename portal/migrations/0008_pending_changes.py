# Pending changes and review-bound approval (issue 14): the transition log
# records what happened (action), which version was submitted or approved, and
# the pending change a row came from.

from django.db import migrations, models

ACTIONS = [
    ("submit", "aangeboden"),
    ("publish", "goedgekeurd en gepubliceerd"),
    ("send_back", "teruggestuurd"),
    ("unpublish", "gedepubliceerd"),
    ("archive", "gearchiveerd"),
    ("restore", "teruggezet uit archief"),
    ("reopen", "gewijzigd na aanbieden"),
    ("edit_live", "direct gewijzigd door eindredactie"),
    ("start_change", "wijziging begonnen"),
    ("approve_change", "wijziging goedgekeurd"),
]


class Migration(migrations.Migration):
    dependencies = [("portal", "0007_search_terms")]

    operations = [
        migrations.AddField(
            model_name="transitionlog",
            name="action",
            field=models.CharField(
                blank=True, choices=ACTIONS, max_length=20, verbose_name="handeling"
            ),
        ),
        migrations.AddField(
            model_name="transitionlog",
            name="change_id",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="wijziging"),
        ),
        migrations.AddField(
            model_name="transitionlog",
            name="version",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="versie"),
        ),
    ]
