"""Demo reports, from ../shared/seeds/000_… and 002_…, made through the services as a union office would:

- the Hồng Lĩnh town union's term report 2018–2023 (congress IV, figures as of 31/12/2023), approved and issued
  for congress V (20/03/2024);
- the town union's executive committee (BCH khoá IV) self-review, figures as of 26/01/2024, approved by the
  extraordinary BCH meeting of that day ("Thông qua báo cáo kiểm điểm của BCH khóa IV") and issued the same day;
- the Hà Tĩnh provincial union's annual report for 2025, in draft;
- the 2023 annual reports of consultancy, critique and social assessment (TVPB) of the town and the province, in
  draft (figures counted from reviews' dossiers through the registry).

The head follows the seeds: both are congress documents signed by the collective body ("BCH LIÊN HIỆP HỘI THỊ XÃ
KHOÁ IV", "BAN CHẤP HÀNH LIÊN HIỆP HỘI KHOÁ IV"), with no number and no "Nơi nhận".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lienhiep.accounts.models import User
from lienhiep.governance.models import Congress, Meeting, MeetingKind
from lienhiep.orgs.models import Org, OrgKind
from lienhiep.reporting import services
from lienhiep.reporting.models import Block, BlockKind, Report, ReportKind, ReportTemplate

D = dt.date
TERM_AS_OF = D(2023, 12, 31)
TERM_ISSUED = D(2024, 3, 20)  # congress V, where the report was presented
REVIEW_ON = D(2024, 1, 26)  # the extraordinary BCH meeting that approved the self-review
# The seeds' collective authors: the town union's committee, named without the town.
TERM_AUTHOR = "BCH LIÊN HIỆP HỘI THỊ XÃ KHOÁ IV"
REVIEW_AUTHOR = "BAN CHẤP HÀNH LIÊN HIỆP HỘI KHOÁ IV"
TVPB_TEMPLATE = "tvpb-annual"  # the annual report of consultancy, critique and social assessment (issue 15)
# The demo works without LibreOffice: Word and the Excel annex (a PDF is made on request where soffice exists).
FILES = ("docx", "xlsx")
# The town's statistics the seeds cite (000 §2.1, 002 §2.1), entered by hand in the order the template asks them:
# a value of each "context" block of the section (a share as the source words it).
TOWN_FIGURES: dict[str, list[int | str]] = {
    "term": [4, 20_995, 519, "80,05"],
    "self_review": [4],
}


def enter_town_figures(actor: User, report: Report) -> None:
    blocks = Block.objects.filter(section__report=report, section__key="p1.i.2.1", kind=BlockKind.CONTEXT).order_by(
        "order"
    )
    for block, value in zip(blocks, TOWN_FIGURES[report.kind], strict=True):
        services.block_edit(actor=actor, block=block, content={**block.content, "value": value, "on": "2023-12-31"})


def issue(
    actor: User, congress: Congress, kind: str, key: str, as_of: dt.date, author: str, *, issued_on: dt.date,
    meeting: Meeting | None = None,
) -> Report:  # fmt: skip
    """A report of the congress's unit over its term to `as_of`, headed as the seeds head it, approved and issued."""
    report = services.report_create(
        actor=actor, org=congress.org, kind=kind, template=shipped(key), period_start=congress.held_on,
        period_end=as_of, as_of=as_of, congress=congress,
    )  # fmt: skip
    services.report_head_update(actor=actor, report=report, collective_author=author)
    enter_town_figures(actor, report)
    services.report_approve(actor=actor, report=report, meeting=meeting)
    return services.report_issue(actor=actor, report=report, issued_on=issued_on, formats=FILES)


def shipped(key: str) -> ReportTemplate:
    return ReportTemplate.objects.filter(org=None, key=key).order_by("-version").first()  # type: ignore[return-value]


def seed(out: Any) -> None:
    hong_linh = Org.objects.filter(kind=OrgKind.DISTRICT, name__contains="Hồng Lĩnh").first()
    ha_tinh = Org.objects.filter(kind=OrgKind.PROVINCIAL, name__contains="Hà Tĩnh").first()
    if hong_linh is None or ha_tinh is None or Report.objects.exists():
        return
    congress = Congress.objects.filter(org=hong_linh, ordinal=4).first()
    meeting = Meeting.objects.filter(
        committee__congress=congress, held_on=REVIEW_ON, kind=MeetingKind.EXTRAORDINARY
    ).first()
    if congress is None or meeting is None:
        return  # governance's demo is not there
    services.templates_sync()
    admin = User.objects.get(username="admin")

    # The term report, presented to congress V; the self-review, approved by the BCH's meeting and issued that day.
    issue(admin, congress, ReportKind.TERM, "term-report", TERM_AS_OF, TERM_AUTHOR, issued_on=TERM_ISSUED)
    issue(admin, congress, ReportKind.SELF_REVIEW, "self-review", REVIEW_ON, REVIEW_AUTHOR, issued_on=REVIEW_ON,
          meeting=meeting)  # fmt: skip
    services.report_create(
        actor=admin, org=ha_tinh, kind=ReportKind.ANNUAL, template=shipped("annual"),
        period_start=D(2025, 1, 1), period_end=D(2025, 12, 31), as_of=D(2025, 12, 31),
    )  # fmt: skip
    # The annual consultancy (TVPB) report of 2023, by the town union and by the province, in draft: the figures of
    # the dossiers reviews' demo recorded (the town's 2023 topic; the province's adds its association's draft law).
    for org in (hong_linh, ha_tinh):
        services.report_create(
            actor=admin, org=org, kind=ReportKind.ANNUAL, template=shipped(TVPB_TEMPLATE),
            period_start=D(2023, 1, 1), period_end=D(2023, 12, 31), as_of=D(2023, 12, 31),
        )  # fmt: skip
    out.write(
        "  5 demo reports (Hồng Lĩnh's term report and self-review, issued; Hà Tĩnh's 2025 annual report, draft;"
        " the 2023 consultancy reports of Hồng Lĩnh and Hà Tĩnh, draft)"
    )
