"""The answers for a page that is not there (or not the user's), not allowed, or broken, in Vietnamese."""

import html

from django.template.loader import render_to_string
from django.urls import reverse


def test_outside_the_tree_is_a_vietnamese_not_found_page(world, client_for):
    response = client_for(world.chris).get(reverse("orgs:detail", args=[world.hong_linh.pk]))
    page = html.unescape(response.content.decode())
    assert response.status_code == 404
    assert "Không tìm thấy trang" in page and "favicon.svg" in page  # the browser asks for no /favicon.ico


def test_a_read_only_role_is_told_why(world, client_for):
    response = client_for(world.lan).get(reverse("activities:new"))
    assert response.status_code == 403
    assert "chỉ cho phép xem" in html.unescape(response.content.decode())


def test_an_account_with_no_role_is_not_told_it_may_read(db):
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory
    from django.views.defaults import permission_denied

    from lienhiep.accounts.tests.factories import UserFactory

    # Pages now answer 404 to an account with no role (it reaches no node); the 403 page still must not tell it
    # that its role lets it read.
    request = RequestFactory().get("/activities/new/")
    request.user, request.role_orgs, request.working_org = UserFactory(username="newcomer"), [], None
    response = permission_denied(request, PermissionDenied())
    page = html.unescape(response.content.decode())
    assert response.status_code == 403
    assert "chưa được giao vai trò" in page and "chỉ cho phép xem" not in page


def test_the_server_error_page_needs_nothing_from_the_database():
    page = render_to_string("500.html")
    assert "Lỗi hệ thống" in page
