"""Template helpers for the interface's parts, loaded as builtins."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def icon(name: str, label: str = "", css: str = "") -> str:
    """A Bootstrap icon that screen readers skip (a font glyph read aloud means nothing); with `label`, the words it
    stands for, read instead and shown on hover: what an icon-only button or link needs for a name.

    `{% icon "trash" label=_("Delete") css="text-danger" %}`
    """
    classes = f"bi bi-{name} {css}".strip()
    if not label:
        return format_html('<i class="{}" aria-hidden="true"></i>', classes)
    return format_html(
        '<i class="{}" aria-hidden="true" title="{}"></i><span class="visually-hidden">{}</span>', classes, label, label
    )
