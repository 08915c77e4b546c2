"""The report pages, as alice (Hà Tĩnh's officer) and the others of the world see them."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from lienhiep.reporting.tests.access_cases import ui_report, ui_template

D = dt.date


def _chips(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", chip) for chip in re.findall(r'data-testid="fig-chip"[^>]*>(.*?)</span>', html)]


@pytest.fixture
def report(world):  # type: ignore[no-untyped-def]
    return ui_report(world)


def test_the_report_prints_as_a_sheet_with_its_figures_as_chips(world, client_for, report):
    page = client_for(world.alice).get(f"/reports/{report.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    # The head of an administrative document, the sections numbered, the footnote at the end.
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html
    assert "LIÊN HIỆP HỘI THỊ XÃ HỒNG LĨNH" in html
    assert "I. KẾT QUẢ ĐẠT ĐƯỢC" in html
    assert "1. Công tác tổ chức" in html and "2. Hoạt động khác" in html
    assert 'id="fn-fn1"' in html and "Số liệu đến ngày chốt." in html
    # The world's Hồng Lĩnh has 2 associations and 1 member: chips, not text one could type over.
    assert _chips(html) == ["02", "01"]
    assert html.count('data-testid="block-edit"') == 2  # both text blocks, for the officer, in draft


def test_a_leader_reads_and_comments_but_edits_nothing(world, client_for, report):
    html = client_for(world.lan).get(f"/reports/{report.pk}/").content.decode()
    assert _chips(html) == ["02", "01"]
    assert 'data-testid="block-edit"' not in html
    assert 'data-testid="block-comments"' in html
    assert 'data-testid="action-review"' not in html and 'data-testid="action-approve"' not in html


def test_a_sentence_is_changed_in_place_and_its_figures_stay_tokens(world, client_for, report):
    from lienhiep.reporting.models import Block, BlockRevision

    block = Block.objects.filter(section__report=report, kind="text").order_by("section__order", "order")[0]
    client = client_for(world.alice)
    form = client.get(f"/reports/blocks/{block.pk}/edit/", headers={"HX-Request": "true"}).content.decode()
    assert "Liên hiệp hội có [[1: 02]] hội thành viên, tập hợp [[2: 01]] hội viên[[3: " in form
    runs = json.loads(re.search(r'data-runs="([^"]*)"', form).group(1).replace("&quot;", '"'))
    assert [r.get("text") for r in runs if "tok" in r] == ["02", "01", "chú thích 1"]
    # The editor sends the text with the tokens by number; one number typed in the text stays text.
    sent = [
        {"t": "Đến nay Liên hiệp hội có "}, {"tok": 1}, {"t": " hội thành viên (tăng 1), tập hợp "}, {"tok": 2},
        {"t": " hội viên"}, {"tok": 3}, {"t": "."},
    ]  # fmt: skip
    response = client.post(
        f"/reports/blocks/{block.pk}/edit/", {"text": "", "runs": json.dumps(sent)}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    # The saved block is printed again by its own read, which the answer asks for at once.
    assert f'hx-get="/reports/blocks/{block.pk}/" hx-trigger="load"' in response.content.decode()
    printed = client.get(f"/reports/blocks/{block.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert _chips(printed) == ["02", "01"]
    assert "Đến nay Liên hiệp hội có" in printed
    block.refresh_from_db()
    assert block.content["runs"] == [
        {"t": "Đến nay Liên hiệp hội có "}, {"fig": "orgs.associations"}, {"t": " hội thành viên (tăng 1), tập hợp "},
        {"fig": "members.count"}, {"t": " hội viên"}, {"note": "fn1"}, {"t": "."},
    ]  # fmt: skip
    assert BlockRevision.objects.filter(block=block).count() == 1
    history = client.get(f"/reports/blocks/{block.pk}/history/").content.decode()
    assert "<del>Liên hiệp hội có [[1]] hội thành viên, tập hợp [[2]] hội viên[[3]].</del>" in history
    assert "<ins>Đến nay Liên hiệp hội có [[1]] hội thành viên (tăng 1), tập hợp [[2]] hội viên[[3]].</ins>" in history


def test_a_marker_the_block_does_not_have_is_refused_and_nothing_changes(world, client_for, report):
    from lienhiep.reporting.models import Block, BlockRevision

    block = Block.objects.filter(section__report=report, kind="text").order_by("section__order", "order")[0]
    before = block.content
    response = client_for(world.alice).post(
        f"/reports/blocks/{block.pk}/edit/", {"text": "Có [[1]] và [[4]] hội."}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "Đoạn văn ghi số liệu [[4]] mà đoạn này không có." in response.content.decode()
    block.refresh_from_db()
    assert block.content == before
    assert BlockRevision.objects.count() == 0


def test_a_figure_opens_its_panel_with_its_basis_and_an_override_for_editors(world, client_for, report):
    from lienhiep.reporting.selectors import Token

    ref = Token.of({"fig": "members.count"}).ref
    html = client_for(world.alice).get(f"/reports/{report.pk}/figure/", {"figure": ref}).content.decode()
    assert 'data-testid="figure-printed">01' in html
    assert 'data-testid="override-form"' in html
    lan = client_for(world.lan).get(f"/reports/{report.pk}/figure/", {"figure": ref}).content.decode()
    assert 'data-testid="override-form"' not in lan
    assert client_for(world.alice).get(f"/reports/{report.pk}/figure/", {"figure": "nope#1"}).status_code == 404


def test_a_comment_is_added_and_resolved(world, client_for, report):
    from lienhiep.reporting.models import Block, ReportComment

    block = Block.objects.filter(section__report=report, kind="text").order_by("section__order", "order")[0]
    client = client_for(world.lan)
    html = client.post(
        f"/reports/blocks/{block.pk}/comments/", {"text": "Nêu rõ nguồn số liệu."}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Nêu rõ nguồn số liệu." in html
    comment = ReportComment.objects.get()
    assert (comment.block_id, comment.author, comment.resolved_at) == (block.pk, world.lan, None)
    client.post(f"/reports/comments/{comment.pk}/resolve/", headers={"HX-Request": "true"})
    comment.refresh_from_db()
    assert comment.resolved_by == world.lan


def test_the_list_filters_by_kind_status_and_year(world, client_for, report):
    client = client_for(world.alice)
    assert f"/reports/{report.pk}/" in client.get("/reports/").content.decode()
    assert f"/reports/{report.pk}/" in client.get("/reports/", {"kind": "annual", "year": "2023"}).content.decode()
    assert f"/reports/{report.pk}/" not in client.get("/reports/", {"kind": "term"}).content.decode()
    assert f"/reports/{report.pk}/" not in client.get("/reports/", {"status": "issued"}).content.decode()
    assert f"/reports/{report.pk}/" not in client_for(world.dan).get("/reports/").content.decode()


def test_a_new_report_is_made_from_a_template(world, client_for):
    from lienhiep.reporting.models import Report

    template = ui_template()
    response = client_for(world.alice).post(
        "/reports/new/",
        {"org": world.hong_linh.pk, "kind": "annual", "template": template.pk, "period_start": "01/01/2024",
         "period_end": "31/12/2024", "as_of": "30/06/2024"},
    )  # fmt: skip
    report = Report.objects.get()
    assert response["Location"] == f"/reports/{report.pk}/"
    assert (report.org, report.period_start, report.as_of, report.status) == (
        world.hong_linh, D(2024, 1, 1), D(2024, 6, 30), "draft",
    )  # fmt: skip
    refused = client_for(world.alice).post(
        "/reports/new/",
        {"org": world.hong_linh.pk, "kind": "term", "template": template.pk, "period_start": "01/01/2024",
         "period_end": "31/12/2024", "as_of": "31/12/2025"},
    )  # fmt: skip
    assert refused.status_code == 200
    assert Report.objects.count() == 1


def test_an_issued_report_opens_a_new_version_as_a_draft_and_keeps_its_files(world, client_for, settings, tmp_path):
    from lienhiep.reporting.models import Report

    settings.MEDIA_ROOT = tmp_path
    issued = ui_report(world, status="issued")
    client = client_for(world.alice)
    page = client.get(f"/reports/{issued.pk}/").content.decode()
    assert 'data-testid="download-docx"' in page and 'data-testid="block-edit"' not in page
    response = client.post(f"/reports/{issued.pk}/new-version/")
    draft = Report.objects.get(previous=issued)
    assert response["Location"] == f"/reports/{draft.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert re.search(r'data-testid="report-status">\s*Dự thảo', page)
    assert page.count('data-testid="block-edit"') == 2
    assert client.get(f"/reports/{issued.pk}/file/docx/").status_code == 200


def test_a_tables_cells_are_aligned_on_the_page_as_its_columns_say_and_as_the_word_file_prints_them(
    world, client_for, report
):
    # Given a table of the members by gender, its count column right-aligned (as the shipped templates' numbers are)
    from lienhiep.reporting.models import Block, BlockKind

    section = report.sections.get(key="i.2")
    columns = [{"label": "Giới tính", "field": "label"}, {"label": "Số hội viên", "field": "count", "align": "right"}]
    content = {"fig": "members.breakdown", "params": {"by": "gender"}, "columns": columns, "totals": True}
    Block.objects.create(section=section, order=9, kind=BlockKind.TABLE, content=content)

    # When the officer opens the report
    html = client_for(world.alice).get(f"/reports/{report.pk}/").content.decode()

    # Then every cell of the table carries its column's alignment, the totals' too: one class, right for the counts
    table = html[html.index('<th scope="col">Giới tính</th>') :]
    table = table[: table.index("</table>")]
    cells = re.findall(r'<td class="align-(\w+)">([^<]*)</td>', table)
    assert cells and len(cells) == table.count("<td")
    assert {align for align, _text in cells[0::2]} == {"left"}
    assert {align for align, _text in cells[1::2]} == {"right"}
    assert cells[-1] == ("right", "1")  # the total: the world's one member


def test_the_report_forms_call_the_kind_of_report_so(world, client_for):
    # "Kind" alone is a unit's kind in Vietnamese (Loại đơn vị); the report's forms say whose kind it is.
    officer = client_for(world.alice)
    for html in (
        officer.get("/reports/new/", {"org": world.hong_linh.pk}).content.decode(),
        officer.get("/reports/").content.decode(),
    ):
        label = re.search(r'<label[^>]*for="id_kind"[^>]*>([^<]*)<', html)
        assert label is not None and label.group(1).strip() == "Loại báo cáo"
