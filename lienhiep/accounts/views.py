from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lienhiep.accounts.forms import ProfileForm
from lienhiep.accounts.services import user_update_profile


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={"full_name": user.full_name, "email": user.email, "phone": user.phone},  # type: ignore[union-attr]
    )
    if request.method == "POST" and form.is_valid():
        user_update_profile(user=user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
