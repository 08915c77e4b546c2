"""Background tasks of the organisation tree."""

from __future__ import annotations

from django.apps import apps
from django.tasks import task
from django.utils.module_loading import import_string

from lienhiep.orgs.selectors import today


@task
def figures_warm() -> None:
    """Compute again the figures people open first (the unions' overviews), after a change to the tree made
    them forgotten. Apps name their warm-up functions (`(*, on: date) -> int`) in `AppConfig.figure_warmers`;
    orgs may not import them."""
    for config in apps.get_app_configs():
        for path in getattr(config, "figure_warmers", ()):
            import_string(path)(on=today())
