"""Data subjects' requests (a deadline from their receipt, a transition table, event rows, an alert once overdue)
and the breach register (a warning when 72 hours pass without a notice to the authority)."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lienhiep.members import services
from lienhiep.members.models import Breach, RegistryEvent, SubjectRequest

pytestmark = pytest.mark.django_db
D = dt.date


def _request(world, received_on):
    return services.subject_request_record(
        actor=world.alice, org=world.y_te, requester="Nguyễn Văn An", kind="erasure", received_on=received_on
    )


def test_the_deadline_is_fifteen_days_after_receipt(world):
    row = _request(world, D(2026, 11, 1))
    assert (row.due_on, row.status, row.handler) == (D(2026, 11, 16), "received", None)
    event = RegistryEvent.objects.get(target="request", target_id=row.pk)
    assert (event.kind, event.org, event.data) == (
        "request",
        world.y_te,
        {"kind": "erasure", "received_on": "2026-11-01", "due_on": "2026-11-16", "handler": None},
    )


def test_a_request_moves_as_its_table_says_and_an_answer_needs_a_reply(world):
    row = _request(world, timezone.localdate() - dt.timedelta(days=3))
    services.subject_request_move(actor=world.alice, request=row, status="in_progress", handler=world.alice)
    with pytest.raises(ValidationError) as refused:
        services.subject_request_move(actor=world.alice, request=row, status="answered")
    assert refused.value.code == "reply_needed"
    row = services.subject_request_move(actor=world.alice, request=row, status="answered", reply="Đã xóa dữ liệu.")
    assert (row.status, row.handler, row.reply, row.replied_on) == (
        "answered", world.alice, "Đã xóa dữ liệu.", timezone.localdate(),
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.subject_request_move(actor=world.alice, request=row, status="refused", reply="x")
    assert refused.value.code == "request_transition"
    moves = RegistryEvent.objects.filter(target="request", target_id=row.pk, kind="request_move").order_by("id")
    assert [(e.data["before"]["status"], e.data["after"]["status"], e.data["late"]) for e in moves] == [
        ("received", "in_progress", False),
        ("in_progress", "answered", False),
    ]


def test_only_an_officer_of_the_unit_records_or_moves_a_request(world):
    with pytest.raises(PermissionDenied):
        services.subject_request_record(
            actor=world.lan, org=world.y_te, requester="X", kind="access", received_on=D(2026, 11, 1)
        )
    assert SubjectRequest.objects.count() == 0


def test_an_overdue_request_alerts_the_officers_on_their_home_page(world, client_for):
    _request(world, timezone.localdate() - dt.timedelta(days=16))  # due yesterday
    _request(world, timezone.localdate() - dt.timedelta(days=15))  # due today: not yet late
    page = client_for(world.alice).get(reverse("home")).content.decode()
    assert "1 yêu cầu của chủ thể dữ liệu đã quá hạn." in page
    assert "yêu cầu của chủ thể dữ liệu đã quá hạn" not in client_for(world.lan).get(reverse("home")).content.decode()
    listing = client_for(world.alice).get(reverse("members:requests")).content.decode()
    assert listing.count(">quá hạn</span>") == 1


def test_the_daily_job_lists_the_overdue_requests_and_unnotified_breaches(world):
    row = _request(world, timezone.localdate() - dt.timedelta(days=20))
    breach = services.breach_record(
        actor=world.alice, org=world.y_te, summary="Gửi nhầm email", categories="họ tên", persons_affected=3,
        found_at=timezone.now() - dt.timedelta(hours=73),
    )  # fmt: skip
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_status:
        call_command("requests_overdue", stdout=out)
    assert exit_status.value.code == 1
    found = timezone.localtime(breach.found_at)
    assert out.getvalue().splitlines() == [
        f"request {row.pk}\tHội KH&KT Trung tâm Y tế\tXóa dữ liệu\tdue {row.due_on:%d/%m/%Y}\t-\tMới tiếp nhận",
        f"breach {breach.pk}\tHội KH&KT Trung tâm Y tế\tfound {found:%d/%m/%Y %H:%M}\tnot notified",
    ]


def test_a_breach_warns_once_72_hours_pass_without_a_notice(world, client_for):
    now = timezone.now()
    fresh = services.breach_record(
        actor=world.alice, org=world.y_te, summary="Mất sổ", categories="họ tên", persons_affected=40,
        found_at=now - dt.timedelta(hours=71),
    )  # fmt: skip
    old = services.breach_record(
        actor=world.alice, org=world.y_te, summary="Lộ tệp", categories="số CCCD", persons_affected=1200,
        found_at=now - dt.timedelta(hours=80),
    )  # fmt: skip
    assert (fresh.notice_late(now), old.notice_late(now)) == (False, True)
    page = client_for(world.alice).get(reverse("members:breaches")).content.decode()
    assert page.count('data-testid="notice-late"') == 1
    assert "Đã quá 72 giờ mà chưa thông báo cho cơ quan chức năng." in page
    late = services.breach_notify(
        actor=world.alice, breach=old, notified_at=now - dt.timedelta(hours=1), reference="CV 7"
    )
    event = RegistryEvent.objects.get(target="breach", target_id=old.pk, kind="breach_notice")
    assert (late.notice_reference, event.data["late"]) == ("CV 7", True)
    with pytest.raises(ValidationError) as refused:
        services.breach_notify(actor=world.alice, breach=old, notified_at=now)
    assert refused.value.code == "notified"
    assert Breach.objects.get(pk=old.pk).notified_at == now - dt.timedelta(hours=1)
