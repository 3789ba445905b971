"""Whole-page cache for anonymous visitors.

Public pages are the same for every visitor without a session, so a rendered
page is kept (in the shared database cache) under the URL, the language and the
*content version* (``portal.cache``): any save of any content changes the
version and with it every key, so an edit shows at once on every worker.
Pages also expire after ``PAGE_CACHE_SECONDS``, which bounds how late an item
scheduled with ``publish_at`` appears (it goes live without a save).

Only GET requests without a session cookie, only 200 answers without
cookies and without ``Cache-Control: no-store/private`` are kept. Forms with
a CSRF token, the admin, media, health and the API are never cached. This
middleware sits last (innermost), so the security headers, the CSP nonce and
the request id are still added fresh to every answer.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from portal.cache import content_version

SKIP = ("/admin/", "/deel-uw-ervaring/", "/media/", "/static/", "/health/", "/api/")


def _key(request):
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:40]
    return f"page:{content_version()}:{translation.get_language()}:{digest}"


def _cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and not request.path.startswith(SKIP)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
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
        pages = caches["pages"]
        key = _key(request)
        response = pages.get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            pages.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response
