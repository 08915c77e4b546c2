from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienhiep.activities.models import (
    CHOSEN,
    FIGURES,
    FIGURES_BY_KIND,
    NAMES_MEMBERS,
    ActivityKind,
    ActivityRole,
    ActivityStatus,
    Audience,
    Beneficiary,
    CharityTheme,
    InitiativeLevel,
    LegalArea,
    Mode,
    Partner,
    PartnerKind,
    ProjectKind,
    ProjectStatus,
    PublicationKind,
)
from lienhiep.activities.selectors import ActivityFilters
from lienhiep.core.forms import (
    BootstrapFormMixin,
    FilterForm,
    MultipleFileField,
    MultipleFileInput,
    NFCCharField,
    VNDateField,
)
from lienhiep.members.forms import PersonMultipleChoiceField
from lienhiep.members.models import Field, Person
from lienhiep.orgs.forms import OrgChoiceField, OrgMultipleChoiceField, UnitPickers
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access


class MoneyField(forms.DecimalField):
    """Whole đồng, typed as people write it: 5.000.000, 5 000 000 or 5000000 (đ)."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    default_error_messages = {"invalid": _("Enter an amount in đồng, for example 5.000.000.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        super().__init__(max_digits=16, decimal_places=0, **kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        text = re.sub(r"[\s.,đ₫]|VND|vnđ", "", str(value), flags=re.IGNORECASE)
        if not text.isdigit():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return Decimal(text)
        except InvalidOperation as error:  # pragma: no cover - isdigit() already holds
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | int):
            return f"{int(value):,}".replace(",", ".")
        return value


def _count_field(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, min_value=0, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )


def _choice_field(label: Any, choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=[("", "—"), *choices], required=False)


def _kinds_for(figure: str) -> str:
    return " ".join(kind for kind, names in FIGURES_BY_KIND.items() if figure in names)


class ActivityForm(UnitPickers, BootstrapFormMixin, forms.Form):
    person_fields = ("members",)
    one_unit_chosen = True

    """The short form a secretary fills on a phone: kind, title, date, the kind's figures, photos."""

    kind = forms.ChoiceField(
        label=pgettext_lazy("activity", "Kind"), choices=ActivityKind.choices, initial=ActivityKind.TRAINING
    )
    title = NFCCharField(label=_("Title or topic"), max_length=500)
    start_date = VNDateField(label=_("Date"), help_text=_("For a planned activity, the day it is planned for."))
    status = forms.ChoiceField(
        label=_("Status"), choices=ActivityStatus.choices, initial=ActivityStatus.DONE, required=False
    )
    org = OrgChoiceField(label=_("Unit"), queryset=Org.objects.none(), need=Access.EDIT, active=True)
    role = forms.ChoiceField(
        label=_("The unit's part"), choices=ActivityRole.choices, initial=ActivityRole.ORGANISER, required=False
    )
    host = forms.ModelChoiceField(
        label=_("Organised by (outside the network)"), queryset=Partner.objects.all(), required=False,
        empty_label="—", widget=forms.Select(attrs={"data-searchable": "1"}),
        help_text=_("For an event the unit took part in or co-organised: its organiser, from the partners."),
    )  # fmt: skip
    field = forms.ModelChoiceField(label=_("Field"), queryset=Field.objects.all(), required=False, empty_label="—")
    place = NFCCharField(label=_("Place"), max_length=255, required=False)
    members = PersonMultipleChoiceField(
        label=_("Members who took part (optional)"), queryset=Person.objects.none(), required=False, within="org"
    )
    participants_members = _count_field(_("Participants: members"))
    participants_officials = _count_field(_("Participants: officials"))
    participants_public = _count_field(_("Participants: residents and others"))
    publication_kind = forms.ChoiceField(
        label=_("Publication"), choices=[("", "—"), *PublicationKind.choices], required=False
    )
    copies = _count_field(_("Copies printed"))
    money_raised = MoneyField(label=_("Money raised (đồng)"), required=False)
    gifts = _count_field(_("Gifts"))
    gifts_value = MoneyField(label=_("Value of the gifts (đồng)"), required=False)
    scholarships = _count_field(_("Scholarships"))
    recipients = _count_field(_("Persons helped"))
    persons_advised = _count_field(_("Persons advised"))
    cases_handled = _count_field(_("Cases handled"))
    legal_areas = forms.MultipleChoiceField(
        label=_("Areas of law"), choices=LegalArea.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    mode = _choice_field(_("How it was held"), Mode.choices)
    audience = _choice_field(_("Audience"), Audience.choices)
    theme = _choice_field(_("Cause"), CharityTheme.choices)
    beneficiary = _choice_field(_("Beneficiaries"), Beneficiary.choices)
    items = _count_field(_("Works or products"))
    items_unit = NFCCharField(
        label=_("Counted as"), max_length=50, required=False, help_text=_("For example: công trình, sản phẩm, mô hình.")
    )
    photos = MultipleFileField(
        label=_("Photos"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
        help_text=_("Take them with the phone's camera or pick them; at most 10 MB each."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in FIGURES:
            self.fields[name].widget.attrs["data-kinds"] = _kinds_for(name)
        self.fields["members"].widget.attrs["data-kinds"] = " ".join(NAMES_MEMBERS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind:
            # Figures typed for another kind before the kind was changed are dropped, not refused.
            for name in FIGURES:
                if name not in FIGURES_BY_KIND[kind]:
                    data[name] = ([] if name == "legal_areas" else "") if name in CHOSEN else None
        # Not sent (an older page, a script): done, organised by the unit.
        data["status"] = data.get("status") or ActivityStatus.DONE
        data["role"] = data.get("role") or ActivityRole.ORGANISER
        if data["role"] == ActivityRole.ORGANISER:
            data["host"] = None
        if kind and kind not in NAMES_MEMBERS:
            data["members"] = []
        return data

    def activity_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("org", "photos", "co_organisers", "partners"):
            data.pop(name, None)
        return data


class ActivityEditForm(ActivityForm):
    end_date = VNDateField(label=_("Until (for activities over several days)"), required=False)
    co_organisers = OrgMultipleChoiceField(
        label=_("Co-organisers in the network"), queryset=Org.objects.none(), required=False
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"), queryset=Partner.objects.all(), required=False,
        widget=forms.SelectMultiple(attrs={"data-searchable": "1"}),
    )  # fmt: skip
    notes = NFCCharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    field_order = [
        "kind", "title", "status", "start_date", "end_date", "org", "role", "host", "co_organisers", "partners",
        "field", "place",
    ]  # fmt: skip

    def __init__(self, *args: Any, orgs: QuerySet[Org], co_orgs: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, orgs=orgs, **kwargs)
        del self.fields["photos"]
        self.fields["co_organisers"].queryset = co_orgs  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))
        return data


class FileForm(BootstrapFormMixin, forms.Form):
    upload = MultipleFileField(
        label=_("Photos or documents (PDF, Word, Excel)"),
        widget=MultipleFileInput(attrs={"accept": "image/*,.pdf,.docx,.xlsx"}),
    )


class ActivityFilterForm(FilterForm):
    widths: ClassVar[dict[str, str]] = {"q": "col-12 col-lg-4", "node": "col-12 col-sm-6 col-lg-4"}

    q = forms.CharField(label=_("Title"), required=False)
    node = OrgChoiceField(label=_("Unit"), queryset=Org.objects.none(), required=False, empty_label=_("All my units"))
    kind = forms.ChoiceField(
        label=pgettext_lazy("activity", "Kind"), choices=[("", _("All kinds")), *ActivityKind.choices], required=False
    )
    field = forms.ModelChoiceField(
        label=_("Field"), queryset=Field.objects.all(), required=False, empty_label=_("All fields")
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *ActivityStatus.choices], required=False)
    start = VNDateField(label=_("From"), required=False)
    end = VNDateField(label=_("Until"), required=False)

    @staticmethod
    def make(*, field: Field | None = None, **values: Any) -> ActivityFilters:
        """What `selectors.activity_list` is asked, from the form's values (`FilterForm.filters`): the field by
        its id."""
        return ActivityFilters(field=field.pk if field is not None else None, **values)


class PeriodForm(FilterForm):
    node = OrgChoiceField(label=_("Unit"), queryset=Org.objects.none(), required=False)
    start = VNDateField(label=_("From"), required=False)
    end = VNDateField(label=_("Until"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end of the period must not be before its start."))
        return data


class PartnerForm(UnitPickers, BootstrapFormMixin, forms.Form):
    name = NFCCharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=pgettext_lazy("partner", "Kind"), choices=PartnerKind.choices)
    notes = NFCCharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    org = OrgChoiceField(label=_("Added by"), queryset=Org.objects.none())


class ProjectForm(UnitPickers, BootstrapFormMixin, forms.Form):
    """A model or project: what, who runs it and with whom, where and how large, its money and what it gave."""

    one_unit_chosen = True

    kind = forms.ChoiceField(label=pgettext_lazy("project", "Kind"), choices=ProjectKind.choices)
    title = NFCCharField(label=_("Name"), max_length=500)
    org = OrgChoiceField(label=_("Run by"), queryset=Org.objects.none(), need=Access.EDIT, active=True)
    host = NFCCharField(
        label=_("Hosted by"), max_length=255, required=False,
        help_text=_("The household, cooperative, company or commune."),
    )  # fmt: skip
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"), queryset=Partner.objects.all(), required=False,
        widget=forms.SelectMultiple(attrs={"data-searchable": "1"}),
    )  # fmt: skip
    field = forms.ModelChoiceField(label=_("Field"), queryset=Field.objects.all(), required=False, empty_label="—")
    status = forms.ChoiceField(label=_("Status"), choices=ProjectStatus.choices, initial=ProjectStatus.RUNNING)
    started_on = VNDateField(label=_("Started on"))
    ended_on = VNDateField(label=_("Ended on"), required=False)
    households = _count_field(_("Households taking part"))
    scale = NFCCharField(
        label=_("Scale"), max_length=255, required=False, help_text=_("For example: 2 ha, 500 con gà, 30 con bò.")
    )
    funding = MoneyField(label=_("Funding (đồng)"), required=False)
    funding_source = NFCCharField(label=_("Funded by"), max_length=255, required=False)
    ocop_product = NFCCharField(label=_("OCOP product"), max_length=255, required=False)
    outcome = NFCCharField(label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ProjectFilterForm(FilterForm):
    widths: ClassVar[dict[str, str]] = {"q": "col-12 col-lg-4", "node": "col-12 col-sm-6 col-lg-4"}

    q = forms.CharField(label=_("Name"), required=False)
    node = OrgChoiceField(label=_("Unit"), queryset=Org.objects.none(), required=False, empty_label=_("All my units"))
    kind = forms.ChoiceField(
        label=pgettext_lazy("project", "Kind"),
        choices=[("", _("All models and projects")), *ProjectKind.choices],
        required=False,
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *ProjectStatus.choices], required=False)


class LimitsForm(BootstrapFormMixin, forms.Form):
    """A union's plausibility ceilings; left empty, the default holds."""

    gift_value = MoneyField(label=_("Value of one gift (đồng)"), required=False)
    participants_per_class = _count_field(_("Participants in one class"))
    money_per_recipient = MoneyField(label=_("Money for one person helped (đồng)"), required=False)


class InitiativeForm(UnitPickers, BootstrapFormMixin, forms.Form):
    person_fields = ("authors",)
    one_unit_chosen = True

    title = NFCCharField(label=_("Title"), max_length=500)
    org = OrgChoiceField(label=_("Unit"), queryset=Org.objects.none(), need=Access.EDIT, active=True)
    author_names = NFCCharField(
        label=_("Authors"), max_length=500, required=False, help_text=_("Names, separated by commas.")
    )
    authors = PersonMultipleChoiceField(
        label=_("Authors who are members"), queryset=Person.objects.none(), required=False, within="org"
    )
    field = forms.ModelChoiceField(label=_("Field"), queryset=Field.objects.all(), required=False, empty_label="—")
    level = forms.ChoiceField(label=_("Recognised at"), choices=InitiativeLevel.choices)
    year = forms.IntegerField(
        label=_("Year recognised"), min_value=1945, max_value=2100, required=False,
        help_text=_("Taken from the date when the date is given."),
    )  # fmt: skip
    recognised_on = VNDateField(
        label=_("Date recognised"),
        required=False,
        help_text=_("The decision's date, if known: half-years count by it."),
    )
    applied = forms.BooleanField(label=_("Applied in practice"), required=False)
    effect = NFCCharField(
        label=_("How it is applied and its effect"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class InitiativeFilterForm(FilterForm):
    widths: ClassVar[dict[str, str]] = {
        "q": "col-12 col-lg-3",
        "node": "col-12 col-lg-3",
        "year": "col-6 col-lg-1",
        "applied": "col-6 col-lg-1",
    }
    button_width = "col-6 col-lg-2"

    q = forms.CharField(label=_("Title"), required=False)
    node = OrgChoiceField(label=_("Unit"), queryset=Org.objects.none(), required=False, empty_label=_("All my units"))
    level = forms.ChoiceField(
        label=_("Recognised at"), choices=[("", _("All levels")), *InitiativeLevel.choices], required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2100, required=False)
    applied = forms.ChoiceField(
        label=_("Applied"), choices=[("", _("All")), ("yes", _("Applied")), ("no", _("Not applied"))], required=False
    )
