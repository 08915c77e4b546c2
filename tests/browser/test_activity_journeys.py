"""Activities, as a ward association's secretary records them on a phone (390×844)."""

from __future__ import annotations

import io
import json

from lienhiep.orgs.selectors import today
from tests.browser.conftest import shot

PHONE = {"width": 390, "height": 844}


def _photo() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 900), (46, 125, 50))
    draw = ImageDraw.Draw(image)
    for i in range(0, 1200, 60):
        draw.ellipse((i, 300, i + 50, 350), fill=(255, 235, 59))
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()


def test_secretary_records_a_training_with_a_photo_and_the_overview_shows_it(open_as, live_server):
    from lienhiep.activities.models import Activity, ActivityFile

    page = open_as("trungluong.thuky", viewport=PHONE)
    page.goto(f"{live_server.url}/activities/new/")
    photos = page.locator("#id_photos")
    assert photos.get_attribute("accept") == "image/*"
    assert photos.get_attribute("capture") == "environment"
    # The form shows only a training's figures.
    assert page.locator("#id_participants_public").is_visible()
    assert not page.locator("#id_money_raised").is_visible()
    page.fill("#id_title", "Tập huấn kỹ thuật trồng rau an toàn")
    page.fill("#id_place", "Nhà văn hóa tổ dân phố 3")
    page.fill("#id_participants_members", "6")
    page.fill("#id_participants_public", "38")
    photos.set_input_files({"name": "IMG_2031.jpg", "mimeType": "image/jpeg", "buffer": _photo()})
    shot(page, "activity-entry-phone")
    page.click("[data-testid=save]")
    page.wait_for_url("**/activities/*/")
    assert page.locator("[data-testid=activity-title]").inner_text() == "Tập huấn kỹ thuật trồng rau an toàn"
    page.locator("[data-testid=photo]").first.wait_for()
    assert page.locator("[data-testid=photo]").evaluate("img => img.naturalWidth") == 480
    activity = Activity.objects.get(title="Tập huấn kỹ thuật trồng rau an toàn")
    assert (activity.participants, activity.start_date) == (44, today())
    assert activity.org.name == "Hội KH&KT phường Trung Lương"
    assert ActivityFile.objects.filter(activity=activity).count() == 1
    shot(page, "activity-detail-phone")

    # The node overview counts it in this month's bar of its chart.
    page.goto(f"{live_server.url}/activities/overview/")
    page.locator("[data-testid=chart-by-month]").wait_for()
    data = json.loads(page.locator("#chart-data").inner_text())
    month = today().strftime("%m/%Y")
    index = data["by_month"]["labels"].index(month)
    training = next(d for d in data["by_month"]["datasets"] if d["label"] == "Tập huấn")
    assert training["values"][index] == 1
    assert page.evaluate("Chart.getChart(document.querySelector('[data-testid=chart-by-month]')) !== undefined")
    page.locator("[data-testid=chart-by-month]").scroll_into_view_if_needed()
    shot(page, "activity-overview-phone")
