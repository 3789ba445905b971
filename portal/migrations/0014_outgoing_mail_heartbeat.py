"""Issue 18: every outgoing mail is recorded (sent once, retried, resent from
the admin by both editorial groups), and the task workers' heartbeats."""

from django.db import migrations, models


def forwards(apps, schema_editor):
    from portal.editorial.roles import grant_content_permissions

    grant_content_permissions(apps, "portal", ["outgoingmail"])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0013_search_speed"),
    ]

    operations = [
        migrations.CreateModel(
            name="OutgoingMail",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=200, unique=True, verbose_name="sleutel")),
                ("recipients", models.JSONField(default=list, verbose_name="ontvangers")),
                ("subject", models.CharField(max_length=300, verbose_name="onderwerp")),
                ("body", models.TextField(verbose_name="tekst")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "in de wachtrij"),
                            ("sending", "wordt verstuurd"),
                            ("sent", "verstuurd"),
                            ("failed", "mislukt"),
                        ],
                        db_index=True,
                        default="queued",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("attempts", models.PositiveIntegerField(default=0, verbose_name="pogingen")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="aangemaakt")),
                (
                    "retry_from",
                    models.DateTimeField(
                        help_text="Na een dag vergeefs proberen vanaf dit moment geldt de mail als mislukt.",
                        verbose_name="proberen sinds",
                    ),
                ),
                (
                    "next_attempt_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="volgende poging"),
                ),
                (
                    "last_attempt_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="laatste poging"),
                ),
                (
                    "sent_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="verstuurd op"),
                ),
                (
                    "last_error",
                    models.CharField(blank=True, max_length=500, verbose_name="laatste fout"),
                ),
                (
                    "request_id",
                    models.CharField(
                        blank=True,
                        help_text="Het verzoek dat de mail veroorzaakte, om in de logs op te zoeken.",
                        max_length=32,
                        verbose_name="verzoek-id",
                    ),
                ),
            ],
            options={
                "verbose_name": "uitgaande mail",
                "verbose_name_plural": "uitgaande mail",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="WorkerHeartbeat",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("worker_id", models.CharField(max_length=64, unique=True, verbose_name="worker")),
                ("seen_at", models.DateTimeField(verbose_name="laatst gezien")),
            ],
            options={
                "verbose_name": "hartslag van een worker",
                "verbose_name_plural": "hartslagen van workers",
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
