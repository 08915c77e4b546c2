from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.validators import FileExtensionValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lienhiep.core.forms import BootstrapFormMixin, NFCCharField, VNDateField
from lienhiep.governance.models import (
    CommitteeKind,
    MeetingKind,
    Position,
    Presence,
    Seat,
    SeatEndReason,
    StartReason,
    TargetMeasure,
    TargetPeriod,
)
from lienhiep.governance.permissions import RECORD
from lienhiep.governance.services import RESTRUCTURED_KINDS
from lienhiep.members.forms import PersonChoiceField
from lienhiep.members.models import Person
from lienhiep.orgs.forms import OrgChoiceField, UnitPickers
from lienhiep.orgs.models import Org, OrgKind

MAX_UPLOAD = 20 * 1024 * 1024
DOCUMENT_TYPES = ["pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png", "heic", "tif", "tiff"]
documents_only = FileExtensionValidator(
    DOCUMENT_TYPES, message=_("Attach a PDF, Word or image file (%(allowed_extensions)s).")
)


def _file_checked(upload: Any) -> Any:
    if upload and upload.size > MAX_UPLOAD:
        raise forms.ValidationError(_("The file is larger than 20 MB."))
    return upload


class CongressForm(UnitPickers, BootstrapFormMixin, forms.Form):
    org = OrgChoiceField(
        label=_("Unit"), queryset=Org.objects.none(), need=RECORD,
        kinds=[kind for kind in OrgKind.values if kind != OrgKind.BRANCH],
    )  # fmt: skip
    ordinal = forms.IntegerField(
        label=_("Congress number"), min_value=1, max_value=40, help_text=_("4 for the IV congress")
    )
    term_start_year = forms.IntegerField(label=_("Term from (year)"), min_value=1950, max_value=2100)
    term_end_year = forms.IntegerField(label=_("Term until (year)"), min_value=1950, max_value=2100)
    held_on = VNDateField(label=_("Held on"))
    delegates = forms.IntegerField(label=_("Delegates"), min_value=1, required=False)
    documents = forms.FileField(label=_("Documents (resolution, minutes)"), required=False, validators=[documents_only])
    notes = NFCCharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_documents(self) -> Any:
        return _file_checked(self.cleaned_data.get("documents"))


class CommitteeForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Committee"), choices=CommitteeKind.choices)
    planned_size = forms.IntegerField(label=_("Planned size"), min_value=1, max_value=200)
    meetings_per_year = forms.IntegerField(
        label=_("Required meetings per year"), min_value=1, max_value=12, required=False,
        help_text=_("Empty: as the charter says (standing committee 4, executive and inspection committees 2)."),
    )  # fmt: skip


class CommitteeEditForm(BootstrapFormMixin, forms.Form):
    planned_size = forms.IntegerField(label=_("Planned size"), min_value=1, max_value=200)
    meetings_per_year = forms.IntegerField(label=_("Required meetings per year"), min_value=1, max_value=12)


class _SeatForm(BootstrapFormMixin, forms.Form):
    """A seat's holder, picked among `persons` (looked up at `search_url` as the user types), in one of the
    committee's `positions`."""

    def __init__(
        self, *args: Any, persons: QuerySet[Person], positions: list[str], search_url: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons  # type: ignore[attr-defined]
        self.fields["person"].widget.url = search_url  # type: ignore[attr-defined]
        self.fields["position"].choices = [(p, Position(p).label) for p in Position if p in positions]  # type: ignore[attr-defined]


class SeatElectForm(_SeatForm):
    person = PersonChoiceField(label=_("Person"), queryset=Person.objects.none())
    position = forms.ChoiceField(label=_("Position"), choices=Position.choices)
    started_on = VNDateField(label=_("From"))
    start_reason = forms.ChoiceField(label=_("How it began"), choices=StartReason.choices)
    decision_number = NFCCharField(label=_("Decision number"), required=False, max_length=60)


class SeatReplaceForm(_SeatForm):
    """One form: the seat's end and, when someone takes it, the replacement."""

    ended_on = VNDateField(label=_("Left the seat on"))
    end_reason = forms.ChoiceField(label=_("Why"), choices=SeatEndReason.choices)
    decision_number = NFCCharField(label=_("Decision number"), required=False, max_length=60)
    person = PersonChoiceField(
        label=_("Replaced by"), queryset=Person.objects.none(), required=False,
        empty_label=_("— nobody (the seat stays empty) —"),
    )  # fmt: skip
    position = forms.ChoiceField(label=_("Replacement's position"), choices=Position.choices, required=False)
    started_on = VNDateField(
        label=_("Replacement from"), required=False, help_text=_("Empty: the day the seat is left.")
    )
    start_reason = forms.ChoiceField(
        label=_("How the replacement began"), choices=StartReason.choices, required=False, initial=StartReason.CO_OPTED
    )


class MeetingForm(BootstrapFormMixin, forms.Form):
    """A meeting and the attendance of everyone who held a seat that day (one field per seat)."""

    held_on = VNDateField(label=_("Held on"))
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices)
    agenda = NFCCharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    minutes = forms.FileField(
        label=_("Minutes"),
        required=False,
        validators=[documents_only],
        help_text=_("Kept private: only users who see this unit can open it."),
    )

    def __init__(self, *args: Any, seats: list[Seat], refresh_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seats = seats
        if refresh_url:
            # A new date lists the members who held a seat on it.
            self.fields["held_on"].widget.attrs.update(
                {
                    "hx-get": refresh_url,
                    "hx-trigger": "change",
                    "hx-target": "#attendance",
                    "hx-swap": "outerHTML",
                    "hx-include": "closest form",
                }  # fmt: skip
            )
        for seat in seats:
            self.fields[f"att_{seat.pk}"] = forms.ChoiceField(
                label=seat.person.full_name,
                choices=Presence.choices,
                initial=Presence.PRESENT,
                widget=forms.RadioSelect,
            )

    def clean_minutes(self) -> Any:
        return _file_checked(self.cleaned_data.get("minutes"))

    def attendance_fields(self) -> list[tuple[Seat, Any]]:
        return [(seat, self[f"att_{seat.pk}"]) for seat in self.seats]

    def attendance(self) -> dict[int, str]:
        return {seat.pk: self.cleaned_data[f"att_{seat.pk}"] for seat in self.seats}


class TargetForm(BootstrapFormMixin, forms.Form):
    text = NFCCharField(label=_("Target"), widget=forms.Textarea(attrs={"rows": 2}))
    measure = forms.ChoiceField(
        label=_("Measured by"), choices=[("", _("Entered by hand")), *TargetMeasure.choices], required=False
    )
    target_min = forms.DecimalField(label=_("At least"), required=False, max_digits=12, decimal_places=2)
    target_max = forms.DecimalField(label=_("At most"), required=False, max_digits=12, decimal_places=2)
    unit = NFCCharField(label=_("Unit"), required=False, max_length=40)
    period = forms.ChoiceField(label=_("Period"), choices=TargetPeriod.choices)


class TargetValueForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1950, max_value=2100)
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=2)
    note = NFCCharField(label=_("Note"), required=False, max_length=255)


class RestructuringPlanForm(UnitPickers, BootstrapFormMixin, forms.Form):
    org = OrgChoiceField(label=_("Member association"), queryset=Org.objects.none())
    planned_on = VNDateField(label=_("Planned for"))
    reason = NFCCharField(label=_("Why"), required=False, max_length=255)

    def __init__(self, *args: Any, within: Org | None = None, **kwargs: Any) -> None:
        """`orgs` (UnitPickers): the associations under `within` (the unit whose page it is) the user may
        restructure; the picker's lookup is narrowed to them."""
        super().__init__(*args, **kwargs)
        self.fields["org"].lookup(need=RECORD, active=True, kinds=RESTRUCTURED_KINDS, within=within)  # type: ignore[attr-defined]


class RestructuringDoneForm(BootstrapFormMixin, forms.Form):
    done_on = VNDateField(label=_("Done on"))
    what_changed = NFCCharField(label=_("What changed"), widget=forms.Textarea(attrs={"rows": 3}))


class OnDateForm(forms.Form):
    on = VNDateField(required=False)

    def day(self, default: dt.date) -> dt.date:
        return (self.cleaned_data.get("on") if self.is_valid() else None) or default
