from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lienhiep.accounts import services
from lienhiep.accounts.models import AccountEvent, User
from lienhiep.core.admin import ReadOnlyAdmin


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (gettext_lazy("Contact"), {"fields": ("full_name", "phone")}),
    )
    list_display = ("username", "full_name", "email", "is_active", "is_superuser")
    search_fields = ("username", "full_name", "email")
    actions = ["end_sessions", "deactivate"]

    @admin.action(description=gettext_lazy("End these users' sessions"))
    def end_sessions(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        actor: User = request.user  # type: ignore[assignment]
        ended = sum(services.sessions_end(actor=actor, user=user) for user in queryset)
        self.message_user(request, _("Sessions ended: %(count)s.") % {"count": ended}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Deactivate these users and end their sessions"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset.filter(is_active=True):
            services.user_deactivate(actor=request.user, user=user)  # type: ignore[arg-type]
        self.message_user(request, _("Accounts deactivated."), messages.SUCCESS)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        # Unticking "active" here ends the account's sessions too, as the action does.
        deactivated = change and "is_active" in form.changed_data and not obj.is_active
        super().save_model(request, obj, form, change)
        if deactivated:
            services.user_deactivate(actor=request.user, user=obj)  # type: ignore[arg-type]


@admin.register(AccountEvent)
class AccountEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "user", "actor")
    list_filter = ("kind",)
    search_fields = ("user__username",)
