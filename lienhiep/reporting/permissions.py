"""Access to reports (REPORTING.md §5.8), the one access function `get_report_for_user`.

- Officers of the unit (MANAGE on it) create, edit, send for review, approve and issue.
- Its leaders (VIEW) read and comment; a leader whose role is on the unit itself may approve (the BCH approves
  its own report; a leader of a province does not approve a town's).
- Everyone who works under the unit (a role on a node that stands, or stood, below it) reads its issued reports
  (and those superseded since), never its drafts: inside, so a draft answers 403; anyone else 404.
"""

from __future__ import annotations

import enum
from typing import Any

from django.http import Http404

from lienhiep.core.permissions import allows, get_for_user, get_or_404, require_allowed, uploaded_by
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import OrgClosure, RoleKind
from lienhiep.orgs.permissions import Access, access_level, is_system_admin
from lienhiep.reporting.models import (
    PUBLISHED_STATUSES,
    Block,
    Rendering,
    RenderStatus,
    Report,
    ReportComment,
    ReportTemplate,
)


class ReportAccess(enum.StrEnum):
    VIEW = "view"  # read it
    COMMENT = "comment"  # comment on its blocks
    EDIT = "edit"  # edit its head and blocks, override figures, send for review, issue, new versions
    APPROVE = "approve"  # approve it


def _leader_on(user: Any, report: Report) -> bool:
    return org_selectors.roles_active(user).filter(org_id=report.org_id, kind=RoleKind.LEADER).exists()


def _works_under(user: Any, report: Report) -> bool:
    """A role (valid today) on a node that stands or stood under the report's unit, at any date."""
    if not user.is_authenticated:
        return False
    role_orgs = list(org_selectors.roles_active(user).values_list("org_id", flat=True))
    return (
        bool(role_orgs) and OrgClosure.objects.filter(ancestor_id=report.org_id, descendant_id__in=role_orgs).exists()
    )


def report_access(user: Any, report: Report) -> set[ReportAccess] | None:
    """What `user` may do with `report`: None when they are outside it (404), an empty set when they are inside
    but may do nothing (403)."""
    level = access_level(user, report.org)
    allowed: set[ReportAccess] = set()
    if level is not None:
        allowed |= {ReportAccess.VIEW, ReportAccess.COMMENT}
        if level >= Access.MANAGE:
            allowed |= {ReportAccess.EDIT, ReportAccess.APPROVE}
        elif is_system_admin(user) or _leader_on(user, report):
            allowed.add(ReportAccess.APPROVE)
        return allowed
    if _works_under(user, report):
        if report.status in PUBLISHED_STATUSES:
            allowed.add(ReportAccess.VIEW)
        return allowed
    return None


def can_report(user: Any, report: Report, need: ReportAccess | str) -> bool:
    return allows(report_access(user, report), ReportAccess(need))


def require_report(user: Any, report: Report, need: ReportAccess | str) -> None:
    """For services: PermissionDenied unless `user` may do `need` with `report` (the view answered 404/403)."""
    require_allowed(report_access(user, report), ReportAccess(need))


def get_report_for_user(user: Any, pk: int | str | None, *, need: ReportAccess | str = ReportAccess.VIEW) -> Report:
    """The one access function for reports: 404 for a report that does not exist or lies outside the user's tree,
    403 for one inside it that `need` is not allowed on."""
    rows = Report.objects.select_related("org", "template", "congress")
    return get_for_user(rows, pk, user, ReportAccess(need), report_access)


def get_template_for_user(user: Any, pk: int | str | None) -> ReportTemplate:
    """A template the user may copy from: a shipped one, or a copy of a unit the user sees (404 otherwise)."""
    template = get_or_404(ReportTemplate.objects.all(), pk)
    if template.org is not None and access_level(user, template.org) is None:
        raise Http404
    return template


def get_block_for_user(user: Any, pk: int | str | None, *, need: ReportAccess | str) -> tuple[Block, Report]:
    """A block and its report, through the report's access function (404 outside, 403 without `need`)."""
    block = get_or_404(Block.objects.select_related("section"), pk)
    return block, get_report_for_user(user, block.section.report_id, need=need)


def get_comment_for_user(user: Any, pk: int | str | None) -> tuple[ReportComment, Report]:
    """A comment the user may settle, and its report: its author (who may comment), or an editor of the report;
    404 outside the report's readers, 403 to the others."""
    comment = get_or_404(ReportComment.objects.select_related("block__section"), pk)
    need = ReportAccess.COMMENT if comment.author_id == user.pk else ReportAccess.EDIT
    return comment, get_report_for_user(user, comment.report_id, need=need)


def get_rendering_for_user(user: Any, pk: int | str | None, fmt: str) -> Rendering:
    """A file written on request (a preview), in format `fmt`: to the one who asked for it, once written, through the
    report's access function; 404 to anyone else and for a format it was not written in."""
    rendering = get_or_404(uploaded_by(Rendering.objects.filter(status=RenderStatus.DONE), user), pk)
    if fmt not in rendering.files:
        raise Http404
    get_report_for_user(user, rendering.report_id)
    return rendering
