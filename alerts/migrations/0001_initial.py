"""Alerts: a subscription per e-mail address and followed thing (issue 20)."""

import django.db.models.deletion
from django.db import migrations, models

import alerts.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("portal", "0015_municipality_size_class"),
    ]

    operations = [
        migrations.CreateModel(
            name="Subscription",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("email", models.EmailField(max_length=254, verbose_name="e-mailadres")),
                (
                    "target",
                    models.CharField(
                        choices=[
                            ("gemeente", "een gemeente"),
                            ("thema", "een thema"),
                            ("soort", "een soort inhoud"),
                            ("zoekvraag", "een zoekvraag"),
                        ],
                        max_length=10,
                        verbose_name="volgt",
                    ),
                ),
                ("kind", models.CharField(blank=True, max_length=40, verbose_name="soort inhoud")),
                ("query", models.CharField(blank=True, max_length=200, verbose_name="zoekvraag")),
                ("target_key", models.CharField(editable=False, max_length=250)),
                (
                    "frequency",
                    models.CharField(
                        choices=[("dagelijks", "dagelijks"), ("wekelijks", "wekelijks")],
                        default="wekelijks",
                        max_length=10,
                        verbose_name="hoe vaak",
                    ),
                ),
                (
                    "token",
                    models.CharField(
                        default=alerts.models.new_token, editable=False, max_length=40
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="aangevraagd op"),
                ),
                (
                    "confirmed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="bevestigd op"),
                ),
                (
                    "checked_until",
                    models.DateTimeField(blank=True, null=True, verbose_name="bekeken tot"),
                ),
                (
                    "last_sent_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="laatste mail"),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="portal.municipality",
                        verbose_name="gemeente",
                    ),
                ),
                (
                    "theme",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="portal.theme",
                        verbose_name="thema",
                    ),
                ),
            ],
            options={
                "verbose_name": "volger",
                "verbose_name_plural": "volgers",
                "ordering": ["-created_at", "-pk"],
                "permissions": [("view_address", "Kan e-mailadressen van volgers zien")],
                "indexes": [
                    models.Index(fields=["confirmed_at", "created_at"], name="alerts_confirmed")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("email", "target_key"), name="alerts_one_per_target"
                    )
                ],
            },
        ),
    ]
