"""The layout's header, sidebar and assets, kept per key (core.layout), print what their plain twins print: each part
written as a plain template that reads the page's whole context (layout_plain/: base.html's text until session 15,
with the context processor that fed its sidebar, `old_context`), rendered by Django for the same request, for each
kind of account, page, language and script prefix; and a kept part follows what it depends on (a name, a unit, a
declaration, a setting). A change to a part is made to its twin too: the twin says what the part reads, the part's
key must hold it. Byte for byte over the demo's pages: bench/layout_pages.py."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.template import engines
from django.test import override_settings
from django.urls import get_resolver, set_script_prefix
from django.utils import translation

from lienhiep.core import declarations
from lienhiep.core.nav import NavItem, for_request, ordered

PLAIN = Path(__file__).parent / "layout_plain"
PARTS = {"app_header": "header.html", "sidebar": "sidebar.html", "assets": "assets.html"}
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"')


def old_context(request: Any) -> dict[str, Any]:
    """What core.context_processors.navigation gave every template until session 15."""
    match = request.resolver_match
    items = for_request(
        ordered(declarations.declared("nav_items", NavItem)),
        role_less=getattr(request, "role_less", False),
        granted=getattr(request, "granted", False),
    )
    return {"nav_items": items, "nav_current": match.namespace if match else ""}


def rendered(source: str, request: Any, context: dict[str, Any] | None = None) -> str:
    html = engines["django"].from_string(source).render(context or {}, request=request)
    return TOKEN.sub(r'\1"', html).strip()  # a new mask of the same token each time it is printed


def assert_as_before(request: Any) -> None:
    for tag, name in PARTS.items():
        before = "{% load static i18n %}{% get_current_language as LANG %}" + (PLAIN / name).read_text()
        now = rendered("{% " + tag + " %}", request)
        assert now == rendered(before, request, old_context(request)), tag
        assert "<lh-hole" not in now


def request_for(client: Any, url: str) -> Any:
    return client.get(url).wsgi_request


@pytest.mark.parametrize("persona", ["alice", "root", "erin", "bob", "olga"])
def test_each_part_prints_as_the_template_did_for_each_account_page_and_language(world, client_for, persona):
    client = client_for(getattr(world, persona))
    for url in ["/", "/members/", "/orgs/", f"/orgs/{world.ha_tinh.pk}/", "/khong-co/"]:
        request = request_for(client, url)
        for language in ("vi", "en"):
            with translation.override(language):
                assert_as_before(request)


def test_a_name_and_a_path_are_printed_escaped_and_a_new_name_is_printed_at_once(world, client_for):
    client = client_for(world.alice)
    request = request_for(client, '/members/?q=<b>"Hà"&page=2')
    assert_as_before(request)
    world.alice.full_name = '<i>Lê "Thị" & Hà</i>'
    world.alice.save()
    request = request_for(client, "/members/")
    assert_as_before(request)
    assert "&lt;i&gt;Lê &quot;Thị&quot; &amp; Hà&lt;/i&gt;" in rendered("{% app_header %}", request)


def test_a_user_of_two_units_sees_both_the_working_one_chosen_and_a_renamed_one_renamed(world, client_for):
    from lienhiep.orgs import services
    from lienhiep.orgs.models import RoleKind

    services.role_grant(actor=world.root, user=world.alice, org=world.bac_ninh, kind=RoleKind.OFFICER,
                        valid_from=dt.date(2018, 1, 1))  # fmt: skip
    client = client_for(world.alice)
    client.post("/orgs/switch/", {"org": world.bac_ninh.pk, "next": "/"})
    request = request_for(client, "/")
    assert request.working_org == world.bac_ninh
    assert_as_before(request)
    assert f'<option value="{world.bac_ninh.pk}" selected>' in rendered("{% app_header %}", request)
    world.bac_ninh.short_name = "Bắc Ninh mới"
    world.bac_ninh.save()
    request = request_for(client, "/")
    assert_as_before(request)
    assert ">Bắc Ninh mới</option>" in rendered("{% app_header %}", request)


def test_under_a_script_prefix_every_link_has_it(world, client_for):
    request = request_for(client_for(world.alice), "/members/")
    set_script_prefix("/lien-hiep/")
    try:
        assert_as_before(request)
        assert 'href="/lien-hiep/members/"' in rendered("{% sidebar %}", request)
    finally:
        set_script_prefix("/")


def test_a_changed_declaration_is_in_the_next_sidebar(world, client_for, declare):
    request = request_for(client_for(world.alice), "/")
    assert_as_before(request)
    declare("finance", "nav_items", (NavItem("Tài chính <mới>", "finance:overview", "cash", order=1),))
    assert_as_before(request)
    assert "Tài chính &lt;mới&gt;</a>" in rendered("{% sidebar %}", request)


def test_a_changed_setting_starts_afresh(world, client_for):
    request = request_for(client_for(world.alice), "/")
    assert_as_before(request)
    with override_settings(STATIC_URL="/tep-tinh/"):
        assert_as_before(request)
        assert 'href="/tep-tinh/css/app.css"' in rendered("{% assets %}", request)
    assert_as_before(request)


def test_each_app_namespace_has_one_instance():
    # The fragments reverse their URLs without the request's app (`current_app`): the same URLs while no app is
    # mounted twice.
    assert {name: len(spaces) for name, spaces in get_resolver().app_dict.items() if len(spaces) != 1} == {}
