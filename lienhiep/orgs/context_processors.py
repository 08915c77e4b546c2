from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def working_org(request: HttpRequest) -> dict[str, Any]:
    return {
        "working_org": getattr(request, "working_org", None),
        "role_orgs": getattr(request, "role_orgs", []),
    }
