"""Persons: created and changed with their values normalised (NFC names, folded for search, sorted by given
name), and the starting list of fields of expertise. Every change writes a PersonEvent."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lienhiep.core import services as core_services
from lienhiep.core.text import fold, nfc, person_sort_key, phone_key
from lienhiep.members.models import (
    ID_UNUSABLE,
    EventKind,
    Field,
    Person,
    PersonEvent,
)

PERSON_FIELDS = (
    "full_name", "gender", "birth_date", "id_number", "phone", "email", "address", "education",
    "academic_title", "workplace", "position", "party_member", "health_note", "notes",
)  # fmt: skip


def normalised(values: dict[str, Any]) -> dict[str, Any]:
    """Person values as stored: NFC, single spaces, and the keys search and sorting use."""
    out = dict(values)
    out["full_name"] = " ".join(nfc(out.get("full_name") or "").split())
    if not out["full_name"]:
        raise ValidationError({"full_name": _("The full name must not be empty.")})
    out["name_folded"] = fold(out["full_name"])
    out["name_sort"] = person_sort_key(out["full_name"])
    out["phone_digits"] = phone_key(out.get("phone") or "")  # searched in the same form (selectors._search)
    out["id_number"] = (out.get("id_number") or "").strip() or None
    for name in ("address", "workplace", "position", "notes", "health_note"):
        out[name] = nfc(out.get(name) or "").strip()
    return out


def normalise(person: Person) -> None:
    names = (*PERSON_FIELDS, "name_folded", "name_sort", "phone_digits")
    for name, value in normalised({name: getattr(person, name) for name in PERSON_FIELDS}).items():
        if name in names:
            setattr(person, name, value)


def refuse_used_id(*, actor: Any, id_number: str | None, person: Person | None = None) -> None:
    """Refuse a citizen ID another person holds, in the same words whoever holds it, and log the attempt on the
    holder (`ID_REFUSED`, read by the system administrator). Called before the service's transaction opens, so
    that the log row stays when the refusal rolls the rest back."""
    id_number = (id_number or "").strip()
    if not id_number:
        return
    holders = Person.objects.filter(id_number=id_number)
    if person is not None and person.pk is not None:
        holders = holders.exclude(pk=person.pk)
    holder = holders.first()
    if holder is None:
        return
    PersonEvent.record(
        actor=actor,
        kind=EventKind.ID_REFUSED,
        person=holder,
        data={"for_person": person.pk if person is not None else None},
    )
    raise ValidationError({"id_number": str(ID_UNUSABLE)}, code="id_unusable")


def person_create(*, actor: Any, fields: list[Field] | None = None, **values: Any) -> Person:
    refuse_used_id(actor=actor, id_number=values.get("id_number"))
    return _person_create(actor=actor, fields=fields, **values)


@transaction.atomic
def _person_create(*, actor: Any, fields: list[Field] | None = None, **values: Any) -> Person:
    core_services.only_fields(values, PERSON_FIELDS, "a person field")
    person = Person(**values)
    normalise(person)
    person.full_clean()
    person.save()
    if fields:
        person.fields.set(fields)
    PersonEvent.record(actor=actor, kind=EventKind.CREATE, person=person, data={"name": person.full_name})
    return person


def person_update(*, actor: Any, person: Person, fields: list[Field] | None = None, **values: Any) -> Person:
    if "id_number" in values:
        refuse_used_id(actor=actor, id_number=values["id_number"], person=person)
    return _person_update(actor=actor, person=person, fields=fields, **values)


@transaction.atomic
def _person_update(*, actor: Any, person: Person, fields: list[Field] | None = None, **values: Any) -> Person:
    core_services.only_fields(values, PERSON_FIELDS, "a person field")
    before = {k: getattr(person, k) for k in values}
    for key, value in values.items():
        setattr(person, key, value)
    normalise(person)
    after = {k: getattr(person, k) for k in values}
    changed = {k for k in values if before[k] != after[k]}
    old_fields = set(person.fields.values_list("pk", flat=True))
    new_fields = {f.pk for f in fields} if fields is not None else old_fields
    if not changed and old_fields == new_fields:
        return person
    person.full_clean()
    person.save()
    if fields is not None:
        person.fields.set(fields)
    # Protected values are recorded as changed, never copied into the log.
    secret = {"id_number", "party_member", "health_note"}
    PersonEvent.record(
        actor=actor,
        kind=EventKind.UPDATE,
        person=person,
        data={
            "before": {k: ("…" if k in secret else before[k]) for k in changed},
            "after": {k: ("…" if k in secret else after[k]) for k in changed},
            "fields_changed": old_fields != new_fields,
        },
    )
    return person


DEFAULT_FIELDS = [
    ("giao-duc", "Giáo dục"), ("y-te", "Y tế"), ("nong-nghiep", "Nông nghiệp"), ("xay-dung", "Xây dựng"),
    ("giao-thong", "Giao thông"), ("cong-nghe-thong-tin", "Công nghệ thông tin"), ("luat", "Luật"),
    ("kinh-te", "Kinh tế"), ("van-hoa", "Văn hóa"), ("bao-chi", "Báo chí"), ("kien-truc", "Kiến trúc"),
    ("moi-truong", "Môi trường"), ("cong-nghiep", "Công nghiệp"), ("quoc-phong-an-ninh", "Quốc phòng, an ninh"),
]  # fmt: skip


def fields_ensure_defaults() -> None:
    """The starting list of fields of expertise (also added by migration 0002)."""
    for order, (code, name) in enumerate(DEFAULT_FIELDS, start=1):
        Field.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})
