"""The editors' synonyms (``Synonym``) for the search.

``expand`` gives, for each query word, the word and the other members of its
synonym group. The groups are read as one table, cached under the content
version (``portal.core.cache``); every save or delete of a synonym moves that
version on (``portal.search.models``), so an edit counts at once, and the
cached search results, keyed by the same version, are renewed with it."""

from portal.core.cache import cached
from portal.search.models import Synonym, normalise_entry


def _table() -> dict[str, list[str]]:
    """Each member of a group (word or word group) → the other members."""
    table: dict[str, list[str]] = {}
    for synonym in Synonym.objects.order_by("term").only("term", "equivalents"):
        group = synonym.entries()
        for entry in group:
            others = table.setdefault(entry, [])
            others += [other for other in group if other != entry and other not in others]
    return table


def expand(words: list[str]) -> list[list[str]]:
    """For each (lower-cased) query word the list of alternatives, the word
    itself first; a multi-word alternative is one string with spaces. A word
    without synonyms gives ``[word]``."""
    if not words:
        return []
    table = cached("search-synonyms-v1", (), _table)
    return [
        [word, *(other for other in table.get(normalise_entry(word), []) if other != word)]
        for word in words
    ]
