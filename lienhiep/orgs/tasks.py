"""Background tasks of the organisation tree."""

from __future__ import annotations

from django.tasks import task

from lienhiep.core import declarations
from lienhiep.orgs.selectors import today


@task
def figures_warm() -> None:
    """Compute again the figures people open first (the unions' overviews), after a change to the tree made
    them forgotten. Apps name their warm-up functions (`(*, on: date) -> int`) in `AppConfig.figure_warmers`;
    orgs may not import them."""
    for warm in declarations.imported("figure_warmers"):
        warm(on=today())
