from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path, reverse_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lienhiep.accounts import views
from lienhiep.accounts.forms import (
    LoginForm,
    StyledPasswordChangeForm,
    StyledPasswordResetForm,
    StyledSetPasswordForm,
)

app_name = "accounts"

# Django's form views also take PUT; ours answer GET and POST only.
form_view = require_http_methods(["GET", "POST"])

urlpatterns = [
    path(
        "login/",
        form_view(
            auth_views.LoginView.as_view(
                template_name="accounts/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
            )
        ),
        name="login",
    ),
    path("logout/", require_POST(auth_views.LogoutView.as_view()), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("profile/email/<str:token>/", views.email_confirm, name="email_confirm"),
    path("verify/", views.verify, name="verify"),
    path("security/", views.security, name="security"),
    path("security/authenticator/", views.enrol, name="enrol"),
    path("security/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("security/recovery-codes/download/", views.recovery_codes_download, name="recovery_codes_download"),
    path("security/recovery-codes/renew/", views.recovery_codes_renew, name="recovery_codes_renew"),
    path("security/sessions/end/", views.sessions_end_others, name="sessions_end_others"),
    path(
        "password/",
        form_view(
            auth_views.PasswordChangeView.as_view(
                template_name="accounts/password_change.html",
                form_class=StyledPasswordChangeForm,
                success_url=reverse_lazy("accounts:password_change_done"),
            )
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        require_GET(auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html")),
        name="password_change_done",
    ),
    path(
        "password-reset/",
        login_not_required(
            form_view(
                views.LimitedPasswordResetView.as_view(
                    template_name="accounts/password_reset.html",
                    form_class=StyledPasswordResetForm,
                    email_template_name="accounts/password_reset_email.txt",
                    subject_template_name="accounts/password_reset_subject.txt",
                    success_url=reverse_lazy("accounts:password_reset_done"),
                )
            )
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        login_not_required(
            require_GET(auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"))
        ),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        login_not_required(
            form_view(
                auth_views.PasswordResetConfirmView.as_view(
                    template_name="accounts/password_reset_confirm.html",
                    form_class=StyledSetPasswordForm,
                    success_url=reverse_lazy("accounts:password_reset_complete"),
                )
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        login_not_required(
            require_GET(
                auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
            )
        ),
        name="password_reset_complete",
    ),
]
