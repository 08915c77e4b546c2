"""The dossier pages' forms: registering a request, the board's filters, each step's move, a cost line, a payment,
the union's regulation profile and the yearly plan. Labels a secretary reads without training."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lienhiep.activities.forms import MoneyField
from lienhiep.core.forms import BootstrapFormMixin, FilterForm, NFCCharField, VNDateField
from lienhiep.experts.models import Expert
from lienhiep.orgs.forms import OrgChoiceField, UnitPickers
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access
from lienhiep.reviews.models import (
    CostItem,
    DossierExpert,
    DossierKind,
    DossierStatus,
    Origin,
    RequesterType,
    SubjectLevel,
    SubjectType,
)
from lienhiep.reviews.models.dossiers import ProfileScope, ProjectGroup

EMPTY: list[tuple[str, Any]] = [("", "—")]


class DossierForm(BootstrapFormMixin, forms.Form):
    """A request as it arrives (the letter in hand) or a subject the node takes up itself: its details, as edited
    (the unit holding it does not change); `DossierNewForm` is the same with the unit to choose."""

    kind = forms.ChoiceField(label=_("Kind"), choices=DossierKind.choices)
    origin = forms.ChoiceField(label=_("Origin"), choices=Origin.choices, initial=Origin.REQUESTED)
    title = NFCCharField(label=_("Subject (name of the scheme, plan, draft…)"), max_length=500)
    requester_type = forms.ChoiceField(label=_("Requester type"), choices=EMPTY + RequesterType.choices, required=False)
    requester_name = NFCCharField(label=_("Requester"), max_length=255, required=False)
    subject_type = forms.ChoiceField(label=_("Subject type"), choices=SubjectType.choices)
    subject_number = NFCCharField(label=_("Document number"), max_length=100, required=False)
    subject_date = VNDateField(label=_("Document date"), required=False)
    subject_level = forms.ChoiceField(label=_("Level"), choices=EMPTY + SubjectLevel.choices, required=False)
    received_on = VNDateField(label=_("Received on"))
    request_number = NFCCharField(label=_("Request letter number"), max_length=100, required=False)
    request_date = VNDateField(label=_("Request letter date"), required=False)
    answer_due = VNDateField(label=_("Opinion due by"), required=False)
    confidential = forms.BooleanField(label=_("Confidential (mật)"), required=False)
    project_group = forms.ChoiceField(label=_("Project group"), choices=EMPTY + ProjectGroup.choices, required=False)
    area_ha = forms.DecimalField(label=_("Area (ha)"), min_value=0, max_digits=12, decimal_places=2, required=False)
    households = forms.IntegerField(label=_("Households affected"), min_value=0, required=False)

    def details(self) -> dict[str, Any]:
        """The dossier's details, the unit chosen among them (a new dossier's form; an edit's has no unit)."""
        data = dict(self.cleaned_data)
        for name in ("requester_type", "subject_level", "project_group", "requester_name"):
            data[name] = data.get(name) or ""
        return data


class DossierNewForm(UnitPickers, DossierForm):
    """A new dossier: its details and, first, the unit holding it among those the user may record on."""

    field_order = ("org",)
    org = OrgChoiceField(label=_("Unit holding the dossier"), queryset=Org.objects.none(), need=Access.EDIT)


class BoardFilterForm(FilterForm):
    widths: ClassVar[dict[str, str]] = {"q": "col-12 col-lg-3", "status": "col-6 col-lg-2", "due": "col-6 col-lg-2"}

    q = NFCCharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Step"), choices=[("", _("All steps")), *DossierStatus.choices], required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *DossierKind.choices], required=False)
    due = forms.ChoiceField(
        label=_("Deadline"),
        choices=[("", _("Any")), ("overdue", _("Overdue")), ("soon", _("Due within 3 days")), ("open", _("Open"))],
        required=False,
    )
    year = forms.IntegerField(label=_("Year received"), min_value=1990, max_value=2100, required=False)


class MoveForm(BootstrapFormMixin, forms.Form):
    """One move of the workflow: the step to enter, its date, and what that step records (the fields the page shows
    for it; the service checks what each step needs)."""

    to = forms.ChoiceField(choices=DossierStatus.choices, widget=forms.HiddenInput)
    on = VNDateField(label=_("Date"))
    reply_number = NFCCharField(label=_("Reply letter number"), max_length=100, required=False)
    reply_date = VNDateField(label=_("Reply letter date"), required=False)
    decline_reason = NFCCharField(label=_("Why declined"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    by_written = forms.BooleanField(label=_("Written opinions"), required=False)
    by_council = forms.BooleanField(label=_("Council"), required=False)
    by_workshop = forms.BooleanField(label=_("Workshop"), required=False)
    opinion_number = NFCCharField(label=_("Opinion number"), max_length=100, required=False)
    proposals = forms.IntegerField(label=_("Proposals made"), min_value=0, required=False)
    proposals_taken_up = forms.IntegerField(label=_("Proposals taken up"), min_value=0, required=False)
    taken_up = NFCCharField(label=_("What was taken up"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    explained = NFCCharField(label=_("What was explained"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    # Which fields each step shows (and sends): the rest are left out of the service's call.
    STEP_FIELDS: ClassVar[dict[str, tuple[str, ...]]] = {
        DossierStatus.ACCEPTED: ("reply_number", "reply_date"),
        DossierStatus.DECLINED: ("reply_number", "reply_date", "decline_reason"),
        DossierStatus.OPINIONS: ("by_written", "by_council", "by_workshop"),
        DossierStatus.SENT: ("opinion_number", "proposals"),
        DossierStatus.ANSWERED: ("proposals_taken_up", "taken_up", "explained"),
    }

    def for_step(self, to: str) -> list[Any]:
        return [self[name] for name in self.STEP_FIELDS.get(to, ())]

    def details(self) -> dict[str, Any]:
        to = self.cleaned_data["to"]
        return {name: self.cleaned_data.get(name) for name in self.STEP_FIELDS.get(to, ())}


class CostForm(BootstrapFormMixin, forms.Form):
    item = forms.ChoiceField(label=_("Item"), choices=CostItem.choices)
    planned = MoneyField(label=_("Planned (đồng)"))
    description = NFCCharField(label=_("Description"), max_length=255, required=False)


class PayForm(BootstrapFormMixin, forms.Form):
    paid = MoneyField(label=_("Paid (đồng)"), min_value=1)
    paid_on = VNDateField(label=_("Paid on"))


class ProfileForm(BootstrapFormMixin, forms.Form):
    """Days allowed for each step of a union's dossiers, under one set of rules."""

    scope = forms.ChoiceField(label=_("Rules"), choices=ProfileScope.choices)

    STEPS: ClassVar[tuple[str, ...]] = tuple(s for s in DossierStatus.values if s != DossierStatus.CLOSED)

    def __init__(self, *args: Any, days: dict[str, int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(DossierStatus.choices)
        for step in self.STEPS:
            self.fields[f"days_{step}"] = forms.IntegerField(
                label=labels[step],
                min_value=1,
                max_value=365,
                required=False,
                initial=(days or {}).get(step),
                widget=forms.NumberInput(attrs={"class": "form-control"}),
            )

    def days(self) -> dict[str, int | None]:
        return {step: self.cleaned_data.get(f"days_{step}") for step in self.STEPS}


class PlanForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    topics = forms.IntegerField(label=_("Topics planned"), min_value=0, max_value=1000)
    note = NFCCharField(label=_("Topics named in the plan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ExpertChoiceField(forms.ModelChoiceField):
    widget = forms.Select(attrs={"data-searchable": "1"})

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title_and_name} · {obj.workplace}" if obj.workplace else obj.title_and_name


class ExpertAssignForm(BootstrapFormMixin, forms.Form):
    """An expert put on the dossier, with what they declared of their links (from their declaration form)."""

    expert = ExpertChoiceField(label=_("Expert from the list"), queryset=Expert.objects.none(), empty_label="—")
    declared_link = forms.ChoiceField(
        label=_("Declared link with the requester or the subject"), choices=DossierExpert.Link.choices
    )
    declaration = NFCCharField(label=_("Declaration, in their words"), required=False, max_length=1000)
    override_reason = NFCCharField(
        label=_("If there is a conflict: why the expert stays (officer)"), required=False, max_length=1000
    )
    ends = VNDateField(
        label=_("Until (the expert's deadline)"),
        required=False,
        help_text=_("Their access ends after this day; they are reminded before it. Empty: until the dossier closes."),
    )

    def __init__(self, *args: Any, experts: QuerySet[Expert], confidential: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts  # type: ignore[attr-defined]
        if confidential:  # services.dossier_assign_expert lists them; taking them off unlists them
            self.fields["expert"].help_text = _(
                "A confidential dossier: an expert with a login is also put on its access list, so they can read the "
                "draft; taking them off the dossier takes them off the list."
            )


class ExpertEndForm(BootstrapFormMixin, forms.Form):
    """The day an expert's assignment ends, changed on the dossier page."""

    ends = VNDateField(label=_("Until (the expert's deadline)"), required=False)


class DeclarationForm(BootstrapFormMixin, forms.Form):
    declared_link = forms.ChoiceField(
        label=_("Declared link with the requester or the subject"), choices=DossierExpert.Link.choices
    )
    declaration = NFCCharField(
        label=_("Declaration, in their words"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
