"""Reading the second factor of an account (django-otp's devices), for the pages: the QR code of a key being set
up, its secret as typed by hand, the recovery codes left."""

from __future__ import annotations

import base64

import segno
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice


def qr_svg(device: TOTPDevice) -> SafeString:
    """The key's otpauth:// address as an SVG QR code, drawn here: no outside service sees the secret."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, title="QR")
    return mark_safe(svg)  # noqa: S308 - segno's own markup, built from our key alone


def secret(device: TOTPDevice) -> str:
    """The key in base32 as authenticator apps take it typed by hand, in groups of four."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
