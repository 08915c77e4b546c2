import datetime as dt
from decimal import Decimal

from lienhiep.core.access_cases import EDIT, created_on, form_on, listed_under, posted_on

D = dt.date


def _spending_pk(world):
    from lienhiep.finance import services

    spending = services.spending_record(
        actor=world.root, org=world.y_te, spent_on=D(2023, 5, 10), amount=Decimal(1_500_000), purpose="Nước uống"
    )
    return {"pk": spending.pk}


def _budget_pk(world):
    from lienhiep.finance import services

    budget = services.budget_set(actor=world.root, org=world.y_te, year=2023, source="dues", planned=Decimal(2_000_000))
    return {"pk": budget.pk}


def _exists(model, **values):
    from lienhiep.finance import models

    return getattr(models, model).objects.filter(**values).exists()


CASES = {
    "finance:overview": listed_under("hong_linh"),
    "finance:export": listed_under("hong_linh"),
    "finance:budget_set": created_on(
        "y_te",
        EDIT,
        {
            "year": "2023",
            "source": "state",
            "planned": "5.000.000",
            "actual": "4.500.000",
        },  # fmt: skip
        changed=lambda w, client: _exists("Budget", org=w.y_te, year=2023, source="state", planned=5_000_000),
    ),
    "finance:spending_new": created_on(
        "y_te",
        EDIT,
        {"spent_on": "10/05/2023", "amount": "1.200.000", "purpose": "In tài liệu"},
        changed=lambda w, client: _exists("Spending", org=w.y_te, purpose="In tài liệu", amount=1_200_000),
    ),
    "finance:spending_delete": posted_on(_spending_pk, EDIT, changed=lambda w, client: not _exists("Spending")),
    "finance:spending_edit": form_on(
        _spending_pk,
        EDIT,
        data=lambda w: {"org": w.y_te.pk, "spent_on": "11/05/2023", "amount": "1.600.000", "purpose": "Nước uống"},
        changed=lambda w, client: _exists("Spending", spent_on=D(2023, 5, 11), amount=1_600_000),
    ),
    "finance:budget_delete": posted_on(_budget_pk, EDIT, changed=lambda w, client: not _exists("Budget")),
}
