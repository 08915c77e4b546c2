"""Template helpers for the interface's parts, loaded as builtins."""

from __future__ import annotations

import html
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lienhiep.core import http, layout
from lienhiep.core.templatetags.vn import vnum

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


@register.simple_tag
def assets() -> str:
    """base.html's stylesheets and scripts, kept per static files manifest (core.layout)."""
    return layout.assets()


@register.simple_tag(takes_context=True)
def app_header(context: template.Context) -> str:
    """base.html's header, kept per user's name and units (core.layout)."""
    return layout.header(context)


@register.simple_tag(takes_context=True)
def sidebar(context: template.Context) -> str:
    """base.html's sidebar, kept per kind of account and current module (core.layout)."""
    return layout.sidebar(context)


@register.inclusion_tag("partials/chart.html")
def chart(
    figures: dict[str, Any],
    source: str,
    kind: str,
    *,
    label: str,
    axis: str = "",
    height: int = 220,
    box: int = 0,
    testid: str = "",
    joined: str = "",
    left: str = "",
) -> dict[str, Any]:
    """A chart drawn by static/js/charts.js from `figures[source]` (the page's json_script "chart-data"), named and
    summed up for screen readers (role="img"), with the same figures as a table under it, folded, open in print.

    `{% chart chart "by_month" "stacked" label=_("Activities by month and kind") axis=_("Month") height=230 %}`
    `kind`: line, bar, doughnut (labels, values); flows (labels, joined, left: the series named `joined` and `left`);
    stacked, grouped (labels, datasets of label and values); timeline (labels, bars of row and label).
    """
    data = figures.get(source) or {}
    columns, table, summary = _chart_table(kind, data, label=label, joined=joined, left=left)
    # Each row's cells written here, one string a row: in the template's loop a cell cost ~10 µs, and the overview's
    # months by kind are 70 rows of up to 10 (docs/benchmarks.md, "Session 15 … list13").
    rows = [(name, _cells(cells)) for name, cells in table]
    return {
        "kind": kind,
        "source": source,
        "label": label,
        "summary": summary,
        "axis": axis,
        "height": height,
        "box": box,
        "testid": testid,
        "joined": joined,
        "left": left,
        "columns": columns,
        "rows": rows,
    }


def _cells(cells: list[str]) -> str:
    """A table row's cells, each escaped (`html.escape`, what Django's `escape` calls)."""
    return mark_safe("".join([f'<td class="text-end">{html.escape(v)}</td>' for v in cells]))  # noqa: S308


def _chart_table(
    kind: str, data: dict[str, Any], *, label: str, joined: str, left: str
) -> tuple[list[str], list[tuple[str, list[str]]], str]:
    """The columns, the rows (a heading and its cells, formatted) and a one-sentence summary of a chart's figures."""
    labels = [str(x) for x in data.get("labels", [])]
    if kind == "timeline":
        bars = data.get("bars", [])
        rows = [(labels[bar["row"]], [str(bar["label"])]) for bar in bars]
        summary = _("%(label)s: %(seats)s seats held by %(people)s persons.") % {
            "label": label,
            "seats": vnum(len(bars)),
            "people": vnum(len(labels)),
        }
        return [str(_("Seat"))], rows, summary
    if kind == "flows":
        series = [(joined, data.get("joined", [])), (left, data.get("left", []))]
    elif kind in ("stacked", "grouped"):
        series = [(str(s["label"]), s["values"]) for s in data.get("datasets", [])]
    else:
        series = [(label, data.get("values", []))]
    rows = [(name, [vnum(values[i]) for _n, values in series]) for i, name in enumerate(labels)]
    columns = [str(name) for name, _values in series]
    if not labels or not series:
        return columns, rows, _("%(label)s: no figures.") % {"label": label}
    if kind == "line":
        values = series[0][1]
        summary = _("%(label)s: %(first)s on %(first_day)s, %(last)s on %(last_day)s.") % {
            "label": label,
            "first": vnum(values[0]),
            "first_day": labels[0],
            "last": vnum(values[-1]),
            "last_day": labels[-1],
        }
    elif len(series) == 1:
        values = series[0][1]
        top = max(range(len(values)), key=lambda i: values[i])
        summary = _("%(label)s: most in %(name)s (%(value)s of %(total)s).") % {
            "label": label,
            "name": labels[top],
            "value": vnum(values[top]),
            "total": vnum(sum(values)),
        }
    else:
        totals = "; ".join(f"{name} {vnum(sum(values))}" for name, values in series)
        summary = _("%(label)s, in all: %(totals)s.") % {"label": label, "totals": totals}
    return columns, rows, summary


@register.simple_tag(takes_context=True)
def row_url(context: template.Context, name: str, *ids: int) -> str:
    """`{% url %}` for a link printed on every row of a list (its arguments ids): reversed once per page shape
    (`core.http.row_url`), not once per row. `{% row_url 'reviews:comment_reply' comment.pk as reply_url %}`"""
    request = getattr(context, "request", None)  # as `{% url %}` reads the app it reverses in
    current_app = getattr(request, "current_app", None)
    if current_app is None:
        match = getattr(request, "resolver_match", None)
        current_app = match.namespace if match is not None else None
    return http.row_url(name, *ids, current_app=current_app)
