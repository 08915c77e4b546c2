from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db.models import Model
from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.formats import number_format
from django.utils.functional import Promise, cached_property
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext_lazy as _

from lienhiep.core.http import MAX_ID, id_param
from lienhiep.core.text import nfc

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]


class DateInput(forms.TextInput):
    """dd/mm/yyyy in a text box: a browser's date picker would show its own locale's order."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", "class": "form-control"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        return super().format_value(value)


class VNDateField(forms.DateField):
    widget = DateInput
    input_formats = DATE_FORMATS
    default_error_messages = {"invalid": _("Enter a real date as dd/mm/yyyy, for example 31/12/2023.")}


class NFCCharField(forms.CharField):
    """Text typed in any Unicode form is stored in NFC, with whitespace tidied."""

    def to_python(self, value: Any) -> str:
        text: str = super().to_python(value) or ""
        return nfc(text)


def parse_date(raw: str | None, default: dt.date) -> dt.date:
    """A date from a query string (dd/mm/yyyy or ISO); `default` when missing or unreadable."""
    if not raw:
        return default
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw.strip(), fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    return default


# The largest value an integer column holds on PostgreSQL: a whole number typed in a form and bounded by nothing
# else must fit it, or saving it fails (a 40-digit "count" made a server error).
INT_MAX = 2_147_483_647


def _ids_within_bounds(field: forms.ModelChoiceField[Any]) -> Callable[[Any], Any]:
    """The field's `clean`, refusing first any posted value that is a whole number past what the database holds.
    The record a single choice cleaned to is kept on the field (`picked`, by its id as posted), so that a
    `SearchSelect` prints the chosen option without reading it again (a filter bar's unit, every list page)."""
    clean = field.clean

    def bounded(value: Any) -> Any:
        for item in value if isinstance(value, list | tuple) else [value]:
            try:
                number = int(str(item).strip())
            except (TypeError, ValueError):
                continue
            if abs(number) > MAX_ID:
                raise forms.ValidationError(
                    field.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        cleaned = clean(value)
        if isinstance(cleaned, Model):
            field.picked = {str(cleaned.pk): cleaned}  # type: ignore[attr-defined]
        return cleaned

    return bounded


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal shown on the form that asked for it: each field's message at its field, a message naming
    no field of the form (or none at all) above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def errors_said(form: forms.BaseForm, error: ValidationError | None = None, *, labels: bool = False) -> str:
    """A form's errors (or `error`, a service's refusal of what the form asked) in one line, for a view that
    redirects and says it as a message: the messages joined; with `labels`, each field's after its label
    ("Số văn bản trả lời: Bước này cần…"), a message naming no field of the form on its own."""
    refusal = ValidationError(form.errors) if error is None else error
    if not hasattr(refusal, "error_dict"):
        return " ".join(refusal.messages)
    said = []
    for name, errors in refusal.error_dict.items():
        text = " ".join(ValidationError(errors).messages)
        said.append(f"{form[name].label}: {text}" if labels and name in form.fields else text)
    return " ".join(said)


def posted_valid(request: HttpRequest, form: forms.BaseForm, invalid: str | Promise | None = None) -> bool:
    """Whether a form posted from a record's page, for a view that redirects to that page either way, is valid;
    if not, its fault is said as an error message: `invalid` (what the page's small form asks for), or the form's
    own errors (`errors_said`). The view then writes it through `core.http.submit(..., on_form=False)`."""
    if form.is_valid():
        return True
    from django.contrib import messages

    messages.error(request, str(invalid) if invalid is not None else errors_said(form))
    return False


class BootstrapFormMixin:
    """Adds Bootstrap classes to every widget, and bounds every whole number by what the database holds: a number
    field's value, and the ids a choice of records is posted with (an id past what the database holds is no choice,
    not a query SQLite refuses with an OverflowError)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for bound in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(bound, forms.IntegerField) and bound.max_value is None:
                bound.max_value = INT_MAX
                bound.validators.append(MaxValueValidator(INT_MAX))
            if isinstance(bound, forms.ModelChoiceField):
                bound.clean = _ids_within_bounds(bound)  # type: ignore[method-assign,assignment]
            widget = bound.widget
            css = widget.attrs.get("class", "")
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            if isinstance(widget, forms.Select | forms.SelectMultiple):
                base = "form-select"
            else:
                base = "form-control"
            if base not in css:
                widget.attrs["class"] = f"{css} {base}".strip()


class FilterForm(BootstrapFormMixin, forms.Form):
    """The filters above a list or a chart, read from the query string. `nodes`: the units its `node` field
    offers (those the user sees). A list lays its filters out with templates/partials/filter_bar.html: each
    field in a column as wide as `widths` says (Bootstrap classes by field name), the button in `button_width`."""

    widths: ClassVar[dict[str, str]] = {}
    button_width = "col-12 col-lg-2"

    def __init__(self, *args: Any, nodes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if nodes is not None:
            self.fields["node"].queryset = nodes  # type: ignore[attr-defined]

    def columns(self) -> list[tuple[Any, str]]:
        return [(field, self.widths.get(field.name, "col-6 col-lg-2")) for field in self]

    def filters[T](self, make: Callable[..., T]) -> T:
        """What the list's selector is asked: `make` (its filters, named as the form's fields) with the query
        string's values, or with none where they do not validate."""
        return make(**self.cleaned_data) if self.is_valid() else make()

    def in_words(self, *, leave_out: tuple[str, ...] = ()) -> list[tuple[str, str]]:
        """The filters chosen, as a reader says them: (label, value) for each field given a valid value, a choice
        by its label, a unit by its name, a date as dd/mm/yyyy (the heading of a printed list and of its sheet)."""
        if not self.is_valid():
            return []
        said: list[tuple[str, str]] = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if name in leave_out or value in (None, "", [], ()):
                continue
            if isinstance(field, forms.ModelChoiceField):
                text = field.label_from_instance(value)
            elif isinstance(field, forms.ChoiceField):
                text = str(dict(field.choices).get(value, value))  # type: ignore[arg-type]
            elif isinstance(value, dt.date):
                text = f"{value:%d/%m/%Y}"
            else:
                text = str(value)
            said.append((str(field.label), str(text)))
        return said


class _Templated(Exception):
    """A widget `FormRenderer` does not write itself (a value a template would call): its template prints it."""


_PLAIN = Context()  # what a form template renders in: autoescape on, no l10n or time zone asked


def _text(value: Any) -> str:
    """What `{{ value }}` prints in a widget template (localized, escaped unless safe)."""
    if callable(value):
        raise _Templated
    return render_value_in_context(value, _PLAIN)


def _formatted(value: Any) -> str:
    """What `{{ value|stringformat:'s' }}` prints (the filter keeps a safe value safe)."""
    if callable(value):
        raise _Templated
    text = stringformat(value, "s")
    return _text(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308 (safe as it came)


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict[str, Any]) -> str:
    """django/forms/widgets/input.html (and every template that only includes it)."""
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value != None else ""  # noqa: E711 (the template's `!= None`)
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict[str, Any]) -> str:
    """django/forms/widgets/textarea.html."""
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


_OPTION = "django/forms/widgets/select_option.html"


def _select(widget: dict[str, Any]) -> str:
    """django/forms/widgets/select.html with select_option.html included for each option."""
    out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            if option["template_name"] != _OPTION:
                raise _Templated
            value, attrs, label = _formatted(option["value"]), _attrs(option["attrs"]), _text(option["label"])
            out.append(f'\n  <option value="{value}"{attrs}>{label}</option>\n')
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


_INPUTS = ("input", "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time", "search", "tel")
WRITTEN: dict[str, Callable[[dict[str, Any]], str]] = {
    **{f"django/forms/widgets/{name}.html": _input for name in _INPUTS},
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
}


class FormRenderer(DjangoTemplates):
    """Django's form renderer (settings.FORM_RENDERER), with the plain widgets (a text box, a select and its options,
    a text area: `WRITTEN`) written in Python rather than through their templates: the same characters
    (core/tests/test_form_renderer.py compares them with Django's templates), at a tenth of the cost. A filter bar's
    nine fields cost 9-10 ms of CPU through the templates, each option of a select about 85 µs (docs/benchmarks.md,
    "Session 14"). Anything else (radios, checkboxes, a date in three selects, an option of its own template)
    goes through the templates, core/form_templates read first (its `select.html` writes each plain option in its
    loop)."""

    def render(self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None) -> str:
        write = WRITTEN.get(template_name)
        if write is not None and request is None:
            try:
                return write(context["widget"]).strip()
            except _Templated:
                pass
        return super().render(template_name, context, request)

    @cached_property
    def engine(self) -> Any:
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [Path(__file__).parent / "form_templates", Path(forms.__file__).parent / "templates"],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )


class SearchSelect(forms.Select):
    """A choice among too many to list (every member of a province, every unit of the country): only the empty and
    the chosen options are rendered, and the picker asks `url` for matches as the user types (static/js/app.js),
    under the unit chosen in the form's field named `within` if given. The field's queryset still decides what is
    valid, so nothing outside it can be posted."""

    # Letters typed before the picker asks; 0: it also asks when it opens, for the first matches (a few units).
    min_chars = 2

    def __init__(self, url: str | Promise = "", attrs: dict[str, Any] | None = None, *, within: str = "") -> None:
        super().__init__(attrs)
        self.url, self.within = url, within

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = {**(attrs or {}), "data-searchable": "1", "data-search-url": str(self.url)}
        if self.within:
            attrs["data-search-within"] = self.within
        if self.min_chars != SearchSelect.min_chars:
            attrs["data-search-min"] = str(self.min_chars)
        return super().get_context(name, value, attrs)

    def optgroups(self, name: str, value: list[str], attrs: dict[str, Any] | None = None) -> list[Any]:
        chosen = [str(v) for v in value if id_param(v) is not None]  # a tampered value is shown as no choice
        field = getattr(self.choices, "field", None)
        options: list[tuple[Any, str]] = []
        if field is not None and field.empty_label is not None:
            options.append(("", str(field.empty_label)))
        picked = getattr(field, "picked", {})
        if len(chosen) == 1 and chosen[0] in picked:  # the form has just read it (`_ids_within_bounds`)
            options.append((picked[chosen[0]].pk, field.label_from_instance(picked[chosen[0]])))  # type: ignore[union-attr]
        elif chosen and field is not None:
            options += [(obj.pk, field.label_from_instance(obj)) for obj in field.queryset.filter(pk__in=chosen)]
        return [
            (
                None,
                [
                    self.create_option(
                        name, key, label, str(key) in chosen or (key == "" and not chosen), i, attrs=attrs
                    )
                ],
                i,
            )
            for i, (key, label) in enumerate(options)
        ]


class SearchSelectMultiple(SearchSelect, forms.SelectMultiple):
    """Several choices among too many to list (an initiative's authors), looked up as `SearchSelect` does."""


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (an activity's photos, a nomination's dossier): a list, empty when none."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ImportLayoutForm(BootstrapFormMixin, forms.Form):
    """Where the table is: the sheet (when the workbook has several) and the header row, chosen among the top
    rows as the reading stored them (`ImportBatch.table`)."""

    sheet = forms.ChoiceField(label=_("Sheet"), required=False)
    header_row = forms.TypedChoiceField(label=_("Header row"), coerce=int)

    def __init__(self, *args: Any, table: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.table = table
        sheets = table.get("sheets", [])
        if len(sheets) > 1:
            self.fields["sheet"].choices = [  # type: ignore[attr-defined]
                (
                    sheet["name"],
                    (_("%(name)s (%(rows)s rows, hidden)") if sheet["hidden"] else _("%(name)s (%(rows)s rows)"))
                    % {"name": sheet["name"], "rows": number_format(sheet["rows"], force_grouping=True)},
                )
                for sheet in sheets
            ]
            self.fields["sheet"].initial = table.get("sheet", "")
        else:
            del self.fields["sheet"]
        self.fields["header_row"].choices = [  # type: ignore[attr-defined]
            (number, _("Row %(row)s: %(cells)s") % {"row": number, "cells": " | ".join(cells) or "—"})
            for number, cells in enumerate(table.get("preview", []), start=1)
        ]
        self.fields["header_row"].initial = table.get("header_row")

    def choice(self) -> tuple[str, int | None]:
        """The sheet and header row to read; on another sheet the header row is found again."""
        sheet = self.cleaned_data.get("sheet") or self.table.get("sheet", "")
        if sheet != self.table.get("sheet", ""):
            return sheet, None
        return sheet, self.cleaned_data["header_row"]
