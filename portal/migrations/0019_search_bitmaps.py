"""Exact counts of common words without reading their matches (issue 16/23).

``portal_searchbitmap`` holds, for each lexeme listed in
``portal_searchcommon`` (the lexemes in many published documents, chosen by
``portal.search.bitmaps.refresh``), one bit per document id: set when the
document is published and its ``search_vector`` has the lexeme. Ids are
split in chunks of 65,536 bits (8 KB), so an edit rewrites one small row per
common lexeme of the document. The number of published documents holding
several common words is then the number of bits set in all their bitmaps
(``bit_and``, ``bit_count``): well under a millisecond at 1,000,000
documents, where counting the matches reads every one of them.

Statement-level triggers on ``portal_searchdocument`` keep the bits exact in
the same transaction as every insert, update and delete (transition tables,
as the lexeme counts of migration 0013): a (document, lexeme) pair present
only after the statement sets its bit, one present only before clears it,
one present on both sides stays. Rows are changed in (lexeme, chunk) order,
so two writers wait for each other instead of deadlocking. A truncate
empties the bitmaps. PostgreSQL only: on SQLite nothing is created.
"""

from django.db import migrations

FUNCTION = "portal_search_bitmap_update"
CHUNK_BITS = 65536

# (id, lexeme, present after the statement) for every pair that changes:
# a pair on one side only. Only published rows have bits.
_PAIRS = """
SELECT x.id, x.lexeme, bool_or(x.after) AS value
FROM ({rows}) AS x
WHERE x.lexeme IN (SELECT lexeme FROM portal_searchcommon)
GROUP BY x.id, x.lexeme
HAVING count(*) = 1
"""
_NEW = (
    "SELECT n.id, w.lexeme, true AS after FROM new_rows AS n, "
    "unnest(tsvector_to_array(n.search_vector)) AS w(lexeme) WHERE n.status = 'published'"
)
_OLD = (
    "SELECT o.id, w.lexeme, false AS after FROM old_rows AS o, "
    "unnest(tsvector_to_array(o.search_vector)) AS w(lexeme) WHERE o.status = 'published'"
)

_APPLY = f"""
FOR r IN
    SELECT p.lexeme, (p.id >> 16)::integer AS chunk,
           array_agg((p.id & {CHUNK_BITS - 1})::integer) AS positions, array_agg(p.value) AS vals
    FROM ({{pairs}}) AS p
    GROUP BY 1, 2 ORDER BY 1, 2
LOOP
    INSERT INTO portal_searchbitmap (lexeme, chunk, bits)
    VALUES (r.lexeme, r.chunk, repeat('0', {CHUNK_BITS})::varbit)
    ON CONFLICT DO NOTHING;
    SELECT b.bits INTO chunk_bits FROM portal_searchbitmap AS b
    WHERE b.lexeme = r.lexeme AND b.chunk = r.chunk FOR UPDATE;
    FOR i IN 1 .. array_length(r.positions, 1) LOOP
        chunk_bits := set_bit(chunk_bits, r.positions[i], CASE WHEN r.vals[i] THEN 1 ELSE 0 END);
    END LOOP;
    UPDATE portal_searchbitmap AS b SET bits = chunk_bits
    WHERE b.lexeme = r.lexeme AND b.chunk = r.chunk;
END LOOP;
"""  # noqa: S608 - constants only

CREATE = [
    "CREATE TABLE portal_searchcommon (lexeme text PRIMARY KEY)",
    "CREATE TABLE portal_searchbitmap ("
    " lexeme text NOT NULL REFERENCES portal_searchcommon (lexeme) ON DELETE CASCADE,"
    " chunk integer NOT NULL, bits varbit NOT NULL, PRIMARY KEY (lexeme, chunk))",
    f"""
CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r record;
    chunk_bits varbit;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM portal_searchbitmap;
    ELSIF NOT EXISTS (SELECT 1 FROM portal_searchcommon) THEN
        NULL;
    ELSIF TG_OP = 'INSERT' THEN
        {_APPLY.format(pairs=_PAIRS.format(rows=_NEW))}
    ELSIF TG_OP = 'DELETE' THEN
        {_APPLY.format(pairs=_PAIRS.format(rows=_OLD))}
    ELSE
        {_APPLY.format(pairs=_PAIRS.format(rows=_NEW + " UNION ALL " + _OLD))}
    END IF;
    RETURN NULL;
END
$$
""",  # noqa: S608 - constants only
    f"CREATE TRIGGER search_bitmap_insert AFTER INSERT ON portal_searchdocument "
    f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()",
    f"CREATE TRIGGER search_bitmap_update AFTER UPDATE ON portal_searchdocument "
    f"REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()",
    f"CREATE TRIGGER search_bitmap_delete AFTER DELETE ON portal_searchdocument "
    f"REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()",
    f"CREATE TRIGGER search_bitmap_truncate AFTER TRUNCATE ON portal_searchdocument "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()",
]

DROP = [
    *(
        f"DROP TRIGGER IF EXISTS search_bitmap_{event} ON portal_searchdocument"
        for event in ("insert", "update", "delete", "truncate")
    ),
    f"DROP FUNCTION IF EXISTS {FUNCTION}()",
    "DROP TABLE IF EXISTS portal_searchbitmap",
    "DROP TABLE IF EXISTS portal_searchcommon",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in CREATE:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("portal", "0018_search_english")]

    operations = [migrations.RunPython(forward, backward)]
