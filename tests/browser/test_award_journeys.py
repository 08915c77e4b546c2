"""Honours, as the provincial union's officer keeps them."""

from __future__ import annotations

import io

from tests.browser.conftest import shot


def test_officer_attaches_the_scan_of_a_vusta_certificate(open_as, live_server):
    from PIL import Image

    from lienhiep.awards.models import Honour

    honour = Honour.objects.get(decision_number__startswith="1786/")
    page = open_as("hatinh.canbo")
    page.goto(f"{live_server.url}/awards/{honour.pk}/edit/")
    scan = io.BytesIO()
    Image.new("RGB", (1600, 1100), (250, 245, 230)).save(scan, "JPEG")
    page.set_input_files("#id_scan", {"name": "Bằng khen VUSTA 2018.jpg", "mimeType": "image/jpeg",
                                      "buffer": scan.getvalue()})  # fmt: skip
    shot(page, "honour-scan-form")
    page.click("button.btn-primary")
    page.wait_for_url("**/awards/")
    link = page.locator("[data-testid=scan-link]")
    assert link.count() == 1
    shot(page, "honour-scan-list")
    with page.context.expect_page() as opened:
        link.click()
    image = opened.value
    image.wait_for_load_state()
    assert image.evaluate("document.images[0].naturalWidth") == 1600
