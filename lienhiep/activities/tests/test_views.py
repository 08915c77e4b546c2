import datetime as dt
import html

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lienhiep.activities import services
from lienhiep.activities.models import Activity, ActivityFile
from lienhiep.activities.tests.access_cases import png_bytes
from lienhiep.core import paging

D = dt.date


def text(response):
    return html.unescape(response.content.decode())


def test_secretary_records_a_training_with_a_photo(world, client_for):
    client = client_for(world.bob)
    form = client.get(reverse("activities:new")).content.decode()
    assert 'accept="image/*"' in form and 'capture="environment"' in form
    photo = SimpleUploadedFile("anh.png", png_bytes(), content_type="image/png")
    response = client.post(
        reverse("activities:new"),
        {"kind": "training", "title": "Tập huấn phân loại rác thải", "start_date": "12/03/2024",
         "org": world.trung_luong.pk, "participants_public": "42", "copies": "500", "photos": [photo]},
    )  # fmt: skip
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert activity.participants_public == 42
    assert activity.copies is None  # a training prints no copies: the figure of another kind is dropped
    assert ActivityFile.objects.get().activity == activity


def test_a_bad_photo_records_nothing(world, client_for):
    bad = SimpleUploadedFile("anh.jpg", b"not an image", content_type="image/jpeg")
    response = client_for(world.bob).post(
        reverse("activities:new"),
        {"kind": "training", "title": "Tập huấn", "start_date": "12/03/2024", "org": world.trung_luong.pk,
         "photos": [bad]},
    )  # fmt: skip
    assert response.status_code == 200
    assert "không phải là ảnh" in text(response)
    assert not Activity.objects.exists()


def test_list_filters_and_pages_by_keyset(world, client_for, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    for day in (1, 2, 3):
        services.activity_create(actor=world.root, org=world.y_te, kind="training", title=f"Lớp {day}",
                                 start_date=D(2023, 4, day))  # fmt: skip
    services.activity_create(
        actor=world.root, org=world.y_te, kind="leaflets", title="Tờ rơi", start_date=D(2023, 4, 2)
    )
    client = client_for(world.alice)
    first = client.get(reverse("activities:list"), {"kind": "training"})
    assert [a.title for a in first.context["activities"]] == ["Lớp 3", "Lớp 2"]
    second = client.get(reverse("activities:list"), {"kind": "training", "after": first.context["cursors"]["after"]})
    assert [a.title for a in second.context["activities"]] == ["Lớp 1"]
    back = client.get(reverse("activities:list"), {"kind": "training", "before": second.context["cursors"]["before"]})
    assert [a.title for a in back.context["activities"]] == ["Lớp 3", "Lớp 2"]
    assert first.context["count"] == 3
    assert client.get(reverse("activities:list"), {"q": "to roi"}).context["count"] == 1


def test_others_do_not_see_the_activity_in_lists(world, client_for):
    services.activity_create(actor=world.root, org=world.y_te, kind="training", title="Lớp", start_date=D(2023, 4, 1))
    assert client_for(world.dan).get(reverse("activities:list")).context["count"] == 0
    assert client_for(world.bob).get(reverse("activities:list")).context["count"] == 0
    assert client_for(world.lan).get(reverse("activities:list")).context["count"] == 1


def test_the_activity_list_reads_its_rows_in_queries_of_its_own_not_one_a_row(world, client_for):
    # The page reads only the columns its rows print (`FilteredList.columns`): its queries do not grow with its rows
    # (a column printed but not read is read once for the page, FETCH_PEERS).
    def recorded(n, **values):
        services.activity_create(actor=world.root, org=world.y_te, kind="training", title=f"Lớp {n}",
                                 start_date=D(2023, 4, n), **values)  # fmt: skip

    def read():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("activities:list"))
        return len(queries), text(response)

    client = client_for(world.alice)
    recorded(1)
    one, _page = read()
    recorded(2, participants_public=30, participants_members=12)
    recorded(3, status="planned")
    services.activity_create(actor=world.root, org=world.trung_luong, kind="leaflets", title="Tờ rơi",
                             start_date=D(2023, 4, 4), copies=500)  # fmt: skip
    four, page = read()
    assert four == one
    assert "04/04/2023" in page and "Tờ rơi" in page and "Hội KH&KT phường Trung Lương" in page
    assert ">42</td>" in page  # the participants, added up
    assert 'data-testid="status">Dự kiến</span>' in page  # a planned activity says so


def test_calendar_and_overview_show_the_activity(world, client_for):
    services.activity_create(actor=world.root, org=world.y_te, kind="training", title="Lớp sơ cứu",
                             start_date=D(2023, 4, 11), participants_public=30)  # fmt: skip
    client = client_for(world.alice)
    page = text(client.get(reverse("activities:calendar"), {"month": "2023-04"}))
    assert "Lớp sơ cứu" in page
    response = client.get(
        reverse("reporting:overview"), {"node": world.hong_linh.pk, "start": "01/01/2023", "end": "31/12/2023"}
    )
    assert response.context["totals"].count == 1
    chart = response.context["chart"]["by_month"]
    assert chart["labels"][3] == "04/2023"
    assert [d["values"][3] for d in chart["datasets"]] == [1]


def test_the_calendar_shows_an_activity_on_each_of_its_days(world, client_for):
    services.activity_create(actor=world.root, org=world.y_te, kind="seminar", title="Hội thảo ba ngày",
                             start_date=D(2023, 4, 29), end_date=D(2023, 5, 1))  # fmt: skip
    client = client_for(world.alice)
    april = client.get(reverse("activities:calendar"), {"month": "2023-04"}).context
    may = client.get(reverse("activities:calendar"), {"month": "2023-05", "node": world.hong_linh.pk}).context

    def days(ctx):
        return sorted(d.day for week in ctx["weeks"] for d, items in week if items and d.month == ctx["month"].month)

    assert days(april) == [29, 30]
    assert days(may) == [1]


def test_a_co_organiser_reads_the_activity_but_does_not_change_it(world, client_for):
    activity = services.activity_create(actor=world.root, org=world.y_te, co_organisers=[world.trung_luong],
                                        kind="seminar", title="Hội thảo chung", start_date=D(2023, 4, 1))  # fmt: skip
    file = services.activity_file_add(
        actor=world.root, activity=activity, upload=ContentFile(png_bytes(), name="anh.png")
    )
    client = client_for(world.bob)  # secretary of Trung Lương
    assert client.get(reverse("activities:detail", args=[activity.pk])).status_code == 200
    assert client.get(reverse("activities:file", args=[file.pk])).status_code == 200
    assert client.get(reverse("activities:edit", args=[activity.pk])).status_code == 403
    assert client.post(reverse("activities:delete", args=[activity.pk])).status_code == 403
    assert client_for(world.dan).get(reverse("activities:detail", args=[activity.pk])).status_code == 404


def test_the_list_exports_to_excel_as_filtered_with_the_figures(
    world, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    import io

    import openpyxl

    from lienhiep.orgs import lists

    monkeypatch.setattr(lists, "CHUNK", 2)  # several chunks, and a date shared across a chunk's end
    for day in (5, 5, 5, 9):
        services.activity_create(
            actor=world.root, org=world.trung_luong, kind="training", title=f"Tập huấn {day}",
            start_date=D(2024, 3, day), participants_public=day,
        )  # fmt: skip
    services.activity_create(
        actor=world.root, org=world.y_te, kind="campaign", title="Quyên góp", start_date=D(2024, 4, 1),
        money_raised=2_500_000, co_organisers=[world.trung_luong], place="=HYPERLINK(\"x\")",
    )  # fmt: skip
    services.activity_create(
        actor=world.root, org=world.lawyers_bn, kind="training", title="Bắc Ninh", start_date=D(2024, 4, 2)
    )
    # The Hà Tĩnh officer exports 2024 without filtering by kind (written in the background, then downloaded)
    client = client_for(world.alice)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(reverse("activities:export"), {"start": "01/01/2024", "end": "31/12/2024"}, follow=True)
    response = client.get(page.context["export"].get_absolute_url() + "file/")
    assert response["Content-Disposition"].startswith('attachment; filename="hoat-dong-')
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:5] == ("Ngày", "Đến ngày", "Loại hoạt động", "Tên hoạt động", "Đơn vị tổ chức")
    money = header.index("Số tiền vận động (đồng)")
    # Newest first, each once across the chunks; Bắc Ninh's is not hers; a formula stays text
    assert [row[3] for row in rows[1:]] == ["Quyên góp", "Tập huấn 9", "Tập huấn 5", "Tập huấn 5", "Tập huấn 5"]
    assert rows[1][money] == 2_500_000 and rows[1][-1] == "Hội KH&KT phường Trung Lương"
    assert rows[1][header.index("Địa điểm")] == '\'=HYPERLINK("x")'
    assert (
        rows[2][0].date() == D(2024, 3, 9) and rows[2][header.index("Người tham dự: nhân dân và đối tượng khác")] == 9
    )
    # and filtered by kind, only the trainings
    response = client_for(world.alice).get(reverse("activities:export"), {"kind": "training", "format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.count("Tập huấn ") == 4 and "Quyên góp" not in body


def test_a_unit_outside_the_tree_answers_404_on_the_list_and_both_exports(world, client_for):
    from lienhiep.core.models import Export

    # Given an activity of Hà Tĩnh and one of Bắc Ninh, dan's own
    services.activity_create(
        actor=world.root, org=world.y_te, kind="training", title="Tập huấn Hà Tĩnh", start_date=D(2024, 3, 5)
    )
    services.activity_create(
        actor=world.root, org=world.lawyers_bn, kind="training", title="Tập huấn Bắc Ninh", start_date=D(2024, 3, 6)
    )
    client = client_for(world.dan)
    missing = max(world.ha_tinh.pk, world.bac_ninh.pk, world.lawyers_bn.pk) + 1000
    # When dan, of Bắc Ninh, names Hà Tĩnh (or a unit that does not exist) in ?node=: the same 404 on the page, the
    # CSV and the Excel export, and no export is queued (it used to give him his own list, the filter dropped)
    for node in (world.ha_tinh.pk, world.hong_linh.pk, missing):
        for name, query in (
            ("activities:list", {}), ("activities:export", {"format": "csv"}), ("activities:export", {}),
        ):  # fmt: skip
            response = client.get(reverse(name), {"node": node, **query})
            assert response.status_code == 404, (name, query, node)
            assert "Tập huấn" not in response.content.decode()
    assert not Export.objects.exists()
    # while his own unit filters his list as before
    response = client.get(reverse("activities:export"), {"node": world.lawyers_bn.pk, "format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Tập huấn Bắc Ninh" in body and "Tập huấn Hà Tĩnh" not in body
    assert "Tập huấn Bắc Ninh" in text(client.get(reverse("activities:list"), {"node": world.lawyers_bn.pk}))


def test_the_export_carries_the_status_the_part_and_the_words_of_each_kind(world, client_for):
    import csv
    import io

    from lienhiep.activities.models import Partner

    vusta = Partner.objects.create(name="Liên hiệp các Hội KH&KT Việt Nam", name_folded="lien hiep cac hoi")
    services.activity_create(
        actor=world.root, org=world.trung_luong, kind="legal_aid", title="Tư vấn pháp luật", start_date=D(2024, 5, 2),
        persons_advised=20, legal_areas=["land", "family"], mode="online", role="participant", host=vusta,
    )  # fmt: skip
    services.activity_create(
        actor=world.root, org=world.trung_luong, kind="cooperation", title="Công trình", start_date=D(2024, 5, 1),
        items=6, items_unit="công trình",
    )  # fmt: skip
    response = client_for(world.alice).get(reverse("activities:export"), {"format": "csv", "start": "01/01/2024"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header, advice, works = rows[0], rows[1], rows[2]
    cell = dict(zip(header, advice, strict=True))
    assert (cell["Trạng thái"], cell["Vai trò của đơn vị"], cell["Đơn vị tổ chức (ngoài hệ thống)"]) == (
        "Đã thực hiện", "Tham dự", "Liên hiệp các Hội KH&KT Việt Nam"
    )  # fmt: skip
    assert (cell["Lĩnh vực pháp luật"], cell["Hình thức"], cell["Số người được tư vấn"]) == (
        "Đất đai, Hôn nhân và gia đình", "Trực tuyến", "20"
    )  # fmt: skip
    cell = dict(zip(header, works, strict=True))
    assert (cell["Công trình, sản phẩm"], cell["Đơn vị tính"]) == ("6", "công trình")


def test_a_co_organiser_finds_the_joint_activity_in_its_list(world, client_for):
    # Given the provincial lawyers' association organises two activities, one with Trung Lương
    services.activity_create(
        actor=world.root, org=world.lawyers_ht, kind="legal_aid", title="Tư vấn pháp luật lưu động",
        start_date=D(2024, 6, 1), persons_advised=30, co_organisers=[world.trung_luong],
    )  # fmt: skip
    services.activity_create(
        actor=world.root, org=world.lawyers_ht, kind="seminar", title="Hội thảo luật đất đai", start_date=D(2024, 6, 2)
    )
    services.activity_create(
        actor=world.root, org=world.trung_luong, kind="training", title="Tập huấn của phường", start_date=D(2024, 5, 2)
    )
    # then Trung Lương's secretary finds the joint one, marked, and its own; not the other
    page = text(client_for(world.bob).get(reverse("activities:list")))
    assert "Tư vấn pháp luật lưu động" in page and "Tập huấn của phường" in page
    assert "Hội thảo luật đất đai" not in page
    assert page.count('data-testid="joint"') == 1
    # the officer of the province sees all three, none marked (the organiser is hers)
    page = text(client_for(world.alice).get(reverse("activities:list")))
    assert "Hội thảo luật đất đai" in page and 'data-testid="joint"' not in page
    # and the secretary's calendar of June 2024 holds the joint one too
    page = text(client_for(world.bob).get(reverse("activities:calendar"), {"month": "2024-06"}))
    assert "Tư vấn pháp luật lưu động" in page and "Hội thảo luật đất đai" not in page


def test_initiative_authors_are_looked_up_as_typed_and_kept_when_edited(world, client_for):
    from lienhiep.activities.models import Initiative

    client = client_for(world.alice)
    picker = str(client.get(reverse("activities:initiative_new")).context["form"]["authors"])
    assert "<option" not in picker and 'data-search-within="org"' in picker and "multiple" in picker
    data = {"title": "Bi hợp kim nghiền than", "org": world.y_te.pk, "level": "basic", "year": 2023,
            "authors": [world.person.pk]}  # fmt: skip
    assert client.post(reverse("activities:initiative_new"), data).status_code == 302
    initiative = Initiative.objects.get()
    assert list(initiative.authors.all()) == [world.person]
    picker = str(client.get(reverse("activities:initiative_edit", args=[initiative.pk])).context["form"]["authors"])
    assert picker.count("<option") == 1 and f'value="{world.person.pk}" selected' in picker


def test_a_create_form_names_its_unit_only_when_it_was_opened_for_it(world, client_for):
    client = client_for(world.alice)
    opened_for = client.get(reverse("activities:new"), {"org": world.y_te.pk}).context["form"]
    assert opened_for.initial["org"] == world.y_te
    assert "org" not in client.get(reverse("activities:new")).context["form"].initial  # the officer picks it


def test_the_partner_list_counts_only_the_activities_the_user_sees(world, client_for):
    # Found in issue 11: the partner list showed another province's activity counts to outsiders.
    partner = services.partner_create(actor=world.root, org=world.national, name="Sở KH&CN", kind="department")
    for day in (1, 2):
        services.activity_create(actor=world.root, org=world.lawyers_bn, kind="training", title=f"Lớp {day}",
                                 start_date=D(2024, 4, day), partners=[partner])  # fmt: skip
    services.activity_create(
        actor=world.root, org=world.y_te, kind="training", title="Lớp Hà Tĩnh", start_date=D(2024, 5, 1),
        partners=[partner],
    )  # fmt: skip
    # Co-organised with Hà Tĩnh's lawyers: Hà Tĩnh's holders read it, so they count it.
    services.activity_create(
        actor=world.root, org=world.lawyers_bn, kind="seminar", title="Hội thảo chung", start_date=D(2024, 6, 1),
        co_organisers=[world.lawyers_ht], partners=[partner],
    )  # fmt: skip

    def counted(user):
        rows = client_for(user).get(reverse("activities:partners")).context["partners"]
        return [(p.name, p.n) for p in rows]

    assert counted(world.alice) == [("Sở KH&CN", 2)]
    assert counted(world.chris) == [("Sở KH&CN", 3)]
    assert counted(world.bob) == [("Sở KH&CN", 0)]
    assert counted(world.root) == [("Sở KH&CN", 4)]


def test_the_partner_list_shows_nothing_to_a_user_who_sees_no_unit(world, client_for, settings):
    # The middleware answers 404 to a user without a role before the view; the view itself shows no partner either.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("RoleLessMiddleware")]
    services.partner_create(actor=world.root, org=world.national, name="Sở KH&CN", kind="department")
    assert list(client_for(world.erin).get(reverse("activities:partners")).context["partners"]) == []
    assert [p.name for p in client_for(world.bob).get(reverse("activities:partners")).context["partners"]] == [
        "Sở KH&CN"
    ]
