from lienhiep.accounts.tests.factories import PASSWORD
from lienhiep.core.access_cases import VIEW, Case, form_on


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
    "accounts:email_confirm": form_on(
        _email_link, VIEW, scoped=False, changed=lambda w, client: _user(w).email == "alice.moi@example.test"
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


def _recovery_token(world):
    # A recovery code of alice's (the login helper gave her a code-less recovery device), typed on the check page.
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    device = StaticDevice.objects.filter(user=world.alice).first() or StaticDevice.objects.create(
        user=world.alice, name="test", confirmed=True
    )
    StaticToken.objects.get_or_create(device=device, token="alicecode1")
    return {"code": "alicecode1"}


def _pending_code(world):
    # The code alice's authenticator app would show for the key being set up.
    from django_otp.oath import totp

    from lienhiep.accounts.services import totp_pending

    device = totp_pending(user=_user(world))
    return {"code": f"{totp(device.bin_key):06d}"}


def _has_authenticator(world, client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=world.alice, confirmed=True).exists()


def _other_session(world):
    # Alice is logged in elsewhere too.
    from lienhiep.accounts.testing import verified_session

    verified_session(_user(world))
    return {}


def _alone(world, client):
    from lienhiep.accounts.models import Session

    return list(Session.objects.filter(user=world.alice).values_list("session_key", flat=True)) == [
        client.session.session_key
    ]


def _codes_renewed(world, client):
    from lienhiep.accounts.models import AccountEvent

    return AccountEvent.objects.filter(user=world.alice, kind="codes_renewed").exists()


CASES |= {
    "accounts:verify": Case(
        methods={"GET": VIEW, "POST": VIEW},
        scoped=False,
        data=_recovery_token,
        changed=lambda w, client: not _static_token_left(w, "alicecode1"),
    ),
    "accounts:security": Case(scoped=False),
    "accounts:enrol": Case(
        methods={"GET": VIEW, "POST": VIEW}, scoped=False, data=_pending_code, changed=_has_authenticator
    ),
    "accounts:recovery_codes": Case(scoped=False),
    "accounts:recovery_codes_download": Case(scoped=False),
    "accounts:recovery_codes_renew": Case(methods={"POST": VIEW}, scoped=False, changed=_codes_renewed),
    "accounts:sessions_end_others": Case(methods={"POST": VIEW}, scoped=False, data=_other_session, changed=_alone),
}


def _static_token_left(world, token):
    from django_otp.plugins.otp_static.models import StaticToken

    return StaticToken.objects.filter(device__user=world.alice, token=token).exists()
