"""Structured logging: one JSON object per line, for requests and errors.

No personal data: request lines carry method, path (never the query string,
which may hold search words or names), status, duration, a request id and
whether the user is staff, but no IP address or user name. Every field of
every record (message, arguments, extra fields such as the path, traceback,
stack) is scrubbed of e-mail addresses, phone numbers and signed links before it is written,
also when they are URL-encoded (``jan%40example.nl``, ``06+12345678`` in a
query string), because database errors quote the rows they refused and request
lines quote what people typed. ``ScrubFilter`` sits on every handler in
LOGGING (``django.server``, runserver's request log, included) and both
formatters scrub what they write as well.
"""

import json
import logging
import re
import time
import traceback
import uuid
from contextvars import ContextVar
from urllib.parse import unquote_plus

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<!\d)(\+31|0031|0)[\s-]?[1-9](?:[\s-]?\d){8}(?!\d)")
# A signed link in a path (django.core.signing: "value:timestamp:signature",
# e.g. /volgen/beheer/<signed>/): it opens someone's subscriptions, so it is
# never written to a log.
SIGNED = re.compile(r"(?<=/)[A-Za-z0-9_\-]{6,}(?::[A-Za-z0-9_\-]{4,}){1,3}(?=/|\s|$|\")")
FIELDS = ("method", "path", "status", "duration_ms", "request_id", "staff")

request_logger = logging.getLogger("portal.request")

# The id of the request (or of the task a request started) being handled now:
# a task enqueued meanwhile carries it along (portal.ops.tasks).
current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")


# The attributes every LogRecord has; anything else came in through ``extra``.
STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
}


def _scrub_plain(text):
    return SIGNED.sub("[link]", PHONE.sub("[telefoon]", EMAIL.sub("[e-mail]", text)))


def scrub(text):
    """Text without e-mail addresses and phone numbers. URL-encoded ones
    (``%40``, ``+`` or ``%20`` between digits) are found too: the text is
    then returned decoded, with them replaced."""
    text = _scrub_plain(str(text))
    decoded = text
    for _ in range(2):  # encoded, and encoded twice
        if "%" not in decoded and "+" not in decoded:
            break
        decoded = unquote_plus(decoded)
        cleaned = _scrub_plain(decoded)
        if cleaned != decoded:
            return cleaned
    return text


def scrub_value(value):
    """A value of any field: numbers stay, everything else is scrubbed text."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return scrub(value)


class ScrubFilter(logging.Filter):
    """Put on every handler: the handler writes a scrubbed copy of the record
    (message with its arguments, every extra field, traceback and stack);
    the record itself, as other handlers see it, is left alone."""

    _formatter = logging.Formatter()

    def filter(self, record):
        clean = logging.makeLogRecord(vars(record))
        try:
            message = record.getMessage()
        except Exception:  # a wrong format string must not lose the record
            message = f"{record.msg!r} {record.args!r}"
        clean.msg = scrub(message)
        clean.args = None
        for key, value in vars(record).items():
            if key not in STANDARD:
                setattr(clean, key, scrub_value(value))
        if record.exc_info:
            text = record.exc_text or self._formatter.formatException(record.exc_info)
            clean.exc_text = scrub(text)
        elif record.exc_text:
            clean.exc_text = scrub(record.exc_text)
        if record.stack_info:
            clean.stack_info = scrub(record.stack_info)
        return clean


class TextFormatter(logging.Formatter):
    """The plain-text lines (LOG_FORMAT=text), scrubbed as a whole."""

    def format(self, record):
        return scrub(super().format(record))


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
                entry[field] = scrub_value(getattr(record, field))
        if record.exc_info:
            kind, value, tb = record.exc_info
            entry["error"] = kind.__name__ if kind else None
            entry["traceback"] = scrub("".join(traceback.format_exception(kind, value, tb)))
        elif record.exc_text:
            entry["traceback"] = scrub(record.exc_text)
        if record.stack_info:
            entry["stack"] = scrub(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestLogMiddleware:
    """One log line per request and an X-Request-ID header to quote it by."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = uuid.uuid4().hex[:16]
        token = current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
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
