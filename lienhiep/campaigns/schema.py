"""The shape of a campaign's form (REPORTING.md §5.6): the figures asked for, from the registry, the narrative
questions by section and the attachments asked for; checked once, when the campaign is created."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lienhiep.core.text import nfc
from lienhiep.reporting import registry

# The figures a unit can report as one number (a list or a table is told in a narrative).
NUMBER_TYPES = frozenset({"count", "money", "percent"})
KEY = re.compile(r"^[a-z0-9_]{1,40}$")


def figure_choices() -> list[tuple[str, str]]:
    """The registry's figures a campaign may ask for, by label."""
    rows = [(spec.key, str(spec.label)) for spec in registry.specs().values() if spec.value_type in NUMBER_TYPES]
    return sorted(rows, key=lambda row: row[1])


def _text(value: Any) -> str:
    return nfc(str(value or "")).strip()


def clean_form(form: dict[str, Any], *, whole_years: bool) -> dict[str, Any]:
    """`form` in its one shape, or a ValidationError: every figure a number of the registry with parameters it takes
    (one counted by whole years only in a period of whole years), sections and attachments with distinct keys."""
    figures: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for item in form.get("figures", []):
        key = str(item.get("key", ""))
        spec = registry.spec(key)
        if spec.value_type not in NUMBER_TYPES:
            raise ValidationError(_("The figure “%(label)s” is not a number.") % {"label": spec.label})
        if spec.period == "years" and not whole_years:
            raise ValidationError(
                _("The figure “%(label)s” is counted by whole years; choose a period of whole years.")
                % {"label": spec.label}
            )
        params = registry.check_params(key, item.get("params") or {})
        mark = (key, repr(sorted(params.items())))
        if mark in seen:
            raise ValidationError(_("The figure “%(label)s” is asked twice.") % {"label": spec.label})
        seen.add(mark)
        figures.append({"key": key, "params": params})
    sections = _keyed(form.get("sections", []), _("section"))
    for section, item in zip(sections, form.get("sections", []), strict=True):
        section["questions"] = [_text(q) for q in item.get("questions", []) if _text(q)]
    attachments = _keyed(form.get("attachments", []), _("attachment"))
    if not figures and not sections:
        raise ValidationError(_("Ask for at least one figure or one section."))
    return {"figures": figures, "sections": sections, "attachments": attachments}


def _keyed(items: list[dict[str, Any]], what: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    keys: set[str] = set()
    for item in items:
        key, title = str(item.get("key", "")), _text(item.get("title"))
        if not KEY.match(key) or key in keys:
            raise ValidationError(_("Each %(what)s needs a short key of its own.") % {"what": what})
        if not title:
            raise ValidationError(_("Each %(what)s needs a title.") % {"what": what})
        keys.add(key)
        rows.append({"key": key, "title": title})
    return rows
