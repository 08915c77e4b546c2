"""Each node's yearly budget by source (plan and actual) and its spending lines, optionally tied to an
activity. Money raised in campaigns is not entered here: it is counted from the activities' figures."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lienhiep.core.models import RecordedModel, TimeStampedModel
from lienhiep.core.redaction import PersonalData
from lienhiep.orgs.models import HeldRecordEvent, Org


class Source(models.TextChoices):
    STATE = "state", _("State budget")
    DUES = "dues", _("Membership dues")
    OTHER = "other", _("Other lawful sources")


def _money(label: object, **extra: object) -> models.DecimalField:
    # Whole đồng.
    return models.DecimalField(label, max_digits=16, decimal_places=0, validators=[MinValueValidator(0)], **extra)  # type: ignore[arg-type]


class Budget(TimeStampedModel):
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="budgets", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    planned = _money(_("planned (đồng)"))
    actual = _money(_("received (đồng)"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(
                fields=["org", "year", "source"],
                name="finance_budget_one_per_source",
                violation_error_message=_("This unit already has a budget from this source for this year."),
            ),
        ]
        indexes = [models.Index(fields=["year", "org"], name="finance_budget_by_year")]

    def __str__(self) -> str:
        return f"{self.org} {self.year} {self.get_source_display()}"


class Spending(RecordedModel):
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="spendings", verbose_name=_("unit"))
    spent_on = models.DateField(_("date"))
    amount = _money(_("amount (đồng)"))
    purpose = models.CharField(_("purpose"), max_length=255)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, blank=True)
    activity = models.ForeignKey(
        "activities.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="spendings",
        verbose_name=_("for the activity"),
    )

    class Meta:
        verbose_name = _("spending")
        verbose_name_plural = _("spendings")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="finance_spending_positive")]
        indexes = [models.Index(fields=["org", "spent_on", "id"], name="finance_spending_by_org_date")]

    def __str__(self) -> str:
        return f"{self.spent_on} {self.purpose}"


class EventKind(models.TextChoices):
    CREATE = "create", _("Recorded")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")


class FinanceEvent(HeldRecordEvent):
    """Every change to a budget or a spending line (`target`: "budget" | "spending"): who, when, before and after."""

    targets = {"budget": "budget", "spending": "spending"}

    kind = models.CharField(max_length=20, choices=EventKind.choices)
    personal_data = PersonalData(others={"notes"})  # amounts, sources, purposes: no member's values

    class Meta(HeldRecordEvent.Meta):
        verbose_name = _("finance event")
        verbose_name_plural = _("finance events")
