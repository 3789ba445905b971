"""Security headers on every answer: Permissions-Policy, the admin's CSP for
styles, and no-store where an answer may echo personal data."""

from django.conf import settings
from django.db import DatabaseError
from django.utils.cache import add_never_cache_headers
from django.utils.csp import CSP


class PermissionsPolicyMiddleware:
    """Switch off browser features the portal never uses."""

    POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.POLICY)
        return response


class AdminStyleCSPMiddleware:
    """The admin's rich-text editor (ProseMirror) sets style attributes on
    the elements it creates, which a style-src without 'unsafe-inline'
    blocks. Only under /admin/ the style directive allows inline styles;
    scripts stay strict ('self' plus nonces) everywhere. Sits after
    Django's CSP middleware in MIDDLEWARE, so it sees the response first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_config = {
                **settings.SECURE_CSP,
                "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
            }
        return response


class NoStoreMiddleware:
    """``Cache-Control: no-store`` (with ``private``, ``no-cache`` and an
    Expires in the past) on every answer that may echo form input or personal
    data: everything under /admin/ (the login page with its errors too) and
    every answer to a signed-in staff member (previews of unpublished items
    among them). Public forms say so themselves (``never_cache`` on the view,
    e.g. the submission form). Neither the browser's history nor a proxy
    keeps a copy; the anonymous page cache (portal.web.pagecache) skips no-store
    answers as well."""

    ADMIN = "/admin/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.private(request):
            add_never_cache_headers(response)
        return response

    def private(self, request):
        if request.path.startswith(self.ADMIN):
            return True
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False  # no session, so not signed in
        try:
            return bool(request.user.is_authenticated)
        except (AttributeError, DatabaseError):
            return True  # cannot tell: the safe side
