"""The registry's figures of consultancy, with exact values, over dossiers of two years in Hà Tĩnh (and one in Bắc
Ninh that no Hà Tĩnh figure counts)."""

import datetime as dt
from decimal import Decimal

import pytest

from lienhiep.reporting import registry
from lienhiep.reviews import services
from lienhiep.reviews.tests.factories import dossier

D = dt.date
A = "Đề án phát triển đô thị thị xã Hồng Lĩnh đến năm 2025 và những năm tiếp theo"
B = "Kế hoạch phát triển sản xuất nông nghiệp hàng năm"
SECRET = "Quy hoạch khu công nghiệp Gia Lách"


def _through(actor, d, sent, made, taken=None, *, decline=False):
    move = lambda to, on, **x: services.dossier_move(actor=actor, dossier=d, to=to, on=on, **x)  # noqa: E731
    move("checking", d.received_on)
    if decline:
        move("declined", d.received_on, reply_number="9/LHH", reply_date=d.received_on, decline_reason="Ngoài phạm vi")
        return
    move("accepted", d.received_on, reply_number="1/LHH", reply_date=d.received_on)
    for step in ("estimated", "experts"):
        move(step, d.received_on)
    move("opinions", d.received_on, by_written=True)
    move("drafting", sent)
    move("review", sent)
    move("sent", sent, opinion_number="2/BC-LHH", proposals=made)
    if taken is not None:
        move("answered", sent, proposals_taken_up=taken)


@pytest.fixture
def dossiers(world):
    a = dossier(world.alice, world.hong_linh, title=A, received_on=D(2021, 3, 1), answer_due=None)
    _through(world.alice, a, D(2021, 4, 10), 8, 6)
    b = dossier(
        world.alice, world.hong_linh, title=B, kind="consult", requester_type="party", requester_name="Thị ủy",
        received_on=D(2022, 2, 1), answer_due=None,
    )  # fmt: skip
    _through(world.alice, b, D(2022, 3, 3), 4, 4)
    c = dossier(
        world.alice, world.hong_linh, title=SECRET, kind="eia_seat", confidential=True, received_on=D(2022, 5, 2),
        answer_due=None,
    )  # fmt: skip
    _through(world.alice, c, D(2022, 6, 1), 3)
    d = dossier(
        world.alice, world.hong_linh, title="Đề án khác", kind="consult", received_on=D(2022, 7, 1), answer_due=None
    )
    _through(world.alice, d, None, 0, decline=True)
    dossier(
        world.chris,
        world.bac_ninh,
        title="Đề án Bắc Ninh",
        requester_name="UBND tỉnh Bắc Ninh",
        received_on=D(2022, 1, 5),
    )
    services.plan_set(actor=world.alice, org=world.hong_linh, year=2021, topics=1)
    services.plan_set(actor=world.alice, org=world.hong_linh, year=2022, topics=2)
    return a, b, c, d


def value(key, node, **params):
    result = registry.compute(key, node, start=D(2021, 1, 1), end=D(2022, 12, 31), as_of=D(2022, 12, 31), params=params)
    return result.value, result.basis


def test_counts_by_kind_requester_and_outcome(world, dossiers):
    a, b, c, d = dossiers
    assert value("reviews.count", world.ha_tinh) == (4, "4 hồ sơ tiếp nhận")
    assert value("reviews.count", world.ha_tinh, kind="consult")[0] == 2
    assert value("reviews.count", world.ha_tinh, requester="party")[0] == 1
    assert value("reviews.count", world.bac_ninh)[0] == 1
    assert value("reviews.by_kind", world.ha_tinh)[0] == [
        {"kind": "Tư vấn", "count": 2}, {"kind": "Phản biện", "count": 1},
        {"kind": "Tham gia hội đồng thẩm định ĐTM", "count": 1},
    ]  # fmt: skip
    assert value("reviews.by_requester", world.ha_tinh)[0] == [
        {"requester": "Cấp ủy Đảng", "count": 1}, {"requester": "Ủy ban nhân dân", "count": 3},
    ]  # fmt: skip
    assert value("reviews.by_outcome", world.ha_tinh)[0] == [
        {"outcome": "Từ chối", "count": 1}, {"outcome": "Đã gửi ý kiến, chưa có phản hồi", "count": 1},
        {"outcome": "Đơn vị đề nghị đã phản hồi", "count": 2}, {"outcome": "Đang thực hiện", "count": 0},
    ]  # fmt: skip
    assert value("reviews.eia_seats", world.ha_tinh)[0] == 1


def test_taken_up_share_days_to_answer_and_topics_a_year(world, dossiers):
    assert value("reviews.taken_up_share", world.ha_tinh) == (Decimal("83.3"), "10 / 12 kiến nghị được tiếp thu")
    assert value("reviews.days_to_answer", world.ha_tinh) == (Decimal("33.3"), "tính trên 3 ý kiến đã gửi")
    assert value("reviews.topics_a_year", world.ha_tinh) == (Decimal("1.5"), "3 chuyên đề trong 2 năm")
    assert value("reviews.plan", world.hong_linh)[0] == [
        {"year": 2021, "planned": 1, "done": 1}, {"year": 2022, "planned": 2, "done": 2},
    ]  # fmt: skip


def test_the_topics_of_the_period_name_every_one_but_the_confidential(world, dossiers):
    rows, basis = value("reviews.topics", world.hong_linh)
    assert [(r["title"], r["sent_on"], r["year"]) for r in rows] == [(A, "10/04/2021", 2021), (B, "03/03/2022", 2022)]
    assert basis == "3 chuyên đề (01 chuyên đề mật)"
    text, _basis = value("reviews.topics_text", world.hong_linh)
    assert text == f"{A}; {B}; 01 chuyên đề mật"
    assert SECRET not in str(registry.compute("reviews.topics", world.ha_tinh, start=D(2021, 1, 1),
                                              end=D(2022, 12, 31), as_of=D(2022, 12, 31)))  # fmt: skip


def test_the_annual_consultancy_report_prints_the_years_figures_and_only_counts_the_confidential(world, dossiers):
    from lienhiep.reporting import selectors as report_selectors
    from lienhiep.reporting import services as report_services
    from lienhiep.reporting.models import ReportTemplate
    from lienhiep.reporting.output import render_docx
    from lienhiep.reporting.tests.layout import problems
    from lienhiep.reporting.tests.test_acceptance import read

    report_services.templates_sync()
    world.hong_linh.place_name = "Hồng Lĩnh"  # the head's date line names the place
    world.hong_linh.save(update_fields=["place_name"])
    report = report_services.report_create(
        actor=world.alice, org=world.hong_linh, kind="annual",
        template=ReportTemplate.objects.get(org=None, key="tvpb-annual"),
        period_start=D(2022, 1, 1), period_end=D(2022, 12, 31),
    )  # fmt: skip
    docx = render_docx(report_selectors.document(report))
    assert problems(docx, style="administrative", issued=False) == []
    printed = read(docx).paragraphs
    start = printed.index("I. KẾT QUẢ HOẠT ĐỘNG TƯ VẤN, PHẢN BIỆN VÀ GIÁM ĐỊNH XÃ HỘI NĂM 2022")
    assert printed[start : printed.index("II. ĐÁNH GIÁ CHUNG")] == [
        "I. KẾT QUẢ HOẠT ĐỘNG TƯ VẤN, PHẢN BIỆN VÀ GIÁM ĐỊNH XÃ HỘI NĂM 2022",
        "1. Tiếp nhận đề nghị",
        "Trong năm 2022, Liên hiệp hội và các hội thành viên đã tiếp nhận 03 hồ sơ tư vấn, phản biện và giám định "
        "xã hội (trong đó 01 lượt tham gia hội đồng thẩm định báo cáo đánh giá tác động môi trường), cụ thể như sau:",
        "Loại hoạt động | Số hồ sơ",
        "Tư vấn | 2",
        "Tham gia hội đồng thẩm định ĐTM | 1",
        "Tổng cộng | 3",
        "Theo cơ quan, tổ chức đề nghị:",
        "Cơ quan, tổ chức đề nghị | Số hồ sơ",
        "Cấp ủy Đảng | 1",
        "Ủy ban nhân dân | 2",
        "Tổng cộng | 3",
        "2. Kết quả thực hiện",
        "Kết quả | Số hồ sơ",
        "Từ chối | 1",
        "Đã gửi ý kiến, chưa có phản hồi | 1",
        "Đơn vị đề nghị đã phản hồi | 1",
        "Đang thực hiện | 0",
        "Tổng cộng | 3",
        "Thời gian trung bình từ khi nhận đề nghị đến khi gửi ý kiến là 30 ngày. Trong các ý kiến đã gửi được cơ "
        "quan đề nghị trả lời, 100,0 % số kiến nghị đã được tiếp thu.",
        "3. Các chuyên đề đã gửi ý kiến",
        f"- {B} (Tư vấn; Thị ủy; gửi ý kiến ngày 03/03/2022);",
        "Số chuyên đề thuộc hồ sơ mật (không nêu tên): 01.",
        "4. Thực hiện kế hoạch năm",
        "Năm | Kế hoạch (chuyên đề) | Đã thực hiện",
        "2022 | 2 | 2",
    ]
    assert SECRET not in " ".join(printed)
