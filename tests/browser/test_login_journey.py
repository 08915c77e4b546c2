"""An officer's first login sets up the second step with an authenticator app (the code computed here from the key
the page shows), keeps the recovery codes, logs out, and logs in again with a code."""

from __future__ import annotations

import base64

from django_otp.oath import totp

from tests.browser.conftest import CONTEXT, shot


def _code(secret: str) -> str:
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{totp(key):06d}"


def _next_code(secret: str) -> str:
    """The code of the period after the last one the device accepted. The set-up may have been accepted a period
    off (the clock crossing a 30-second boundary), and the device then keeps that drift: "the next period by the
    clock" can fall outside its window, which made this journey fail now and then."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username="hatinh.canbo")
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    code = TOTP(key, device.step, device.t0, device.digits)
    code.time = device.t0 + (device.last_t + 1) * device.step
    return f"{code.token():06d}"


def _password(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", "hatinh.canbo")
    page.fill("#id_password", "lienhiep-demo")
    page.click("form button.btn-primary")


def test_set_up_the_app_log_out_and_log_in_with_a_code(browser, live_server, demo):
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    # Given the Hà Tĩnh officer, who has not set up a second step yet
    StaticDevice.objects.filter(user__username="hatinh.canbo").delete()
    TOTPDevice.objects.filter(user__username="hatinh.canbo").delete()
    context = browser.new_context(viewport={"width": 390, "height": 844}, **CONTEXT)
    page = context.new_page()
    try:
        # When she logs in, the password is not enough: she is asked to set up an app
        _password(page, live_server.url)
        page.wait_for_url(f"{live_server.url}/accounts/security/authenticator/**")
        assert page.locator("[data-testid=totp-qr] svg").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shot(page, "enrol-390")
        page.set_viewport_size({"width": 1366, "height": 768})
        shot(page, "enrol-1366")
        secret = page.inner_text("[data-testid=totp-secret]")
        page.fill("#id_code", _code(secret))
        page.click("form button.btn-primary")
        # Then she sees her ten recovery codes, once
        page.wait_for_url(f"{live_server.url}/accounts/security/recovery-codes/**")
        assert page.locator("[data-testid=recovery-codes] li").count() == 10
        page.click("text=Tôi đã lưu các mã, tiếp tục")
        page.wait_for_url(f"{live_server.url}/")
        # She logs out, and in again: the password, then a code from the app
        page.locator("form[action='/accounts/logout/'] button").dispatch_event("click")
        page.wait_for_url(f"{live_server.url}/accounts/login/")
        _password(page, live_server.url)
        page.wait_for_url(f"{live_server.url}/accounts/verify/**")
        page.fill("#id_code", _next_code(secret))  # the one used to set up is spent
        page.click("form button.btn-primary")
        page.wait_for_url(f"{live_server.url}/")
        assert page.locator("[data-testid=org-switcher]").count() == 1
    finally:
        context.close()
