from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lienhiep.core.forms import (
    BootstrapFormMixin,
    FilterForm,
    NFCCharField,
    SearchSelect,
    SearchSelectMultiple,
    VNDateField,
)
from lienhiep.core.text import proper_case_suggestion
from lienhiep.members.models import (
    REQUEST_TRANSITIONS,
    AcademicTitle,
    ConsentPurpose,
    Education,
    Field,
    Gender,
    LeaveReason,
    Person,
    RequestStatus,
    SubjectRequestKind,
    cccd_validator,
    mask_id,
)
from lienhiep.members.selectors import AGE_BANDS, ListFilters
from lienhiep.orgs.forms import OrgChoiceField, UnitPickers
from lienhiep.orgs.models import Org, OrgKind
from lienhiep.orgs.permissions import Access

# Where members are recorded (`permissions.member_orgs_for`): what the association pickers look up.
RECORDS_MEMBERS: dict[str, Any] = {"need": Access.EDIT, "active": True, "kinds": (OrgKind.ASSOCIATION, OrgKind.BRANCH)}


def _age_choices() -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = [("", _("Any age"))]
    for low, high in AGE_BANDS:
        key = f"{low}-{high - 1}" if high < 200 else f"{low}+"
        out.append((key, key))
    return out


def person_label(person: Person) -> str:
    """How a person is named in a picker: namesakes told apart by their workplace."""
    return f"{person.full_name} – {person.workplace}" if person.workplace else person.full_name


class _PersonPicker:
    """A person picked by typing part of the name: the picker asks `members:person_lookup` (under the unit the
    form's `within` field holds, if given; a view may also set the widget's url to one with `?within=`). Only the
    chosen persons are rendered, however many the queryset holds; the queryset decides what may be posted."""

    widget: Any  # a SearchSelect

    def __init__(self, *args: Any, within: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.widget.url, self.widget.within = reverse_lazy("members:person_lookup"), within

    def label_from_instance(self, obj: Person) -> str:
        return person_label(obj)


class PersonChoiceField(_PersonPicker, forms.ModelChoiceField):
    widget = SearchSelect


class PersonMultipleChoiceField(_PersonPicker, forms.ModelMultipleChoiceField):
    widget = SearchSelectMultiple


class MemberFilterForm(FilterForm):
    field_order = ["q", "node", "on", "status", "age", "field", "education", "joined_from", "joined_to"]
    widths: ClassVar[dict[str, str]] = {
        "q": "col-12 col-lg-4", "node": "col-12 col-sm-6 col-lg-3", "status": "col-6 col-lg-3",
        "field": "col-6 col-lg-3", "education": "col-6 col-lg-3",
    }  # fmt: skip

    q = forms.CharField(label=_("Name, phone or card number"), required=False)
    # A dissolved or merged unit lists the members it had on its last day, or on the date chosen (decision 0007).
    node = OrgChoiceField(label=_("Unit"), queryset=Org.objects.none(), required=False, empty_label=_("All my units"))
    on = VNDateField(label=_("As of"), required=False)
    field = forms.ModelChoiceField(
        label=_("Field"), queryset=Field.objects.all(), required=False, empty_label=_("All fields")
    )
    education = forms.ChoiceField(
        label=_("Education"), choices=[("", _("Any education")), *Education.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("current", _("Current members")), ("left", _("Former members")), ("all", _("All"))],
        required=False,
    )
    joined_from = VNDateField(label=_("Joined from"), required=False)
    joined_to = VNDateField(label=_("Joined until"), required=False)
    age = forms.ChoiceField(label=_("Age"), choices=_age_choices, required=False)

    def list_filters(self) -> ListFilters:
        """What `selectors.person_list` is asked (nothing, if the query string does not validate)."""
        if not self.is_valid():
            return ListFilters()
        data = self.cleaned_data
        return ListFilters(
            node=data["node"], q=data["q"], field=data["field"].pk if data["field"] else None,
            education=data["education"], status=data["status"] or "current",
            joined_from=data["joined_from"], joined_to=data["joined_to"], age=data["age"], on=data["on"],
        )  # fmt: skip


class PersonForm(BootstrapFormMixin, forms.Form):
    full_name = NFCCharField(label=_("Full name"), max_length=150)
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False)
    birth_date = VNDateField(label=_("Birth date"), required=False)
    id_number = forms.CharField(
        label=_("Citizen ID (CCCD)"), max_length=12, required=False, validators=[cccd_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )  # fmt: skip
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = NFCCharField(label=_("Address"), max_length=255, required=False)
    education = forms.ChoiceField(label=_("Education"), choices=[("", "—"), *Education.choices], required=False)
    academic_title = forms.ChoiceField(
        label=_("Academic title"), choices=[("", "—"), *AcademicTitle.choices], required=False
    )
    expertise = forms.ModelMultipleChoiceField(
        label=_("Fields of expertise"), queryset=Field.objects.all(), required=False,
        widget=forms.SelectMultiple(attrs={"data-searchable": "1"}),
    )  # fmt: skip
    workplace = NFCCharField(label=_("Workplace"), max_length=255, required=False)
    position = NFCCharField(label=_("Position"), max_length=150, required=False)
    party_member = forms.NullBooleanField(label=_("Party member"), required=False)
    health_note = NFCCharField(label=_("Health"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    notes = NFCCharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    SENSITIVE = ("party_member", "health_note")

    def __init__(self, *args: Any, sensitive: bool = False, stored_id: str | None = None, **kwargs: Any) -> None:
        """`stored_id`: the person's citizen ID when editing one. It is never put in the page (reading it is the
        logged reveal's alone): the box starts empty, shows the last four digits, and a number typed replaces
        the stored one; left empty, the stored one stays."""
        super().__init__(*args, **kwargs)
        self.stored_id = stored_id
        if stored_id:
            field = self.fields["id_number"]
            field.widget.attrs["placeholder"] = mask_id(stored_id)
            field.help_text = _("Recorded: %(masked)s. Leave empty to keep it; type a new number to replace it.") % {
                "masked": mask_id(stored_id)
            }
            self.initial.pop("id_number", None)
        if not sensitive:
            for name in self.SENSITIVE:
                del self.fields[name]

    # A name typed all in capitals (or all small) is offered in proper case and kept as typed only when the user says
    # so: the form comes back with the choice by the name, one button each ("full_name_case": the suggested name, or
    # "typed"). Never changed silently.
    name_suggestion: str | None = None

    # The question is asked by the view (`ask_name_case`), beside any other (a likely duplicate), not as an error of
    # the field: a form that only asks it is valid, so the duplicates are looked up on the same submit, and a user who
    # says the person is already on record is not asked how to write a name that will not be saved.
    def clean_full_name(self) -> str:
        name: str = self.cleaned_data["full_name"]
        suggestion = proper_case_suggestion(name)
        choice = self.data.get("full_name_case")
        if suggestion is None or choice == "typed":
            return name
        if choice == suggestion:
            # Shown again (another question pending), the box holds the chosen form.
            data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict (or a dict): a mutable copy
            data["full_name"] = suggestion
            self.data = data
            return suggestion
        self.name_suggestion = suggestion
        return name

    def ask_name_case(self) -> bool:
        """Whether the name still waits for the user's choice of case; if so, the question is put by the field."""
        if self.name_suggestion is None:
            return False
        self.add_error(
            "full_name",
            ValidationError(
                _("Write this name “%(name)s”, or keep it as typed?"),
                code="name_case",
                params={"name": self.name_suggestion},
            ),
        )
        return True

    def person_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("expertise", None)
        if self.stored_id and not data.get("id_number"):
            data.pop("id_number", None)  # kept as stored
        for name in ("org", "joined_on", "card_number"):
            data.pop(name, None)
        return data


class AdmitForm(UnitPickers, PersonForm):
    org = OrgChoiceField(label=_("Association"), queryset=Org.objects.none(), **RECORDS_MEMBERS)
    joined_on = VNDateField(label=_("Joined on"))
    card_number = forms.CharField(label=_("Card number"), max_length=30, required=False)

    field_order = ["org", "joined_on", "card_number", "full_name"]


class MembershipAddForm(UnitPickers, BootstrapFormMixin, forms.Form):
    org = OrgChoiceField(label=_("Association"), queryset=Org.objects.none(), **RECORDS_MEMBERS)
    joined_on = VNDateField(label=_("Joined on"))
    card_number = forms.CharField(label=_("Card number"), max_length=30, required=False)


class TransferForm(BootstrapFormMixin, forms.Form):
    to_org = OrgChoiceField(label=_("Transfer to"), queryset=Org.objects.none(), **RECORDS_MEMBERS)
    on = VNDateField(label=_("Effective date"))
    card_number = forms.CharField(label=_("New card number (optional)"), max_length=30, required=False)

    def __init__(self, *args: Any, orgs: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_org"].queryset = orgs  # type: ignore[attr-defined]


class LeaveForm(BootstrapFormMixin, forms.Form):
    on = VNDateField(label=_("Left on"))
    reason = forms.ChoiceField(
        label=_("Why"), choices=[(k, v) for k, v in LeaveReason.choices if k != LeaveReason.TRANSFER]
    )


class ConsentForm(BootstrapFormMixin, forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    notice_version = forms.CharField(label=_("Version of the notice shown"), max_length=20, initial="2026-01")
    agreed = forms.BooleanField(label=_("The person has read the notice and agrees"), required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each purpose says what withdrawing it stops, so that the person knows what they agree to.
        self.fields["purpose"].help_text = " ".join(f"{purpose.label} — {purpose.stops}" for purpose in ConsentPurpose)

    def details(self) -> dict[str, Any]:
        """What `services.consent_give` records: the purpose and the notice shown (the box ticked is the form's)."""
        return {"purpose": self.cleaned_data["purpose"], "notice_version": self.cleaned_data["notice_version"]}


class StatsForm(FilterForm):
    node = OrgChoiceField(label=_("Unit"), queryset=Org.objects.none(), required=False)
    on = VNDateField(label=_("As of"), required=False)


class ImportUploadForm(UnitPickers, BootstrapFormMixin, forms.Form):
    org = OrgChoiceField(
        label=_("Members of"),
        queryset=Org.objects.none(),
        required=False,
        help_text=_("The rows may name this unit and the associations and branches under it."),
    )
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx) or CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )


class ImportMappingForm(BootstrapFormMixin, forms.Form):
    """One choice per column of the file: which registry field it holds, or none. A column hidden in Excel is
    offered like the others, and says it is hidden."""

    def __init__(
        self, *args: Any, headers: list[str], mapping: dict[str, str], hidden: Iterable[int] = (), **kwargs: Any
    ) -> None:
        from lienhiep.members.importing import COLUMNS

        super().__init__(*args, **kwargs)
        choices = [("", _("— ignore this column —")), *[(c.key, c.header) for c in COLUMNS]]
        hidden = set(hidden)
        for index, header in enumerate(headers):
            label = header or _("(column without a header)")
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=_("%(header)s (hidden column)") % {"header": label} if index in hidden else label,
                choices=choices,
                required=False,
                initial=mapping.get(str(index), ""),
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def mapping(self) -> dict[int, str]:
        chosen = {int(name[4:]): key for name, key in self.cleaned_data.items() if key}
        return chosen

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        keys = [key for key in data.values() if key]
        doubled = sorted({key for key in keys if keys.count(key) > 1})
        if doubled:
            raise forms.ValidationError(_("Each field can come from one column only."))
        return data


class CollectiveForm(UnitPickers, BootstrapFormMixin, forms.Form):
    org = OrgChoiceField(label=_("Association"), queryset=Org.objects.none(), **RECORDS_MEMBERS)
    name = NFCCharField(label=_("Organisation (enterprise, institute…)"), max_length=255)
    representative = NFCCharField(label=_("Representative"), max_length=150, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    joined_on = VNDateField(label=_("Joined on"))


class EstimateForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    count = forms.IntegerField(label=_("Estimated intellectuals in the area"), min_value=1)
    source = NFCCharField(label=_("Source of the estimate"), max_length=255, required=False)


# Data subjects' requests and breaches are recorded on a unit its officer manages.
MANAGES_UNIT: dict[str, Any] = {"need": Access.MANAGE, "active": True}


class SubjectRequestForm(UnitPickers, BootstrapFormMixin, forms.Form):
    org = OrgChoiceField(label=_("Unit"), queryset=Org.objects.none(), **MANAGES_UNIT)
    requester = NFCCharField(label=_("Requested by"), max_length=255)
    kind = forms.ChoiceField(label=_("Request"), choices=SubjectRequestKind.choices)
    received_on = VNDateField(label=_("Received on"))
    details = forms.CharField(label=_("What is asked"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_on"].help_text = _(
            "The deadline is %(days)s days after it (Decree 356/2025/NĐ-CP); acknowledge it within 2 working days."
        ) % {"days": settings.SUBJECT_REQUEST_DAYS}


class SubjectRequestMoveForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=RequestStatus.choices)
    reply = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    take = forms.BooleanField(label=_("I handle it"), required=False)

    def __init__(self, *args: Any, moves_from: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = REQUEST_TRANSITIONS[moves_from]
        field = self.fields["status"]
        field.choices = [(value, label) for value, label in RequestStatus.choices if value in allowed]  # type: ignore[attr-defined]


class BreachForm(UnitPickers, BootstrapFormMixin, forms.Form):
    org = OrgChoiceField(label=_("Unit"), queryset=Org.objects.none(), **MANAGES_UNIT)
    summary = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}))
    found_on = VNDateField(label=_("Found on"))
    found_time = forms.TimeField(label=_("Found at (hh:mm)"), input_formats=["%H:%M"])
    categories = NFCCharField(
        label=_("Categories of data"), max_length=255, help_text=_("For example: names, phones, citizen ID numbers.")
    )
    persons_affected = forms.IntegerField(label=_("Persons affected"), min_value=0)
    measures = forms.CharField(label=_("Measures taken"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def found_at(self) -> dt.datetime:
        day, time = self.cleaned_data["found_on"], self.cleaned_data["found_time"]
        return timezone.make_aware(dt.datetime.combine(day, time))

    def details(self) -> dict[str, Any]:
        """What `services.breach_record` is told (the unit aside: the view's): the moment it was found as one."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("org", "found_on", "found_time")}
        return {**data, "found_at": self.found_at()}


class BreachNoticeForm(BootstrapFormMixin, forms.Form):
    notified_on = VNDateField(label=_("Notified on"))
    notified_time = forms.TimeField(label=_("At (hh:mm)"), input_formats=["%H:%M"])
    reference = forms.CharField(label=_("Notice reference"), max_length=100, required=False)

    def notified_at(self) -> dt.datetime:
        day, time = self.cleaned_data["notified_on"], self.cleaned_data["notified_time"]
        return timezone.make_aware(dt.datetime.combine(day, time))
