from __future__ import annotations

from typing import ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from lienhiep.awards.models import HonourForm, Issuer, NominationStatus, Rating
from lienhiep.core.forms import (
    BootstrapFormMixin,
    FilterForm,
    MultipleFileField,
    MultipleFileInput,
    NFCCharField,
    VNDateField,
)
from lienhiep.members.forms import PersonChoiceField
from lienhiep.members.models import Person
from lienhiep.orgs.forms import OrgChoiceField, UnitPickers
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access


class HonourEntryForm(UnitPickers, BootstrapFormMixin, forms.Form):
    person_fields = ("person",)

    org = OrgChoiceField(
        label=_("Unit (receiving it, or the recipient's association)"), queryset=Org.objects.none(), need=Access.EDIT
    )
    person = PersonChoiceField(
        label=_("Member receiving it"), queryset=Person.objects.none(), required=False,
        empty_label=_("— the unit itself —"), within="org",
    )  # fmt: skip
    person_name = NFCCharField(label=_("Or the person's name (not a member)"), max_length=150, required=False)
    form = forms.ChoiceField(label=_("Form"), choices=HonourForm.choices)
    issuer = forms.ChoiceField(label=_("Issued by"), choices=Issuer.choices)
    issuer_name = NFCCharField(label=_("Issuer's name (e.g. which ministry)"), max_length=255, required=False)
    decision_number = NFCCharField(label=_("Decision number"), max_length=60)
    decision_date = VNDateField(label=_("Decision date"))
    reason = NFCCharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    scan = forms.FileField(
        label=_("Scan of the decision or certificate"), required=False,
        help_text=_("PDF or a photo, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}),
    )  # fmt: skip


class HonourFilterForm(FilterForm):
    widths: ClassVar[dict[str, str]] = {"q": "col-12 col-lg-3", "node": "col-12 col-lg-3", "year": "col-6 col-lg-1"}
    button_width = "col-6 col-lg-1"

    q = forms.CharField(label=_("Name, unit, decision number or reason"), required=False)
    node = OrgChoiceField(label=_("Unit"), queryset=Org.objects.none(), required=False, empty_label=_("All my units"))
    issuer = forms.ChoiceField(label=_("Issued by"), choices=[("", _("All issuers")), *Issuer.choices], required=False)
    form = forms.ChoiceField(label=_("Form"), choices=[("", _("All forms")), *HonourForm.choices], required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2100, required=False)


class RatingForm(UnitPickers, BootstrapFormMixin, forms.Form):
    org = OrgChoiceField(label=_("Unit"), queryset=Org.objects.none(), need=Access.EDIT)
    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2100)
    rating = forms.ChoiceField(label=_("Rating"), choices=Rating.choices)
    rated_by = forms.ChoiceField(label=_("Rated by"), choices=Issuer.choices, initial=Issuer.LOCAL_COMMITTEE)
    decision_number = NFCCharField(label=_("Decision number"), max_length=60, required=False)
    notes = NFCCharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NominationForm(UnitPickers, BootstrapFormMixin, forms.Form):
    person_fields = ("person",)

    org = OrgChoiceField(
        label=_("Unit (nominated, or the candidate's association)"), queryset=Org.objects.none(), need=Access.EDIT
    )
    person = PersonChoiceField(
        label=_("Member nominated"), queryset=Person.objects.none(), required=False,
        empty_label=_("— the unit itself —"), within="org",
    )  # fmt: skip
    form = forms.ChoiceField(label=_("Form"), choices=HonourForm.choices)
    issuer = forms.ChoiceField(label=_("To be conferred by"), choices=Issuer.choices)
    issuer_name = NFCCharField(label=_("Issuer's name (e.g. which ministry)"), max_length=255, required=False)
    year = forms.IntegerField(label=_("For the year (or the term's first year)"), min_value=1945, max_value=2100)
    last_year = forms.IntegerField(label=_("The term's last year"), min_value=1945, max_value=2100, required=False)
    proposed_on = VNDateField(label=_("Proposed on"))
    reason = NFCCharField(label=_("Achievements"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    uploads = MultipleFileField(
        label=_("Files of the dossier"), required=False,
        help_text=_("The proposal, the summary of achievements, the minutes: PDF, Word or photos, at most 10 MB each."),
        widget=MultipleFileInput(attrs={"accept": "application/pdf,image/*,.docx,.xlsx"}),
    )  # fmt: skip


class NominationFilterForm(FilterForm):
    widths: ClassVar[dict[str, str]] = {"q": "col-12 col-lg-3", "node": "col-12 col-lg-3", "year": "col-6 col-lg-1"}
    button_width = "col-6 col-lg-1"

    q = forms.CharField(label=_("Name, unit or achievements"), required=False)
    node = OrgChoiceField(label=_("Unit"), queryset=Org.objects.none(), required=False, empty_label=_("All my units"))
    form = forms.ChoiceField(label=_("Form"), choices=[("", _("All forms")), *HonourForm.choices], required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Every status")), *NominationStatus.choices], required=False
    )
    year = forms.IntegerField(label=_("Year proposed"), min_value=1945, max_value=2100, required=False)


class NominationSendForm(BootstrapFormMixin, forms.Form):
    sent_on = VNDateField(label=_("Sent on"))
    letter_number = NFCCharField(label=_("Number of the letter sent"), max_length=60, required=False)


class NominationGrantForm(BootstrapFormMixin, forms.Form):
    decision_number = NFCCharField(label=_("Decision number"), max_length=60)
    decision_date = VNDateField(label=_("Decision date"))
    scan = forms.FileField(
        label=_("Scan of the decision or certificate"), required=False,
        help_text=_("PDF or a photo, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}),
    )  # fmt: skip


class NominationWithdrawForm(BootstrapFormMixin, forms.Form):
    withdrawn_on = VNDateField(label=_("Withdrawn on"))
    withdrawal = NFCCharField(label=_("Why it is withdrawn"), widget=forms.Textarea(attrs={"rows": 2}))


class NominationRefuseForm(BootstrapFormMixin, forms.Form):
    refused_on = VNDateField(label=_("Answer received on"))
    refusal = NFCCharField(
        label=_("Reason given for the refusal"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
