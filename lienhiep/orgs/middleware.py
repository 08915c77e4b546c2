from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from lienhiep.core import figures
from lienhiep.orgs import permissions

SESSION_KEY = "working_org_id"


class WorkingOrgMiddleware:
    """Sets `request.working_org`: the node the user works in, chosen in the header switcher."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.working_org = None  # type: ignore[attr-defined]
        request.role_orgs = []  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            roots = permissions.root_orgs(request.user)
            request.role_orgs = roots  # type: ignore[attr-defined]
            chosen = request.session.get(SESSION_KEY)
            working = next((o for o in roots if o.pk == chosen), None)
            request.working_org = working or (roots[0] if roots else None)  # type: ignore[attr-defined]
        return self.get_response(request)


class NightlyFiguresMiddleware:
    """Collects, for the page being answered, when the nightly figures it shows were computed (decision 0009);
    `base.html` says so under the page (`orgs.context_processors.figures_note`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with figures.nightly_noted():
            return self.get_response(request)
