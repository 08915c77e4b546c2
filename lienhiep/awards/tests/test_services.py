import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

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
        services.honour_scan_attach(
            actor=world.alice, honour=honour, scan=ContentFile(photo.getvalue(), name="bang-khen.png")
        )
    honour.refresh_from_db()
    assert honour.scan.endswith(".jpg") and honour.scan_type == "image/jpeg"
    assert not files.path(first).exists() and files.path(honour.scan).exists()
    assert AwardEvent.objects.filter(kind="file_add").count() == 2


def test_an_honour_and_its_scan_are_recorded_together_or_not_at_all(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    values = {"org": world.hong_linh, "form": "bang_khen", "issuer": "vusta", "decision_number": "1786/QĐ-LHHVN",
              "decision_date": D(2018, 12, 18)}  # fmt: skip
    with pytest.raises(ValidationError):  # a web page named .pdf
        services.honour_create(actor=world.alice, scan=ContentFile(b"<html>", name="qd.pdf"), **values)
    with pytest.raises(ValidationError):  # a good scan, but the decision is dated before the unit existed
        services.honour_create(
            actor=world.alice,
            scan=ContentFile(b"%PDF-1.4\n%%EOF\n", name="qd.pdf"),
            **{**values, "decision_date": D(2001, 1, 1)},
        )
    assert (Honour.objects.count(), AwardEvent.objects.count()) == (0, 0)
    assert list(tmp_path.rglob("*.*")) == []  # the scan stored before the refusal is removed
    honour = services.honour_create(actor=world.alice, scan=ContentFile(b"%PDF-1.4\n%%EOF\n", name="qd.pdf"), **values)
    assert (honour.scan_type, Honour.objects.get().scan) == ("application/pdf", honour.scan)
    assert list(AwardEvent.objects.order_by("id").values_list("kind", flat=True)) == ["create", "file_add"]


def test_recording_an_honour_takes_the_right_to_record_on_its_unit(world):
    from django.core.exceptions import PermissionDenied

    honour = _honour(world)
    for user in (world.bob, world.lan, world.dan):  # another association, read only, another province
        with pytest.raises(PermissionDenied):
            services.honour_create(actor=user, org=world.y_te, form="giay_khen", issuer="provincial_union",
                                   decision_number="2/QĐ", decision_date=D(2022, 12, 10))  # fmt: skip
    with pytest.raises(PermissionDenied):  # nor moved to a unit where he does not record
        services.honour_update(actor=world.alice, honour=honour, org=world.lawyers_bn)
    assert list(Honour.objects.values_list("org", flat=True)) == [world.hong_linh.pk] == [honour.org_id]


@pytest.mark.django_db(transaction=True)
def test_a_photo_of_the_certificate_is_re_encoded_before_the_transaction_opens(world, settings, tmp_path):
    from lienhiep.core.tests.samples import png_bytes
    from lienhiep.core.tests.spies import jpeg_encodings

    settings.MEDIA_ROOT = tmp_path
    with jpeg_encodings() as in_transaction:
        honour = services.honour_create(
            actor=world.alice, org=world.hong_linh, form="bang_khen", issuer="vusta", decision_number="1/QĐ",
            decision_date=D(2018, 12, 18), scan=ContentFile(png_bytes(), name="bang-khen.png"),
        )  # fmt: skip
        services.honour_scan_attach(actor=world.alice, honour=honour, scan=ContentFile(png_bytes(), name="b.png"))
    assert in_transaction == [False, False]
    assert Honour.objects.get().scan_type == "image/jpeg"


def test_a_unit_does_not_end_before_its_honours(world):
    # The country's honours are read without the tree (honours_in(whole_tree=True)): an honour decided after its
    # unit's end would be counted there where no trigger forgets it. Its end is refused up to the decision's day.
    from lienhiep.orgs.models import Org

    _honour(world, org=world.trung_luong, decision_date=D(2023, 3, 8))
    for on in (D(2020, 1, 1), D(2023, 3, 8)):
        with pytest.raises(ValidationError) as error:
            org_services.org_dissolve(actor=world.root, org=world.trung_luong, on=on)
        assert error.value.code == "records_after_end"
        assert "khen thưởng 1" in error.value.messages[0].lower()
    org_services.org_dissolve(actor=world.root, org=world.trung_luong, on=D(2023, 3, 9))
    assert Org.objects.get(pk=world.trung_luong.pk).ended_on == D(2023, 3, 9)


def test_a_unit_does_not_end_before_the_year_of_its_rating(world):
    # A rating is of a year the unit lived in (check_exists_in): its end is refused in any earlier year.
    from lienhiep.orgs.models import Org

    services.rating_set(
        actor=world.root, org=world.trung_luong, year=2023, rating="excellent", rated_by="local_committee"
    )
    with pytest.raises(ValidationError) as error:
        org_services.org_dissolve(actor=world.root, org=world.trung_luong, on=D(2022, 12, 31))
    assert error.value.code == "records_after_end"
    assert "1" in error.value.messages[0]
    org_services.org_dissolve(actor=world.root, org=world.trung_luong, on=D(2023, 6, 1))
    assert Org.objects.get(pk=world.trung_luong.pk).ended_on == D(2023, 6, 1)
