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


class LivePage(Page):
    """A page that knows from its own rows whether another one follows."""

    more = False

    def has_next(self) -> bool:
        return self.more

    def next_page_number(self) -> int:
        return self.number + 1


class LivePaginator(CountedPaginator):
    """Pages whose rows are read live while the total is given (and may be a
    moment behind an edit): a page reads one row more than it shows, so "is
    there a next page" is exact, and the page after the given total is served
    when it has rows."""

    def validate_number(self, number: Any) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if number > self.num_pages + 1:
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def page(self, number: int | str) -> Page[Any]:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        page = LivePage(rows[: self.per_page], number, self)
        page.more = len(rows) > self.per_page
        return page


def page_or_last[T](paginator: Paginator[T], number: int | str | None) -> Page[T]:
    """A page for any input: non-numbers give page 1, too high the last."""
    try:
        return paginator.page(number or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)
