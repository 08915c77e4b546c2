"""The interface's template helpers, as a page uses them."""

from __future__ import annotations

from decimal import Decimal

import pytest
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


FIGURES = {
    "over_time": {"labels": ["31/12/2024", "31/12/2025"], "values": [1678, 1700]},
    "fields": {"labels": ["Y tế", "Giáo dục"], "values": [12, 30]},
    "flows": {"labels": ["2024", "2025"], "joined": [5, 7], "left": [1, 2]},
    "budget": {
        "labels": ["2025"],
        "datasets": [{"label": "Planned", "values": [1500000]}, {"label": "Spent", "values": [1200000]}],
    },
    "timeline": {"labels": ["Trần Văn Minh"], "bars": [{"row": 0, "label": "Chủ tịch: 15/10/2020 – …"}]},
    "empty": {"labels": [], "values": []},
}


def rendered_chart(args: str) -> str:
    with translation.override("vi"):
        return engines["django"].from_string("{% chart figures " + args + " %}").render({"figures": FIGURES})


def cells(html: str) -> list[list[str]]:
    import re

    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row) for row in body.split("</tr>") if "<t" in row]


def test_a_line_chart_is_an_image_named_by_its_first_and_last_figures_with_its_table():
    html = rendered_chart('"over_time" "line" label="Hội viên" axis="Ngày"')
    assert 'role="img" aria-label="Hội viên: 1.678 ngày 31/12/2024, 1.700 ngày 31/12/2025."' in html
    assert '<caption class="visually-hidden">Hội viên</caption>' in html
    assert cells(html) == [["31/12/2024", "1.678"], ["31/12/2025", "1.700"]]


def test_a_single_series_names_its_largest_part():
    html = rendered_chart('"fields" "bar" label="Theo lĩnh vực" axis="Lĩnh vực"')
    assert 'aria-label="Theo lĩnh vực: nhiều nhất là Giáo dục (30 trên 42)."' in html
    assert cells(html) == [["Y tế", "12"], ["Giáo dục", "30"]]


def test_several_series_give_their_totals_and_a_column_each():
    html = rendered_chart('"flows" "flows" label="Vào và ra" axis="Năm" joined="Vào" left="Ra"')
    assert 'aria-label="Vào và ra, tổng cộng: Vào 12; Ra 3."' in html
    assert 'data-joined="Vào" data-left="Ra"' in html
    assert cells(html) == [["2024", "5", "1"], ["2025", "7", "2"]]
    html = rendered_chart('"budget" "grouped" label="Ngân sách" axis="Năm"')
    assert 'aria-label="Ngân sách, tổng cộng: Planned 1.500.000; Spent 1.200.000."' in html
    assert cells(html) == [["2025", "1.500.000", "1.200.000"]]


def test_a_timeline_lists_its_seats_and_an_empty_chart_says_so():
    html = rendered_chart('"timeline" "timeline" label="Thành phần" axis="Ủy viên" box=96')
    assert 'aria-label="Thành phần: 1 ghế, do 1 người giữ."' in html
    assert '<div class="app-chart-box" data-height="96">' in html  # its height set by app.js: no inline style
    assert cells(html) == [["Trần Văn Minh", "Chủ tịch: 15/10/2020 – …"]]
    html = rendered_chart('"empty" "doughnut" label="Theo trình độ" axis="Trình độ"')
    assert 'aria-label="Theo trình độ: chưa có số liệu."' in html
    assert cells(html) == [["Chưa có số liệu."]]


def test_a_share_prints_as_a_reader_writes_it():
    source = "{% for v in values %}[{{ v|vpercent }}]{% endfor %} {{ values.0|vplain }}"
    template = engines["django"].from_string(source)
    with translation.override("vi"):
        html = template.render({"values": [Decimal("50.00"), Decimal("12.50"), 7, 0, None, Decimal("1700")]})
    assert html == "[50 %][12,5 %][7 %][0 %][][1.700 %] 50"


def test_a_whole_number_is_written_as_djangos_number_format_writes_it_in_both_languages():
    from django.utils.formats import number_format

    from lienhiep.core.templatetags.vn import vnum

    numbers = [0, 7, -7, 999, 1000, -1000, 1700, 12_345, 999_999, 1_000_000, -1_234_567, 10**15 + 3]
    for language in ("vi", "en"):
        with translation.override(language):
            for n in numbers:
                assert vnum(n) == number_format(n, use_l10n=True, force_grouping=True)
            assert vnum(1700) == "1.700"
            assert vnum(-1_234_567) == "-1.234.567"
            assert vnum(12.5) == "12,5"
            assert vnum(True) == number_format(True, use_l10n=True, force_grouping=True)  # not taken as a number
            assert vnum(3, 1) == "3,0"


def test_a_row_url_is_the_url_reverse_writes_for_every_id_reversed_once_per_shape():
    from django.urls import clear_url_caches, get_resolver, reverse, set_script_prefix

    from lienhiep.core.http import row_url

    clear_url_caches()
    for name, ids in (
        ("reviews:comment_reply", (1,)), ("reviews:comment_reply", (58,)), ("reviews:comment_reply", (10**12,)),
        ("members:merge", (3, 70)), ("orgs:change_cancel", (9, 0)),
    ):  # fmt: skip
        assert row_url(name, *ids) == reverse(name, args=ids)
    shapes = get_resolver().__dict__["_lienhiep_row_urls"]
    assert shapes[("reviews:comment_reply", 1, "/", None)] == ("/reviews/comments/", "/reply/")
    assert shapes[("members:merge", 2, "/", None)] == ("/members/duplicates/", "/", "/")
    # Served under a prefix, the prefix's own shape; anything but plain ids goes through reverse (a text argument,
    # a number typed as text); a new urlconf starts afresh.
    set_script_prefix("/lienhiep/")
    try:
        assert row_url("reviews:comment_reply", 7) == "/lienhiep/reviews/comments/7/reply/"
    finally:
        set_script_prefix("/")
    assert row_url("reporting:download", 4, "docx") == reverse("reporting:download", args=(4, "docx"))
    assert row_url("reviews:comment_reply", "12") == "/reviews/comments/12/reply/"
    clear_url_caches()
    assert "_lienhiep_row_urls" not in get_resolver().__dict__


def test_a_route_that_refuses_the_ids_is_reversed_every_time_and_refuses_them():
    from django.urls import NoReverseMatch, clear_url_caches, get_resolver

    from lienhiep.core.http import _NO_SHAPE, row_url

    clear_url_caches()
    # A negative number is refused by `<int:…>` as reverse refuses it; a route without ids has no shape to keep.
    with pytest.raises(NoReverseMatch):
        row_url("reviews:comment_reply", -1)
    with pytest.raises(NoReverseMatch):
        row_url("reviews:list", 3)
    assert get_resolver().__dict__["_lienhiep_row_urls"][("reviews:list", 1, "/", None)] is _NO_SHAPE


def test_the_row_url_tag_prints_what_the_url_tag_prints():
    source = (
        "{% for pk in ids %}{% url 'reviews:comment_reply' pk %}|{% row_url 'reviews:comment_reply' pk %};"
        "{% row_url 'reviews:comment_reply' pk as link %}{{ link }};{% endfor %}"
    )
    printed = engines["django"].from_string(source).render({"ids": [1, 22, 333]})
    assert printed == "".join(
        f"/reviews/comments/{pk}/reply/|/reviews/comments/{pk}/reply/;/reviews/comments/{pk}/reply/;"
        for pk in (1, 22, 333)
    )
