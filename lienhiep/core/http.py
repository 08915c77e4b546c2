"""Facts about a request that depend on how the site is deployed."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address of the client. Behind `TRUSTED_PROXY_COUNT` proxies (each appending the address it saw to
    X-Forwarded-For), the address the first of our proxies saw; with none, the connection's own address — a
    forwarded header is then anyone's to write, and must not decide who is throttled."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if part.strip()]
    if not forwarded:
        return remote
    return forwarded[-count] if len(forwarded) >= count else forwarded[0]
