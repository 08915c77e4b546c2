from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lienhiep.core import figures


def working_org(request: HttpRequest) -> dict[str, Any]:
    return {
        "working_org": getattr(request, "working_org", None),
        "role_orgs": getattr(request, "role_orgs", []),
    }


def figures_note(request: HttpRequest) -> dict[str, Any]:
    """`figures_note`: the sentence saying when the nightly figures a page showed were computed (decision 0009). A
    callable, so the template asks it at the end of the page, once the page's figures have been read."""
    return {"figures_note": figures.nightly_note}
