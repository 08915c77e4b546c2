import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lienhiep.awards import selectors, services
from lienhiep.awards.models import AwardEvent, EmulationRating, Honour
from lienhiep.orgs import services as org_services

D = dt.date


def _honour(world, **values):
    base = {"org": world.hong_linh, "form": "bang_khen", "issuer": "vusta", "decision_number": "100/QĐ-LHHVN",
            "decision_date": D(2018, 12, 20)}  # fmt: skip
    return services.honour_create(actor=world.alice, **{**base, **values})


def test_an_honour_to_a_unit_and_one_to_a_member(world):
    unit = _honour(world)
    member = _honour(world, org=world.y_te, person=world.person, decision_number="101/QĐ-LHHVN")
    assert (unit.recipient, unit.to_person) == ("Liên hiệp hội thị xã Hồng Lĩnh", False)
    assert (member.recipient, member.to_person) == ("Nguyễn Văn An", True)
    assert AwardEvent.objects.filter(target="honour").count() == 2


def test_honour_rules(world):
    with pytest.raises(ValidationError):  # the member belongs to another association
        _honour(world, org=world.trung_luong, person=world.person)
    with pytest.raises(ValidationError):  # a member and a typed name at once
        _honour(world, org=world.y_te, person=world.person, person_name="Lê Văn Bình")
    with pytest.raises(ValidationError):  # the future
        _honour(world, decision_date=dt.date.max.replace(year=2100))
    with pytest.raises(ValidationError) as error:  # before the union existed (2003)
        _honour(world, decision_date=D(2001, 1, 1))
    assert error.value.messages == ["Liên hiệp hội thị xã Hồng Lĩnh không tồn tại vào ngày 01/01/2001."]
    _honour(world)
    with pytest.raises(ValidationError):  # recorded twice
        _honour(world)
    assert Honour.objects.count() == 1


def test_vusta_certificates_to_the_town_union(world):
    for year in (2018, 2021, 2023):
        _honour(world, decision_number=f"{year}/QĐ-LHHVN", decision_date=D(year, 12, 10))
    _honour(
        world, issuer="provincial_union", form="giay_khen", decision_number="9/QĐ-LHH", decision_date=D(2019, 12, 1)
    )
    rows = selectors.honours_to_unit(world.hong_linh, issuer="vusta", form="bang_khen")
    assert [h.decision_date.year for h in rows] == [2018, 2021, 2023]
    totals = selectors.honour_totals(world.ha_tinh, start=D(2018, 1, 1), end=D(2023, 12, 31))
    assert totals.by_issuer == {"provincial_union": 1, "vusta": 3}
    assert totals.by_year[2021] == {"vusta": 1}


def test_an_honour_counts_where_the_unit_stood_on_the_decision_date(world):
    _honour(world, org=world.trung_luong, issuer="provincial_union", form="giay_khen", decision_date=D(2024, 12, 1))
    org_services.org_move(actor=world.root, org=world.trung_luong, new_parent=world.ha_tinh, on=D(2025, 7, 1))
    _honour(world, org=world.trung_luong, issuer="provincial_union", form="giay_khen", decision_number="2/QĐ",
            decision_date=D(2025, 12, 1))  # fmt: skip
    period = {"start": D(2024, 1, 1), "end": D(2025, 12, 31)}
    assert selectors.honour_totals(world.hong_linh, **period).count == 1
    assert selectors.honour_totals(world.ha_tinh, **period).count == 2


def test_a_rating_is_set_once_per_year_and_body_and_can_be_corrected(world):
    services.rating_set(actor=world.alice, org=world.hong_linh, year=2022, rating="good", rated_by="local_committee")
    services.rating_set(
        actor=world.alice, org=world.hong_linh, year=2022, rating="excellent", rated_by="local_committee"
    )
    services.rating_set(actor=world.alice, org=world.y_te, year=2022, rating="good", rated_by="local_committee")
    assert EmulationRating.objects.get(org=world.hong_linh).rating == "excellent"
    event = AwardEvent.objects.filter(target="rating").order_by("at", "id")[1]
    assert (event.kind, event.data["before"]["rating"], event.data["after"]["rating"]) == (
        "update",
        "good",
        "excellent",
    )
    assert [r.org for r in selectors.ratings_in(world.hong_linh, year=2022)] == [world.y_te, world.hong_linh]
    with pytest.raises(ValidationError):
        services.rating_set(
            actor=world.alice, org=world.hong_linh, year=2001, rating="good", rated_by="local_committee"
        )


def test_the_remaining_rules_change_nothing(world):
    with pytest.raises(ValidationError):  # no decision number
        _honour(world, decision_number="  ")
    with pytest.raises(ValidationError):  # a rating for a year to come
        services.rating_set(actor=world.alice, org=world.hong_linh, year=2100, rating="good", rated_by="vusta")
    assert not Honour.objects.exists() and not EmulationRating.objects.exists()
    assert not AwardEvent.objects.exists()


def test_a_scan_of_the_decision_is_kept_privately_and_replaced(world, client_for, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from lienhiep.core import files

    pdf = b"%PDF-1.4 quyet dinh 1786\n%%EOF\n"
    client = client_for(world.alice)
    data = {"org": world.hong_linh.pk, "form": "bang_khen", "issuer": "vusta", "decision_number": "1786/QĐ-LHHVN",
            "decision_date": "18/12/2018"}  # fmt: skip
    # A web page named .pdf is refused and nothing is recorded, the honour included
    fake = SimpleUploadedFile("qd.pdf", b"<script>alert(1)</script>", content_type="application/pdf")
    response = client.post(reverse("awards:new"), {**data, "scan": fake})
    assert response.status_code == 200 and not Honour.objects.exists()
    # With the scan of the decision, the honour and its scan are kept
    scan = SimpleUploadedFile("Quyết định 1786.pdf", pdf, content_type="application/pdf")
    assert client.post(reverse("awards:new"), {**data, "scan": scan}).status_code == 302
    honour = Honour.objects.get()
    first = honour.scan
    assert first.startswith("awards/2018/") and "1786" not in first and files.path(first).read_bytes() == pdf
    response = client.get(reverse("awards:scan", args=[honour.pk]))
    assert b"".join(response.streaming_content) == pdf
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert client_for(world.dan).get(reverse("awards:scan", args=[honour.pk])).status_code == 404
    # A photo of the certificate replaces it, and the PDF is removed once committed
    import io

    from PIL import Image

    photo = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(photo, "PNG")
    with django_capture_on_commit_callbacks(execute=True):
        services.honour_scan_attach(actor=world.alice, honour=honour, name="bang-khen.png", data=photo.getvalue())
    honour.refresh_from_db()
    assert honour.scan.endswith(".jpg") and honour.scan_type == "image/jpeg"
    assert not files.path(first).exists() and files.path(honour.scan).exists()
    assert AwardEvent.objects.filter(kind="file_add").count() == 2
