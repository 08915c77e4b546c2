"""Writes to the expert registry: keyword-only, atomic, an event row for every change; a refused write raises
ValidationError (Vietnamese) and changes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lienhiep.accounts import services as account_services
from lienhiep.accounts.models import User
from lienhiep.core.events import changes, jsonable
from lienhiep.core.redaction import Erased, Subject
from lienhiep.core.text import fold, nfc, person_sort_key
from lienhiep.experts.models import (
    EventKind,
    Expert,
    ExpertEvent,
)
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access, require_can

# The values a form sets, and the event rows record before and after.
EXPERT_FIELDS = (
    "full_name", "person", "education", "academic_title", "degrees", "workplace", "position", "specialty", "email",
    "phone", "available", "notes",
)  # fmt: skip
TEXTS = ("full_name", "degrees", "workplace", "position", "specialty", "notes", "phone")


def _values(expert: Expert) -> dict[str, Any]:
    values = {name: getattr(expert, name) for name in EXPERT_FIELDS}
    values["fields"] = sorted(expert.fields.values_list("name", flat=True)) if expert.pk else []
    return jsonable(values)  # type: ignore[no-any-return]


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for name in TEXTS:
        if name in out and out[name] is not None:
            out[name] = " ".join(nfc(out[name]).split()) if name != "notes" else nfc(out[name]).strip()
    if "email" in out:
        out["email"] = (out["email"] or "").strip().lower()
    return out


def _save(expert: Expert, fields: Any) -> None:
    if not expert.full_name:
        raise ValidationError({"full_name": _("Enter the expert's name.")})
    expert.name_folded = fold(expert.full_name)
    expert.name_sort = person_sort_key(expert.full_name)
    expert.workplace_folded = fold(expert.workplace)
    expert.full_clean()
    expert.save()
    if fields is not None:
        expert.fields.set(fields)


@transaction.atomic
def expert_create(*, actor: Any, org: Org, fields: Any = (), **values: Any) -> Expert:
    """Put an expert on the list of `org` (a union or an association: whoever keeps one)."""
    require_can(actor, org, Access.EDIT)
    expert = Expert(org=org, **_normalise(values))
    _save(expert, list(fields))
    ExpertEvent.record_of(expert, actor=actor, kind=EventKind.CREATE, data={"expert": expert, "after": _values(expert)})
    return expert


@transaction.atomic
def expert_update(*, actor: Any, expert: Expert, fields: Any = None, **values: Any) -> Expert:
    require_can(actor, expert.org, Access.EDIT)
    before = _values(expert)
    for name, value in _normalise(values).items():
        if name not in EXPERT_FIELDS:
            raise TypeError(name)
        setattr(expert, name, value)
    _save(expert, list(fields) if fields is not None else None)
    after = _values(expert)
    changed = changes(before, after)
    if changed["after"]:
        ExpertEvent.record_of(expert, actor=actor, kind=EventKind.UPDATE, data={"expert": expert, **changed})
    return expert


@transaction.atomic
def expert_account_create(
    *, actor: Any, expert: Expert, username: str, password: str, check_password: bool = True
) -> User:
    """An account for the expert to log in with: no role, so it reaches only what is granted to it (their
    assignments, orgs/grants.py); the second factor optional, as for every account without an officer's role.
    Its name and e-mail are the expert's. An officer of the unit keeping the list creates it. The password passes
    the site's rules (`check_password`: off only for the demo, whose accounts share one known password)."""
    require_can(actor, expert.org, Access.MANAGE)
    if expert.user_id is not None:
        raise ValidationError(_("This expert already has an account."), code="expert_account_exists")
    username = nfc(username).strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken: choose another.")}, code="username_taken")
    if expert.email and User.objects.filter(email__iexact=expert.email).exists():
        raise ValidationError(
            _("An account already uses this expert's e-mail address: ask the system administrator."),
            code="email_taken",
        )
    candidate = User(username=username, full_name=expert.full_name, email=expert.email)
    try:
        if check_password:
            validate_password(password, candidate)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user = account_services.user_create(
        username=username, password=password, full_name=expert.full_name, email=expert.email, phone=expert.phone
    )
    expert.user = user
    expert.save(update_fields=["user", "updated_at"])
    ExpertEvent.record_of(expert, actor=actor, kind=EventKind.ACCOUNT, data={"expert": expert, "account": user})
    return user


def person_erased(subject: Subject) -> Erased:
    """The erasure of a member (members' `person_erase`, through `ExpertsConfig.person_erasure`): each expert record
    linked to them keeps its link, its fields and degrees, and loses what names or reaches them — name (the erased
    record's), workplace, position, contacts, notes —; it is no longer offered for assignments."""
    rows = list(Expert.objects.filter(person_id=subject.person_id))
    for expert in rows:
        expert.full_name = subject.label
        expert.name_folded = fold(expert.full_name)
        expert.name_sort = person_sort_key(expert.full_name)
        expert.workplace = expert.workplace_folded = expert.position = expert.email = expert.phone = ""
        expert.notes = ""
        expert.available = False
    Expert.objects.bulk_update(
        rows,
        ["full_name", "name_folded", "name_sort", "workplace", "workplace_folded", "position", "email", "phone",
         "notes", "available"],
    )  # fmt: skip
    return Erased(changed={Expert._meta.label: len(rows)})
