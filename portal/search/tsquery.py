"""tsquery text read as a tree (``parse``: lexemes, ! <-> <N> & | and
parentheses; also what ``bitmaps.formula`` counts from), a tsquery with some
of its words taken as matched (``weaken``: a query every match of the
original matches) and one without the alternatives that need them
(``without``: a query whose matches all match the original).

A word in most documents ("ouder", "school") costs the RUM index a read of
its whole posting list with positions before the first ranked row: for
"brede school" ('breed' & 'school') at 100,000 documents 8 of its 16 ms,
for "ouderpanel" ('ouder' & 'panel') 25 of 31. Every match of a query also
matches the query with such a word taken as matched ('breed'), which the
index ranks from the rarer word's postings alone; ``query._by_rarer`` ranks
those and keeps the ones that match the whole query. A phrase is counted
likewise (``query._phrase_count``): "doorgaande leerlijn" is
'doorgaand' <-> ( 'leerlijn' | 'leer' & 'lijn' ), and 'leer' is in 70 % of
the documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from functools import lru_cache

from portal.search.db import QUOTED_LEXEME, unquote

# tsquery text as PostgreSQL writes it: a quoted lexeme with its optional
# prefix mark and weights ('ouder', 'ouderbetrokk':*), an operator
# (& | ! <-> <N>), a parenthesis, or anything else (not a tsquery).
_TOKEN = re.compile(rf"\s*(?:({QUOTED_LEXEME}(:[*A-D]+)?)|([&|!()]|<(?:-|\d+)>)|(\S))")

# A node: a lexeme (its text as written, its lexeme, what follows it: ""
# for a plain lexeme, ":*" for a prefix, or weights); "&" or "|" of nodes;
# a phrase operator ("<->", "<2>", ...) of two nodes, the right one that
# many positions after the left one; "!" of a node; or TRUE (taken as
# matched) or FALSE (left out) while a tree is changed.
TRUE = ("true",)
FALSE = ("false",)


def is_phrase(node: tuple) -> bool:
    return node[0].startswith("<")


@lru_cache(maxsize=256)
def parse(tsquery: str) -> tuple | None:
    """``tsquery`` as a tree of nodes (above); None when it is not a well
    formed tsquery text. Remembered: a search reads its query a dozen
    times (the tree is made of tuples, it cannot be changed)."""
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
        if token == ("op", "!"):
            return ("!", atom())
        if token != ("op", "("):
            raise ValueError(token)
        inner = either()
        if tokens[at] != ("op", ")"):
            raise ValueError(")")
        at += 1
        return inner

    def phrase() -> tuple:
        # Left to right: 'a' <-> 'b' <-> 'c' is ( 'a' <-> 'b' ) <-> 'c'.
        nonlocal at
        node = atom()
        while at < len(tokens) and tokens[at][0] == "op" and tokens[at][1].startswith("<"):
            at += 1
            node = (tokens[at - 1][1], node, atom())
        return node

    def joined(operator: str, part: Callable[[], tuple]) -> tuple:
        nonlocal at
        parts = [part()]
        while at < len(tokens) and tokens[at] == ("op", operator):
            at += 1
            parts.append(part())
        return parts[0] if len(parts) == 1 else (operator, *parts)

    def both() -> tuple:
        return joined("&", phrase)

    def either() -> tuple:
        return joined("|", both)

    try:
        tree = either()
    except (ValueError, IndexError):
        return None
    return tree if at == len(tokens) else None


def _plain_in(node: tuple, words: Collection[str]) -> bool:
    """``node`` is a plain lexeme (no prefix, no weights) among ``words``."""
    return node[0] == "lexeme" and not node[3] and node[2] in words


def _has_negation(node: tuple) -> bool:
    return node[0] == "!" or (node[0] != "lexeme" and any(_has_negation(p) for p in node[1:]))


def negates(tsquery: str) -> bool:
    """Whether ``tsquery`` leaves a word out (a negation anywhere), or is
    not a tsquery (then nothing can be said of what it matches)."""
    tree = parse(tsquery)
    return tree is None or _has_negation(tree)


def _width(node: tuple) -> int:
    """How many positions past its first a match of ``node`` reaches, as
    PostgreSQL counts it: a phrase adds its distance, & and | take the
    widest part. A phrase around a part matches at positions that depend
    on that width."""
    if node[0] == "lexeme":
        return 0
    widths = [_width(part) for part in node[1:]]
    if is_phrase(node):
        return widths[0] + (1 if node[0] == "<->" else int(node[0][1:-1])) + widths[1]
    return max(widths)


def _take(node: tuple, taken: Collection[str]) -> tuple[tuple, bool]:
    """``node`` with the lexemes in ``taken`` as TRUE, and whether the
    positions where it matches (what a phrase around it reads) may have
    changed. Every document it matched still matches."""
    if node[0] == "lexeme":
        return (TRUE if _plain_in(node, taken) else node), False
    parts, moved = zip(*(_take(part, taken) for part in node[1:]), strict=True)
    kept = [part for part in parts if part != TRUE]
    if node[0] == "|" and len(kept) < len(parts):
        return TRUE, False
    if not kept:
        return TRUE, False
    if is_phrase(node) and (len(kept) < 2 or any(moved)):
        # Without one side, or with a side matched at other positions, a
        # phrase is only both sides somewhere in the document.
        return (kept[0] if len(kept) == 1 else ("&", *kept)), True
    changed = kept[0] if node[0] == "&" and len(kept) == 1 else (node[0], *kept)
    return changed, any(moved) or _width(changed) != _width(node)


def _leave_out(node: tuple, left_out: Collection[str], in_phrase: bool = False) -> tuple:
    """``node`` with the lexemes in ``left_out`` as FALSE: what it matches
    without them (fewer documents, at the same or fewer positions). In a
    phrase, an alternative whose width would change is left out whole."""
    if node[0] == "lexeme":
        return FALSE if _plain_in(node, left_out) else node
    inner = in_phrase or is_phrase(node)
    parts = [_leave_out(part, left_out, inner) for part in node[1:]]
    if node[0] != "|":
        return FALSE if FALSE in parts else (node[0], *parts)
    kept = [part for part in parts if part != FALSE]
    fewer = FALSE if not kept else kept[0] if len(kept) == 1 else ("|", *kept)
    return FALSE if in_phrase and fewer != FALSE and _width(fewer) != _width(node) else fewer


def _text(node: tuple, outer: str = "") -> str:
    if node[0] == "lexeme":
        return node[1]
    if node[0] == "!":
        return "!" + _text(node[1], "!")
    text = f" {node[0]} ".join(_text(part, node[0]) for part in node[1:])
    # Parentheses around any operator inside another one (a phrase inside a
    # phrase too: <-> reads left to right), whatever binds closer.
    return f"( {text} )" if outer and outer != node[0] or is_phrase(node) and outer else text


def lexemes(tsquery: str) -> list[str]:
    """The plain lexemes (no prefix or weight) of ``tsquery`` outside a
    negation; none when it is not a tsquery."""
    tree = parse(tsquery)
    found: list[str] = []

    def walk(node: tuple) -> None:
        if node[0] == "lexeme":
            if not node[3] and node[2] not in found:
                found.append(node[2])
        elif node[0] != "!":
            for part in node[1:]:
                walk(part)

    if tree is not None:
        walk(tree)
    return found


def weaken(tsquery: str, taken: Collection[str], *, keep_phrases: bool = False) -> str | None:
    """``tsquery`` with the plain lexemes in ``taken`` taken as matched
    ("'breed' & 'school'" without 'school' is "'breed'"): every document
    that matches ``tsquery`` matches it. In a phrase, a word left out of
    'a' <-> ( 'b' & 'c' ) keeps the phrase ('a' <-> 'c'), a side left out
    of 'a' <-> 'b' leaves the other ('a'), and a phrase around a side so
    changed becomes the sides anywhere ('a' & 'c'). None when that changes
    nothing, leaves nothing to match, or the query holds a negation; with
    ``keep_phrases`` also when a phrase would become its sides anywhere
    (how many of those matches have the words side by side, no statistics
    tell)."""
    tree = parse(tsquery)
    if tree is None or _has_negation(tree):
        return None
    weaker, moved = _take(tree, taken)
    if weaker in (TRUE, tree) or keep_phrases and moved:
        return None
    return _text(weaker)


def without(tsquery: str, left_out: Collection[str]) -> str | None:
    """``tsquery`` without the alternatives that need a lexeme in
    ``left_out`` ("'a' <-> ( 'b' | 'c' & 'd' )" without 'c' is
    "'a' <-> 'b'"): every document that matches it matches ``tsquery``.
    None when that changes nothing, leaves nothing, or the query holds a
    negation."""
    tree = parse(tsquery)
    if tree is None or _has_negation(tree):
        return None
    fewer = _leave_out(tree, left_out)
    if fewer in (FALSE, tree):
        return None
    return _text(fewer)


def needing(tsquery: str, taken: Collection[str]) -> str | None:
    """``tsquery`` with only the alternatives that need a lexeme in
    ``taken``, in the one | that has such alternatives beside others
    ("'a' <-> ( 'b' | 'c' & 'd' )" for 'c' is "'a' <-> ( 'c' & 'd' )"):
    every match of ``tsquery`` that does not match it ``without`` them
    matches this. None when no | or more than one has them (a match could
    need one in either), when a phrase around it would read other positions
    (an alternative of another width, ``_width``), or the query holds a
    negation."""
    tree = parse(tsquery)
    if tree is None or _has_negation(tree):
        return None
    narrowed: list[bool] = []  # per | narrowed: whether its width stays

    def needs(node: tuple) -> bool:
        return _plain_in(node, taken) or (
            node[0] != "lexeme" and any(needs(part) for part in node[1:])
        )

    def walk(node: tuple, in_phrase: bool = False) -> tuple:
        if node[0] == "lexeme":
            return node
        if node[0] == "|":
            wanted = [part for part in node[1:] if needs(part)]
            if wanted and len(wanted) < len(node) - 1:
                fewer = wanted[0] if len(wanted) == 1 else ("|", *wanted)
                narrowed.append(not in_phrase or _width(fewer) == _width(node))
                return fewer
        inner = in_phrase or is_phrase(node)
        return (node[0], *(walk(part, inner) for part in node[1:]))

    fewer = walk(tree)
    return _text(fewer) if narrowed == [True] else None


def share(tsquery: str, shares: Mapping[str, float], unlisted: float) -> float:
    """The share of the documents that match ``tsquery``, estimated from
    above: a plain lexeme its share in ``shares`` (``unlisted`` when not
    there), a prefix, weights or a negation 1, & and a phrase the least of
    their parts, | the sum of its parts (at most 1). 0 when it is not a
    tsquery."""
    tree = parse(tsquery)

    def estimate(node: tuple) -> float:
        if node[0] == "lexeme":
            return 1.0 if node[3] else shares.get(node[2], unlisted)
        if node[0] == "!":
            return 1.0
        parts = [estimate(part) for part in node[1:]]
        return min(1.0, sum(parts)) if node[0] == "|" else min(parts)

    return 0.0 if tree is None else estimate(tree)
