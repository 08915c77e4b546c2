from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from lienhiep.core.models import AuditEvent
from lienhiep.core.redaction import PersonalData
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


class Session(AbstractBaseSession):
    """Django's database session with the account it belongs to (`accounts.sessions`, Django's "extending the
    database-backed session engine"), so that a user's sessions can be found and ended: "log out my other
    sessions", an administrator's "end this user's sessions", a deactivated account."""

    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="sessions")

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls) -> type[SessionBase]:
        from lienhiep.accounts.sessions import SessionStore

        return SessionStore


class AccountEventKind(models.TextChoices):
    SECOND_FACTOR_ADDED = "factor_added", _("Second factor set up")
    RECOVERY_CODES_RENEWED = "codes_renewed", _("Recovery codes renewed")
    SESSIONS_ENDED = "sessions_ended", _("Sessions ended")
    DEACTIVATED = "deactivated", _("Account deactivated")


class AccountEvent(AuditEvent):
    """A change to how an account logs in: who did it (`actor`: the user or a system administrator), to whom
    (`user`)."""

    kind = models.CharField(_("event"), max_length=20, choices=AccountEventKind.choices)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="account_events")
    personal_data = PersonalData()  # about accounts, which are no member's record

    class Meta(AuditEvent.Meta):
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
        indexes = [models.Index(fields=["user", "-at"], name="accounts_event_user_at")]


class PasswordResetRequest(models.Model):
    """One request for a password-reset e-mail, kept a day to limit how many an address or a client may ask for
    (`services.password_reset_allowed`). The address is kept as a digest: this table holds no personal data."""

    address_digest = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["address_digest", "at"], name="accounts_reset_address_at"),
            models.Index(fields=["ip", "at"], name="accounts_reset_ip_at"),
        ]

    def __str__(self) -> str:
        return f"{self.address_digest[:8]}… {self.ip or ''} {self.at:%Y-%m-%d %H:%M}"
