"""tsquery text read as a tree (``parse``: lexemes, & | and parentheses;
also what ``bitmaps.formula`` counts from), and a tsquery with some of its
words taken as matched (``weaken``).

A word in most documents ("ouder", "school") costs the RUM index a read of
its whole posting list with positions before the first ranked row: for
"brede school" ('breed' & 'school') at 100,000 documents 8 of its 16 ms,
for "ouderpanel" ('ouder' & 'panel') 25 of 31. Every match of a query also
matches the query with such a word taken as matched ('breed'), which the
index ranks from the rarer word's postings alone; ``query._by_rarer`` ranks
those and keeps the ones that match the whole query.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from portal.search.db import QUOTED_LEXEME, unquote

# tsquery text as PostgreSQL writes it: a quoted lexeme with its optional
# prefix mark and weights ('ouder', 'ouderbetrokk':*), & | ( ), or any
# other operator (! and <->, <N>: then nothing is weakened).
_TOKEN = re.compile(rf"\s*(?:({QUOTED_LEXEME}(:[*A-D]+)?)|([&|()])|(\S))")

# A node: a lexeme (its text as written, its lexeme, what follows it: ""
# for a plain lexeme, ":*" for a prefix, or weights), an "&" or "|" of
# nodes, or TRUE (taken as matched).
TRUE = ("true",)


def parse(tsquery: str) -> tuple | None:
    """``tsquery`` as a tree of nodes (above); None when it holds anything
    but lexemes, & | and parentheses, or is not well formed."""
    tokens: list[tuple[str, ...]] = []
    for found in _TOKEN.finditer(tsquery.rstrip()):
        operand, lexeme, suffix, operator, other = found.groups()
        if other:
            return None
        tokens.append(
            ("lexeme", operand, unquote(lexeme), suffix or "") if operand else ("op", operator)
        )
    at = 0

    def atom() -> tuple:
        nonlocal at
        token = tokens[at]
        at += 1
        if token[0] == "lexeme":
            return token
        if token != ("op", "("):
            raise ValueError(token)
        inner = either()
        if tokens[at] != ("op", ")"):
            raise ValueError(")")
        at += 1
        return inner

    def joined(operator: str, part: Callable[[], tuple]) -> tuple:
        nonlocal at
        parts = [part()]
        while at < len(tokens) and tokens[at] == ("op", operator):
            at += 1
            parts.append(part())
        return parts[0] if len(parts) == 1 else (operator, *parts)

    def both() -> tuple:
        return joined("&", atom)

    def either() -> tuple:
        return joined("|", both)

    try:
        tree = either()
    except (ValueError, IndexError):
        return None
    return tree if at == len(tokens) else None


def _take(node: tuple, taken: Collection[str]) -> tuple:
    if node[0] == "lexeme":
        return TRUE if not node[3] and node[2] in taken else node
    parts = [_take(part, taken) for part in node[1:]]
    if node[0] == "|":
        return TRUE if TRUE in parts else node[:1] + tuple(parts)
    kept = [part for part in parts if part != TRUE]
    if not kept:
        return TRUE
    return kept[0] if len(kept) == 1 else ("&", *kept)


def _text(node: tuple, inside_and: bool = False) -> str:
    if node[0] == "lexeme":
        return node[1]
    text = f" {node[0]} ".join(_text(part, node[0] == "&") for part in node[1:])
    return f"( {text} )" if inside_and and node[0] == "|" else text


def lexemes(tsquery: str) -> list[str]:
    """The plain lexemes (no prefix or weight) of ``tsquery``, when it is
    made of lexemes with & | and parentheses only; else none."""
    tree = parse(tsquery)
    found: list[str] = []

    def walk(node: tuple) -> None:
        if node[0] == "lexeme":
            if not node[3] and node[2] not in found:
                found.append(node[2])
        else:
            for part in node[1:]:
                walk(part)

    if tree is not None:
        walk(tree)
    return found


def weaken(tsquery: str, taken: Collection[str]) -> str | None:
    """``tsquery`` with the plain lexemes in ``taken`` taken as matched
    ("'breed' & 'school'" without 'school' is "'breed'"); None when that
    changes nothing, leaves nothing to match, or the query holds an
    operator other than & and | (a phrase, a negation)."""
    tree = parse(tsquery)
    if tree is None:
        return None
    weaker = _take(tree, taken)
    if weaker in (TRUE, tree):
        return None
    return _text(weaker)
