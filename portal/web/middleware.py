"""Requests refused before a view runs: oversized bodies and NUL characters."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
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
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in query or "%00" in query or "\x00" in request.path:
            reason = "Het adres bevat ongeldige tekens."
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": reason}, status=400)
            return HttpResponse(render_to_string("400.html", {"reason": reason}), status=400)
        if length > settings.MAX_REQUEST_BYTES:
            html = render_to_string(
                "413.html", {"limit_mb": settings.MAX_REQUEST_BYTES // (1024 * 1024)}
            )
            return HttpResponse(html, status=413)
        return self.get_response(request)
