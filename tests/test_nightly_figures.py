"""The country's figures as the nightly run computed them (decision 0009): once a write has forgotten a remembered
national figure, a page shows the nightly one and says when it was computed, rather than recount the country on a
request; a province's figures stay live; `figures.live()` and figures computed afresh read the records."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from lienhiep.core import figures as core_figures
from lienhiep.members import selectors
from lienhiep.members import services as member_services
from lienhiep.orgs import figures
from lienhiep.orgs.models import NightlyFigure
from lienhiep.reporting.nightly import figures_nightly

D = dt.date


def _at(hour, day=26):
    return time_machine.travel(dt.datetime(2026, 11, day, hour, tzinfo=dt.UTC), tick=False)


def _admit(world, name, joined_on):
    person = member_services.person_create(actor=world.root, full_name=name, gender="f", birth_date=D(1990, 1, 1))
    return member_services.member_admit(actor=world.root, person=person, org=world.trung_luong, joined_on=joined_on)


def _count(node, on):
    with core_figures.nightly_noted():
        return selectors.member_count(node, on=on), core_figures.nightly_shown_at()


def test_a_write_today_shows_in_the_province_now_and_in_the_country_after_the_next_night(world):
    today = D(2026, 11, 26)
    with _at(0):  # 07:00 in Hà Tĩnh
        done, night = figures_nightly()
    assert done == 1
    with _at(3):
        _admit(world, "Trần Thị Bình", today)
        assert _count(world.ha_tinh, today) == (2, None)  # live
        assert _count(world.national, today) == (1, night)  # the nightly figure, and when it was computed
        with figures.live():
            assert _count(world.national, today) == (2, None)
        with figures.computed_afresh():
            assert _count(world.national, today) == (2, None)
    with _at(20):
        figures_nightly()
        assert _count(world.national, today)[0] == 2


def test_a_backdated_write_shows_in_the_country_the_next_night(world):
    with _at(0):
        _done, night = figures_nightly()
    with _at(3):
        _admit(world, "Lê Văn Cường", D(2020, 3, 1))
        # The member statistics' year ends of the country were forgotten from 2020 on: the nightly ones are shown.
        assert _count(world.national, D(2025, 12, 31)) == (1, night)
        assert _count(world.ha_tinh, D(2025, 12, 31)) == (2, None)


def test_before_any_night_the_country_is_counted_live(world):
    with _at(3):
        _admit(world, "Phạm Thị Dung", D(2026, 11, 26))
        assert _count(world.national, D(2026, 11, 26)) == (2, None)
    assert not NightlyFigure.objects.exists()


@pytest.mark.parametrize("kinds", [("national",), ()])
def test_the_statistics_page_and_its_export_say_when_the_figures_were_computed(world, client_for, settings, kinds):
    settings.FIGURES_NIGHTLY_KINDS = kinds
    with _at(0):
        figures_nightly()
    with _at(3):
        _admit(world, "Hoàng Văn Em", D(2026, 11, 26))
        client = client_for(world.root)
        url = reverse("members:stats") + f"?node={world.national.pk}"
        page = client.get(url).content.decode()
        export = client.get(reverse("members:stats_export") + f"?node={world.national.pk}")
        province = client.get(reverse("members:stats") + f"?node={world.ha_tinh.pk}").content.decode()
    import io

    from openpyxl import load_workbook

    top = [row[0] for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(max_row=6, values_only=True)]
    note = "được tính lúc 07:00 26/11/2026"
    if kinds:
        assert note in page
        assert any(line and note in line for line in top)
    else:
        assert note not in page
        assert not any(line and note in line for line in top)
    assert 'data-testid="figures-note"' not in province


def test_each_night_replaces_the_last(world):
    with _at(0, day=25):
        figures_nightly()
    with _at(0, day=26):
        _done, night = figures_nightly()
    assert set(NightlyFigure.objects.values_list("computed_at", flat=True)) == {night}
    # Yesterday's open pieces (the month up to the 25th) went with yesterday's run.
    assert not NightlyFigure.objects.filter(last=D(2026, 11, 25)).exists()


def test_a_national_draft_report_shows_the_nightly_change_in_members_after_a_backdated_write(world):
    from lienhiep.reporting import selectors as report_selectors
    from lienhiep.reporting import services as report_services
    from lienhiep.reporting.models import Block, BlockKind
    from lienhiep.reporting.tests.factories import mini_template

    # Given the country's annual report for 2025 in draft, which prints its change in members
    with _at(0):
        template = mini_template(key="mini-annual", kind="annual")
        report = report_services.report_create(
            actor=world.root, org=world.national, kind="annual", template=template,
            period_start=D(2025, 1, 1), period_end=D(2025, 12, 31),
        )  # fmt: skip
        Block.objects.create(
            section=report.sections.get(key="p1.i.1"), order=3, kind=BlockKind.TEXT,
            content={"runs": [{"t": "Tăng "}, {"fig": "members.change"}, {"t": " hội viên."}]},
        )  # fmt: skip

    def change():
        with core_figures.nightly_noted():
            document = report_selectors.document(report)
            (line,) = [line for line in document.figures if line.key == "members.change"]
            return line.value, line.basis, core_figures.nightly_shown_at()

    # and the night computed its figures
    with _at(0):
        _done, night = figures_nightly()
    assert NightlyFigure.objects.filter(org=world.national, source="members.change").count() == 1
    # When a member is recorded as having joined in March 2025 (which forgets the remembered change)
    with _at(3):
        _admit(world, "Đặng Văn Giang", D(2025, 3, 1))
        # Then the draft shows last night's change, and says when it was computed, instead of recounting the country
        assert change() == (0, "1 → 1: 0 vào, 0 ra", night)
        # and the records say one more joined, as the approval (figures.live) and the province show
        with figures.live():
            assert change() == (1, "1 → 2: 1 vào, 0 ra", None)
    with _at(20):
        figures_nightly()
        assert change()[:2] == (1, "1 → 2: 1 vào, 0 ra")
