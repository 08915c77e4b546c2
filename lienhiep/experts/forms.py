from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lienhiep.core.forms import BootstrapFormMixin, FilterForm, NFCCharField
from lienhiep.members import selectors as member_selectors
from lienhiep.members.forms import PersonChoiceField
from lienhiep.members.models import AcademicTitle, Education, Field, Person
from lienhiep.orgs.forms import OrgChoiceField, UnitPickers
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access

AVAILABILITY = [("", _("Available or not")), ("yes", _("Available")), ("no", _("Not available"))]


class ExpertFilterForm(FilterForm):
    widths: ClassVar[dict[str, str]] = {"q": "col-12 col-lg-4", "node": "col-12 col-lg-3", "field": "col-6 col-lg-2"}
    button_width = "col-12 col-lg-1"

    q = forms.CharField(label=_("Name, workplace or field"), required=False)
    node = OrgChoiceField(label=_("Unit"), queryset=Org.objects.none(), required=False, empty_label=_("All my units"))
    field = forms.ModelChoiceField(
        label=_("Field"), queryset=Field.objects.all(), required=False, empty_label=_("All fields")
    )
    available = forms.ChoiceField(label=_("Availability"), choices=AVAILABILITY, required=False)


class ExpertForm(UnitPickers, BootstrapFormMixin, forms.Form):
    org = OrgChoiceField(label=_("Unit keeping the list"), queryset=Org.objects.none(), need=Access.EDIT)
    full_name = NFCCharField(label=_("Full name"), max_length=120)
    person = PersonChoiceField(
        label=_("Member record"), queryset=Person.objects.none(), required=False, empty_label=_("— not a member —"),
        help_text=_("If the expert is a member of an association under the unit: type part of their name."),
    )  # fmt: skip
    academic_title = forms.ChoiceField(
        label=_("Academic title"), choices=[("", "—"), *AcademicTitle.choices], required=False
    )
    education = forms.ChoiceField(label=_("Education"), choices=[("", "—"), *Education.choices], required=False)
    degrees = NFCCharField(label=_("Other degrees and titles"), max_length=200, required=False)
    workplace = NFCCharField(label=_("Workplace"), max_length=200, required=False)
    position = NFCCharField(label=_("Position"), max_length=120, required=False)
    expertise = forms.ModelMultipleChoiceField(
        label=_("Fields of expertise"), queryset=Field.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    specialty = NFCCharField(label=_("Specialty"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = NFCCharField(label=_("Phone"), max_length=30, required=False)
    available = forms.BooleanField(label=_("Available for assignments"), required=False, initial=True)
    notes = NFCCharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, node: Org, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The member record is looked up, folded, among the persons ever under the unit keeping the list.
        self.fields["person"].queryset = member_selectors.persons_ever_under(node)  # type: ignore[attr-defined]
        self.fields["person"].widget.url = f"{reverse('members:person_lookup')}?within={node.pk}"

    def values(self) -> dict[str, Any]:
        """The cleaned values as the services take them (`fields`: the fields of expertise)."""
        values = dict(self.cleaned_data)
        values["fields"] = values.pop("expertise")
        return values


class AccountForm(BootstrapFormMixin, forms.Form):
    username = NFCCharField(label=_("Username"), max_length=150)
    password = forms.CharField(
        label=_("Initial password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Give it to the expert in person; they can change it after logging in."),
    )  # fmt: skip
