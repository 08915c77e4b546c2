"""The campaign pages' forms: a new campaign (its form of figures, sections and attachments typed as lines), the
board's filters, a submission's figures and narratives, and the officer's review."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lienhiep.campaigns.models import CHILD_LEAD_DAYS, CampaignKind, Submission, SubmissionStatus, slot
from lienhiep.campaigns.schema import NUMBER_TYPES
from lienhiep.core.forms import BootstrapFormMixin, FilterForm, NFCCharField, VNDateField
from lienhiep.orgs.forms import OrgChoiceField, UnitPickers
from lienhiep.orgs.models import Org, OrgKind
from lienhiep.orgs.permissions import Access
from lienhiep.reporting import registry

# The sections of a half-year report's news (REPORTING.md §5.9 D 25), offered when a campaign is opened.
DEFAULT_SECTIONS = _(
    "Information, communication and training\n"
    "Consultancy, critique and social assessment\n"
    "Creativity contests and initiatives\n"
    "Organisation building and members\n"
    "Professional, community and charity work\n"
    "Plans for the next six months"
)
DEFAULT_FIGURES = ["members.count", "activities.count|kind=training", "activities.count|kind=seminar"]


def figure_options() -> list[tuple[str, str]]:
    """The registry's numbers a campaign may ask for: each key, and for a figure whose first parameter has choices,
    each choice of it ("Activities — Training")."""
    options: list[tuple[str, str]] = []
    for spec in registry.specs().values():
        if spec.value_type not in NUMBER_TYPES:
            continue
        options.append((spec.key, str(spec.label)))
        chosen = next(((name, choices) for name, choices in spec.params.items() if choices), None)
        if chosen is not None:
            name, choices = chosen
            options.extend((f"{spec.key}|{name}={value}", f"{spec.label} — {label}") for value, label in choices)
    return sorted(options, key=lambda option: option[1])


def parse_figure(option: str) -> dict[str, Any]:
    key, _sep, param = option.partition("|")
    name, _eq, value = param.partition("=")
    return {"key": key, "params": {name: value} if param else {}}


def parse_sections(text: str) -> list[dict[str, Any]]:
    """One section a line; lines beginning with "-" under it are its questions."""
    sections: list[dict[str, Any]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("-") and sections:
            sections[-1]["questions"].append(line.lstrip("- ").strip())
        else:
            sections.append({"key": f"s{len(sections) + 1}", "title": line.lstrip("- ").strip(), "questions": []})
    return sections


def parse_lines(text: str, prefix: str) -> list[dict[str, str]]:
    titles = [line.strip() for line in text.splitlines() if line.strip()]
    return [{"key": f"{prefix}{i}", "title": title} for i, title in enumerate(titles, 1)]


class CampaignForm(UnitPickers, BootstrapFormMixin, forms.Form):
    org = OrgChoiceField(label=_("Union asking"), queryset=Org.objects.none(), need=Access.MANAGE)
    kind = forms.ChoiceField(label=_("Kind of campaign"), choices=CampaignKind.choices)
    title = NFCCharField(label=_("Title"), max_length=255)
    period_start = VNDateField(label=_("From"))
    period_end = VNDateField(label=_("Until"))
    as_of = VNDateField(
        label=_("Figures as of"), help_text=_("The units asked are those standing under the union on this date.")
    )
    deadline = VNDateField(label=_("Submissions due"))
    deadline_time = forms.TimeField(
        label=_("Deadline hour"), initial=dt.time(17, 0), widget=forms.TimeInput(format="%H:%M")
    )
    request_number = NFCCharField(label=_("Request letter number"), max_length=50, required=False)
    request_date = VNDateField(label=_("Request letter date"), required=False)
    instructions = NFCCharField(label=_("Instructions"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    kinds = forms.MultipleChoiceField(
        label=_("Units asked"),
        choices=[(k, v) for k, v in OrgKind.choices if k != OrgKind.NATIONAL],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The kinds of unit directly under the union that report to it."),
    )
    figures = forms.MultipleChoiceField(
        label=_("Figures to report"),
        choices=[],
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Counted from each unit's records and shown to it; a unit changes one only with a reason."),
    )
    sections = NFCCharField(
        label=_("Narrative sections"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("One section a line; a line beginning with “-” under it is a question of that section."),
    )
    attachments = NFCCharField(
        label=_("Files asked for"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("One a line, e.g. the signed and sealed report."),
    )
    estimates_allowed = forms.BooleanField(
        label=_("Figures may be estimated to the period's end (“ước”)"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["figures"].choices = figure_options()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, hour = data.get("deadline"), data.get("deadline_time")
        if day and hour:
            data["deadline"] = dt.datetime.combine(day, hour, tzinfo=timezone.get_current_timezone())
        return data

    def campaign(self) -> dict[str, Any]:
        """The cleaned values as `services.campaign_create` takes them."""
        data = dict(self.cleaned_data)
        data.pop("deadline_time", None)
        data["form"] = {
            "figures": [parse_figure(option) for option in data.pop("figures")],
            "sections": parse_sections(data.pop("sections")),
            "attachments": parse_lines(data.pop("attachments"), "a"),
        }
        return data


class BoardFilterForm(FilterForm):
    widths: ClassVar[dict[str, str]] = {"status": "col-6 col-lg-3", "order": "col-6 col-lg-3"}

    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *SubmissionStatus.choices], required=False
    )
    order = forms.ChoiceField(
        label=_("Sort by"),
        choices=[
            ("name", _("Unit")),
            ("status", _("Status")),
            ("late", _("Days late")),
            ("reminders", _("Reminders sent")),
            ("change", _("Last change")),
        ],
        required=False,
    )


class SubmissionForm(BootstrapFormMixin, forms.Form):
    """A field for each figure (its value, a reason, "ước") and each narrative section, named by position."""

    def __init__(self, *args: Any, submission: Submission, estimates: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.submission = submission
        self.rows: list[dict[str, Any]] = []
        campaign = submission.campaign
        for i, item in enumerate(campaign.form.get("figures", [])):
            name = slot(item["key"], item["params"])
            entry = submission.figures.get(name, {})
            spec = registry.spec(item["key"])
            label = str(spec.label) + "".join(f" — {_choice(spec, k, v)}" for k, v in item["params"].items())
            self.fields[f"v{i}"] = forms.CharField(
                label=label,
                required=False,
                initial="" if entry.get("value") is None else str(entry.get("value")),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "class": "form-control"}),
            )
            self.fields[f"r{i}"] = NFCCharField(
                label=_("Why it differs from the records"),
                max_length=255,
                required=False,
                initial=entry.get("reason", ""),
                widget=forms.TextInput(
                    attrs={"class": "form-control", "placeholder": _("Why it differs from the records (if changed)")}
                ),
            )
            if estimates:
                self.fields[f"e{i}"] = forms.BooleanField(
                    label=_("Estimate (“ước”)"),
                    required=False,
                    initial=entry.get("estimate", False),
                    widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
                )
            self.rows.append({"name": name, "i": i, "label": label, "entry": entry, "unit": str(spec.unit)})
        for section in campaign.form.get("sections", []):
            self.fields[f"n_{section['key']}"] = NFCCharField(
                label=section["title"],
                required=False,
                initial=submission.narratives.get(section["key"], ""),
                widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
            )

    def figure_rows(self) -> list[dict[str, Any]]:
        return [
            {
                **row,
                "value": self[f"v{row['i']}"],
                "reason": self[f"r{row['i']}"],
                "estimate": self[f"e{row['i']}"] if f"e{row['i']}" in self.fields else None,
            }
            for row in self.rows
        ]

    def section_fields(self) -> list[tuple[dict[str, Any], Any]]:
        return [(section, self[f"n_{section['key']}"]) for section in self.submission.campaign.form.get("sections", [])]

    def values(self) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
        data = self.cleaned_data
        figures = {
            row["name"]: {
                "value": data.get(f"v{row['i']}", ""),
                "reason": data.get(f"r{row['i']}", ""),
                "estimate": data.get(f"e{row['i']}", False),
            }
            for row in self.rows
        }
        narratives = {
            section["key"]: data.get(f"n_{section['key']}", "")
            for section in self.submission.campaign.form.get("sections", [])
        }
        return figures, narratives


def _choice(spec: Any, name: str, value: Any) -> str:
    return str(dict(spec.params.get(name) or []).get(value, value))


class ReviewForm(BootstrapFormMixin, forms.Form):
    ACTIONS: ClassVar[list[tuple[str, Any]]] = [
        ("accept", _("Accept")),
        ("return", _("Return for correction")),
        ("lock", _("Lock")),
        ("exempt", _("Exempt")),
        ("unexempt", _("Withdraw the exemption")),
        ("extend", _("Extend the deadline")),
    ]
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    comment = NFCCharField(label=_("What to correct, or why"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    due = VNDateField(label=_("New deadline"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "extend":
            if not data.get("due"):
                raise ValidationError(_("Give the new deadline."))
            data["due"] = dt.datetime.combine(data["due"], dt.time(17, 0), tzinfo=timezone.get_current_timezone())
        return data


class AttachmentForm(BootstrapFormMixin, forms.Form):
    item = forms.ChoiceField(label=_("What the file is"), choices=[])
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, asked: list[dict[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(a["key"], a["title"]) for a in asked]  # type: ignore[attr-defined]


class ChildForm(BootstrapFormMixin, forms.Form):
    lead_days = forms.IntegerField(
        label=_("Days before our own deadline"), min_value=0, max_value=60, initial=CHILD_LEAD_DAYS
    )


class MoveForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("close", _("Close")),
            ("reopen", _("Reopen")),
            ("lock", _("Lock")),
            ("cancel", _("Cancel the campaign")),
            ("prefill", _("Pre-fill again")),
        ]
    )
    reason = NFCCharField(required=False, max_length=255)
