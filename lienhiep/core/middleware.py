from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from lienhiep.core import events
from lienhiep.core.http import client_ip
from lienhiep.core.models import RequestKind, RequestLog


class LanguageMiddleware:
    """Vietnamese first: the interface is in LANGUAGE_CODE (vi) unless the user chose another language
    with the switcher (Django's language cookie). A browser's Accept-Language is not asked: office PCs
    often run English Windows, and their users still read Vietnamese."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RefuseNulMiddleware:
    """A NUL character in a query string or a form is never typed by a person, and PostgreSQL refuses it in text
    (a server error wherever a view passes a parameter on without a form's check). One answer for all: 400."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for params in (request.GET, request.POST) if request.method == "POST" else (request.GET,):
            for key, values in params.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    raise BadRequest("NUL character in the request parameters")
        return self.get_response(request)


class RequestLogMiddleware:
    """One log line per request (`core.logs`), with a request id the response repeats (X-Request-ID) so that a user's
    report of an error can be found in the log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.enabled = settings.LOG_REQUESTS

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from lienhiep.core import logs

        started = time.perf_counter()
        request.request_id = logs.request_id(request)  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("X-Request-ID", request.request_id)  # type: ignore[attr-defined]
        if self.enabled:
            logs.log_request(request, response, started=started)
        return response


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class NoStoreMiddleware:
    """No cache keeps what the application answers (`Cache-Control: no-store`): every page past the login shows
    people (names, lists, a person's page, a revealed citizen ID) and every file holds them (exports, scans,
    reports), and offices share computers. One rule for every view rather than one to remember in each; a view
    that sets its own Cache-Control with no-store in it keeps it, and so does a public page answering an anonymous
    visitor (`Cache-Control: public`). Static files are served before this
    (WhiteNoise) and keep their long cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        control = response.headers.get("Cache-Control", "")
        # A public page (a contest's results, no login: `contests.views.public`) says so itself and shows no one
        # who has not agreed to it; every other answer is kept by no cache.
        if "no-store" not in control and not (control.startswith("public") and not _signed_in(request)):
            response.headers["Cache-Control"] = "no-store"
        return response


class ClientMiddleware:
    """Every event row written while a request is served keeps the client's address and browser
    (`core.events.serving`: the rows' defaults read it, whoever writes them). A refused request (403), the answers
    of views marked `core.events.logged` (a person page, an errors file) and every export (an attachment of
    `core.events.EXPORT_TYPES`) are logged as `RequestLog` rows: one INSERT after the response is made, no read.
    It stands outside the session, CSRF and authentication middleware, so that their refusals are logged too;
    `request.user` is set by then."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        client = events.Client(ip=_address(client_ip(request)), user_agent=request.headers.get("User-Agent", ""))
        with events.serving(client):
            response = self.get_response(request)
            logged = _logged(request, response)
            if logged is not None:
                kind, target, target_id = logged
                user = getattr(request, "user", None)
                RequestLog.record(
                    actor=user if user is not None and user.is_authenticated else None,
                    kind=kind,
                    path=request.get_full_path()[:255],
                    target=target,
                    target_id=target_id,
                    data={"method": request.method, "view": getattr(request.resolver_match, "view_name", "")},
                )
        return response


def _address(text: str) -> str | None:
    """An address the database's inet column takes, or None (a proxy may forward "unknown")."""
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def _logged(request: HttpRequest, response: HttpResponse) -> tuple[str, str, int | None] | None:
    """What `request` leaves in the request log, if anything: (kind, target, target id)."""
    if response.status_code == 403:
        return RequestKind.FORBIDDEN, "", None
    if response.status_code != 200 or request.method not in ("GET", "POST"):
        return None
    match = getattr(request, "resolver_match", None)
    marked = getattr(match.func, "audit_log", None) if match is not None else None
    pk = match.kwargs.get("pk") if match is not None else None
    target_id = pk if isinstance(pk, int) else None
    if marked is not None:
        kind, target = marked
        return kind, target, target_id
    disposition = response.headers.get("Content-Disposition", "")
    content_type = response.headers.get("Content-Type", "")
    if disposition.startswith("attachment") and content_type.startswith(events.EXPORT_TYPES):
        return RequestKind.EXPORT, "", target_id
    return None
