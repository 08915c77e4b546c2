"""The demo's Hà Tĩnh half-year report H1 2026 draws on the demo campaign (issue 14's demo; REPORTING.md §5.9 D,
item 25): its section on information and training adds up the accepted submissions and prints each association's
example after "Điển hình như:"."""

from __future__ import annotations

import pytest

from lienhiep.campaigns.models import Campaign, SubmissionStatus
from lienhiep.orgs.models import Org, OrgKind
from lienhiep.reporting.models import Report, ReportKind
from lienhiep.reporting.tests.test_half_year import body_text as printed

pytestmark = pytest.mark.django_db


def test_the_half_year_report_prints_the_accepted_associations_examples(demo):
    ha_tinh = Org.objects.get(kind=OrgKind.PROVINCIAL, name__contains="Hà Tĩnh")
    campaign = Campaign.objects.get(org=ha_tinh)
    report = Report.objects.get(org=ha_tinh, kind=ReportKind.HALF_YEAR)
    accepted = campaign.submissions.filter(status=SubmissionStatus.ACCEPTED)
    trained = sum(int(s.figures["activities.count|kind=training"]["value"] or 0) for s in accepted)

    text = printed(report)

    assert f"đã tổ chức {trained:02d} lớp đào tạo, tập huấn" in text
    examples = text.split("Điển hình như:\n", 1)[1].split("\n")
    told = [line for line in examples if ": Phối hợp tổ chức" in line or ": Tổ chức 2 lớp" in line]
    assert len(told) == accepted.count()
    assert (
        "- Hội KH&KT phường Trung Lương: Tổ chức 2 lớp tập huấn kỹ thuật trồng rau an toàn cho 85 lượt hội viên."
        in told
    )
    assert not any("Hội Làm vườn" in line or "Hội Nhà báo" in line for line in told)  # exempt, not yet accepted
