"""Which language a request is answered in (issue 21).

The path decides, so a page never says one language and shows another:
Dutch at the root (no prefix), English under ``/en/`` (``i18n_patterns``
with ``prefix_default_language=False``). Three exceptions:

- the first visit to ``/``: a browser that prefers English (``Accept-Language``)
  is sent to ``/en/`` once, and that choice is remembered in the language
  cookie; after that the cookie (set again by the language switch) decides
  where ``/`` leads, never the browser header;
- the API and the feeds have one address for both languages: ``?taal=en``
  or else ``Accept-Language`` chooses (the answer varies on it);
- the admin follows the staff member's own choice (the language cookie,
  set by the switch), Dutch by default.
"""

from urllib.parse import unquote_plus

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation.trans_real import parse_accept_lang_header

ENGLISH_PREFIX = "/en/"
NEGOTIATED = ("/api/", "/feeds/")
ADMIN = "/admin/"


def codes():
    return [code for code, _name in settings.LANGUAGES]


def supported(code):
    """The supported language for a code such as ``en-GB``, else None."""
    code = (code or "").strip().lower()
    for candidate in (code, code.split("-")[0]):
        if candidate in codes():
            return candidate
    return None


def from_header(request):
    """The first supported language the browser asks for, else None."""
    for code, _quality in parse_accept_lang_header(request.headers.get("accept-language", "")):
        if code == "*":
            return None
        if language := supported(code):
            return language
    return None


def from_cookie(request):
    return supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))


def from_path(path):
    return "en" if path.startswith(ENGLISH_PREFIX) or path == "/en" else settings.LANGUAGE_CODE


def dutch_path(path):
    """The Dutch address of a page (the English one without its prefix)."""
    if path.startswith(ENGLISH_PREFIX):
        return path[len(ENGLISH_PREFIX) - 1 :]
    return path


def path_in(path, language):
    """The same page in another language: only the prefix differs."""
    dutch = dutch_path(path)
    if language == settings.LANGUAGE_CODE:
        return dutch
    return f"/{language}{dutch}"


def remember(response, language):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response


class LanguageMiddleware:
    """Activate the request's language (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        negotiated = False
        if path == "/" and request.method in ("GET", "HEAD"):
            chosen = from_cookie(request)
            if chosen is None and (asked := from_header(request)) is not None:
                # The first visit: the browser chooses, once.
                if asked != settings.LANGUAGE_CODE:
                    response = HttpResponseRedirect(path_in("/", asked))
                    add_never_cache_headers(response)
                    patch_vary_headers(response, ("Accept-Language", "Cookie"))
                    return remember(response, asked)
            elif chosen and chosen != settings.LANGUAGE_CODE:
                response = HttpResponseRedirect(path_in("/", chosen))
                add_never_cache_headers(response)
                patch_vary_headers(response, ("Cookie",))
                return response
            language = settings.LANGUAGE_CODE
        else:
            language, negotiated = decide(request)
        request.LANGUAGE_CODE = language
        # The language holds for this request only (and for a streamed body,
        # which is produced after this returns): nothing leaks to the next.
        with translation.override(language):
            response = self.get_response(request)
        if response.streaming:
            response.streaming_content = _in_language(response.streaming_content, language)
        response.headers.setdefault("Content-Language", language)
        if negotiated:
            patch_vary_headers(response, ("Accept-Language",))
        return response


def decide(request):
    """(language, negotiated) of a request by the rules above, without the
    first visit's redirect: ``negotiated`` when ``Accept-Language`` chose
    (the answer must vary on it)."""
    path = request.path_info
    if path.startswith(NEGOTIATED):
        asked = _asked(request)
        negotiated = asked is None
        language = (
            supported(asked)
            or (from_header(request) if negotiated else None)
            or settings.LANGUAGE_CODE
        )
        return language, negotiated
    if path.startswith(ADMIN):
        return from_cookie(request) or settings.LANGUAGE_CODE, False
    return from_path(path), False


def _asked(request):
    """The (first) ``?taal=`` value, None without one. Read from the raw
    query string: ``request.GET`` refuses to parse one with too many
    fields, and this also answers the 400 that says so."""
    for part in request.META.get("QUERY_STRING", "").split("&"):
        name, _sep, value = part.partition("=")
        if unquote_plus(name) == "taal":
            return unquote_plus(value)
    return None


def of_request(request):
    """The language to answer ``request`` in, also where this middleware
    has not run (a request refused by an earlier middleware) or has
    returned (the 500 page of an error on the way out)."""
    return getattr(request, "LANGUAGE_CODE", None) or decide(request)[0]


def _in_language(content, language):
    with translation.override(language):
        yield from content


def safe_next(request, target):
    """``target`` when it is a path on this site, else the home page."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"
