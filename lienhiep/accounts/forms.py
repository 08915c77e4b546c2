from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from lienhiep.accounts.models import User
from lienhiep.core.forms import BootstrapFormMixin, NFCCharField


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _("Wrong username/e-mail or password. Please try again."),
        "inactive": _("This account is disabled."),
    }


class ProfileForm(BootstrapFormMixin, forms.Form):
    """The user's own details. The e-mail address and the phone number let someone into the account (a password
    reset goes to the address), so changing them asks for the password; a new address is confirmed by a link sent
    to it (`services.user_email_change_request`)."""

    full_name = NFCCharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    password = forms.CharField(
        label=_("Current password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Needed to change the e-mail address or the phone number."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        kwargs.setdefault("initial", {"full_name": user.full_name, "email": user.email, "phone": user.phone})
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        return str(self.cleaned_data.get("email") or "").strip().lower()

    def clean_phone(self) -> str:
        return " ".join(str(self.cleaned_data.get("phone") or "").split())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email, phone = data.get("email"), data.get("phone")
        if email is None or phone is None:
            return data
        if (email != self.user.email or phone != self.user.phone) and not self.user.check_password(
            data.get("password") or ""
        ):
            self.add_error("password", _("Type your current password to change the e-mail address or the phone."))
            return data
        if email != self.user.email and email and User.objects.filter(email__iexact=email).exclude(pk=self.user.pk):
            self.add_error("email", _("This e-mail address cannot be used: another account has it."))
        return data


class StyledPasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    pass


class StyledSetPasswordForm(BootstrapFormMixin, SetPasswordForm):
    pass


class StyledPasswordResetForm(BootstrapFormMixin, PasswordResetForm):
    pass


class CodeForm(forms.Form):
    """A code from the authenticator app (6 digits) or a recovery code (letters and digits)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "class": "form-control", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        return "".join(str(self.cleaned_data["code"]).split()).lower()
