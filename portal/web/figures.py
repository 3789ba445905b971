"""The figures of the shared pages: the home page's headline figures and the
number of published items per municipality (the municipality list, the
sitemap). Kept by ``portal.ops.counts``: after an edit the previous figures
are shown while a worker recomputes them."""

from __future__ import annotations

from typing import Any

from portal.core import registry
from portal.ops import counts

HOME = "home-figures-v1"
PER_MUNICIPALITY = "municipality-counts-v2"


def _home(parts: Any) -> tuple[int, int]:
    """(published items of the headline kind, municipalities with one)."""
    headline = registry.headline_kind()
    if headline is None:
        return (0, 0)
    return headline.published().count(), len(headline.municipality_counts())


def _per_municipality(parts: Any) -> dict[int, int]:
    """{municipality id: published items of every kind} (one query per kind,
    whatever the number of municipalities)."""
    totals: dict[int, int] = {}
    for kind in registry.kinds():
        for pk, n in kind.municipality_counts().items():
            totals[pk] = totals.get(pk, 0) + n
    return totals


def register() -> None:
    counts.register(HOME, _home)
    counts.register(PER_MUNICIPALITY, _per_municipality)


def home() -> tuple[int, int]:
    value: tuple[int, int] = counts.counted(HOME).value
    return value


def per_municipality() -> counts.Counted:
    """``.value``: {municipality id: number of published items}."""
    return counts.counted(PER_MUNICIPALITY)
