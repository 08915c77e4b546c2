"""Every word a user reads is Vietnamese: the vi catalogue is complete and up to date with the code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command

PO = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def _catalog(path: Path):  # type: ignore[no-untyped-def]
    with path.open("rb") as handle:
        return read_po(handle, locale="vi")


def test_vietnamese_catalogue_is_complete():
    catalog = _catalog(PO)
    untranslated = [m.id for m in catalog if m.id and not (all(m.string) if m.pluralizable else m.string)]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_catalogue_has_every_string_of_the_code(tmp_path, settings, monkeypatch):
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext (xgettext) is needed: apt-get install gettext (make system-deps)")
    # makemessages writes next to the sources it finds, so run it on a copy of them.
    base = Path(settings.BASE_DIR)
    for folder in ["config", "lienhiep", "templates"]:
        shutil.copytree(base / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__", "tests"))
    (tmp_path / "locale" / "vi").mkdir(parents=True)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["vi"], no_location=True, verbosity=0)
    po = tmp_path / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    fresh = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog(po)}
    committed = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog(PO)}
    assert sorted(fresh - committed) == [], "run `make makemessages` and translate the new strings"


def test_form_errors_read_as_an_office_writes_them():
    """Django's own messages in our wording (lienhiep/core/wording.py), not Django's catalogue's."""
    from django.utils import translation

    from lienhiep.members.forms import EstimateForm

    with translation.override("vi"):
        errors = EstimateForm({"year": "1900", "count": "mười"}).errors
        assert errors["year"] == ["Giá trị không được nhỏ hơn 1990."]
        assert errors["count"] == ["Vui lòng nhập một số nguyên, ví dụ 25."]
        assert EstimateForm({}).errors["count"] == ["Vui lòng điền mục này."]


def test_the_empty_choice_of_a_model_field_reads_in_vietnamese():
    """Django 6 labels the empty choice of an optional field with choices "- Select an option -", which its own
    Vietnamese catalogue leaves in English (seen on the unit edit form's group)."""
    from django.utils import translation

    from lienhiep.orgs.forms import OrgEditForm
    from lienhiep.orgs.models import Org, OrgKind

    with translation.override("vi"):
        form = OrgEditForm(instance=Org(kind=OrgKind.ASSOCIATION, name="Hội Tin học"))
        assert list(form.fields["group"].choices)[0] == ("", "— Chọn —")
