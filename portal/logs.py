"""Structured logging: one JSON object per line, for requests and errors.

No personal data: request lines carry method, path (never the query string,
which may hold search words or names), status, duration, a request id and
whether the user is staff, but no IP address or user name. Every message and
traceback is scrubbed of e-mail addresses and phone numbers before it is
written, because database errors quote the rows they refused.
"""

import json
import logging
import re
import time
import traceback
import uuid

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<!\d)(\+31|0031|0)[\s-]?[1-9](?:[\s-]?\d){8}(?!\d)")
FIELDS = ("method", "path", "status", "duration_ms", "request_id", "staff")

request_logger = logging.getLogger("portal.request")


def scrub(text):
    return PHONE.sub("[telefoon]", EMAIL.sub("[e-mail]", text))


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        for field in FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            kind, value, tb = record.exc_info
            entry["error"] = kind.__name__ if kind else None
            entry["traceback"] = scrub("".join(traceback.format_exception(kind, value, tb)))
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestLogMiddleware:
    """One log line per request and an X-Request-ID header to quote it by."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = uuid.uuid4().hex[:16]
        response = self.get_response(request)
        user = getattr(request, "user", None)
        request_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path[:300],
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "request_id": request.request_id,
                "staff": bool(user is not None and user.is_staff),
            },
        )
        response["X-Request-ID"] = request.request_id
        return response
