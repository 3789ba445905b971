# Title suggestions while typing (issue 16): the search box proposes public
# titles with a word starting with what is typed (portal.search.titles). On
# PostgreSQL a GIN index on the title's words ('simple' configuration: no
# stemming, no stop words) finds them; the query in portal.search.titles uses
# the same expression, or the index is not used. Not a partial index: ANALYZE
# keeps statistics of the expression only for a full one, and the planner
# needs them to choose between this index (a rare prefix) and walking the
# date index newest first (a common one). On SQLite this step does nothing
# (the fallback matches without an index).

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS search_doc_title_words ON portal_searchdocument "
    "USING gin (to_tsvector('simple'::regconfig, title))",
    # Statistics of the new expression now, not at the next autovacuum.
    "ANALYZE portal_searchdocument",
]
BACKWARD = ["DROP INDEX IF EXISTS search_doc_title_words"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("portal", "0011_query_log")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
