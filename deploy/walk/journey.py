"""The browser part of the deployment walk, from the host against the root's Caddy on https://localhost:8443.

python journey.py admin      the administrator: password, second factor set up, the tree, the officer's account and role
python journey.py officer    the officer: password, second factor set up, logs out and in with a code, imports
                             members (worker), records an activity with a photo (upload)
python journey.py check      (on the restored root) the officer logs in with a code from the same app, lists members
Secrets, timings and screenshots go to WALK_DIR (var/walk); the site is WALK_URL (https://localhost:8443)."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import os
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from django_otp.oath import totp
from openpyxl import Workbook
from PIL import Image
from playwright.sync_api import sync_playwright

URL = os.environ.get("WALK_URL", "https://localhost:8443")
WORK = Path(os.environ.get("WALK_DIR", "var/walk"))
STATE = WORK / "journey.json"
SHOTS = WORK / "shots"
SHOTS.mkdir(parents=True, exist_ok=True)
TODAY = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date().strftime("%d/%m/%Y")
state = json.loads(STATE.read_text()) if STATE.exists() else {}
timings: list[tuple[str, float]] = []
violations: list[str] = []


def check(condition: object, message: object = "") -> None:
    if not condition:
        raise RuntimeError(str(message))


def code(secret: str, ahead: int = 0) -> str:
    s = secret.replace(" ", "")
    return f"{totp(base64.b32decode(s + '=' * (-len(s) % 8)), drift=ahead):06d}"


def fresh(who: str) -> str:
    """A code the device has not seen: a step past the last one used (a code is good once), at most one ahead."""
    now = int(time.time() // 30)
    use = max(now, state.get(f"{who}_last", 0) + 1)
    while use > int(time.time() // 30) + 1:
        time.sleep(2)
    state[f"{who}_last"] = use
    return code(state[f"{who}_secret"], ahead=use - int(time.time() // 30))


def step(name: str, started: float) -> None:
    timings.append((name, round(time.time() - started, 1)))
    print(f"{dt.datetime.now(dt.UTC):%H:%M:%S} {name}: {timings[-1][1]} s", flush=True)


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def password(page, username: str, pw: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{URL}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", pw)
    page.click("form button.btn-primary")


def enrol(page, who: str) -> str:  # type: ignore[no-untyped-def]
    page.wait_for_url(f"{URL}/accounts/security/authenticator/**")
    shot(page, f"{who}-enrol")
    secret = page.inner_text("[data-testid=totp-secret]")
    page.fill("#id_code", code(secret))
    state[f"{who}_last"] = int(time.time() // 30)
    page.click("form button.btn-primary")
    page.wait_for_url(f"{URL}/accounts/security/recovery-codes/**")
    codes = page.locator("[data-testid=recovery-codes] li").all_inner_texts()
    check(len(codes) == 10, codes)
    page.click("text=Tôi đã lưu các mã, tiếp tục")
    page.wait_for_url(f"{URL}/")
    return secret


def pick(page, select: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """Choose `value` in a select that tom-select drives (its options come from a lookup as one types)."""
    page.evaluate(
        """([sel, value]) => { const s = document.querySelector(sel);
        if (s.tomselect) { s.tomselect.addOption({value: value, text: value}); s.tomselect.setValue(value); return; }
        let o = [...s.options].find(o => o.value === value);
        if (!o) { o = new Option(value, value); s.add(o); } s.value = value; }""",
        [select, value],
    )


def operation(page, fields: dict[str, str], selects: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """An organisation form: fill, continue, see what will change, confirm."""
    for name, value in selects.items():
        page.select_option(f"#id_{name}", value)
    for name, value in fields.items():
        page.fill(f"#id_{name}", value)
    page.click("form button.btn-primary")
    page.locator("input[name=confirm]").wait_for(state="attached")
    page.click("form:has(input[name=confirm]) button.btn-primary")
    page.wait_for_load_state()


def admin(page) -> None:  # type: ignore[no-untyped-def]
    t = time.time()
    password(page, "quantri", "Quan-tri-He-thong-2026!")
    if "admin_secret" in state:  # a second run: the app is set up
        page.wait_for_url(f"{URL}/accounts/verify/**")
        page.fill("#id_code", fresh("admin"))
        page.click("form button.btn-primary")
        page.wait_for_url(f"{URL}/")
    else:
        state["admin_secret"] = enrol(page, "admin")
    step("admin: password + second factor set up + recovery codes", t)

    t = time.time()
    page.goto(f"{URL}/orgs/1/new/")
    operation(page, {"name": "Liên hiệp hội tỉnh Hà Tĩnh", "founded_on": "15/10/1992"}, {"kind": "provincial"})
    province = page.url.rstrip("/").split("/")[-1]
    state["province"] = int(province)
    for name, founded in [("Hội Luật gia tỉnh Hà Tĩnh", "10/05/1994"), ("Hội Nhà báo tỉnh Hà Tĩnh", "01/01/2000")]:
        page.goto(f"{URL}/orgs/{province}/new/")
        operation(page, {"name": name, "founded_on": founded}, {"kind": "association", "group": "sector"})
    shot(page, "admin-unit")
    step("admin: the province and two member associations created from the pages", t)

    t = time.time()
    page.goto(f"{URL}/admin/accounts/user/add/")
    page.fill("#id_username", "hatinh.canbo")
    page.fill("#id_password1", "Can-bo-Ha-Tinh-2026!")
    page.fill("#id_password2", "Can-bo-Ha-Tinh-2026!")
    page.click("input[name=_save]")
    page.wait_for_url("**/change/")
    officer_id = page.url.rstrip("/").split("/")[-2]
    page.goto(f"{URL}/orgs/{province}/roles/new/")
    pick(page, "#id_user", officer_id)
    page.select_option("#id_kind", "officer")
    page.fill("#id_valid_from", TODAY)
    page.click("form button.btn-primary")
    page.wait_for_url(f"{URL}/orgs/{province}/")
    shot(page, "admin-role")
    check("hatinh.canbo" in page.content(), "the role is not on the unit page")
    step("admin: the officer's account (admin site) and role (unit page)", t)
    page.locator("form[action='/accounts/logout/'] button").dispatch_event("click")


def members_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Hội", "Ngày vào hội"])
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ"]
    middle = ["Văn", "Thị", "Đình", "Minh", "Quốc"]
    given = ["An", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Mai", "Nam", "Sơn", "Thu", "Tuấn"]
    for i in range(60):
        female = middle[i % 5] == "Thị"
        year = 1960 + i % 35
        assoc = "Hội Luật gia tỉnh Hà Tĩnh" if i % 3 else "Hội Nhà báo tỉnh Hà Tĩnh"
        sheet.append([
            f"{family[i % 10]} {middle[i % 5]} {given[(i * 7) % 12]}", "Nữ" if female else "Nam",
            f"{1 + i % 28:02d}/{1 + i % 12:02d}/{year}", f"042{1 if female else 0}{year % 100:02d}{100000 + i:06d}",
            assoc, f"{1 + i % 28:02d}/03/20{10 + i % 15:02d}",
        ])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def officer(page) -> None:  # type: ignore[no-untyped-def]
    t = time.time()
    password(page, "hatinh.canbo", "Can-bo-Ha-Tinh-2026!")
    if "officer_secret" not in state:
        state["officer_secret"] = enrol(page, "officer")
    else:  # a second run
        page.wait_for_url(f"{URL}/accounts/verify/**")
        page.fill("#id_code", fresh("officer"))
        page.click("form button.btn-primary")
        page.wait_for_url(f"{URL}/")
    page.locator("form[action='/accounts/logout/'] button").dispatch_event("click")
    page.wait_for_url(f"{URL}/accounts/login/")
    password(page, "hatinh.canbo", "Can-bo-Ha-Tinh-2026!")
    page.wait_for_url(f"{URL}/accounts/verify/**")
    shot(page, "officer-verify")
    page.fill("#id_code", fresh("officer"))
    page.click("form button.btn-primary")
    page.wait_for_url(f"{URL}/")
    shot(page, "officer-home")
    step("officer: password + second factor set up; logged out; logged in with a code", t)

    t = time.time()
    page.goto(f"{URL}/members/import/")
    data = members_xlsx()
    (WORK / "hoi-vien.xlsx").write_bytes(data)
    page.set_input_files(
        "#id_file", files=[{"name": "hoi-vien.xlsx", "mimeType": "application/octet-stream", "buffer": data}]
    )
    page.locator("form[enctype] button").click()
    page.wait_for_url("**/members/import/*/")
    batch = page.url
    deadline, checked = time.time() + 300, False
    while not page.locator("[data-testid=import-ready]").count():
        check(time.time() < deadline, page.inner_text("main"))
        check(not page.locator("[data-testid=import-errors]").count(), page.inner_text("[data-testid=import-errors]"))
        if not checked and page.locator("[data-testid=import-check]").count():
            state["import_read_s"] = round(time.time() - t, 1)
            page.locator("[data-testid=import-check]").click()  # the worker has read the file: check it
            page.wait_for_load_state()
            checked = True
            continue
        time.sleep(2)
        page.goto(batch)
    shot(page, "officer-import-ready")
    step("officer: 60-row file uploaded, read and checked by the worker", t)
    t = time.time()
    page.locator("[data-testid=import-run]").click()
    deadline = time.time() + 300
    while not page.locator("[data-testid=import-done]").count():
        check(time.time() < deadline, page.inner_text("main"))
        time.sleep(2)
        page.goto(batch)
    shot(page, "officer-import-done")
    step("officer: imported by the worker", t)

    t = time.time()
    page.goto(f"{URL}/activities/new/")
    page.fill("#id_title", "Tập huấn kỹ năng phổ biến pháp luật")
    page.fill("#id_start_date", TODAY)
    pick(page, "#id_org", str(state["province"]))
    page.fill("#id_place", "Hội trường Liên hiệp hội tỉnh")
    page.fill("#id_participants_members", "25")
    page.locator("#id_photos").set_input_files({"name": "IMG_2031.jpg", "mimeType": "image/jpeg", "buffer": photo()})
    page.click("[data-testid=save]")
    page.wait_for_url("**/activities/*/")
    page.locator("[data-testid=photo]").first.wait_for()
    width = page.locator("[data-testid=photo]").evaluate("img => img.naturalWidth")
    state["photo_width"] = width
    shot(page, "officer-activity")
    step("officer: an activity recorded with a photo (upload), the photo served back", t)

    page.goto(f"{URL}/members/")
    state["member_list_a"] = page.locator("[data-testid=member-table] tbody tr").count()


def restored(page) -> None:  # type: ignore[no-untyped-def]
    t = time.time()
    password(page, "hatinh.canbo", "Can-bo-Ha-Tinh-2026!")
    page.wait_for_url(f"{URL}/accounts/verify/**")
    page.fill("#id_code", fresh("officer"))
    page.click("form button.btn-primary")
    page.wait_for_url(f"{URL}/")
    page.goto(f"{URL}/members/")
    state["member_list_b"] = page.locator("[data-testid=member-table] tbody tr").count()
    page.goto(f"{URL}/activities/")
    page.click("text=Tập huấn kỹ năng phổ biến pháp luật")
    page.locator("[data-testid=photo]").first.wait_for()
    state["photo_width_b"] = page.locator("[data-testid=photo]").evaluate("img => img.naturalWidth")
    shot(page, "restored-activity")
    step("restored site: the officer logs in with a code from the same app; members; the photo", t)


def main() -> None:
    part = sys.argv[1]
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(ignore_https_errors=True, locale="vi-VN", viewport={"width": 1366, "height": 768})
        page = context.new_page()
        page.on(
            "console",
            lambda m: violations.append(m.text) if "Content Security Policy" in m.text or m.type == "error" else None,
        )
        page.set_default_timeout(60_000)
        try:
            {"admin": admin, "officer": officer, "check": restored}[part](page)
        finally:
            shot(page, f"{part}-last")
            state.setdefault("timings", {})[part] = timings
            state.setdefault("console", {})[part] = violations
            STATE.write_text(json.dumps(state, ensure_ascii=False, indent=1))
            browser.close()


if __name__ == "__main__":
    main()
