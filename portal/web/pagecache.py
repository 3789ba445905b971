"""Whole-page cache for anonymous visitors.

Public pages are the same for every visitor without a session, so a rendered
page is kept (in the shared database cache) under the URL, the language and the
*content version* (``portal.core.cache``): any save of any content changes the
version and with it every key, so an edit shows at once on every worker.
Pages expire after ``PAGE_CACHE_SECONDS``, and never later than the next
moment a scheduled item goes live (``bounded_timeout``): such an item goes
live without a save, so without that bound it would show up to
``PAGE_CACHE_SECONDS`` late.

Only GET requests without a session, only 200 answers without cookies and
without ``Cache-Control: no-store/private`` are kept. Forms with a CSRF token,
the admin, media, health and the API are never cached. This middleware sits
last (innermost), so the security headers, the CSP nonce and the request id
are still added fresh to every answer.

A flood of made-up URLs cannot fill the cache: only query strings made of the
parameters the public pages know (``known_parameters()``) are cached, under one
key whatever their order; a page with any other parameter is rendered but not
stored (nor looked up). A session cookie only counts as a session when it
belongs to a real, non-empty session: ``SessionMiddleware`` runs before this
middleware, so ``request.session`` loads it (one query, only for requests
that carry the cookie); a made-up ``sessionid`` gets the cached page.
"""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.utils import translation

from portal.core import registry
from portal.core.cache import bounded_timeout, content_version
from portal.ops import counts
from portal.search import stats
from portal.search.query import FACETS

# Never cached: staff, media and files, health checks and the API. (Forms and
# other personal pages answer with no-store, which is never kept either.)
SKIP = ("/admin/", "/media/", "/static/", "/health/", "/ready/", "/api/")

# Query parameters of the shared pages (search with its facets, paging, the
# sitemap's page); the apps add their own filters through the registry.
QUERY_PARAMETERS = frozenset({"q", "pagina", "p", *FACETS})


def known_parameters():
    return QUERY_PARAMETERS | registry.query_parameters()


MAX_QUERY_VALUES = 30
MAX_VALUE_LENGTH = 200


def _canonical_query(request):
    """The query string in one order (by parameter name, values as sent), or
    None when it has a parameter no public page knows or is oversized."""
    items = []
    known = known_parameters()
    for name, values in request.GET.lists():
        if name not in known:
            return None
        for value in values:
            if len(value) > MAX_VALUE_LENGTH:
                return None
            items.append((name, value))
    if len(items) > MAX_QUERY_VALUES:
        return None
    return urlencode(sorted(items, key=lambda item: item[0]))


def _key(request, query, version):
    digest = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()[:40]
    return f"page:{version}:{translation.get_language()}:{digest}"


def _has_session(request):
    """True for a real session with data (a signed-in user, a submission
    reference, …); False without a cookie or with a cookie that matches no
    stored session."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    session = getattr(request, "session", None)
    if session is None:
        return True  # no session middleware: cannot tell, so the safe side
    try:
        return bool(session.keys())
    except DatabaseError:
        return True


def _cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and not request.path.startswith(SKIP)
        and "messages" not in request.COOKIES
        and not _has_session(request)
    )


def _cacheable_response(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "no-store" not in cache_control
        and "private" not in cache_control
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        query = _canonical_query(request)
        if query is None:
            return self.get_response(request)
        pages = caches["pages"]
        version = content_version()
        key = _key(request, query, version)
        response = pages.get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            if (zero := response.get(stats.COUNTED_HEADER)) is not None:
                stats.record(request.GET.get("q"), zero_results=zero == "1")
            return response
        with counts.watch() as numbers:
            response = self.get_response(request)
        # A page with numbers from before the latest edit (being recomputed)
        # is not kept: the next visitor gets the new ones.
        if _cacheable_response(response) and not numbers.stale:
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if timeout := bounded_timeout(settings.PAGE_CACHE_SECONDS, version=version):
                pages.set(key, response, timeout)
        return response
