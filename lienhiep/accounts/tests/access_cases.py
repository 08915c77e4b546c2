from lienhiep.accounts.tests.factories import PASSWORD
from lienhiep.core.access_cases import VIEW, Case


def _email_link(world):
    # A link for the officer's own account, as services.user_email_change_request sends it.
    from django.core import signing

    from lienhiep.accounts.services import EMAIL_CHANGE_SALT

    data = {"u": world.alice.pk, "from": world.alice.email, "to": "alice.moi@example.test"}
    return {"token": signing.dumps(data, salt=EMAIL_CHANGE_SALT)}


NEW_PASSWORD = "mật-khẩu-mới-2026"


def _user(world):
    from lienhiep.accounts.models import User

    return User.objects.get(pk=world.alice.pk)


CASES = {
    "accounts:login": Case(methods={"GET": VIEW, "POST": VIEW}, public=True, scoped=False),
    "accounts:logout": Case(
        methods={"POST": VIEW}, scoped=False, changed=lambda w, client: "_auth_user_id" not in client.session
    ),
    "accounts:profile": Case(
        methods={"GET": VIEW, "POST": VIEW},
        scoped=False,
        data=lambda w: {"full_name": "Nguyễn Văn A", "email": w.alice.email, "phone": w.alice.phone},
        changed=lambda w, client: _user(w).full_name == "Nguyễn Văn A",
    ),
    "accounts:email_confirm": Case(
        kwargs=_email_link,
        methods={"GET": VIEW, "POST": VIEW},
        scoped=False,
        changed=lambda w, client: _user(w).email == "alice.moi@example.test",
    ),
    "accounts:password_change": Case(
        methods={"GET": VIEW, "POST": VIEW},
        scoped=False,
        data=lambda w: {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        changed=lambda w, client: _user(w).check_password(NEW_PASSWORD),
    ),
    "accounts:password_change_done": Case(scoped=False),
    "accounts:password_reset": Case(methods={"GET": VIEW, "POST": VIEW}, public=True, scoped=False),
    "accounts:password_reset_done": Case(public=True, scoped=False),
    "accounts:password_reset_confirm": Case(
        kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"},
        methods={"GET": VIEW, "POST": VIEW},
        public=True,
        scoped=False,
    ),  # fmt: skip
    "accounts:password_reset_complete": Case(public=True, scoped=False),
}
