from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from lienhiep.core.text import nfc


class User(AbstractUser):
    """A person who logs in. Rights come from roles held on organisation nodes (orgs.Role)."""

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    objects = UserManager()  # type: ignore[misc,assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                condition=~models.Q(email=""),
                violation_error_message=_("Another account already uses this e-mail address."),
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        self.full_name = nfc(self.full_name).strip()
        self.email = self.email.strip().lower()

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username
