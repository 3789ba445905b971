"""Pagination that never fails on odd input."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.functional import cached_property


class CountedPaginator(Paginator):
    """A paginator whose total is known (e.g. from the cache)."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def page_or_last(paginator, number):
    """A page for any input: non-numbers give page 1, too high the last."""
    try:
        return paginator.page(number or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)
