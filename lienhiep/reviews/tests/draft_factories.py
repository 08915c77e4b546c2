"""A dossier with a split draft, its experts and comments, for the tests of drafts and the opinion."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from lienhiep.orgs import grants
from lienhiep.reviews import samples
from lienhiep.reviews.drafts import services
from lienhiep.reviews.models import Dossier, Draft

D = dt.date
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def dossier(
    world: Any, *, title: str = "Dự thảo Nghị quyết về chính sách hỗ trợ khoa học và công nghệ", **extra: Any
) -> Dossier:
    values = {
        "org": world.ha_tinh,
        "kind": "critique",
        "title": title,
        "requester_type": "peoples_committee",
        "requester_name": "Ủy ban nhân dân tỉnh Hà Tĩnh",
        "subject_type": "draft_law",
        "received_on": D(2026, 10, 1),
        "status_since": D(2026, 10, 1),
        "request_number": "1234/UBND-KGVX",
        "request_date": D(2026, 9, 28),
        "by_written": True,
        "by_council": True,
        **extra,
    }
    return Dossier.objects.create(**values)


def upload(world: Any, target: Dossier, *, data: bytes | None = None, name: str = "du-thao.docx") -> Draft:
    """The draft uploaded by alice and split (the task run here: tests run no worker)."""
    content = data if data is not None else samples.legal_draft(chapters=2, articles=2, clauses=2, points=2)
    draft = services._draft_create(  # noqa: SLF001 - the task is run below, not on commit
        actor=world.alice,
        dossier=target,
        checked=_checked(name, content),
        stored=_stored(content, name),
    )
    return services.draft_split(draft_id=draft.pk)


def _checked(name: str, content: bytes) -> Any:
    from lienhiep.core import files

    return files.check_upload(SimpleUploadedFile(name, content))


def _stored(content: bytes, name: str) -> str:
    from lienhiep.core import files

    stored = files.generated_name(services.DRAFT_DIR, ".pdf" if name.endswith(".pdf") else ".docx")
    files.write(stored, content)
    return stored


def expert(world: Any, target: Dossier, username: str = "eve") -> Any:
    """An expert's account (no role) granted the dossier."""
    from lienhiep.accounts.tests.factories import UserFactory

    user = UserFactory(username=username, full_name="Nguyễn Thị Hằng")
    grants.give(target, user, kind=grants.EXPERT, by=world.alice, org=target.org, starts=D(2026, 1, 1))
    return user


def under_review(world: Any) -> tuple[Dossier, Draft, Any]:
    """The dossier, its draft (uploaded and split) and eve, the expert granted it: where every test of the comments on
    a draft starts."""
    target = dossier(world)
    return target, upload(world, target), expert(world, target)
