from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from lienhiep.core import declarations, figures
from lienhiep.orgs import permissions

SESSION_KEY = "working_org_id"


class WorkingOrgMiddleware:
    """Sets `request.working_org`: the node the user works in, chosen in the header switcher."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.working_org = None  # type: ignore[attr-defined]
        request.role_orgs = []  # type: ignore[attr-defined]
        request.role_less = False  # type: ignore[attr-defined]
        request.granted = False  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            roots = permissions.root_orgs(request.user)
            request.role_orgs = roots  # type: ignore[attr-defined]
            chosen = request.session.get(SESSION_KEY)
            working = next((o for o in roots if o.pk == chosen), None)
            request.working_org = working or (roots[0] if roots else None)  # type: ignore[attr-defined]
            request.role_less = not roots and not permissions.is_system_admin(request.user)  # type: ignore[attr-defined]
            # A user with a role who also holds a grant (an officer, an expert elsewhere) is shown their assignments.
            request.granted = bool(roots) and permissions.holds_grants_too(request.user)  # type: ignore[attr-defined]
        return self.get_response(request)


# What a user without a role reaches: their own account (profile, password, second factor, sessions, logout), the
# home page and their assignments; and the views the apps declare for the holders of their grants
# (`AppConfig.grant_views`: URL names, e.g. reviews' dossier page for its experts).
ROLE_LESS_NAMESPACES = frozenset({"accounts", "admin"})
ROLE_LESS_VIEWS = frozenset({"home", "orgs:assignments", "set_language", "healthz"})


def grant_views() -> frozenset[str]:
    return ROLE_LESS_VIEWS | frozenset(declarations.declared("grant_views", str))


class RoleLessMiddleware:
    """A user who holds no role on any unit (an expert, a juror: their access is per-object grants, orgs/grants.py)
    gets 404 on every page but their account's, the home page, their assignments and the views declared for grant
    holders, as an outsider does: whatever a page would show "of everything the user sees", they see none of it.
    The declared views check the grant on their object themselves. After `WorkingOrgMiddleware`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.allowed: frozenset[str] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        if not getattr(request, "role_less", False):
            return
        if not getattr(view, "login_required", True):
            return  # a public page (`login_not_required`: a contest edition's) is anyone's, a juror's too
        match = request.resolver_match
        if match is None or set(match.namespaces) & ROLE_LESS_NAMESPACES:
            return
        if self.allowed is None:
            self.allowed = grant_views()
        if match.view_name not in self.allowed:
            raise Http404


class NightlyFiguresMiddleware:
    """Collects, for the page being answered, when the nightly figures it shows were computed (decision 0009);
    `base.html` says so under the page (`orgs.context_processors.figures_note`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with figures.nightly_noted():
            return self.get_response(request)
