from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lienhiep.activities.forms import MoneyField
from lienhiep.activities.models import Activity
from lienhiep.core.forms import BootstrapFormMixin, NFCCharField, VNDateField
from lienhiep.finance.models import Source
from lienhiep.orgs.forms import OrgChoiceField, UnitPickers
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access


class BudgetForm(UnitPickers, BootstrapFormMixin, forms.Form):
    org = OrgChoiceField(label=_("Unit"), queryset=Org.objects.none(), need=Access.EDIT)
    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2100)
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    planned = MoneyField(label=_("Planned (đồng)"))
    actual = MoneyField(label=_("Received (đồng)"), required=False)
    notes = NFCCharField(label=_("Notes"), required=False, max_length=500)


class ActivityChoiceField(forms.ModelChoiceField):
    widget = forms.Select(attrs={"data-searchable": "1"})

    def label_from_instance(self, obj: Activity) -> str:  # type: ignore[override]
        return f"{obj.start_date:%d/%m/%Y} · {obj.title}"


class SpendingForm(UnitPickers, BootstrapFormMixin, forms.Form):
    org = OrgChoiceField(label=_("Unit"), queryset=Org.objects.none(), need=Access.EDIT)
    spent_on = VNDateField(label=_("Date"))
    amount = MoneyField(label=_("Amount (đồng)"), min_value=1)
    purpose = NFCCharField(label=_("Purpose"), max_length=255)
    source = forms.ChoiceField(label=_("Source"), choices=[("", "—"), *Source.choices], required=False)
    activity = ActivityChoiceField(
        label=_("For the activity (optional)"), queryset=Activity.objects.none(), required=False, empty_label="—"
    )

    def __init__(self, *args: Any, activities: QuerySet[Activity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]
