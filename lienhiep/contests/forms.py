"""The contest pages' forms: a contest, an edition's rules and each rule row, an entry with its authors and files,
screening. Labels a secretary reads without training."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lienhiep.contests.models import (
    Category,
    ContestField,
    ContestLevel,
    ContestType,
    EntryFileKind,
    PrizeRank,
    Round,
    RoundKind,
)
from lienhiep.core.forms import BootstrapFormMixin, NFCCharField, VNDateField
from lienhiep.orgs.forms import OrgChoiceField, UnitPickers
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access


class ContestForm(UnitPickers, BootstrapFormMixin, forms.Form):
    org = OrgChoiceField(label=_("Organiser"), queryset=Org.objects.none(), need=Access.EDIT, active=True)
    type = forms.ChoiceField(label=_("Contest type"), choices=ContestType.choices)
    level = forms.ChoiceField(label=_("Level"), choices=ContestLevel.choices, initial=ContestLevel.PROVINCE)
    name = NFCCharField(label=_("Name"), max_length=255)
    area = NFCCharField(label=_("Region (for a regional contest)"), max_length=100, required=False)


class EditionForm(BootstrapFormMixin, forms.Form):
    year_start = forms.IntegerField(label=_("From year"), min_value=1990, max_value=2100)
    year_end = forms.IntegerField(label=_("To year"), min_value=1990, max_value=2100)
    rules_number = NFCCharField(label=_("Rules decision number"), max_length=60, required=False)
    rules_date = VNDateField(label=_("Rules decision date"), required=False)
    rules_text = forms.CharField(
        label=_("Rules (summary shown to the public)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    opens_on = VNDateField(label=_("Entries from"))
    closes_on = VNDateField(label=_("Entries until"))
    applied_place = NFCCharField(label=_("Where the solution must have been applied"), max_length=255, required=False)
    applied_since = VNDateField(label=_("Applied on or after"), required=False)
    born_from = VNDateField(label=_("Authors born on or after"), required=False)
    born_to = VNDateField(label=_("Authors born on or before"), required=False)

    def details(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("rules_number", "rules_text", "applied_place"):
            data[name] = data.get(name) or ""
        return data


class FieldForm(BootstrapFormMixin, forms.Form):
    name = NFCCharField(label=_("Field"), max_length=200)


class CategoryForm(BootstrapFormMixin, forms.Form):
    field = forms.ModelChoiceField(label=_("Field"), queryset=ContestField.objects.none())
    name = NFCCharField(label=_("Category"), max_length=200)

    def __init__(self, *args: Any, edition: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = edition.fields.all()  # type: ignore[attr-defined]


class RoundForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Round"), choices=RoundKind.choices)
    public_vote_share = forms.DecimalField(
        label=_("Public vote share (%)"), min_value=0, max_value=100, decimal_places=2, initial=0
    )
    drop_outliers = forms.BooleanField(label=_("Drop the highest and lowest juror"), required=False)
    approval_threshold = forms.DecimalField(
        label=_("Board approval threshold (%)"), min_value=0, max_value=100, decimal_places=2, required=False
    )


class CriterionForm(BootstrapFormMixin, forms.Form):
    round = forms.ModelChoiceField(label=_("Round"), queryset=Round.objects.none())
    name = NFCCharField(label=_("Criterion"), max_length=255)
    max_points = forms.DecimalField(label=_("Maximum points"), min_value=0, decimal_places=2)

    def __init__(self, *args: Any, edition: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = edition.rounds.all()  # type: ignore[attr-defined]


class PrizeRowForm(BootstrapFormMixin, forms.Form):
    field = forms.ModelChoiceField(
        label=_("Field"), queryset=ContestField.objects.none(), required=False, empty_label=_("Whole edition")
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False, empty_label="—"
    )
    rank = forms.ChoiceField(label=_("Prize"), choices=PrizeRank.choices)
    count = forms.IntegerField(label=_("Number of prizes"), min_value=1, max_value=999)
    amount = forms.DecimalField(label=_("Amount per prize (đồng)"), min_value=0, decimal_places=0, initial=0)
    extra_honour = NFCCharField(label=_("With the honour"), max_length=255, required=False)

    def __init__(self, *args: Any, edition: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = edition.fields.all()  # type: ignore[attr-defined]
        self.fields["category"].queryset = Category.objects.filter(field__edition=edition)  # type: ignore[attr-defined]


RULE_FORMS: dict[str, type[forms.Form]] = {
    "field": FieldForm,
    "category": CategoryForm,
    "round": RoundForm,
    "criterion": CriterionForm,
    "prize": PrizeRowForm,
}


class EntryForm(BootstrapFormMixin, forms.Form):
    """An entry as its registration form (phiếu đăng ký) gives it; the authors and files are the formset's and the
    file fields'."""

    sending_unit = OrgChoiceField(label=_("Sending unit"), queryset=Org.objects.none(), need=Access.EDIT, active=True)
    field = forms.ModelChoiceField(label=_("Field"), queryset=ContestField.objects.none())
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), required=False)
    title = NFCCharField(label=_("Title of the solution or product"), max_length=500)
    summary = forms.CharField(
        label=_("Summary of the solution"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    author_unit = NFCCharField(label=_("Authors' school, company or office"), max_length=255, required=False)
    application_site = NFCCharField(label=_("Where the solution is applied"), max_length=255, required=False)
    applied_on = VNDateField(label=_("Applied since"), required=False)
    from_paper = forms.BooleanField(label=_("Typed from a paper dossier"), required=False)
    submitted_on = VNDateField(label=_("Received on"), required=False)
    registration = forms.FileField(label=_("Registration form"), required=False)
    description = forms.FileField(label=_("Description of the solution"), required=False)
    full_text = forms.FileField(label=_("Full text"), required=False)
    photo = forms.FileField(
        label=_("Photo"), required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )

    def __init__(self, *args: Any, edition: Any, units: QuerySet[Org], organiser: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sending_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["sending_unit"].lookup(need=Access.EDIT, active=True, within=edition.contest.org)  # type: ignore[attr-defined]
        self.fields["field"].queryset = edition.fields.all()  # type: ignore[attr-defined]
        self.fields["category"].queryset = Category.objects.filter(field__edition=edition)  # type: ignore[attr-defined]
        if not edition.fields.filter(categories__isnull=False).exists():
            del self.fields["category"]
        if not organiser:
            del self.fields["from_paper"], self.fields["submitted_on"]

    def details(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k not in FILE_KINDS}
        data.setdefault("category", None)
        for name in ("summary", "author_unit", "application_site"):
            data[name] = data.get(name) or ""
        data["from_paper"] = bool(data.get("from_paper"))
        if not data.get("submitted_on"):
            data.pop("submitted_on", None)
        return data

    def uploads(self) -> list[tuple[str, Any]]:
        return [(kind, self.cleaned_data[kind]) for kind in FILE_KINDS if self.cleaned_data.get(kind)]


FILE_KINDS = tuple(EntryFileKind.values)


class EntryChangeForm(EntryForm):
    """The registration of an entry already sent, to correct: the same fields but the sending unit, the paper
    dossier's and the files (added one at a time, `EntryFileForm`)."""

    def __init__(self, *args: Any, edition: Any, **kwargs: Any) -> None:
        super().__init__(*args, edition=edition, units=Org.objects.none(), organiser=False, **kwargs)
        for name in ("sending_unit", *FILE_KINDS):
            del self.fields[name]


class EntryFileForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of file"), choices=EntryFileKind.choices)
    upload = forms.FileField(label=_("File"))


class AuthorForm(BootstrapFormMixin, forms.Form):
    full_name = NFCCharField(label=_("Full name"), max_length=150)
    birth_date = VNDateField(label=_("Date of birth"), required=False)
    workplace = NFCCharField(label=_("School, workplace or address"), max_length=255, required=False)
    guardian_name = NFCCharField(label=_("Guardian (for a minor)"), max_length=150, required=False)
    guardian_phone = NFCCharField(label=_("Guardian's phone"), max_length=30, required=False)
    consent_publish = forms.BooleanField(label=_("Agrees to be named on the public results"), required=False)


# What a kept author gives the formset to correct (the member link stays with the name it was recorded with).
AUTHOR_INITIAL = ("full_name", "birth_date", "workplace", "guardian_name", "guardian_phone", "consent_publish")


class BaseAuthorFormSet(forms.BaseFormSet):
    """The authors' formset, its errors in words a secretary reads (Django has none of them in Vietnamese)."""

    default_error_messages = {
        "missing_management_form": _("The list of authors was not sent whole. Open the form again."),
        "too_many_forms": _("At most %(num)d authors."),
        "too_few_forms": _("At least %(num)d author."),
    }


# At most ten authors, refused before any more forms are made: a tampered `authors-TOTAL_FORMS` (Django's default cap
# is max_num + 1,000) made 1,010 author forms, cleaned and rendered, for one request (0.5 s of CPU each).
AuthorFormSet = forms.formset_factory(
    AuthorForm,
    formset=BaseAuthorFormSet,
    extra=2,
    min_num=1,
    validate_min=True,
    max_num=10,
    validate_max=True,
    absolute_max=10,
)


class ScreenForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Screening"), choices=[("accept", _("Accept")), ("refuse", _("Refuse"))], widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("Why refused"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
