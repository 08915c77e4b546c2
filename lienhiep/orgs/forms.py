from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse_lazy
from django.utils.http import urlencode
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lienhiep.accounts.models import User
from lienhiep.core.forms import BootstrapFormMixin, NFCCharField, SearchSelect, SearchSelectMultiple, VNDateField
from lienhiep.orgs.models import AssociationGroup, EndReason, Org, OrgKind, RoleKind
from lienhiep.orgs.permissions import Access


class _UnitPicker:
    """A unit picked by typing part of its name: only the chosen units are rendered (a national user sees 20,000),
    and the picker asks `orgs:unit_lookup` for matches as the user types, or for the first ones when it opens.
    The lookup is told what the field takes — units the user may see (`need=VIEW`) or record on, `active` ones
    only, of `kinds` — and answers within that and the user's access; the queryset the view sets still decides
    what may be posted. A view whose queryset is narrower narrows the lookup too (`lookup`)."""

    widget: Any  # a SearchSelect

    def __init__(
        self, *args: Any, need: Access = Access.VIEW, active: bool = False, kinds: Sequence[str] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.widget.min_chars = 0
        self.lookup(need=need, active=active, kinds=kinds)

    def lookup(
        self, *, need: Access = Access.VIEW, active: bool = False, kinds: Sequence[str] = (), within: Org | None = None
    ) -> None:
        params: dict[str, Any] = {"need": need.name.lower()}
        if active:
            params["active"] = "1"
        if kinds:
            params["kind"] = list(kinds)
        if within is not None:
            params["within"] = within.pk
        self.widget.url = format_lazy("{}?{}", reverse_lazy("orgs:unit_lookup"), urlencode(params, doseq=True))

    def label_from_instance(self, obj: Org) -> str:
        return unit_label(obj)


def unit_label(org: Org, name: str = "") -> str:
    """A unit's name as pickers show it, marked when it has ended ("đã giải thể", "đã sáp nhập"): lists and figures
    of a dissolved or merged unit are still asked for, as of its last day."""
    name = name or org.name
    if org.is_active:
        return name
    ended = _("merged") if org.end_reason == EndReason.MERGED else _("dissolved")
    return f"{name} ({ended})"


class OrgChoiceField(_UnitPicker, forms.ModelChoiceField):
    widget = SearchSelect

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", _("— choose a unit —"))
        super().__init__(*args, **kwargs)


def initial_unit(request: HttpRequest, node: Org, field: str = "org") -> dict[str, Org]:
    """A create form's unit, filled in when the page was opened for it (`?org=`). Otherwise the user picks it: the
    node the view fell back on (`permissions.node_asked`) is the one access is checked on, not a choice made for
    them (and a unit chosen ahead would hold the forms whose person picker looks names up under it)."""
    return {field: node} if request.GET.get(field) else {}


def unit_form[F: forms.BaseForm](
    request: HttpRequest,
    form: Callable[..., F],
    node: Org,
    orgs: QuerySet[Org],
    /,
    *,
    initial: Mapping[str, Any] | None = None,
    **kwargs: Any,
) -> F:
    """A create view's `form`, over the units the user may record on: bound to what was posted (files too), `orgs`
    its unit picker, its `initial` values and the unit `node` filled in when the page was opened for it
    (`initial_unit`); `kwargs` are the form's own pickers."""
    filled = {**(initial or {}), **initial_unit(request, node)}
    return form(request.POST or None, request.FILES or None, orgs=orgs, initial=filled, **kwargs)


class UnitPickers:
    """A record's form whose pickers offer what its view gives: the unit picker `org` over `orgs` (the units the user
    may record on: `unit_form`), each person picker named in `person_fields` over `persons`. With
    `one_unit_chosen`, a form opened (not posted) by a user who may record on one unit only has it chosen. Put it
    before the form's base classes: `class HonourEntryForm(UnitPickers, BootstrapFormMixin, forms.Form)`."""

    person_fields: ClassVar[tuple[str, ...]] = ()
    one_unit_chosen: ClassVar[bool] = False

    def __init__(self, *args: Any, orgs: QuerySet[Org], persons: QuerySet[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields  # type: ignore[attr-defined]
        fields["org"].queryset = orgs
        for name in self.person_fields:
            fields[name].queryset = persons
        if self.one_unit_chosen and not self.is_bound and len(orgs) == 1:  # type: ignore[attr-defined]
            fields["org"].initial = orgs[0]


class OrgMultipleChoiceField(_UnitPicker, forms.ModelMultipleChoiceField):
    widget = SearchSelectMultiple


class AsOfForm(BootstrapFormMixin, forms.Form):
    on = VNDateField(label=_("As of"), required=False)
    q = forms.CharField(label=_("Filter by name"), required=False)


class OrgCreateForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgKind.choices)
    group = forms.ChoiceField(
        label=_("Group (member associations)"),
        choices=[("", "—"), *AssociationGroup.choices],
        required=False,
    )
    name = NFCCharField(label=_("Full name"), max_length=255)
    short_name = NFCCharField(label=_("Short name"), max_length=100, required=False)
    founded_on = VNDateField(label=_("Founding date"))
    address = NFCCharField(label=_("Address"), max_length=255, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args: Any, kinds: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [(k, OrgKind(k).label) for k in kinds]  # type: ignore[attr-defined]


class OrgEditForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Org
        fields = ["group", "place_name", "abbreviation", "address", "phone", "email", "website", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.kind != OrgKind.ASSOCIATION:
            del self.fields["group"]


class RenameForm(BootstrapFormMixin, forms.Form):
    name = NFCCharField(label=_("New full name"), max_length=255)
    short_name = NFCCharField(label=_("New short name"), max_length=100, required=False)
    on = VNDateField(label=_("Effective date"))


# The restructuring forms pick among the active units the user manages.
MANAGED: dict[str, Any] = {"need": Access.MANAGE, "active": True}


class MoveForm(BootstrapFormMixin, forms.Form):
    new_parent = OrgChoiceField(label=_("Move under"), queryset=Org.objects.none(), **MANAGED)
    on = VNDateField(label=_("Effective date"))

    def __init__(self, *args: Any, targets: QuerySet[Org], kinds: Sequence[str] = (), **kwargs: Any) -> None:
        """`targets`: the units it may move under, of `kinds` (those a unit of its kind may stand under)."""
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = targets  # type: ignore[attr-defined]
        self.fields["new_parent"].lookup(**MANAGED, kinds=kinds)  # type: ignore[attr-defined]


class DissolveForm(BootstrapFormMixin, forms.Form):
    on = VNDateField(label=_("Effective date"))
    children_to = OrgChoiceField(
        label=_("Units under it move to"),
        queryset=Org.objects.none(),
        required=False,
        help_text=_("Needed when units still stand under it. By default, the unit above it."),
        **MANAGED,
    )

    def __init__(self, *args: Any, targets: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children_to"].queryset = targets  # type: ignore[attr-defined]


class MergeForm(BootstrapFormMixin, forms.Form):
    others = OrgMultipleChoiceField(
        label=_("Also merge these units"), queryset=Org.objects.none(), required=False, **MANAGED
    )
    target = OrgChoiceField(label=_("Into an existing unit"), queryset=Org.objects.none(), required=False, **MANAGED)
    new_name = NFCCharField(label=_("Or into a new unit named"), max_length=255, required=False)
    on = VNDateField(label=_("Effective date"))

    def __init__(self, *args: Any, candidates: QuerySet[Org], kind: str = "", **kwargs: Any) -> None:
        """`candidates`: the units of `kind` (the merged unit's) it may merge with."""
        super().__init__(*args, **kwargs)
        for name in ("others", "target"):
            self.fields[name].queryset = candidates  # type: ignore[attr-defined]
            self.fields[name].lookup(**MANAGED, kinds=[kind] if kind else [])  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("target")) == bool(data.get("new_name")):
            raise forms.ValidationError(_("Choose an existing unit or give the name of a new one (not both)."))
        return data


class SplitForm(BootstrapFormMixin, forms.Form):
    parts = forms.CharField(label=_("New units, one name per line"), widget=forms.Textarea(attrs={"rows": 3}))
    on = VNDateField(label=_("Effective date"))
    keep_original = forms.BooleanField(label=_("Keep this unit (the new units split off from it)"), required=False)

    def __init__(self, *args: Any, kids: list[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kids = kids
        for kid in kids:
            self.fields[f"kid_{kid.pk}"] = forms.IntegerField(
                label=kid.name,
                required=False,
                min_value=1,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "style": "width:6rem"}),
                help_text=_("Number of the new unit (1, 2, …); empty: stays"),
            )

    def part_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["parts"].splitlines() if line.strip()]

    def assignment(self) -> dict[int, int]:
        out: dict[int, int] = {}
        for kid in self.kids:
            value = self.cleaned_data.get(f"kid_{kid.pk}")
            if value:
                out[kid.pk] = value - 1
        return out

    def kid_fields(self) -> list[forms.BoundField]:
        return [self[f"kid_{kid.pk}"] for kid in self.kids]


def account_label(account: Any) -> str:
    """How an account is named in a picker: its name and its username."""
    name = account.display_name
    return f"{name} ({account.username})" if name != account.username else name


class AccountChoiceField(forms.ModelChoiceField):
    """An account picked by typing part of its name, username or e-mail: the picker asks `orgs:user_lookup`
    (`?within=` the unit the role is for); the queryset (`permissions.grantable_users`) decides what may be posted."""

    widget = SearchSelect

    def label_from_instance(self, obj: Any) -> str:
        return account_label(obj)


class RoleGrantForm(BootstrapFormMixin, forms.Form):
    user = AccountChoiceField(
        label=_("User"),
        queryset=User.objects.none(),
        help_text=_(
            "Type part of the name, username or e-mail of an account that holds or held a role in your units. "
            "A new account gets its first role from the system administrator, who creates it."
        ),
    )
    kind = forms.ChoiceField(label=_("Role"), choices=RoleKind.choices)
    title = NFCCharField(label=_("Title (optional)"), max_length=120, required=False)
    valid_from = VNDateField(label=_("From"))

    def __init__(self, *args: Any, org: Org, accounts: QuerySet[Any], earliest: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = accounts  # type: ignore[attr-defined]
        field.widget.url = f"{reverse_lazy('orgs:user_lookup')}?{urlencode({'within': org.pk})}"  # type: ignore[attr-defined]
        self.fields["valid_from"].help_text = _(
            "Not before %(date)s: the unit's founding, and at most one year back (the system administrator "
            "records older roles). A role ended the day it began never counted."
        ) % {"date": f"{earliest:%d/%m/%Y}"}


class RoleEndForm(BootstrapFormMixin, forms.Form):
    on = VNDateField(label=_("Ends on"))


class AuditFilterForm(BootstrapFormMixin, forms.Form):
    """The audit trail's filters: who, which table and object, from and to which day."""

    actor = forms.ModelChoiceField(label=_("User"), queryset=User.objects.none(), required=False)
    source = forms.ChoiceField(label=_("Table"), required=False)
    object_id = forms.IntegerField(label=_("Object number"), min_value=1, required=False)
    start = VNDateField(label=_("From"), required=False)
    end = VNDateField(label=_("To"), required=False)

    def __init__(self, *args: Any, actors: QuerySet[User], sources: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actors  # type: ignore[attr-defined]
        self.fields["source"].choices = [("", _("Every table")), *sources]  # type: ignore[attr-defined]
