"""Exact counts of searches that are slow to count (issue 23).

``portal_searchcount`` holds, for a few tsqueries that took reading many
matches to count (a phrase of common words, a prefix of many lexemes:
chosen by ``portal.search.learned``), how many documents with status
published match them. The count of such a search is then one row read, and
the scheduled matches subtracted (few), as for one word (migration 0013).

Statement-level triggers on ``portal_searchdocument`` keep the numbers exact
in the same transaction as every insert, update and delete: each changed row
is tested against each learned tsquery (``@@``, the vector's positions for a
phrase), +1 for a published row after the statement, -1 for one before it;
an unchanged match counts -1 and +1 and so nothing. The rows are updated in
the order of their query, so two writers wait for each other instead of
deadlocking. A truncate sets every number to 0. Without learned counts the
triggers do nothing. PostgreSQL only: on SQLite the table stays empty.
"""

from django.db import migrations, models

FUNCTION = "portal_search_count_update"

_LOOP = """
FOR r IN
    SELECT c.query, sum(d.sign)::integer AS n
    FROM ({rows}) AS d,
         (SELECT query, query::tsquery AS tsquery FROM portal_searchcount) AS c
    WHERE d.search_vector @@ c.tsquery
    GROUP BY c.query
    HAVING sum(d.sign) <> 0
    ORDER BY c.query
LOOP
    UPDATE portal_searchcount SET documents = documents + r.n WHERE query = r.query;
END LOOP;
"""  # noqa: S608 - constants only
_NEW = "SELECT search_vector, 1 AS sign FROM new_rows WHERE status = 'published'"
_OLD = "SELECT search_vector, -1 AS sign FROM old_rows WHERE status = 'published'"

CREATE = [
    f"""
CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        UPDATE portal_searchcount SET documents = 0;
    ELSIF NOT EXISTS (SELECT 1 FROM portal_searchcount) THEN
        NULL;
    ELSIF TG_OP = 'INSERT' THEN
        {_LOOP.format(rows=_NEW)}
    ELSIF TG_OP = 'DELETE' THEN
        {_LOOP.format(rows=_OLD)}
    ELSE
        {_LOOP.format(rows=_NEW + " UNION ALL " + _OLD)}
    END IF;
    RETURN NULL;
END
$$
""",  # noqa: S608 - constants only
    f"CREATE TRIGGER search_count_insert AFTER INSERT ON portal_searchdocument "
    f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()",
    f"CREATE TRIGGER search_count_update AFTER UPDATE ON portal_searchdocument "
    f"REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()",
    f"CREATE TRIGGER search_count_delete AFTER DELETE ON portal_searchdocument "
    f"REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()",
    f"CREATE TRIGGER search_count_truncate AFTER TRUNCATE ON portal_searchdocument "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()",
]

DROP = [
    f"DROP TRIGGER IF EXISTS search_count_{event} ON portal_searchdocument"
    for event in ("insert", "update", "delete", "truncate")
] + [f"DROP FUNCTION IF EXISTS {FUNCTION}()"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in CREATE:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("portal", "0020_search_title")]

    operations = [
        migrations.CreateModel(
            name="SearchCount",
            fields=[
                ("query", models.TextField(primary_key=True, serialize=False)),
                ("documents", models.IntegerField(default=0)),
                ("learned", models.DateTimeField()),
            ],
        ),
        migrations.RunPython(forward, backward),
    ]
