"""The forms of the report pages: the list's filters, a new report, a block's text, a comment, an override, the issue
and the signed scan, and the sections of a union's own template."""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienhiep.core.forms import BootstrapFormMixin, FilterForm, NFCCharField, VNDateField
from lienhiep.core.text import nfc
from lienhiep.governance.models import Congress, Meeting
from lienhiep.orgs.forms import OrgChoiceField, UnitPickers
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access
from lienhiep.reporting.models import ReportKind, ReportStatus, ReportTemplate

# Kinds whose report is about a term: they need the congress that opened it.
TERM_KINDS = frozenset({ReportKind.TERM, ReportKind.SELF_REVIEW})


class ReportFilterForm(FilterForm):
    widths: ClassVar[dict[str, str]] = {"node": "col-12 col-lg-4", "year": "col-6 col-lg-2"}
    button_width = "col-6 col-lg-2"

    node = OrgChoiceField(label=_("Unit"), queryset=Org.objects.none(), required=False, empty_label=_("All my units"))
    kind = forms.ChoiceField(
        label=pgettext_lazy("report", "Kind"), choices=[("", _("All kinds")), *ReportKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *ReportStatus.choices], required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2100, required=False)


class TemplateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ReportTemplate) -> str:
        own = _("own copy") if obj.org_id else _("shipped")
        return f"{obj.name} ({own}, {obj.get_kind_display().lower()})"


class CongressChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Congress) -> str:
        return f"{obj.org.short_name or obj.org.name}: {obj}"


class ReportCreateForm(UnitPickers, BootstrapFormMixin, forms.Form):
    org = OrgChoiceField(label=_("Unit"), queryset=Org.objects.none(), need=Access.MANAGE)
    kind = forms.ChoiceField(label=pgettext_lazy("report", "Kind"), choices=ReportKind.choices)
    template = TemplateChoiceField(
        label=_("Template"),
        queryset=ReportTemplate.objects.none(),
        help_text=_("A template shipped with the platform, or a copy your union has adapted."),
    )
    period_start = VNDateField(label=_("From"))
    period_end = VNDateField(label=_("Until"))
    as_of = VNDateField(
        label=_("Figures as of"), help_text=_("The cut-off date of the figures (“số liệu tính đến ngày”).")
    )
    congress = CongressChoiceField(
        label=_("Congress"),
        queryset=Congress.objects.none(),
        required=False,
        help_text=_("For a term report or a self-review: the congress that opened the term."),
    )

    def __init__(
        self, *args: Any, templates: QuerySet[ReportTemplate], congresses: QuerySet[Congress], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]
        self.fields["congress"].queryset = congresses  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end, as_of = data.get("period_start"), data.get("period_end"), data.get("as_of")
        if start and end and start > end:
            self.add_error("period_end", _("The period ends before it starts."))
        if as_of and end and as_of > end:
            self.add_error("as_of", _("The figures cannot be counted after the period ends."))
        template, kind = data.get("template"), data.get("kind")
        if template and kind and template.kind != kind:
            self.add_error("template", _("This template is for another kind of report."))
        congress, org = data.get("congress"), data.get("org")
        if kind in TERM_KINDS and not congress:
            self.add_error("congress", _("Choose the congress that opened the term."))
        if congress and org and congress.org_id != org.pk:
            self.add_error("congress", _("This congress is not the chosen unit's."))
        if template and org and template.org_id not in (None, org.pk):
            self.add_error("template", _("This template is another union's copy."))
        return data


# A figure in a text block's plain-text form: [[3]] or [[3: 1.700]] (the value after the colon is only shown).
MARKER = re.compile(r"\[\[\s*(\d{1,4})\s*(?::[^\]]*)?\]\]")


def runs_as_text(runs: list[dict[str, Any]], printed: dict[int, str] | None = None) -> str:
    """A text block's runs as the plain text box shows them: text as typed, each token as [[n: value]], numbered
    from 1 in the order they stand (figures and footnote marks alike)."""
    printed = printed or {}
    out, n = [], 0
    for run in runs:
        if "t" in run:
            out.append(str(run["t"]))
            continue
        n += 1
        shown = printed.get(n, "")
        out.append(f"[[{n}: {shown}]]" if shown else f"[[{n}]]")
    return "".join(out)


def tokens_of(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The block's tokens (figures, footnote marks), in order: what [[n]] names, n from 1."""
    return [run for run in runs if "t" not in run]


class BlockTextForm(forms.Form):
    """A text block's new text. The text box carries each token as [[n]]; the browser's editor also sends `runs`
    (the text with its bold and italic, and each token by its number). Either way a token comes back only by its
    number, and the block's own token is put back: no figure can be typed over, added or changed here."""

    text = forms.CharField(
        label=_("Text"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 6, "class": "form-control"})
    )
    runs = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, original: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tokens = tokens_of(original)

    def _token(self, number: int, used: set[int]) -> dict[str, Any]:
        if not 1 <= number <= len(self.tokens):
            raise ValidationError(
                _("The text names a figure [[%(n)s]] this block does not have."), params={"n": number}
            )
        if number in used:
            raise ValidationError(_("The figure [[%(n)s]] appears twice."), params={"n": number})
        used.add(number)
        return dict(self.tokens[number - 1])

    def _from_runs(self, raw: str) -> list[dict[str, Any]]:
        try:
            sent = json.loads(raw)
        except ValueError:
            raise ValidationError(_("The edited text could not be read; please try again.")) from None
        if not isinstance(sent, list):
            raise ValidationError(_("The edited text could not be read; please try again."))
        runs: list[dict[str, Any]] = []
        used: set[int] = set()
        for item in sent:
            if not isinstance(item, dict):
                raise ValidationError(_("The edited text could not be read; please try again."))
            if "tok" in item:
                number = item["tok"]
                if not isinstance(number, int) or isinstance(number, bool):
                    raise ValidationError(_("The edited text could not be read; please try again."))
                runs.append(self._token(number, used))
            else:
                runs.extend(
                    self._text(str(item.get("t", "")), bold=item.get("b") is True, italic=item.get("i") is True)
                )
        return runs

    def _text(self, text: str, *, bold: bool = False, italic: bool = False) -> list[dict[str, Any]]:
        # A marker typed inside text is no token: the text box's own markers were parsed before this.
        text = nfc(text.replace("\x00", ""))
        if not text:
            return []
        run: dict[str, Any] = {"t": text}
        if bold:
            run["b"] = True
        if italic:
            run["i"] = True
        return [run]

    def _from_text(self, text: str) -> list[dict[str, Any]]:
        runs: list[dict[str, Any]] = []
        used: set[int] = set()
        at = 0
        for match in MARKER.finditer(text):
            runs.extend(self._text(text[at : match.start()]))
            runs.append(self._token(int(match.group(1)), used))
            at = match.end()
        runs.extend(self._text(text[at:]))
        return runs

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        raw = data.get("runs") or ""
        runs = self._from_runs(raw) if raw.strip() else self._from_text(data.get("text") or "")
        # Neighbouring text runs of the same formatting are one run; leading and trailing spaces are tidied.
        merged: list[dict[str, Any]] = []
        for run in runs:
            last = merged[-1] if merged else None
            if last and "t" in last and "t" in run and last.get("b") == run.get("b") and last.get("i") == run.get("i"):
                last["t"] += run["t"]
            else:
                merged.append(run)
        if merged and "t" in merged[0]:
            merged[0]["t"] = merged[0]["t"].lstrip()
        if merged and "t" in merged[-1]:
            merged[-1]["t"] = merged[-1]["t"].rstrip()
        merged = [run for run in merged if "t" not in run or run["t"]]
        if not merged:
            raise ValidationError(_("A text block cannot be empty; leave its section out instead."))
        data["new_runs"] = merged
        return data


class CommentForm(BootstrapFormMixin, forms.Form):
    text = NFCCharField(label=_("Comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class OverrideForm(BootstrapFormMixin, forms.Form):
    value = NFCCharField(
        label=_("Value to print"),
        max_length=100,
        help_text=_("A whole number, or a decimal with a comma (80,05)."),
    )
    reason = NFCCharField(
        label=_("Reason for the override"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required: the computed value stays beside it in the annex."),
    )

    def clean_value(self) -> int | str:
        raw = self.cleaned_data["value"].replace(" ", "")
        digits = raw.replace(".", "")
        if digits.isascii() and digits.isdigit() and len(digits) <= 15:
            return int(digits)
        if re.fullmatch(r"\d{1,12},\d{1,4}", raw):
            return raw.replace(",", ".")
        raise ValidationError(_("Enter a number, for example 1.700 or 80,05."))


class ApproveForm(BootstrapFormMixin, forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Approving meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("— none —"),
        help_text=_("The executive committee's meeting that approved the report, if any."),
    )

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]


class IssueForm(BootstrapFormMixin, forms.Form):
    issued_on = VNDateField(label=_("Issued on"))
    authority = NFCCharField(label=_("Signing authority"), max_length=120, required=False)
    signer_title = NFCCharField(label=_("Signer's title"), max_length=120, required=False)
    signer_name = NFCCharField(label=_("Signer's name"), max_length=255, required=False)


class ScanForm(BootstrapFormMixin, forms.Form):
    scan = forms.FileField(label=_("Signed and sealed scan (PDF or photo)"))


class TemplateCopyForm(UnitPickers, BootstrapFormMixin, forms.Form):
    """A shipped template copied for a union: its name, then each section's order, title and whether it is kept.
    The section fields are added per section key (`order__<key>`, `title__<key>`, `included__<key>`)."""

    org = OrgChoiceField(label=_("For the unit"), queryset=Org.objects.none(), need=Access.MANAGE)
    name = NFCCharField(label=_("Name of the copy"), max_length=255)

    def __init__(self, *args: Any, sections: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.section_rows: list[tuple[dict[str, Any], Any, Any, Any]] = []
        for i, section in enumerate(sections, start=1):
            key = section["key"]
            self.fields[f"order__{key}"] = forms.IntegerField(
                label=_("Order"),
                min_value=1,
                max_value=999,
                initial=i,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
            )
            self.fields[f"title__{key}"] = NFCCharField(
                label=_("Title"),
                max_length=500,
                initial=section["title"],
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )
            self.fields[f"included__{key}"] = forms.BooleanField(label=_("Keep"), required=False, initial=True)
        for section in sections:
            key = section["key"]
            self.section_rows.append((section, self[f"order__{key}"], self[f"title__{key}"], self[f"included__{key}"]))
        self.sections = sections

    def changes(self) -> list[dict[str, Any]]:
        """Each section's key, new order, title and whether it is kept, in the new order."""
        rows = [
            {
                "key": s["key"],
                "order": self.cleaned_data[f"order__{s['key']}"],
                "title": self.cleaned_data[f"title__{s['key']}"],
                "included": self.cleaned_data[f"included__{s['key']}"],
            }
            for s in self.sections
        ]
        return sorted(rows, key=lambda row: row["order"])


def template_sections(structure: dict[str, Any]) -> list[dict[str, Any]]:
    """A template's sections, flattened in order for the copy form: key, title and depth (0 for a part)."""
    rows: list[dict[str, Any]] = []

    def walk(sections: list[dict[str, Any]], depth: int) -> None:
        for section in sections:
            rows.append({"key": section["key"], "title": section.get("title", ""), "depth": depth})
            walk(section.get("sections", []), depth + 1)

    walk(structure.get("sections", []), 0)
    return rows


def adapted_structure(structure: dict[str, Any], name: str, changes: list[dict[str, Any]]) -> dict[str, Any]:
    """`structure` with the copy form's changes: its name, each section renamed, ordered among its siblings by its
    new number, and left out (with the sections under it) when not kept."""
    by_key = {change["key"]: change for change in changes}

    def walk(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
        kept = []
        for position, section in enumerate(sections):
            change = by_key.get(section["key"])
            if change is not None and not change["included"]:
                continue
            order = change["order"] if change is not None else position
            title = change["title"] if change is not None else section.get("title", "")
            kept.append((order, position, {**section, "title": title, "sections": walk(section.get("sections", []))}))
        return [section for _order, _position, section in sorted(kept, key=lambda item: item[:2])]

    return {**structure, "name": name, "sections": walk(structure.get("sections", []))}


class WithdrawForm(BootstrapFormMixin, forms.Form):
    reason = NFCCharField(label=_("Why it is withdrawn"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class BlockSourceForm(BootstrapFormMixin, forms.Form):
    """Where a block's figures come from: the records, or one of the unit's campaigns (and, for a list, the section
    of its form whose narratives follow each unit's records)."""

    campaign = forms.TypedChoiceField(label=_("Source of the figures"), coerce=int, empty_value=None, required=False)
    section = forms.ChoiceField(label=_("Narratives of the section"), required=False)

    def __init__(self, *args: Any, offered: list[tuple[int, str, list[tuple[str, str]]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        campaign = cast(forms.ChoiceField, self.fields["campaign"])
        section = cast(forms.ChoiceField, self.fields["section"])
        campaign.choices = [("", _("The records")), *[(ref, label) for ref, label, _s in offered]]
        sections = {key: title for _ref, _label, items in offered for key, title in items}
        section.choices = [("", _("No section")), *sections.items()]
