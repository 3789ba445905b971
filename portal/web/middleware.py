"""Requests refused before a view runs: oversized bodies, NUL characters and
too many query or form fields."""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.web import language

FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
UNREADABLE_REASONS = {
    TooManyFieldsSent: _("Het adres of formulier bevat te veel velden."),
    TooManyFilesSent: _("Het formulier bevat te veel bestanden."),
    RequestDataTooBig: _("Het formulier bevat te veel tekst."),
}


# These answers come before the language middleware has run: each is made
# in the request's own language (``language.of_request``, issue 21).


def _bad_request(request, reason) -> HttpResponse:
    with translation.override(language.of_request(request)):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": str(reason)}, status=400)
        return HttpResponse(render_to_string("400.html", {"reason": reason}), status=400)


def _unreadable_parameters(request) -> str | None:
    """Read the query string and the form fields once, here, and say why they
    cannot be read. Django raises TooManyFieldsSent (or RequestDataTooBig) again
    on every later read of ``request.GET``/``request.POST``, and with DEBUG=1 its
    error page reads them again: a 500 instead of the 400. Refused here, nothing
    after this middleware ever reads them."""
    try:
        request.GET  # noqa: B018 (reading it is the check)
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            request.POST  # noqa: B018
    except (TooManyFieldsSent, TooManyFilesSent, RequestDataTooBig) as error:
        logging.getLogger(f"django.security.{type(error).__name__}").warning(
            "request refused: %s", error
        )
        return UNREADABLE_REASONS[type(error)]
    return None


class RequestSizeLimitMiddleware:
    """Refuse requests whose body is larger than ``MAX_REQUEST_BYTES`` with a
    clear 413 page, before anything reads the body; and requests with a NUL
    character or more fields than ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` with a 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in query or "%00" in query or "\x00" in request.path:
            return _bad_request(request, _("Het adres bevat ongeldige tekens."))
        if length > settings.MAX_REQUEST_BYTES:
            with translation.override(language.of_request(request)):
                html = render_to_string(
                    "413.html", {"limit_mb": settings.MAX_REQUEST_BYTES // (1024 * 1024)}
                )
            return HttpResponse(html, status=413)
        reason = _unreadable_parameters(request)
        if reason is not None:
            return _bad_request(request, reason)
        return self.get_response(request)
