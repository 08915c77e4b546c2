"""The interface's template helpers, as a page uses them."""

from __future__ import annotations

from django.template import engines
from django.utils import translation


def render(source: str) -> str:
    return engines["django"].from_string(source).render({"item": {"icon": "people"}})


def test_an_icon_is_hidden_from_screen_readers():
    assert render('{% icon "pencil" %}') == '<i class="bi bi-pencil" aria-hidden="true"></i>'
    assert render('{% icon item.icon css="me-2" %}') == '<i class="bi bi-people me-2" aria-hidden="true"></i>'


def test_an_icon_that_stands_for_words_says_them_to_screen_readers_and_on_hover():
    with translation.override("vi"):
        html = render('<button>{% icon "trash" label=_("Delete") css="text-danger" %}</button>')
    assert html == (
        '<button><i class="bi bi-trash text-danger" aria-hidden="true" title="Xóa"></i>'
        '<span class="visually-hidden">Xóa</span></button>'
    )
