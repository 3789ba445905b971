"""Pagination that never fails on odd input."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class CountedPaginator(Paginator):
    """A paginator whose total is known (e.g. from the cache). The total may
    be a moment behind the rows (counts are recomputed after an edit), so a
    page is never cut short by it: it holds up to ``per_page`` rows."""

    def __init__(
        self, object_list: QuerySet[Any] | Sequence[Any], per_page: int, *, count: int
    ) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count

    def page(self, number: int | str) -> Page[Any]:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return Page(self.object_list[bottom : bottom + self.per_page], number, self)


def page_or_last[T](paginator: Paginator[T], number: int | str | None) -> Page[T]:
    """A page for any input: non-numbers give page 1, too high the last."""
    try:
        return paginator.page(number or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)
