"""The demo campaign (issue 14): Hà Tĩnh's union asks its member associations for their half-year report H1 2026
(request letter 45/LHH-VP of 15/05/2026, deadline 10/06/2026 17:00, estimates to 30/06 allowed), opened on 20/05.
Every state is there: most associations submitted on time and were accepted; Trung Lương's was returned for
correction and resubmitted; two came after the deadline; the gardeners' association is exempt; the journalists'
waits for review; one has a draft and one has not started. The daily reminders ran from 20/05 to 30/06, so the
board shows each unit's reminders (logged, not mailed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from lienhiep.accounts.models import User
from lienhiep.campaigns import services
from lienhiep.campaigns.models import Campaign, CampaignKind, Submission
from lienhiep.core import reminders
from lienhiep.orgs.models import Org, OrgKind

D = dt.date
TITLE = "Báo cáo kết quả hoạt động 6 tháng đầu năm 2026"
OPENED = D(2026, 5, 20)
DEADLINE = (2026, 6, 10)
FORM = {
    "figures": [
        {"key": "members.count", "params": {}},
        {"key": "activities.count", "params": {"kind": "training"}},
        {"key": "activities.count", "params": {"kind": "seminar"}},
        {"key": "activities.sum", "params": {"figure": "participants"}},
    ],
    "sections": [
        {"key": "s1", "title": "Công tác thông tin, tuyên truyền, phổ biến kiến thức, đào tạo, bồi dưỡng",
         "questions": ["Số lớp tập huấn, hội thảo; số lượt người tham dự?"]},
        {"key": "s2", "title": "Công tác tư vấn, phản biện và giám định xã hội", "questions": []},
        {"key": "s3", "title": "Công tác xây dựng tổ chức, phát triển hội viên", "questions": []},
        {"key": "s4", "title": "Phương hướng, nhiệm vụ 6 tháng cuối năm", "questions": []},
    ],
    "attachments": [{"key": "a1", "title": "Báo cáo có chữ ký, đóng dấu"}],
}  # fmt: skip
# Who answered when (day of June 2026, hour), and what happened after: the other associations submit on time.
RETURNED = "Hội KH&KT phường Trung Lương"
LATE = {"Hội KH&KT phường Đậu Liêu": 13, "Hội Kiến trúc sư tỉnh Hà Tĩnh": 16}
EXEMPT = ("Hội Làm vườn tỉnh Hà Tĩnh", "Đang kiện toàn Ban Chấp hành, không hoạt động 6 tháng đầu năm")
WAITING = "Hội Nhà báo tỉnh Hà Tĩnh"  # submitted at 16:30 on the deadline, not yet reviewed
DRAFT = "Hội KH&KT Công ty CP Vật liệu xây dựng Lam Hồng"
NOT_STARTED = "Hội KH&KT xã Thuận Lộc"
NEWS = {
    "s1": "Phối hợp tổ chức {n} lớp tập huấn chuyển giao kỹ thuật cho hội viên; tuyên truyền trên Bản tin của Hội.",
    "s3": "Kết nạp thêm hội viên mới; kiện toàn Ban Chấp hành một số chi hội.",
    "s4": "Tiếp tục tập huấn, phổ biến kiến thức; chuẩn bị tổng kết năm 2026.",
}


def at(day: D, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_current_timezone())


def _fill(actor: User, submission: Submission, n: int) -> None:
    figures = {name: {"value": entry.get("value") or 0} for name, entry in submission.figures.items()}
    services.submission_save(
        actor=actor, submission=submission, figures=figures, narratives={k: v.format(n=n) for k, v in NEWS.items()}
    )


def seed(out: Any) -> None:
    ha_tinh = Org.objects.filter(kind=OrgKind.PROVINCIAL, name__contains="Hà Tĩnh").first()
    officer = User.objects.filter(username="hatinh.canbo").first()
    if ha_tinh is None or officer is None or Campaign.objects.filter(org=ha_tinh).exists():
        return
    secretary = User.objects.get(username="trungluong.thuky")
    campaign = services.campaign_create(
        actor=officer, org=ha_tinh, kind=CampaignKind.HALF_YEAR, title=TITLE, period_start=D(2026, 1, 1),
        period_end=D(2026, 6, 30), as_of=D(2026, 6, 30), deadline=at(D(*DEADLINE), 17), form=FORM,
        kinds=[OrgKind.ASSOCIATION], request_number="45/LHH-VP", request_date=D(2026, 5, 15),
        instructions="Đề nghị các Hội thành viên báo cáo kết quả hoạt động 6 tháng đầu năm 2026 (số liệu ước đến "
        "30/6/2026) và gửi bản có chữ ký, đóng dấu.", estimates_allowed=True,
    )  # fmt: skip
    services.campaign_open(actor=officer, campaign=campaign)
    units = {s.org.name: s for s in campaign.submissions.select_related("org")}
    on_time = sorted(set(units) - {RETURNED, *LATE, EXEMPT[0], WAITING, DRAFT, NOT_STARTED})
    # Each day from the opening to the end of the period: what the units and the office did, then the reminders.
    plan: dict[D, list[Any]] = {}

    def on(day: D, step: Any) -> None:
        plan.setdefault(day, []).append(step)

    on(D(2026, 5, 25), lambda: services.submission_exempt(actor=officer, submission=units[EXEMPT[0]], reason=EXEMPT[1]))
    for i, name in enumerate(on_time):
        sent_on = D(2026, 6, 1 + i % 10)
        on(sent_on, lambda s=units[name], n=i % 4 + 1, sent_on=sent_on: _submit(officer, s, n, at(sent_on, 10)))
        on(D(2026, 6, 12), lambda s=units[name]: services.submission_accept(actor=officer, submission=s))
    returned = units[RETURNED]
    on(D(2026, 6, 4), lambda: _submit(secretary, returned, 2, at(D(2026, 6, 4), 15)))
    comment = "Đề nghị bổ sung số lượt người tham dự 2 lớp tập huấn."
    on(D(2026, 6, 6), lambda: services.submission_return(actor=officer, submission=returned, comment=comment))
    on(D(2026, 6, 8), lambda: _resubmit(secretary, returned, at(D(2026, 6, 8), 11)))
    on(D(2026, 6, 12), lambda: services.submission_accept(actor=officer, submission=returned))
    for name, june in LATE.items():
        on(D(2026, 6, june), lambda s=units[name], june=june: _submit(officer, s, 1, at(D(2026, 6, june), 14)))
        on(D(2026, 6, 17), lambda s=units[name]: services.submission_accept(actor=officer, submission=s))
    on(D(2026, 6, 10), lambda: _submit(officer, units[WAITING], 3, at(D(2026, 6, 10), 16, 30)))
    on(D(2026, 6, 9), lambda: _fill(officer, units[DRAFT], 1))

    day = OPENED
    while day <= D(2026, 6, 30) and day <= timezone.localdate():
        for step in plan.get(day, []):
            step()
        reminders.remind(today=day, only=["campaigns"], mail=False)
        day += dt.timedelta(days=1)
    out.write(f"  1 demo campaign (Hà Tĩnh, H1 2026: {len(units)} associations, every state)\n")
    half_year_report(officer, campaign, out)


def _submit(actor: User, submission: Submission, n: int, when: dt.datetime) -> None:
    submission.refresh_from_db()
    _fill(actor, submission, n)
    services.submission_submit(actor=actor, submission=submission, at=when)


def _resubmit(actor: User, submission: Submission, when: dt.datetime) -> None:
    submission.refresh_from_db()
    name = "activities.sum|figure=participants"
    value = int(submission.figures[name].get("value") or 0)
    services.submission_save(
        actor=actor,
        submission=submission,
        figures={name: {"value": value + 85, "reason": "Bổ sung 85 lượt người dự 2 lớp tập huấn chưa nhập"}},
        narratives={"s1": "Tổ chức 2 lớp tập huấn kỹ thuật trồng rau an toàn cho 85 lượt hội viên."},
    )
    services.submission_submit(actor=actor, submission=submission, at=when)


# The half-year report's blocks that take their figures from the campaign (REPORTING.md §5.6, 7): the training
# paragraph and its lists of examples, the first list followed by the units' news of the form's section "s1".
FROM_CAMPAIGN = {"text": "activities.count", "list": "activities.list"}


def half_year_report(officer: User, campaign: Campaign, out: Any) -> None:
    """Hà Tĩnh's half-year report H1 2026 (a draft) drawing on the demo campaign: its section on information and
    training adds up the accepted submissions and names, after "Điển hình như:", each association that gave an
    example."""
    from lienhiep.reporting import selectors as report_selectors
    from lienhiep.reporting import services as report_services
    from lienhiep.reporting.models import Block, ReportKind, ReportTemplate

    template = ReportTemplate.objects.filter(org=None, key="half-year").order_by("-version").first()
    if template is None:
        return
    report = report_services.report_create(
        actor=officer, org=campaign.org, kind=ReportKind.HALF_YEAR, template=template,
        period_start=campaign.period_start, period_end=campaign.period_end, as_of=campaign.as_of,
    )  # fmt: skip
    blocks = Block.objects.filter(section__report=report, section__key="i.thong-tin").order_by("order")
    news = "s1"
    for block in blocks:
        keys = {token.key for token in report_selectors.block_tokens(block)}
        if FROM_CAMPAIGN.get(block.kind) in keys:
            section = news if block.kind == "list" else ""
            report_services.block_source(actor=officer, block=block, campaign=campaign.pk, section=section)
            news = "" if section else news
    out.write("  1 demo half-year report (Hà Tĩnh, H1 2026, drawing on the campaign)\n")
