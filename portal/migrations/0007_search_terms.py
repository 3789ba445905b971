# Public search vocabulary (issue 14): "Bedoelde u …?" only proposes words of
# live content. portal.search checks each candidate word at query time against
# the title and summary of live documents; on PostgreSQL this partial GIN index
# makes that check cheap (the expression and predicate must stay the same as
# in portal.search). Then the vocabulary loses the words no published document
# has: earlier versions only ever added words, drafts' and archived items'
# too. On SQLite both steps are skipped (the fallback checks without an index).

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS search_doc_words ON portal_searchdocument "
    "USING gin (to_tsvector('simple', title || ' ' || summary)) WHERE status = 'published'",
    "DELETE FROM portal_searchterm WHERE word NOT IN (SELECT word FROM ts_stat("
    "$$SELECT to_tsvector('simple', title || ' ' || summary) "
    "FROM portal_searchdocument WHERE status = 'published'$$))",
]
BACKWARD = ["DROP INDEX IF EXISTS search_doc_words"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("portal", "0006_security")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
