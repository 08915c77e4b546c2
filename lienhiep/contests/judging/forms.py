"""The judging pages' forms: a juror put on a round, the board's vote, the results decision's signature and issue
date, the edition a winner goes up to. A juror's sheet is read by the service from the posted criteria (`c<id>`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lienhiep.contests.models import Entry
from lienhiep.core.forms import INT_MAX, BootstrapFormMixin, NFCCharField, SearchSelect, VNDateField
from lienhiep.experts.models import ConflictDeclarationBase


class JurorForm(BootstrapFormMixin, forms.Form):
    """A juror put on a round for the accepted entries of the fields chosen, or of some of their numbers ("1-40, 52"):
    a national edition has thousands of entries, a list of boxes would not do."""

    # Looked up as the officer types (`contests:juror_lookup`): a national list holds some 200 experts, whose
    # options were 60 % of the jury page. The queryset still decides what may be posted.
    expert: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,  # type: ignore[arg-type]
        label=_("Expert"),
        widget=SearchSelect(),
    )
    fields_: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        queryset=None,  # type: ignore[arg-type]
        label=_("Fields whose entries she scores"),
        widget=forms.CheckboxSelectMultiple,
    )
    numbers = NFCCharField(label=_("Only the entries numbered (e.g. 1-40, 52)"), required=False, max_length=500)
    override_reason = NFCCharField(
        label=_("Why keep the juror on entries where a conflict is seen (officers only)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, experts: Any, fields: Any, entries: Any, search_url: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entries = entries
        self.fields["expert"].queryset = experts  # type: ignore[attr-defined]
        self.fields["expert"].widget.url = search_url  # type: ignore[attr-defined]
        self.fields["fields_"].queryset = fields  # type: ignore[attr-defined]

    def clean_numbers(self) -> set[int] | None:
        raw = self.cleaned_data.get("numbers") or ""
        if not raw.strip():
            return None
        found: set[int] = set()
        for piece in raw.replace(";", ",").split(","):
            bounds = [b.strip() for b in piece.replace("–", "-").split("-")]
            if not all(b.isascii() and b.isdigit() and int(b) <= INT_MAX for b in bounds) or len(bounds) > 2:
                raise forms.ValidationError(_("Write numbers and ranges: 1-40, 52."))
            low, high = int(bounds[0]), int(bounds[-1])
            if high < low or high - low > 100_000:
                raise forms.ValidationError(_("Write numbers and ranges: 1-40, 52."))
            found.update(range(low, high + 1))
        return found

    def chosen_entries(self) -> list[Entry]:
        """The accepted entries of the chosen fields (and numbers)."""
        rows = self.entries.filter(field__in=self.cleaned_data["fields_"])
        numbers = self.cleaned_data.get("numbers")
        if numbers is not None:
            rows = rows.filter(number__in=sorted(numbers))
        return list(rows)


class DeclareForm(BootstrapFormMixin, forms.Form):
    declared_link = forms.ChoiceField(
        label=_("Your link with this entry"), choices=ConflictDeclarationBase.Link.choices
    )
    declaration = NFCCharField(label=_("In your words"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ApprovalForm(BootstrapFormMixin, forms.Form):
    held_on = VNDateField(label=_("Meeting date"))
    members_total = forms.IntegerField(label=_("Board members"), min_value=1)
    members_for = forms.IntegerField(label=_("Members approving"), min_value=0)
    minutes_number = NFCCharField(label=_("Minutes or decision number"), required=False, max_length=60)


class DecisionForm(BootstrapFormMixin, forms.Form):
    authority = NFCCharField(label=_("Signing for"), required=False, max_length=120)
    signer_title = NFCCharField(label=_("Signer's title"), required=False, max_length=120)
    signer_name = NFCCharField(label=_("Signer's name"), max_length=120)
    recipients = NFCCharField(
        label=_("Recipients (one a line)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class IssueForm(BootstrapFormMixin, forms.Form):
    issued_on = VNDateField(label=_("Issued on"))


class ForwardForm(BootstrapFormMixin, forms.Form):
    to_edition: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,  # type: ignore[arg-type]
        label=_("Edition of the next level"),
    )

    def __init__(self, *args: Any, targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_edition"].queryset = targets  # type: ignore[attr-defined]
