from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.models import Device

from lienhiep.accounts import policy, selectors, services, throttling, twofactor
from lienhiep.accounts.forms import CodeForm, ProfileForm
from lienhiep.accounts.models import User
from lienhiep.core.http import client_ip


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = ProfileForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.user_update_profile(user=user, full_name=data["full_name"], phone=data["phone"])
        if data["email"] and data["email"] != user.email:
            services.user_email_change_request(
                user=user,
                email=data["email"],
                confirm_url=lambda token: request.build_absolute_uri(reverse("accounts:email_confirm", args=[token])),
            )
            messages.info(
                request,
                _("We sent a link to %(email)s. The address becomes your account's when you open it.")
                % {"email": data["email"]},
            )
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@require_http_methods(["GET", "POST"])
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    try:
        email = services.email_change_target(user=user, token=token)
        if request.method == "POST":
            services.user_email_change_confirm(user=user, token=token)
            messages.success(request, _("Your e-mail address is now %(email)s.") % {"email": email})
            return redirect("accounts:profile")
    except ValidationError as error:
        return render(request, "accounts/email_confirm.html", {"error": " ".join(error.messages)}, status=400)
    return render(request, "accounts/email_confirm.html", {"email": email})


# --- Second factor ---------------------------------------------------------------------------------------------

# The recovery codes just made, kept in the session a short while for their page and its download.
CODES_KEY = "lienhiep_recovery_codes"
CODES_KEPT = 600  # seconds


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _verified(request: HttpRequest, device: Device) -> None:
    """The second factor is checked: a new session key (the session gained rights), failures forgotten."""
    otp_login(request, device)
    request.session.cycle_key()
    throttling.login_completed(request, request.user)  # type: ignore[arg-type]


def _locked_out(request: HttpRequest, user: User) -> HttpResponse:
    logout(request)
    return get_lockout_response(request, None, {"username": user.username})


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """After the password: a code from the user's authenticator app, or one of their recovery codes (each works
    once). A wrong code counts as a failed login (django-axes): after `AXES_FAILURE_LIMIT` the account is locked and
    the session ends."""
    user: User = request.user  # type: ignore[assignment]
    if not user_has_device(user, confirmed=True):
        return redirect(reverse("accounts:enrol") + "?" + urlencode({"next": _next(request)}))
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if throttling.is_locked(request, user):
            return _locked_out(request, user)
        if form.is_valid():
            device = match_token(user, form.cleaned_data["code"])
            if device is not None:
                _verified(request, device)
                return redirect(_next(request))
            if throttling.code_failed(request, user):
                return _locked_out(request, user)
            form.add_error("code", _("This code is not right. Try again, or use one of your recovery codes."))
    return render(request, "accounts/verify.html", {"form": form, "next": _next(request), "public_layout": True})


@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app: scan the QR code (or type the key), type the code it shows. A user who has
    one already must have passed it in this session to replace it."""
    user: User = request.user  # type: ignore[assignment]
    if user_has_device(user, confirmed=True) and not user.is_verified():  # type: ignore[attr-defined]
        return redirect(reverse("accounts:verify") + "?" + urlencode({"next": _next(request)}))
    device = services.totp_pending(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if throttling.is_locked(request, user):
            return _locked_out(request, user)
        try:
            codes = services.totp_confirm(user=user, device=device, token=form.cleaned_data["code"])
        except ValidationError as error:
            if throttling.code_failed(request, user):
                return _locked_out(request, user)
            form.add_error("code", error)
        else:
            _verified(request, device)
            request.session[CODES_KEY] = {"codes": codes, "at": int(time.time()), "shown": False}
            return redirect(reverse("accounts:recovery_codes") + "?" + urlencode({"next": _next(request)}))
    context = {
        "form": form,
        "qr": twofactor.qr_svg(device),
        "secret": twofactor.secret(device),
        "next": _next(request),
        "required": policy.second_factor_required(user),
        "public_layout": not user.is_verified(),  # type: ignore[attr-defined]
    }
    return render(request, "accounts/enrol.html", context)


def _fresh_codes(request: HttpRequest) -> dict[str, Any] | None:
    kept = request.session.get(CODES_KEY)
    if kept is None or time.time() - kept["at"] > CODES_KEPT:
        request.session.pop(CODES_KEY, None)
        return None
    return kept  # type: ignore[no-any-return]


@require_GET
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes just made, shown once (a reload says they were), downloadable for a few minutes."""
    kept = _fresh_codes(request)
    codes = kept["codes"] if kept and not kept["shown"] else None
    if kept and codes:
        request.session[CODES_KEY] = {**kept, "shown": True}
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})


@require_GET
def recovery_codes_download(request: HttpRequest) -> HttpResponse:
    kept = _fresh_codes(request)
    if kept is None:  # nothing to download but just after the codes were made
        return redirect("accounts:security")
    user: User = request.user  # type: ignore[assignment]
    lines = [_("Recovery codes of %(user)s on Liên hiệp. Each works once.") % {"user": user.username}, ""]
    response = HttpResponse("\n".join([*lines, *kept["codes"], ""]), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="lienhiep-recovery-codes.txt"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def security(request: HttpRequest) -> HttpResponse:
    """How the user logs in: the second factor, the recovery codes left, the other sessions open."""
    user: User = request.user  # type: ignore[assignment]
    context = {
        "has_authenticator": selectors.has_authenticator(user),
        "codes_left": selectors.recovery_codes_left(user),
        "required": policy.second_factor_required(user),
        "other_sessions": selectors.other_sessions(user, current=request.session.session_key),
    }
    return render(request, "accounts/security.html", context)


@require_POST
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not user.is_verified():  # type: ignore[attr-defined]
        raise PermissionDenied
    codes = services.recovery_codes_renew(actor=user, user=user)
    request.session[CODES_KEY] = {"codes": codes, "at": int(time.time()), "shown": False}
    return redirect(reverse("accounts:recovery_codes") + "?" + urlencode({"next": reverse("accounts:security")}))


@require_POST
def sessions_end_others(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    ended = services.sessions_end(actor=user, user=user, keep=request.session.session_key)
    messages.success(request, _("Other sessions logged out: %(count)s.") % {"count": ended})
    return redirect("accounts:security")


class LimitedPasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, sending at most a few e-mails an hour to one address and from one client
    (`services.password_reset_allowed`). Past the limit it answers as always ("we sent a link if the address is
    an account's") and sends nothing, so that it tells nobody which addresses exist."""

    def form_valid(self, form: Any) -> HttpResponse:
        if services.password_reset_allowed(email=form.cleaned_data["email"], ip=client_ip(self.request)):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())
