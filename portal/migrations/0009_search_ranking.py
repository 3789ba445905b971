"""Search ranking, prefix and compound matching (issue 16), PostgreSQL only
(on SQLite nothing happens: the fallback search needs none of it).

1. Text search configurations. ``portal_words``: words as written, without
   the Dutch stop words (the unstemmed words for prefix matching).
   ``portal_dutch``: Debian's hunspell-nl dictionary
   (as ``nl_portal.dict``/``.affix`` in PostgreSQL's tsearch_data, which
   ``scripts/lib.sh`` prepares) splits Dutch compounds, then the Dutch
   snowball stemmer. Without the dictionary files it is a copy of ``dutch``,
   with a warning (an error when CI=true).
2. Narrow table rows (``toast_tuple_target``): the long text and the main
   vector move to TOAST, so counting all matches reads few pages; the small
   columns read for every ranked match stay in the row (``NARROW``).
3. The vectors are recomputed in the new composition (``portal.search.db``):
   title A, taxonomy names B, summary C, body D, plus the unstemmed words
   for prefix matching; the new ``search_head`` holds title and names only.
4. RUM indexes on both vectors (Debian's postgresql-15-rum): they rank
   inside the index. The GIN index of 0004 stays: it finds and counts the
   matches faster (bitmap scans). Without the extension (or the right to
   create it) the search ranks without RUM, with a warning (an error when
   CI=true).
5. A small partial index on the unpublished documents: the exact count of
   the matches is "all matches minus the unpublished ones".
"""

import os
import sys

import django.contrib.postgres.search
from django.db import migrations, transaction

from portal.search.db import HEAD_FIELDS, forget_features, vector_sql

DICTIONARY = """
CREATE TEXT SEARCH DICTIONARY portal_nl_ispell (
    TEMPLATE = ispell, DictFile = nl_portal, AffFile = nl_portal, StopWords = dutch)
"""
WORD_TYPES = "asciiword, word, hword_part, hword_asciipart, asciihword, hword"
WORDS = [
    "CREATE TEXT SEARCH DICTIONARY portal_simple_nl (TEMPLATE = pg_catalog.simple, STOPWORDS = dutch)",
    "CREATE TEXT SEARCH CONFIGURATION portal_words (COPY = pg_catalog.simple)",
    f"ALTER TEXT SEARCH CONFIGURATION portal_words ALTER MAPPING FOR {WORD_TYPES} WITH portal_simple_nl",
]
DROP = [
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS portal_dutch",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS portal_nl_ispell",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS portal_words",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS portal_simple_nl",
]

# Read for every ranked match: kept in the row (compressed if need be), while
# the long text and the main vector go to TOAST.
NARROW = ["facet_text", "search_head"]

OLD_VECTOR = (
    "setweight(to_tsvector('dutch', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('dutch', coalesce(summary, '') || ' ' || coalesce(names, '')), 'B') || "
    "setweight(to_tsvector('dutch', coalesce(body_text, '')), 'C')"
)


def warn(message):
    """Loud on the console; fatal in CI, where everything must be there."""
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"{message} (CI=true: installeer het, zie README)")
    line = "#" * 78
    sys.stderr.write(f"\n{line}\n# LET OP: {message}\n{line}\n")


def attempt(schema_editor, statements):
    """Run statements in a savepoint; False (and nothing done) on an error."""
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            for sql in statements:
                schema_editor.execute(sql)
    except Exception as error:  # noqa: BLE001 - any failure means: fall back
        return str(error).strip().splitlines()[0]
    return None


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    for sql in DROP + WORDS:
        execute(sql)
    execute("CREATE TEXT SEARCH CONFIGURATION portal_dutch (COPY = pg_catalog.dutch)")
    failed = attempt(
        schema_editor,
        [
            DICTIONARY,
            f"ALTER TEXT SEARCH CONFIGURATION portal_dutch ALTER MAPPING FOR {WORD_TYPES} "
            "WITH portal_nl_ispell, dutch_stem",
        ],
    )
    if failed:
        warn(
            "geen Nederlands woordenboek voor PostgreSQL (hunspell-nl als nl_portal.dict/.affix "
            f"in tsearch_data): samengestelde woorden worden niet gesplitst. ({failed})"
        )
    execute("ALTER TABLE portal_searchdocument SET (toast_tuple_target = 256)")
    for column in NARROW:
        execute(f"ALTER TABLE portal_searchdocument ALTER COLUMN {column} SET STORAGE MAIN")
    execute(
        f"UPDATE portal_searchdocument SET search_vector = {vector_sql()}, "  # noqa: S608
        f"search_head = {vector_sql(HEAD_FIELDS)}"
    )
    execute(
        "CREATE INDEX IF NOT EXISTS search_doc_unpublished ON portal_searchdocument (id) "
        "WHERE status <> 'published'"
    )
    failed = attempt(
        schema_editor,
        [
            "CREATE EXTENSION IF NOT EXISTS rum",
            "CREATE INDEX IF NOT EXISTS search_doc_rum ON portal_searchdocument "
            "USING rum (search_vector rum_tsvector_ops)",
            "CREATE INDEX IF NOT EXISTS search_doc_head_rum ON portal_searchdocument "
            "USING rum (search_head rum_tsvector_ops)",
        ],
    )
    if failed:
        warn(
            "de PostgreSQL-extensie rum ontbreekt (postgresql-15-rum): de zoekfunctie rangschikt "
            f"zonder RUM-index, traag bij veelvoorkomende woorden. ({failed})"
        )
    forget_features()


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute("DROP INDEX IF EXISTS search_doc_rum")
    execute("DROP INDEX IF EXISTS search_doc_head_rum")
    execute("DROP INDEX IF EXISTS search_doc_unpublished")
    execute("ALTER TABLE portal_searchdocument RESET (toast_tuple_target)")
    for column in NARROW:
        execute(f"ALTER TABLE portal_searchdocument ALTER COLUMN {column} SET STORAGE EXTENDED")
    execute(f"UPDATE portal_searchdocument SET search_vector = {OLD_VECTOR}")  # noqa: S608
    for sql in DROP:
        execute(sql)
    forget_features()


class Migration(migrations.Migration):
    dependencies = [("portal", "0008_pending_changes")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="search_head",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forward, backward),
    ]
