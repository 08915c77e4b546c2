"""Between the password and the pages: a login's clock (idle timeout, absolute lifetime) and its second factor.
After django-otp's OTPMiddleware, which tells whether the session's second factor was checked."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, ResolverMatch, resolve, reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

from lienhiep.accounts import policy, sessions, throttling

# Pages a user whose second factor is not checked yet may open: the check itself, enrolment, logging out.
OPEN_BEFORE_SECOND_FACTOR = ("accounts:verify", "accounts:enrol", "accounts:logout", "set_language")


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if request.headers.get("HX-Request"):
        # htmx would swap the login page into the part it asked for: have it load the page whole.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class LoginStateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or request.path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        session = request.session
        now = time.time()
        state = session.get(sessions.STATE_KEY)
        if state is None:
            state = sessions.start(session, user, now=now)
        elif sessions.expired(state, now=now):
            logout(request)
            messages.info(request, _("Your session has ended. Log in again."))
            return _redirect(request, reverse(settings.LOGIN_URL) + "?" + urlencode({"next": request.get_full_path()}))
        elif now - state["seen"] >= sessions.SEEN_EVERY:
            session[sessions.STATE_KEY] = {**state, "seen": int(now)}

        if user.is_verified() or state.get("factor") == "none":  # type: ignore[union-attr,attr-defined]
            return self.get_response(request)
        match = _resolve(request)
        if match is not None and match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return self.get_response(request)
        if user_has_device(user, confirmed=True):
            target = "accounts:verify"
        elif policy.second_factor_required(user):
            target = "accounts:enrol"
        else:
            sessions.mark_no_second_factor(session)
            throttling.login_completed(request, user)  # type: ignore[arg-type]
            return self.get_response(request)
        return _redirect(request, reverse(target) + "?" + urlencode({"next": request.get_full_path()}))


def _resolve(request: HttpRequest) -> ResolverMatch | None:
    try:
        return resolve(request.path_info)
    except Resolver404:
        return None
