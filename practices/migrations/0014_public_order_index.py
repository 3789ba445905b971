"""The public order of practices (EVENT_ORDER) over public rows, as an index
(issue 23): a list page of 20 reads the first matching entries instead of
sorting every practice. PostgreSQL only: SQLite cannot put NULLS LAST in an
index (the model state has it everywhere)."""

from django.db import migrations, models

INDEX = models.Index(
    models.OrderBy(models.F("event_date"), descending=True, nulls_last=True),
    models.OrderBy(models.F("publish_at"), descending=True, nulls_last=True),
    models.OrderBy(models.F("id"), descending=True),
    condition=models.Q(("change_of__isnull", True), ("status", "published")),
    name="practice_public_by_event",
)


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("practices", "Practice"), INDEX)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("practices", "Practice"), INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0013_english_texts_and_language"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="practice", index=INDEX)],
            database_operations=[migrations.RunPython(add, remove)],
        ),
    ]
