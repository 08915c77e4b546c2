from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lienhiep.core.nav import for_request, nav_items


def navigation(request: HttpRequest) -> dict[str, Any]:
    match = getattr(request, "resolver_match", None)
    # `role_less` and `granted` are set by orgs' middleware (a user holding no role on any unit; one holding a role
    # and a grant).
    items = for_request(
        nav_items(), role_less=getattr(request, "role_less", False), granted=getattr(request, "granted", False)
    )
    return {"nav_items": items, "nav_current": match.namespace if match else ""}
