"""The title alone as a vector of its own, with a RUM index (issue 16/23).

A common word's matches were first ranked by title and taxonomy names
(``search_head``): at 100,000 documents "ouders" is in the names of more
than half of them (target groups such as "Alle ouders"), so that stage
ranked some 55,000 matches (16,000 in the titles). ``search_title`` holds
the title alone, made as
the other vectors (``portal.search.db``); its RUM index ranks the title
matches, a fraction of those (``portal.search.query._ranked``). Kept in the
row like ``search_head`` (small, read for every ranked match). PostgreSQL
only; without RUM the column is filled but has no index (the ranking then
does not use it).
"""

import django.contrib.postgres.search
from django.db import migrations

from portal.search.db import TITLE_FIELDS, TITLE_INDEX, forget_features, vector_sql


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute("ALTER TABLE portal_searchdocument ALTER COLUMN search_title SET STORAGE MAIN")
    execute(f"UPDATE portal_searchdocument SET search_title = {vector_sql(TITLE_FIELDS)}")  # noqa: S608
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'rum'")
        has_rum = cursor.fetchone() is not None
    if has_rum:
        execute(
            f"CREATE INDEX IF NOT EXISTS {TITLE_INDEX} ON portal_searchdocument "
            "USING rum (search_title rum_tsvector_ops)"
        )
    forget_features()


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {TITLE_INDEX}")
    forget_features()


class Migration(migrations.Migration):
    dependencies = [("portal", "0019_search_bitmaps")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="search_title",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forward, backward),
    ]
