"""The one way tests log a user in past the second factor: a session made as a real login leaves it, the password
and (where the user has or must have one) the second factor checked the way django-otp marks it. Tests of the
login itself go through the pages instead (accounts/tests/test_second_factor.py)."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice

from lienhiep.accounts import policy, sessions


def verified_session(user: Any) -> SessionBase:
    """A saved session of `user`, logged in with the second factor satisfied. A user who must have a second
    factor and has none gets one (a recovery-code device without codes: nothing to type)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    sessions.start(store, user)
    device = next(iter(devices_for_user(user, confirmed=True)), None)
    if device is None and policy.second_factor_required(user):
        device = StaticDevice.objects.create(user=user, name="test", confirmed=True)
    if device is None:
        sessions.mark_no_second_factor(store)
    else:
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.save()
    return store


def login(client: Any, user: Any) -> Any:
    """Log `user` in on Django's test client (in place of `client.force_login`); returns the client."""
    client.cookies[settings.SESSION_COOKIE_NAME] = verified_session(user).session_key
    return client
