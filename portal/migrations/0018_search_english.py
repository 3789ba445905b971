"""English search (issue 21): the English version of a translated item in the
search index, next to the Dutch one, which does not change.

1. The English title, names, summary and body text of a document and its
   ``search_vector_en`` (PostgreSQL's ``english`` configuration, weighted as
   the Dutch vector: ``portal.search.db``). Empty, and the vector NULL, for
   an untranslated item.
2. PostgreSQL only (on SQLite nothing happens: the fallback needs no index):
   a GIN index on the English vector and one on the words of the English
   title (the title suggestions, ``portal.search.titles``), both partial, on
   the translated documents only, so the Dutch documents cost them nothing.
   The queries use the same expressions and predicates, or the indexes are
   not used.

The documents already indexed get their English version from
``manage.py rebuild_search_index`` (or the next save of each item).
"""

import django.contrib.postgres.search
from django.db import migrations, models

FORWARD = [
    "CREATE INDEX IF NOT EXISTS search_doc_vector_en ON portal_searchdocument "
    "USING gin (search_vector_en) WHERE search_vector_en IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS search_doc_title_en_words ON portal_searchdocument "
    "USING gin (to_tsvector('simple'::regconfig, title_en)) WHERE title_en <> ''",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_doc_vector_en",
    "DROP INDEX IF EXISTS search_doc_title_en_words",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("portal", "0017_theme_english")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="title_en",
            field=models.CharField(blank=True, default="", max_length=300),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="summary_en",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="names_en",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="body_text_en",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="search_vector_en",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(run(FORWARD), run(BACKWARD)),
    ]
