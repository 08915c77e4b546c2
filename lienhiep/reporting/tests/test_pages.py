"""The drill-down page of a figure: the figure as the registry gives it, and the records behind it within the
reader's access."""

import datetime as dt

import pytest
from django.urls import reverse

from lienhiep.orgs import services as org_services

D = dt.date
pytestmark = pytest.mark.django_db
URL = "reporting:figure"
TERM = {"start": "15/06/2018", "end": "31/12/2023", "as_of": "2023-12-31"}


def test_a_figure_with_its_basis_and_its_records_linked(client_for, world):
    response = client_for(world.alice).get(
        reverse(URL), {"key": "orgs.associations", "node": world.hong_linh.pk, **TERM}
    )
    assert response.status_code == 200
    assert response.context["result"].value == 2
    assert response.context["result"].basis == "2 hội: 1 Khối cơ quan, doanh nghiệp, trường học, 1 Khối phường, xã"
    assert [(r.label, r.url) for r in response.context["records"]] == [
        ("Hội KH&KT phường Trung Lương", reverse("orgs:detail", args=[world.trung_luong.pk])),
        ("Hội KH&KT Trung tâm Y tế", reverse("orgs:detail", args=[world.y_te.pk])),
    ]
    assert response.context["record_count"] == 2


def test_a_list_figure_shows_its_rows(client_for, world):
    query = {"key": "orgs.associations.list", "node": world.hong_linh.pk, "group": "wards", **TERM}
    response = client_for(world.alice).get(reverse(URL), query)
    assert response.status_code == 200
    assert response.context["table"] == [
        ["Hội KH&KT phường Trung Lương", "Hội KH&KT phường Trung Lương", "Khối phường, xã", "26/03/2005"]
    ]


def test_a_record_that_moved_out_of_the_readers_tree_is_listed_without_a_link(client_for, world):
    # Given Y tế moved to Bắc Ninh in 2025, Hồng Lĩnh's figure of 2023 still counts it,
    org_services.org_move(actor=world.root, org=world.y_te, new_parent=world.bac_ninh, on=D(2025, 1, 1))
    response = client_for(world.alice).get(
        reverse(URL), {"key": "orgs.associations", "node": world.hong_linh.pk, **TERM}
    )
    # but Hà Tĩnh's officer no longer opens its page.
    assert [(r.label, r.url) for r in response.context["records"]] == [
        ("Hội KH&KT phường Trung Lương", reverse("orgs:detail", args=[world.trung_luong.pk])),
        ("Hội KH&KT Trung tâm Y tế", ""),
    ]


def test_a_misspelt_key_is_not_found_and_a_refused_figure_says_why(client_for, world):
    officer = client_for(world.alice)
    assert officer.get(reverse(URL), {"key": "orgs.asociations", "node": world.hong_linh.pk}).status_code == 404
    response = officer.get(reverse(URL), {"key": "orgs.associations", "node": world.hong_linh.pk, "group": "x"})
    assert response.status_code == 400
    assert response.context["error"] == "x không phải là giá trị hợp lệ của group cho số liệu orgs.associations."
    half = {"start": "01/01/2023", "end": "30/06/2023"}
    # Initiatives are counted by their date within a year now (REPORTING.md §5.3); the share applied stays yearly.
    response = officer.get(reverse(URL), {"key": "initiatives.applied_share", "node": world.hong_linh.pk, **half})
    assert response.status_code == 400
    assert response.context["error"] == (
        "Số liệu “Tỷ lệ sáng kiến, đề tài được công nhận đã áp dụng” được tính theo năm trọn vẹn; hãy chọn kỳ báo cáo "
        "gồm các năm trọn vẹn."
    )


def test_outside_the_tree_is_not_found(client_for, world):
    response = client_for(world.alice).get(reverse(URL), {"key": "orgs.associations", "node": world.bac_ninh.pk})
    assert response.status_code == 404


def test_members_link_to_the_member_list_of_the_day(client_for, world):
    response = client_for(world.alice).get(reverse(URL), {"key": "members.count", "node": world.hong_linh.pk, **TERM})
    assert response.status_code == 200
    assert response.context["members_url"] == reverse("members:list") + f"?node={world.hong_linh.pk}&on=31%2F12%2F2023"


def test_a_lists_kind_column_is_the_records_kind_not_a_units(client_for, world):
    # "Kind" alone reads "Loại đơn vị"; the activities' list heads its kind column "Loại".
    query = {"key": "activities.list", "node": world.hong_linh.pk, **TERM}
    html = client_for(world.alice).get(reverse(URL), query).content.decode()
    assert '<th scope="col">Loại</th>' in html
    assert "Loại đơn vị" not in html
