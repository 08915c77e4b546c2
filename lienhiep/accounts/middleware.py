"""Between the password and the pages: whether the session's second factor was checked (`SecondFactorMiddleware`,
django-otp's), then a login's clock (idle timeout, absolute lifetime) and the second factor asked for."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, ResolverMatch, resolve, reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

from lienhiep.accounts import policy, sessions, throttling
from lienhiep.core.compiled import Compiled

# Pages a user whose second factor is not checked yet may open: the check itself, enrolment, logging out.
OPEN_BEFORE_SECOND_FACTOR = ("accounts:verify", "accounts:enrol", "accounts:logout", "set_language")


_DEVICE_QUERIES: dict[type[Device], Compiled[Device]] = {}


def _device_query(model: type[Device]) -> Compiled[Device]:
    """`Device.from_persistent_id`'s query (`.first()`: by pk, one row), compiled once per process and device model."""
    query = _DEVICE_QUERIES.get(model)
    if query is None:
        query = _DEVICE_QUERIES[model] = Compiled(lambda pk: model.objects.filter(id=pk).order_by("pk")[:1], pk=int)
    return query


class SecondFactorMiddleware(OTPMiddleware):  # type: ignore[misc]
    """django-otp's OTPMiddleware (`request.user.otp_device`, `user.is_verified()`), whose checks stay its own: the
    session's device counts only if it is the user's and confirmed (`_finalize_device`). Only its read of the
    device, on every request of a signed-in user, goes through a query compiled once per process
    (core/compiled.py): 0.9 ms of CPU a request, most of it building the same SQL."""

    def _device_from_persistent_id(self, persistent_id: str) -> Device | None:
        label, _, pk = self._normalize_persistent_id(persistent_id).rpartition("/")
        try:
            model = apps.get_model(label)
            device_id = int(pk)
        except (ValueError, LookupError):
            return None
        if not issubclass(model, Device):
            return None
        return _device_query(model).first(pk=device_id)


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
