import csv
import datetime as dt
import io

import openpyxl

from lienhiep.core.spreadsheets import csv_response, stream_csv, write_xlsx
from lienhiep.members import exporting, importing, selectors, services
from lienhiep.members.exporting import COLUMN_WIDTHS, EXPORT_COLUMNS, SHEET_TITLE, export_rows
from lienhiep.members.models import Field, Person
from lienhiep.members.services import MembershipRow, PersonRow
from lienhiep.orgs import services as org_services
from lienhiep.orgs.permissions import org_ids_at_least

D = dt.date
ON = D(2025, 1, 1)
HEADER = [
    "Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Số điện thoại", "Email", "Địa chỉ", "Trình độ", "Học hàm",
    "Lĩnh vực", "Nơi công tác", "Chức vụ", "Hội", "Ngày vào hội", "Số thẻ hội viên",
]  # fmt: skip
AN = [
    "Nguyễn Văn An", "Nam", D(1980, 5, 17), "••••••••1234", "0912 345 678", "", "", "ĐH", "", "", "", "",
    "Hội KH&KT Trung tâm Y tế", D(2015, 1, 1), "",
]  # fmt: skip


def midnight(day):
    """openpyxl reads a date cell back as a naive datetime."""
    return dt.datetime.combine(day, dt.time())


def rows_of(*persons, on=ON, **kwargs):
    queryset = Person.objects.filter(pk__in=[p.pk for p in persons]).order_by("name_sort", "id")
    return list(export_rows(queryset, reveal_ids=kwargs.pop("reveal_ids", False), on=on, **kwargs))


def csv_rows(rows):
    data = b"".join(stream_csv(rows))
    return data, list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_header_row_is_the_import_templates():
    assert [header for _key, header in EXPORT_COLUMNS] == HEADER
    assert [column.header for column in importing.COLUMNS] == HEADER
    assert rows_of()[0] == HEADER


def test_a_persons_row_masks_the_id_unless_revealed(world):
    assert rows_of(world.person) == [HEADER, AN]
    revealed = rows_of(world.person, reveal_ids=True)[1]
    assert revealed[3] == "042080001234"
    assert revealed[:3] + revealed[4:] == AN[:3] + AN[4:]


def test_coded_values_and_fields_in_their_order(world):
    person = services.person_create(
        actor=world.root, full_name="Phạm Thị Hoa", gender="f", education="ts", academic_title="pgs",
        email="hoa@example.vn", address="12 Trần Phú, Hà Tĩnh", workplace="Bệnh viện tỉnh", position="Trưởng khoa",
        fields=[Field.objects.get(code="y-te"), Field.objects.get(code="giao-duc")],
    )  # fmt: skip
    services.member_admit(actor=world.root, person=person, org=world.y_te, joined_on=D(2020, 2, 3), card_number="YT-9")
    assert rows_of(person)[1] == [
        "Phạm Thị Hoa", "Nữ", None, "", "", "hoa@example.vn", "12 Trần Phú, Hà Tĩnh", "TS", "PGS", "Giáo dục; Y tế",
        "Bệnh viện tỉnh", "Trưởng khoa", "Hội KH&KT Trung tâm Y tế", D(2020, 2, 3), "YT-9",
    ]  # fmt: skip


def test_two_associations_show_both_and_a_former_member_none(world):
    both = services.person_create(actor=world.root, full_name="Trần Văn Hai")
    services.member_admit(actor=world.root, person=both, org=world.y_te, joined_on=D(2016, 1, 1))
    services.member_admit(
        actor=world.root, person=both, org=world.lawyers_ht, joined_on=D(2018, 3, 1), card_number="LG-7"
    )
    former = services.person_create(actor=world.root, full_name="Lê Thị Ba")
    spell = services.member_admit(actor=world.root, person=former, org=world.trung_luong, joined_on=D(2010, 1, 1))
    services.membership_end(actor=world.root, membership=spell, on=D(2019, 6, 1), reason="retirement")

    rows = {row[0]: row[12:] for row in rows_of(both, former)[1:]}

    assert rows == {
        "Trần Văn Hai": ["Hội KH&KT Trung tâm Y tế; Hội Luật gia tỉnh Hà Tĩnh", "01/01/2016; 01/03/2018", "LG-7"],
        "Lê Thị Ba": ["", None, ""],
    }
    # Before leaving, she was a member.
    assert rows_of(former, on=D(2019, 5, 31))[1][12:] == ["Hội KH&KT phường Trung Lương", D(2010, 1, 1), ""]


def test_only_memberships_in_the_exported_scope_are_shown(world):
    both = services.person_create(actor=world.root, full_name="Trần Văn Hai")
    services.member_admit(actor=world.root, person=both, org=world.y_te, joined_on=D(2016, 1, 1))
    services.member_admit(actor=world.root, person=both, org=world.lawyers_ht, joined_on=D(2018, 3, 1))

    scope = exporting.export_scope(visible_org_ids=org_ids_at_least(world.alice), node=world.hong_linh, on=ON)

    assert scope == {world.hong_linh.pk, world.trung_luong.pk, world.y_te.pk, world.branch.pk}
    assert rows_of(both, org_ids=scope)[1][12:] == ["Hội KH&KT Trung tâm Y tế", D(2016, 1, 1), ""]


def test_who_sees_the_whole_tree_exports_without_a_scope(world):
    assert exporting.export_scope(visible_org_ids=None, node=None, on=ON) is None
    within = exporting.export_scope(visible_org_ids=None, node=world.bac_ninh, on=ON)
    assert within == {world.bac_ninh.pk, world.lawyers_bn.pk}


def test_association_named_as_it_was_on_the_day(world):
    org_services.org_rename(actor=world.root, org=world.y_te, name="Hội KH&KT Bệnh viện Hồng Lĩnh", on=D(2024, 1, 1))
    assert rows_of(world.person, on=D(2023, 12, 31))[1][12] == "Hội KH&KT Trung tâm Y tế"
    assert rows_of(world.person, on=ON)[1][12] == "Hội KH&KT Bệnh viện Hồng Lĩnh"


def test_csv_round_trips_vietnamese_text(world):
    _data, rows = csv_rows(rows_of(world.person))
    assert rows == [
        HEADER,
        ["Nguyễn Văn An", "Nam", "17/05/1980", "••••••••1234", "0912 345 678", "", "", "ĐH", "", "", "", "",
         "Hội KH&KT Trung tâm Y tế", "01/01/2015", ""],
    ]  # fmt: skip


def test_a_formula_typed_into_a_persons_details_is_neutralised(world, tmp_path):
    services.person_update(actor=world.root, person=world.person, workplace='=HYPERLINK("http://x.vn","Bấm")')
    _data, rows = csv_rows(rows_of(world.person))
    assert rows[1][10] == '\'=HYPERLINK("http://x.vn","Bấm")'
    write_xlsx(rows_of(world.person), tmp_path / "an.xlsx", title=SHEET_TITLE, widths=COLUMN_WIDTHS)
    cell = openpyxl.load_workbook(tmp_path / "an.xlsx").active["K2"]
    assert (cell.value, cell.data_type) == ('\'=HYPERLINK("http://x.vn","Bấm")', "s")


def test_xlsx_of_a_person(world, tmp_path):
    write_xlsx(rows_of(world.person), tmp_path / "an.xlsx", title=SHEET_TITLE, widths=COLUMN_WIDTHS)
    sheet = openpyxl.load_workbook(tmp_path / "an.xlsx").active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    expected = [None if v == "" else v for v in AN]
    expected[2], expected[13] = midnight(D(1980, 5, 17)), midnight(D(2015, 1, 1))
    assert values == [HEADER, expected]


def test_export_reads_in_keyset_chunks_with_few_queries(world, django_assert_max_num_queries):
    # Given 5,000 more members sharing seven names (ties cross the chunk boundaries)
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Gấm", "Đỗ Huy"]
    field = Field.objects.get(code="y-te")
    rows = [
        PersonRow(
            values={"full_name": names[i % 7], "education": "dh"},
            memberships=[MembershipRow(org=world.y_te, joined_on=D(2015, 1, 1), card_number=f"YT-{i}")],
            fields=[field],
        )
        for i in range(5000)
    ]
    services.persons_bulk_create(actor=world.root, rows=rows)
    filters = selectors.ListFilters(on=ON)
    persons = selectors.person_list(visible_org_ids=org_ids_at_least(world.alice), filters=filters)
    expected = list(persons.values_list("full_name", flat=True))

    # When exported: three chunks of (persons, memberships, fields, consents to contact) and one look-up of the
    # association's name
    with django_assert_max_num_queries(3 * 4 + 1):
        exported = list(export_rows(persons, reveal_ids=False, on=ON))

    # Then every person once, in name order
    assert len(exported) == 5002
    assert [row[0] for row in exported[1:]] == expected
    assert sorted(row[14] for row in exported[1:]) == sorted([f"YT-{i}" for i in range(5000)] + [""])


def test_csv_response_streams_with_a_vietnamese_file_name(world):
    response = csv_response(rows_of(world.person), "Hội viên Hà Tĩnh.csv")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == "attachment; filename*=utf-8''H%E1%BB%99i%20vi%C3%AAn%20H%C3%A0%20T%C4%A9nh.csv"
    )
    assert b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[1].startswith("Nguyễn Văn An,Nam,")


def test_a_withdrawn_consent_to_contact_leaves_out_phone_email_and_address(world):
    consent = services.consent_give(actor=world.root, person=world.person, purpose="contact", notice_version="2026-01")
    assert rows_of(world.person) == [HEADER, AN]  # given: the phone leaves
    services.consent_withdraw(actor=world.root, consent=consent)
    assert rows_of(world.person) == [HEADER, [*AN[:4], "", "", "", *AN[7:]]]
