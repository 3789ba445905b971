"""allauth's pages (/account/: login, signup, password reset, e-mail,
two-step verification), every answer private: ``never_cache`` on each view,
so no page with a form (and its CSRF token) or account data ever reaches the
anonymous page cache, a proxy or the browser's history. Not every allauth
view says so itself (the password-reset form did not)."""

from allauth import urls as allauth_urls
from django.urls import URLPattern, URLResolver
from django.views.decorators.cache import never_cache


def _private(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _private(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and not getattr(
            pattern.callback, "_community_private", False
        ):
            view = never_cache(pattern.callback)
            view._community_private = True  # type: ignore[attr-defined]
            pattern.callback = view
    return patterns


urlpatterns = _private(list(allauth_urls.urlpatterns))
