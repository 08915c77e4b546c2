"""Congress targets measured through the registry (`reporting.targets`), with the numbers governance's measures
gave, and the page that shows them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from lienhiep.governance import selectors, services
from lienhiep.governance.models import Congress, TargetMeasure
from lienhiep.reporting import registry, targets

D = dt.date


def _progress(target):
    measure = targets.measure(target.measure) if target.measure else None
    return selectors.target_progress(target, on=D(2024, 1, 1), measure=measure)


def test_every_measure_a_target_may_name_is_a_sum_of_figures_of_the_registry():
    assert set(targets.FIGURES) == set(TargetMeasure.values)
    for parts in targets.FIGURES.values():
        for key, params, _window in parts:
            registry.check_params(key, params)


def test_target_progress_through_a_measure_and_by_hand(term_iv, world):
    from lienhiep.members.models import IntellectualEstimate

    congress = term_iv.congress
    # 17 persons of the story are members of y_te, with no education recorded, plus world.person (ĐH).
    IntellectualEstimate.objects.create(org=world.hong_linh, year=2019, count=4)
    share = services.target_set(actor=None, congress=congress, text="Trên 90% trí thức", measure="intellectual_share",
                                target_min=90, unit="%")  # fmt: skip
    members = services.target_set(actor=None, congress=congress, text="Hội viên", measure="members", period="term")
    topics = services.target_set(actor=None, congress=congress, text="01 - 02 chuyên đề", target_min=1, target_max=2)
    services.target_value_set(actor=None, target=topics, year=2019, value=3)
    services.target_value_set(actor=None, target=topics, year=2020, value=2)
    rows = {r.label: (r.value, r.met) for r in _progress(share).rows}
    assert rows["2019"] == (25, False)  # 1 of 4
    assert rows["2020"] == (None, None)  # no estimate for 2020
    assert list(rows) == ["2018", "2019", "2020", "2021", "2022", "2023"]
    assert [(r.label, r.value) for r in _progress(members).rows] == [("2018–2023", 18)]
    by_hand = {r.label: (r.value, r.met) for r in _progress(topics).rows}
    assert by_hand["2019"] == (3, False) and by_hand["2020"] == (2, True) and by_hand["2021"] == (None, None)


@pytest.mark.django_db
def test_measures_of_other_apps_count_the_demo_records(demo):
    town = Congress.objects.get(ordinal=4, org__name__contains="Hồng Lĩnh").org
    term = (D(2018, 1, 1), D(2023, 12, 31))
    assert targets.measure("vusta_certificates")(town, *term) == 3  # 2018, 2021 and 2023
    # 925 of 943: the seven prize-winning products the demo stored as initiatives are contest prizes now.
    assert targets.measure("initiatives_applied_share")(town, *term) == Decimal("98.1")
    assert targets.measure("initiatives_province_level")(town, *term) == 18


@pytest.mark.django_db
def test_congress_v_targets_have_a_value_for_every_year_the_union_lived(demo):
    v = Congress.objects.get(ordinal=5, org__name__contains="Hồng Lĩnh")
    # The town union was dissolved on 01/07/2025: its term's windows end the day before.
    rows = {
        p.target.measure: [(r.label, r.value, r.met) for r in p.rows]
        for p in targets.progress(v, on=D(2026, 11, 1))
        if p.target.measure
    }
    assert rows == {
        "intellectual_share": [("2024", Decimal("91.1"), True), ("2025", None, None)],
        "restructured_on_time": [("2024–2029", Decimal("0.0"), False)],
        "initiatives_applied_share": [("2024–2029", None, None)],
        "initiatives_province_level": [("2024", 0, False), ("2025", 0, False)],
        "vusta_certificates": [("2024", 0, False), ("2025", 0, False)],
    }


@pytest.mark.django_db
def test_the_page_and_the_partial_the_congress_page_includes(client_for, demo):
    from lienhiep.accounts.models import User

    v = Congress.objects.get(ordinal=5, org__name__contains="Hồng Lĩnh")
    officer = client_for(User.objects.get(username="hatinh.canbo"))
    page = officer.get(reverse("reporting:targets", args=[v.pk]))
    assert page.status_code == 200
    assert len(page.context["targets"]) == 9
    partial = officer.get(reverse("reporting:targets", args=[v.pk]), headers={"HX-Request": "true"})
    assert [t.name for t in partial.templates] == ["reporting/_targets.html"]
    term = officer.get(reverse("governance:term", args=[v.pk])).content.decode()
    assert f'hx-get="{reverse("reporting:targets", args=[v.pk])}"' in term
    outsider = client_for(User.objects.get(username="bacninh.canbo"))
    assert outsider.get(reverse("reporting:targets", args=[v.pk])).status_code == 404


@pytest.mark.django_db
def test_an_annual_reports_targets_block_prints_each_targets_value_in_its_year(term_iv, world):
    from lienhiep.members.models import IntellectualEstimate
    from lienhiep.reporting import selectors
    from lienhiep.reporting import services as reporting
    from lienhiep.reporting.models import Block, BlockKind, FigureValue, Report
    from lienhiep.reporting.tests.factories import mini_template

    # Given congress IV's targets: one measured by year, one over the term, one entered by hand
    congress = term_iv.congress
    IntellectualEstimate.objects.create(org=world.hong_linh, year=2019, count=4)
    services.target_set(actor=None, congress=congress, text="Trên 90% trí thức", measure="intellectual_share",
                        target_min=90, unit="%")  # fmt: skip
    services.target_set(actor=None, congress=congress, text="Hội viên", measure="members", period="term")
    topics = services.target_set(actor=None, congress=congress, text="01 - 02 chuyên đề", target_min=1, target_max=2)
    services.target_value_set(actor=None, target=topics, year=2019, value=3)
    # and Hồng Lĩnh's annual report for 2019, whose targets block asks for the period's years
    report = reporting.report_create(
        actor=world.alice, org=world.hong_linh, kind="annual", template=mini_template(key="mini-annual", kind="annual"),
        period_start=D(2019, 1, 1), period_end=D(2019, 12, 31),
    )  # fmt: skip
    Block.objects.create(
        section=report.sections.get(key="p1.i.1"), order=3, kind=BlockKind.TARGETS,
        content={"congress": "current", "years": "period"},
    )  # fmt: skip

    def printed():
        blocks = selectors.document(Report.objects.get(pk=report.pk)).sections[0].sections[0].sections[0].blocks[1:]
        return [(p.bullet, "".join(run.text for run in p.runs)) for p in blocks]

    # When it prints, then each target is followed by its value in 2019 (the term's: so far) and whether it is met
    expected = [
        ("-", "Trên 90% trí thức"),
        ("+", "Năm 2019: 25 % (chưa đạt)"),
        ("-", "Hội viên"),
        ("+", "Nhiệm kỳ 2018–2023: 18"),
        ("-", "01 - 02 chuyên đề"),
        ("+", "Năm 2019: 3 (chưa đạt)"),
    ]
    assert printed() == expected
    # Approved, the progress is frozen with the other figures and prints the same
    reporting.report_approve(actor=world.alice, report=report)
    assert FigureValue.objects.filter(report=report, key="governance.targets.progress").count() == 1
    assert printed() == expected
