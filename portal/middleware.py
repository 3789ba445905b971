from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string


class RequestSizeLimitMiddleware:
    """Refuse requests whose body is larger than ``MAX_REQUEST_BYTES`` with a
    clear 413 page, before anything reads the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get(
            "QUERY_STRING", ""
        ):
            return HttpResponse(
                render_to_string("400.html", {"reason": "Het adres bevat ongeldige tekens."}),
                status=400,
            )
        if length > settings.MAX_REQUEST_BYTES:
            html = render_to_string(
                "413.html", {"limit_mb": settings.MAX_REQUEST_BYTES // (1024 * 1024)}
            )
            return HttpResponse(html, status=413)
        return self.get_response(request)
