"""The roll-up of a campaign's accepted submissions into a report, the reconciliation, the lock and timeliness
(REPORTING.md §5.6, points 7–9; acceptance test E, items 34 and 35)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse

from lienhiep.accounts.testing import login
from lienhiep.activities import services as activity_services
from lienhiep.activities.models import Activity
from lienhiep.campaigns import rollup, services
from lienhiep.campaigns.models import Campaign, Submission, SubmissionStatus
from lienhiep.campaigns.tests.factories import at, half_year
from lienhiep.orgs import services as org_services
from lienhiep.orgs.models import OrgKind
from lienhiep.reporting import registry, selectors
from lienhiep.reporting import services as report_services
from lienhiep.reporting.models import Block, Report, ReportKind, ReportTemplate
from lienhiep.reporting.tests.test_half_year import body_text as printed

D = dt.date
pytestmark = pytest.mark.django_db

ADVISED = {"figure": "persons_advised", "kind": "legal_aid"}
FORM = {
    "figures": [
        {"key": "activities.count", "params": {"kind": "training"}},
        {"key": "activities.sum", "params": ADVISED},
    ],
    "sections": [
        {"key": "training", "title": "Công tác thông tin, tuyên truyền, phổ biến kiến thức"},
        {"key": "building", "title": "Công tác xây dựng tổ chức"},
    ],
    "attachments": [],
}
ADVISED_SLOT = "activities.sum|figure=persons_advised&kind=legal_aid"
TRAINING_TEXT = "Mở lớp tập huấn pháp luật về đất đai cho 40 hội viên."


def _records(world):  # type: ignore[no-untyped-def]
    """The lawyers advised 40 persons in April 2026 and trained in March; Trung Lương (under Hồng Lĩnh) trained in
    February, an activity Hồng Lĩnh co-organised."""
    activity_services.activity_create(
        actor=world.root, org=world.lawyers_ht, kind="legal_aid", title="Tư vấn pháp luật miễn phí",
        start_date=D(2026, 4, 2), persons_advised=40, cases_handled=3,
    )  # fmt: skip
    activity_services.activity_create(
        actor=world.root, org=world.lawyers_ht, kind="training", title="Tập huấn Luật Đất đai",
        start_date=D(2026, 3, 10), participants_members=40,
    )  # fmt: skip
    return activity_services.activity_create(
        actor=world.root, org=world.trung_luong, kind="training", title="Tập huấn chuyển đổi số",
        start_date=D(2026, 2, 5), participants_members=120,
    )  # fmt: skip


def accepted(world) -> Campaign:  # type: ignore[no-untyped-def]
    """Hà Tĩnh's H1 2026 campaign (deadline 10/07/2026 17:00): the lawyers typed 46 persons advised (their records
    hold 40) and wrote about their training, on time; Hồng Lĩnh sent its figures as counted, three days late. Both
    accepted."""
    _records(world)
    with time_machine.travel(at(2026, 7, 1, 9), tick=False):
        campaign = half_year(world.alice, world.ha_tinh, form=FORM)
        lawyers = campaign.submissions.get(org=world.lawyers_ht)
        services.submission_save(
            actor=world.alice, submission=lawyers,
            figures={ADVISED_SLOT: {"value": "46", "reason": "Tính cả tư vấn qua điện thoại"}},
            narratives={"training": TRAINING_TEXT},
        )  # fmt: skip
        services.submission_submit(actor=world.alice, submission=lawyers)
        services.submission_accept(actor=world.alice, submission=lawyers)
    with time_machine.travel(at(2026, 7, 13, 9), tick=False):
        town = campaign.submissions.get(org=world.hong_linh)
        services.submission_save(
            actor=world.alice, submission=town, figures={}, narratives={"building": "Thành lập thêm 01 chi hội."}
        )
        services.submission_submit(actor=world.alice, submission=town)
        services.submission_accept(actor=world.alice, submission=town)
    return campaign


def from_campaign(campaign: Campaign, key: str, params: dict, section: str = "") -> registry.FigureResult:  # type: ignore[type-arg]
    return registry.compute(
        key, campaign.org, start=D(2026, 1, 1), end=D(2026, 6, 30), as_of=D(2026, 6, 30), params=params,
        taken=registry.Taken("submissions", campaign.pk, section),
    )  # fmt: skip


def half_year_report(world) -> Report:  # type: ignore[no-untyped-def]
    return report_services.report_create(
        actor=world.alice, org=world.ha_tinh, kind=ReportKind.HALF_YEAR,
        template=ReportTemplate.objects.get(org=None, key="half-year"),
        period_start=D(2026, 1, 1), period_end=D(2026, 6, 30), as_of=D(2026, 6, 30),
    )  # fmt: skip


def block_of(report: Report, key: str, **match) -> Block:  # type: ignore[no-untyped-def]
    for block in Block.objects.filter(section__report=report).order_by("section__order", "order"):
        tokens = list(selectors.block_tokens(block))
        if any(t.key == key and all(dict(t.params).get(k) == v for k, v in match.items()) for t in tokens):
            return block
    raise AssertionError(key)


# --- 7. Roll-up -----------------------------------------------------------------------------------------------


def test_numbers_add_up_from_the_accepted_submissions_only(world):
    campaign = accepted(world)

    assert from_campaign(campaign, "activities.sum", ADVISED).value == 46
    assert from_campaign(campaign, "activities.count", {"kind": "training"}).value == 2  # 1 + 1 (Trung Lương's)

    # A submission returned for correction no longer counts
    town = campaign.submissions.get(org=world.hong_linh)
    services.submission_return(actor=world.alice, submission=town, comment="Bổ sung số lớp.")
    assert from_campaign(campaign, "activities.count", {"kind": "training"}).value == 1


def test_a_figure_not_asked_is_counted_from_the_records_and_another_units_campaign_is_refused(world):
    campaign = accepted(world)
    activity_services.activity_create(
        actor=world.root, org=world.bac_ninh, kind="legal_aid", title="Tư vấn", start_date=D(2026, 4, 2),
        cases_handled=9,
    )  # fmt: skip

    # Not asked by the form: counted from Hà Tĩnh's records (3 cases, none of Bắc Ninh's)
    cases = from_campaign(campaign, "activities.sum", {"figure": "cases_handled", "kind": "legal_aid"})
    assert cases.value == 3
    assert cases.basis.startswith("chưa được đợt “Báo cáo 6 tháng đầu năm 2026” yêu cầu: đếm từ dữ liệu (")
    with pytest.raises(ValidationError):
        registry.compute(
            "activities.count", world.bac_ninh, start=D(2026, 1, 1), end=D(2026, 6, 30), as_of=D(2026, 6, 30),
            params={"kind": "training"}, taken=registry.Taken("submissions", campaign.pk),
        )  # fmt: skip


def test_a_list_names_the_unit_of_each_item_once_and_adds_its_narrative(world):
    campaign = accepted(world)
    # The lawyers' training was co-organised by Hồng Lĩnh: both units' records reach it
    training = activity_services.activity_create(
        actor=world.root, org=world.lawyers_ht, kind="training", title="Tập huấn kỹ năng hòa giải",
        start_date=D(2026, 5, 20), participants_members=25, co_organisers=[world.hong_linh],
    )  # fmt: skip

    rows = from_campaign(campaign, "activities.list", {"kind": "training"}, section="training").value

    assert [(row["by"], row.get("title") or row.get("text")) for row in rows] == [
        ("Hội Luật gia tỉnh Hà Tĩnh", "Tập huấn Luật Đất đai"),
        ("Hội Luật gia tỉnh Hà Tĩnh", "Tập huấn kỹ năng hòa giải"),
        ("Hội Luật gia tỉnh Hà Tĩnh", TRAINING_TEXT),
        ("Liên hiệp hội thị xã Hồng Lĩnh", "Tập huấn chuyển đổi số"),
    ]
    assert sum(1 for row in rows if row.get("title") == training.title) == 1


def test_the_half_year_report_takes_a_block_from_the_campaign_and_prints_its_examples(world):
    campaign = accepted(world)
    report = half_year_report(world)
    advice = block_of(report, "activities.sum", figure="persons_advised")
    examples = block_of(report, "activities.list", kind="training")

    assert "tư vấn cho 40 người" in printed(report)  # from the records

    report_services.block_source(actor=world.alice, block=advice, campaign=campaign.pk)
    report_services.block_source(actor=world.alice, block=examples, campaign=campaign.pk, section="training")
    text = printed(report)

    assert "tư vấn cho 46 người" in text
    assert (
        "Điển hình như:\n"
        "- Hội Luật gia tỉnh Hà Tĩnh: Tập huấn Luật Đất đai (10/03/2026);\n"
        f"- Hội Luật gia tỉnh Hà Tĩnh: {TRAINING_TEXT}\n"
        "- Liên hiệp hội thị xã Hồng Lĩnh: Tập huấn chuyển đổi số (05/02/2026);"
    ) in text

    # Back to the records
    report_services.block_source(actor=world.alice, block=advice, campaign=None)
    assert "tư vấn cho 40 người" in printed(report)


def test_the_source_is_one_of_the_units_campaigns_over_the_period(world):
    accepted(world)
    other = half_year(world.chris, world.bac_ninh, form=FORM)
    report = half_year_report(world)
    advice = block_of(report, "activities.sum", figure="persons_advised")

    with pytest.raises(ValidationError):
        report_services.block_source(actor=world.alice, block=advice, campaign=other.pk)
    advice.refresh_from_db()
    assert "campaign" not in advice.content


def test_the_block_editor_offers_the_campaign_and_saves_the_choice(world, client):
    campaign = accepted(world)
    report = half_year_report(world)
    advice = block_of(report, "activities.sum", figure="persons_advised")
    login(client, world.alice)

    page = client.get(f"/reports/blocks/{advice.pk}/source/")
    assert page.status_code == 200
    assert (
        f'<option value="{campaign.pk}">Báo cáo 6 tháng đầu năm 2026 (2 đã chấp nhận)</option>' in page.content.decode()
    )

    response = client.post(f"/reports/blocks/{advice.pk}/source/", {"campaign": str(campaign.pk), "section": ""})
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.content["campaign"] == campaign.pk


# --- Reconciliation ---------------------------------------------------------------------------------------


def test_the_reconciliation_shows_what_each_unit_submitted_beside_its_records(world):
    campaign = accepted(world)

    rows = rollup.reconciliation(campaign)

    assert [(r.unit, r.name, r.submitted, r.records, r.difference, r.reason) for r in rows] == [
        ("Hội Luật gia tỉnh Hà Tĩnh", "activities.count|kind=training", 1, 1, 0, ""),
        ("Hội Luật gia tỉnh Hà Tĩnh", ADVISED_SLOT, 46, 40, 6, "Tính cả tư vấn qua điện thoại"),
        ("Liên hiệp hội thị xã Hồng Lĩnh", "activities.count|kind=training", 1, 1, 0, ""),
        ("Liên hiệp hội thị xã Hồng Lĩnh", ADVISED_SLOT, 0, 0, 0, ""),
    ]
    assert [(r.unit, r.difference) for r in rollup.reconciliation(campaign, only_different=True)] == [
        ("Hội Luật gia tỉnh Hà Tĩnh", 6)
    ]


def test_the_reconciliation_page_and_its_excel_rows(world, client):
    campaign = accepted(world)
    login(client, world.alice)

    page = client.get(f"/campaigns/{campaign.pk}/reconciliation/?different=1")

    assert page.status_code == 200
    assert "+6" in page.content.decode()
    lines = list(rollup.reconciliation_rows(world.alice, QueryDict(f"campaign={campaign.pk}")).rows)
    assert lines[2][:6] == ["Hội Luật gia tỉnh Hà Tĩnh", "Đã tiếp nhận", lines[2][2], 46, 40, 6]
    assert len(lines) == 5


def test_the_reconciliation_is_read_like_the_board(world, client):
    campaign = accepted(world)

    login(client, world.chris)  # another province
    assert client.get(f"/campaigns/{campaign.pk}/reconciliation/").status_code == 404
    client.logout()
    login(client, world.lan)  # a leader of Hà Tĩnh reads it
    assert client.get(f"/campaigns/{campaign.pk}/reconciliation/").status_code == 200


# --- 8. Lock (item 34) ------------------------------------------------------------------------------------


def test_after_lock_the_campaigns_figures_stand_and_the_report_shows_the_drift(world, client):
    # Given the campaign locked and the half-year report approved drawing on it
    campaign = accepted(world)
    services.campaign_close(actor=world.alice, campaign=campaign)
    services.campaign_lock(actor=world.alice, campaign=campaign)
    report = half_year_report(world)
    advice = block_of(report, "activities.sum", figure="persons_advised")
    report_services.block_source(actor=world.alice, block=advice, campaign=campaign.pk)
    report = report_services.report_approve(actor=world.alice, report=report)
    lawyers = campaign.submissions.get(org=world.lawyers_ht)
    assert lawyers.status == SubmissionStatus.LOCKED

    # When the submission is edited (refused) and the lawyers' legal-advice record corrected to 44 persons
    with pytest.raises(ValidationError):
        services.submission_save(
            actor=world.alice, submission=lawyers, figures={ADVISED_SLOT: {"value": "50", "reason": "x"}},
            narratives={},
        )  # fmt: skip
    activity = world.lawyers_ht.activities.get(kind="legal_aid")
    activity_services.activity_update(actor=world.root, activity=activity, persons_advised=44)

    # Then the campaign's figure does not move, the report prints what it was approved with, and its drift
    # banner names the records' new value
    assert from_campaign(campaign, "activities.sum", ADVISED).value == 46
    assert "tư vấn cho 46 người" in printed(report)
    assert report_services.drift_check(reports=Report.objects.filter(pk=report.pk)) == 1
    report.refresh_from_db()
    advised = [c for c in report.drift if c["params"] == ADVISED]
    assert [(c["campaign"], c["value"], c["now"], c["records"]) for c in advised] == [(campaign.pk, 46, 46, 44)]
    login(client, world.alice)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'data-testid="drift-banner"' in page
    assert "46 theo số liệu các đơn vị gửi; hồ sơ nay cho 44" in page


# --- 9. Timeliness (item 35) ------------------------------------------------------------------------------


def test_timeliness_counts_on_time_without_the_exempt_unit_days_late_and_reminders(world):
    # Given a third unit, exempted; Hồng Lĩnh needed two reminders
    org_services.org_create(
        actor=world.root, kind=OrgKind.ASSOCIATION, name="Hội Tin học Hà Tĩnh", founded_on=D(2010, 1, 1),
        parent=world.ha_tinh,
    )  # fmt: skip
    campaign = accepted(world)
    informatics = campaign.submissions.get(org__name="Hội Tin học Hà Tĩnh")
    services.submission_exempt(actor=world.alice, submission=informatics, reason="Đang kiện toàn tổ chức")
    Submission.objects.filter(campaign=campaign, org=world.hong_linh).update(reminders_sent=2)
    period = {"start": D(2026, 1, 1), "end": D(2026, 6, 30), "as_of": D(2026, 6, 30)}

    table = registry.compute("campaigns.timeliness", world.ha_tinh, **period).value
    assert table == [
        {"unit": "Hội Luật gia tỉnh Hà Tĩnh", "asked": 1, "exempt": 0, "on_time": 1, "late": 0,
         "on_time_share": Decimal("100.0"), "days_late": 0, "reminders": 0},
        {"unit": "Hội Tin học Hà Tĩnh", "asked": 1, "exempt": 1, "on_time": 0, "late": 0,
         "on_time_share": None, "days_late": 0, "reminders": 0},
        {"unit": "Liên hiệp hội thị xã Hồng Lĩnh", "asked": 1, "exempt": 0, "on_time": 0, "late": 1,
         "on_time_share": Decimal("0.0"), "days_late": 3, "reminders": 2},
    ]  # fmt: skip
    assert registry.compute("campaigns.on_time_share", world.ha_tinh, **period).value == Decimal("50.0")
    assert registry.compute("campaigns.reminders", world.ha_tinh, **period).value == 2
    assert registry.compute("campaigns.late", world.ha_tinh, **period).value == 1
    # Emulation: a unit's own answers
    own = registry.compute("campaigns.on_time_share", world.hong_linh, params={"side": "answered"}, **period)
    assert own.value == Decimal("0.0")


def test_a_summed_figure_names_the_submissions_so_an_unrelated_activity_sharing_an_id_shows_no_drift(world, client):
    # Given Bắc Ninh's seminars, recorded first (they hold the first ids on SQLite), and the half-year report of
    # Hà Tĩnh approved with its legal-advice figure summed from the campaign's accepted submissions
    Activity.objects.bulk_create(
        Activity(
            org=world.lawyers_bn, kind="seminar", title=f"Hội thảo {n}", start_date=D(2026, 5, 5), created_by=world.root
        )
        for n in range(30)
    )
    campaign = accepted(world)
    report = half_year_report(world)
    advice = block_of(report, "activities.sum", figure="persons_advised")
    report_services.block_source(actor=world.alice, block=advice, campaign=campaign.pk)
    report = report_services.report_approve(actor=world.alice, report=report)
    taken = sorted(campaign.submissions.filter(status=SubmissionStatus.ACCEPTED).values_list("pk", flat=True))
    stored = report.figures.get(key="activities.sum", params=ADVISED)
    assert (stored.source, stored.record_ids, stored.records) == ("submissions", taken, "campaigns.Submission")

    # When the campaign is locked (its submissions' figures do not change), and the Bắc Ninh seminar holding the
    # id of the first of those submissions is renamed (PostgreSQL's ids run on across tests: one of the seminars is
    # given that id)
    services.campaign_close(actor=world.alice, campaign=campaign)
    services.campaign_lock(actor=world.alice, campaign=campaign)
    if not Activity.objects.filter(pk=taken[0]).exists():
        seminar = Activity.objects.filter(org=world.lawyers_bn).first()
        Activity.objects.filter(pk=seminar.pk).update(id=taken[0])
    seminar = Activity.objects.get(pk=taken[0])
    assert seminar.org_id == world.lawyers_bn.pk
    activity_services.activity_update(actor=world.root, activity=seminar, title="Hội thảo pháp luật đất đai")

    # Then no figure of the report has drifted
    assert report_services.drift_check(reports=Report.objects.filter(pk=report.pk)) == 0
    report.refresh_from_db()
    assert report.drift == []

    # And the figure's drill-down, reached from its side panel, lists the two accepted submissions
    login(client, world.alice)
    token = next(t for t in selectors.report_tokens(report) if t.key == "activities.sum" and t.campaign)
    panel = client.get(f"/reports/{report.pk}/figure/", {"figure": token.ref})
    drill = panel.context["drill_url"]
    assert f"campaign={campaign.pk}" in drill
    page = client.get(drill)
    assert page.status_code == 200
    assert page.context["record_count"] == 2
    assert [(row.label, row.unit) for row in page.context["records"]] == [
        (f"{campaign.title}: Hội Luật gia tỉnh Hà Tĩnh", "Hội Luật gia tỉnh Hà Tĩnh"),
        (f"{campaign.title}: Liên hiệp hội thị xã Hồng Lĩnh", "Liên hiệp hội thị xã Hồng Lĩnh"),
    ]


def test_the_timeliness_table_names_the_units_it_lists_so_the_drill_down_and_the_fingerprint_read_them(world, client):
    # Given the accepted campaign of Hà Tĩnh (two units asked)
    accepted(world)
    period = {"start": D(2026, 1, 1), "end": D(2026, 6, 30), "as_of": D(2026, 6, 30)}

    # When its timeliness table is computed
    result = registry.compute("campaigns.timeliness", world.ha_tinh, **period)

    # Then the result names the model of its ids: the units, one a row
    assert result.records == "orgs.Org"
    assert sorted(result.record_ids) == sorted([world.lawyers_ht.pk, world.hong_linh.pk])
    # the fingerprint stamps the units (a unit changed since moves it)
    before = report_services.fingerprint(result.value, result.record_ids, result.records)
    org_services.org_rename(actor=world.root, org=world.lawyers_ht, name="Hội Luật gia Hà Tĩnh", on=D(2026, 7, 1))
    assert report_services.fingerprint(result.value, result.record_ids, result.records) != before
    # and the drill-down lists the units behind the table
    login(client, world.alice)
    page = client.get(
        "/reports/figure/",
        {"key": "campaigns.timeliness", "node": world.ha_tinh.pk, "start": "01/01/2026", "end": "30/06/2026"},
    ).content.decode()
    assert 'data-testid="figure-records"' in page
    assert f"/orgs/{world.hong_linh.pk}/" in page


def test_the_emulation_ratings_page_shows_how_each_unit_answered_the_years_campaigns(world, client):
    # Given Hà Tĩnh's half-year campaign of 2026: the lawyers on time, Hồng Lĩnh 3 days late after two reminders
    campaign = accepted(world)
    Submission.objects.filter(campaign=campaign, org=world.hong_linh).update(reminders_sent=2)
    login(client, world.alice)

    page = client.get(reverse("awards:ratings"), {"node": world.ha_tinh.pk, "year": 2026}).content.decode()

    table = page[page.index('data-testid="rating-evidence"') :]
    table = table[: table.index("</table>")]
    assert "Thực hiện báo cáo đúng hạn năm 2026" in page
    cells = [re.sub(r"<[^>]+>", " ", row).split() for row in table.split("<tr>")[2:]]
    assert cells == [
        ["Hội", "Luật", "gia", "tỉnh", "Hà", "Tĩnh", "1", "0", "1", "0", "0", "0"],
        ["Liên", "hiệp", "hội", "thị", "xã", "Hồng", "Lĩnh", "1", "0", "0", "1", "3", "2"],
    ]
    # A year it asked nobody: no table.
    assert (
        'data-testid="rating-evidence"'
        not in client.get(reverse("awards:ratings"), {"node": world.ha_tinh.pk, "year": 2025}).content.decode()
    )
