"""Structured logs: one JSON object per line, and one line per request (`middleware.RequestLogMiddleware`).

A request's line holds what an operator needs to follow it — time, method, path, status, duration, the user's id and
the request's id — and nothing a person typed: the query string (a search for a name, a phone, an ID number) is never
logged, and secrets in a path (a password-reset link's token) are replaced."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse

request_logger = logging.getLogger("lienhiep.request")

# URL arguments that are secrets, not ids: their values never reach a log.
SECRET_ARGUMENTS = frozenset({"token", "uidb64", "key"})
# A request id set by the proxy (Caddy's {http.request.uuid}) is kept if it looks like one; anything else is replaced.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON: time (UTC, ISO 8601), level, logger, message, the fields a record carries
    in `extra={"fields": {...}}`, and the traceback of an exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry |= getattr(record, "fields", {})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def request_id(request: HttpRequest) -> str:
    """The id the proxy gave the request (X-Request-ID), or a new one."""
    given = str(request.META.get("HTTP_X_REQUEST_ID", ""))
    return given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


def logged_path(request: HttpRequest) -> str:
    """The request's path, without its query string, and with the secret arguments of its route replaced."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if name in SECRET_ARGUMENTS and str(value):
                path = path.replace(str(value), "-")
    return path


def log_request(request: HttpRequest, response: HttpResponse, *, started: float) -> None:
    user = getattr(request, "user", None)
    request_logger.info(
        "request",
        extra={
            "fields": {
                "method": request.method,
                "path": logged_path(request),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "request_id": getattr(request, "request_id", ""),
            }
        },
    )
