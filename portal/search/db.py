"""What the search needs to know of the database.

On PostgreSQL a document's ``search_vector`` holds, per field and weighted
(title A, taxonomy names B, summary C, body D; the ranking gives them 1.0,
0.4, 0.2 and 0.1):

* the words as the text search configuration ``portal_dutch`` (migration
  0009) normalises them: with Debian's ``hunspell-nl`` dictionary it splits
  Dutch compounds ("ouderbetrokkenheid" -> "ouder", "betrokkenheid") before
  the Dutch stemmer; without it, it is a plain copy of ``dutch``;
* each word once more *unstemmed* (``portal_words``: no stop words), marked
  with ``~`` ("~ouderbetrokkenheid"),
  at the same position: the last word of a query matches these as a prefix
  ("ouderbetrokk" finds "ouderbetrokkenheid", which stemming or compound
  splitting would hide). The marker keeps them apart from the normalised
  words, so they never count twice for a whole word.

``search_head`` holds the same for the title and the names only, and
``search_title`` for the title alone (migration 0020): the first ranking
stage of common words (``portal.search.query._ranked``).

The English version of a translated item (issue 21) has a vector of its own,
``search_vector_en``: title A, names B, summary C, body D, made with
PostgreSQL's built-in ``english`` configuration (English stemming and stop
words), without the unstemmed prefix words; NULL for an untranslated item.
Its GIN index (migration 0018) is partial, on the translated documents only.

Migration 0009 also puts RUM indexes (``postgresql-15-rum``) on both vectors
when the extension is there: they rank inside the index (``<=>``). The GIN
index of migration 0004 stays for finding and counting; without RUM the
ranking is computed per match (``ts_rank_cd``).
"""

import re

from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models.expressions import RawSQL

CONFIG = "portal_dutch"
# Unstemmed words without the Dutch stop words (migration 0009).
RAW_CONFIG = "portal_words"
PREFIX_MARK = "~"
# Shorter query words are no prefix (too many matches); so raw words below
# this length need not be indexed.
PREFIX_MIN = 3
FIELDS = (("title", "A"), ("names", "B"), ("summary", "C"), ("body_text", "D"))
HEAD_FIELDS = FIELDS[:2]
TITLE_FIELDS = FIELDS[:1]
RUM_INDEX = "search_doc_rum"
HEAD_INDEX = "search_doc_head_rum"
TITLE_INDEX = "search_doc_title_rum"
ISPELL_DICTIONARY = "portal_nl_ispell"


def literal(lexeme: str) -> str:
    """A lexeme as tsquery text."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


# A lexeme as tsquery text (``literal``), the lexeme inside as group 1 (for
# ``unquote``).
QUOTED_LEXEME = r"'((?:[^'\\]|''|\\.)+)'"


def unquote(quoted: str) -> str:
    """The lexeme inside tsquery quotes (the inverse of ``literal``)."""
    return re.sub(r"''|\\(.)", lambda m: m.group(1) or "'", quoted)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _field_sql(column: str, weight: str) -> str:
    """One field's weighted part of the vector: the normalised words plus the
    marked unstemmed ones at the same positions (merged as tsvector text)."""
    text = f"coalesce({column}, '')"
    # '~word':3,17 (quotes doubled, backslashes escaped: tsvector syntax);
    # no "%" anywhere: the SQL goes through the driver's parameter parser.
    raw = (
        f"(SELECT string_agg('''{PREFIX_MARK}' || "  # noqa: S608  # nosec  # B608: constants
        "replace(replace(w.lexeme, '\\', '\\\\'), '''', '''''') || "
        "''':' || array_to_string(w.positions, ','), ' ') "
        f"FROM unnest(to_tsvector('{RAW_CONFIG}', {text})) AS w WHERE length(w.lexeme) >= {PREFIX_MIN})"
    )
    return (
        f"setweight((to_tsvector('{CONFIG}', {text})::text || ' ' || coalesce({raw}, ''))"
        f"::tsvector, '{weight}')"
    )


def vector_sql(fields: tuple[tuple[str, str], ...] = FIELDS) -> str:
    """SQL for a document's vector from its own columns (UPDATE ... SET)."""
    return " || ".join(_field_sql(column, weight) for column, weight in fields)


def _vector() -> RawSQL:
    # Constant SQL (module constants, no input).
    return RawSQL(vector_sql(), [], output_field=SearchVectorField())  # noqa: S611  # nosec  # B611: constant SQL


def _head_vector() -> RawSQL:
    """``search_head``: the same for the title and the taxonomy names only."""
    return RawSQL(vector_sql(HEAD_FIELDS), [], output_field=SearchVectorField())  # noqa: S611  # nosec  # B611: constant SQL


def _title_vector() -> RawSQL:
    """``search_title``: the same for the title alone."""
    return RawSQL(vector_sql(TITLE_FIELDS), [], output_field=SearchVectorField())  # noqa: S611  # nosec  # B611: constant SQL


ENGLISH_CONFIG = "english"
ENGLISH_FIELDS = (("title_en", "A"), ("names_en", "B"), ("summary_en", "C"), ("body_text_en", "D"))
ENGLISH_INDEX = "search_doc_vector_en"


def english_vector_sql() -> str:
    """SQL for a document's English vector from its own ``*_en`` columns."""
    return " || ".join(
        f"setweight(to_tsvector('{ENGLISH_CONFIG}', coalesce({column}, '')), '{weight}')"
        for column, weight in ENGLISH_FIELDS
    )


def _english_vector() -> RawSQL:
    return RawSQL(english_vector_sql(), [], output_field=SearchVectorField())  # noqa: S611  # nosec  # B611: constant SQL


_features: dict[str, tuple[bool, bool]] = {}


def _detect() -> tuple[bool, bool]:
    key = str(connection.settings_dict.get("NAME"))
    if key not in _features:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = %s), "
                "EXISTS (SELECT 1 FROM pg_ts_config_map m JOIN pg_ts_config c ON c.oid = m.mapcfg "
                "JOIN pg_ts_dict d ON d.oid = m.mapdict WHERE c.cfgname = %s AND d.dictname = %s)",
                [RUM_INDEX, CONFIG, ISPELL_DICTIONARY],
            )
            rum, compounds = cursor.fetchone()
        _features[key] = (bool(rum), bool(compounds))
    return _features[key]


def has_rum() -> bool:
    """The vector has the RUM index (ranking inside the index)."""
    return is_postgres() and _detect()[0]


def splits_compounds() -> bool:
    """``portal_dutch`` splits compounds with the hunspell-nl dictionary."""
    return is_postgres() and _detect()[1]


def forget_features() -> None:
    """After a schema change (tests, migrations): detect again."""
    _features.clear()
