from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lienhiep.accounts import services
from lienhiep.accounts.forms import ProfileForm
from lienhiep.accounts.models import User


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
