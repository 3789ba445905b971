"""PostgreSQL-only parts of the search index: extensions, the GIN index on
the weighted vector and a trigram index for spelling suggestions. On SQLite
these steps do nothing (the fallback search needs none of them)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS search_doc_vector ON portal_searchdocument USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS search_term_trgm ON portal_searchterm USING gin (word gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_doc_vector",
    "DROP INDEX IF EXISTS search_term_trgm",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_search_index")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(run(FORWARD), run(BACKWARD)),
    ]
