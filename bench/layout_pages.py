"""Every page of the demo, byte for byte: a snapshot of the HTML each persona is served, and a check against it.

    make -s migrate seed static   (DEBUG=0 …: the demo database, var/lienhiep.sqlite3)
    DEBUG=0 SECRET_KEY=… ALLOWED_HOSTS=testserver .venv/bin/python bench/layout_pages.py --save /tmp/pages-before
    … (change the layout) …
    DEBUG=0 SECRET_KEY=… ALLOWED_HOSTS=testserver .venv/bin/python bench/layout_pages.py --compare /tmp/pages-before

For a national officer, a province officer, a province leader (read only), a branch secretary, an expert without a
role and an anonymous visitor, through Django's test client (the user logged in as `accounts.testing.login` does):
the pages reached from the home page by following the links each is shown (GET only; at most `--per-view` URLs per
view, so that a list of a thousand members is not read a thousand times; no downloads, no admin), then the URLs
the province officer reached, asked again by the leader (the pages a read-only role is refused: 403) and by the
branch secretary (outside their subtree: 404), and a few unknown URLs (404), in Vietnamese and, for the province
officer, in English. Each page's bytes are kept with its CSRF tokens and CSP nonces blanked (they differ on every
request). `--compare` asks the same URLs and prints every page whose bytes differ, with the first difference.

A page that depends on the clock or on what the crawl itself wrote (a login's time) may differ from one run to the
next: run `--compare` against an unchanged checkout first to see those. Each difference says whether it lies
outside the page's <main> (the layout: header, sidebar, head) or only inside it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
from collections import Counter, deque
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402

from lienhiep.accounts.models import User  # noqa: E402
from lienhiep.accounts.testing import login  # noqa: E402

PERSONAS = {
    "national": "vusta.canbo",
    "province": "hatinh.canbo",
    "leader": "hatinh.lanhdao",
    "branch": "trungluong.thuky",
    "expert": "hatinh.chuyengia",
    "anonymous": "",
}
# Views that send a file, or that the crawl must not follow (the admin; a GET that starts work).
SKIPPED = re.compile(r"^admin:|export|download|docx|xlsx|pdf|(^|[:_])file$|rendering_file|photo|thumb|logout|retry")
UNKNOWN = ["/nonexistent/", "/members/999999999/", "/orgs/999999999/", "/activities/999999999/"]
HREF = re.compile(r'href="(/[^"#]*)')
BLANKED = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*'), r"\1"),
    (re.compile(r'("X-CSRFToken": ")[^"]*'), r"\1"),
    (re.compile(r'(nonce=")[^"]*'), r"\1"),
]


def blank(html: str) -> str:
    for pattern, replacement in BLANKED:
        html = pattern.sub(replacement, html)
    return html


def view_name(url: str) -> str | None:
    try:
        return resolve(url.split("?", 1)[0]).view_name
    except Resolver404:
        return None


def fetch(client: Client, url: str) -> tuple[int, str, str, str]:
    """The status, the content type, the HTML (blanked; "" for anything else) and where a redirect goes."""
    response = client.get(url)
    kind, location = response.get("Content-Type", ""), response.get("Location", "")
    if getattr(response, "streaming", False) or "html" not in kind:
        return response.status_code, kind, "", location
    return response.status_code, kind, blank(response.content.decode()), location


def client_for(username: str, language: str) -> Client:
    client = Client()
    client.cookies["django_language"] = language
    if username:
        login(client, User.objects.get(username=username))
    return client


def crawl(client: Client, per_view: int, start: list[str]) -> dict[str, tuple[int, str, str, str]]:
    pages: dict[str, tuple[int, str, str, str]] = {}
    seen_views: Counter[str] = Counter()
    queue = deque(start)
    queued = set(start)
    while queue:
        url = queue.popleft()
        pages[url] = page = fetch(client, url)
        for link in HREF.findall(page[2]) + [page[3]] * bool(page[3].startswith("/")):
            link = link.replace("&amp;", "&")
            name = view_name(link)
            if link in queued or name is None or SKIPPED.search(name) or seen_views[name] >= per_view:
                continue
            seen_views[name] += 1
            queued.add(link)
            queue.append(link)
    return pages


def snapshot(per_view: int) -> dict[str, dict[str, tuple[int, str, str, str]]]:
    found: dict[str, dict[str, tuple[int, str, str, str]]] = {}
    for persona, username in PERSONAS.items():
        if persona in ("leader", "branch"):
            continue
        client = client_for(username, "vi")
        found[persona] = crawl(client, per_view, ["/", *UNKNOWN]) if username else crawl(client, per_view, ["/"])
        print(f"{persona}: {len(found[persona])} URLs", file=sys.stderr, flush=True)
    for persona in ("leader", "branch"):
        client = client_for(PERSONAS[persona], "vi")
        urls = list(found["province"]) + [u for u in crawl(client, per_view, ["/"]) if u not in found["province"]]
        found[persona] = {url: fetch(client, url) for url in urls}
        print(f"{persona}: {len(found[persona])} URLs", file=sys.stderr, flush=True)
    client = client_for(PERSONAS["province"], "en")
    found["province-en"] = {url: fetch(client, url) for url in found["province"]}
    return found


def again(saved: dict[str, dict[str, list]]) -> dict[str, dict[str, tuple[int, str, str, str]]]:
    found: dict[str, dict[str, tuple[int, str, str, str]]] = {}
    for persona, pages in saved.items():
        username = PERSONAS[persona.removesuffix("-en")]
        client = client_for(username, "en" if persona.endswith("-en") else "vi")
        found[persona] = {url: fetch(client, url) for url in pages}
    return found


def outside_main(html: str) -> str:
    """The page without what its <main> holds: the layout (and, on a public page, nothing of the content)."""
    start, end = html.find("<main"), html.rfind("</main>")
    return html[:start] + html[end:] if 0 <= start < end else html


def first_difference(a: str, b: str) -> str:
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"at {at}: {a[max(0, at - 80) : at + 120]!r}\n   now: {b[max(0, at - 80) : at + 120]!r}"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--save", type=Path)
    parser.add_argument("--compare", type=Path)
    parser.add_argument("--per-view", type=int, default=3)
    args = parser.parse_args()
    if args.save:
        found = snapshot(args.per_view)
        args.save.mkdir(parents=True, exist_ok=True)
        with gzip.open(args.save / "pages.json.gz", "wt") as out:
            json.dump(found, out)
        statuses = Counter(str(page[0]) for pages in found.values() for page in pages.values())
        print(f"saved {sum(map(len, found.values()))} pages: {dict(statuses)}")
        return
    with gzip.open(args.compare / "pages.json.gz", "rt") as saved_file:
        saved = json.load(saved_file)
    found = again(saved)
    differ = layout = 0
    for persona, pages in saved.items():
        for url, (status, kind, html, _location) in pages.items():
            now = found[persona][url]
            if [status, kind, html] != list(now[:3]):
                differ += 1
                where = "content only"
                if [status, kind, outside_main(html)] != [now[0], now[1], outside_main(now[2])]:
                    layout += 1
                    where = "LAYOUT"
                print(f"{persona} {url}: {status} {len(html)} bytes, now {now[0]} {len(now[2])} bytes ({where})")
                print("   " + first_difference(html, now[2]))
    total = sum(map(len, saved.values()))
    html_pages = sum(1 for pages in saved.values() for page in pages.values() if page[2])
    print(f"{total} URLs ({html_pages} HTML pages) asked again: {differ} differ, {layout} of them outside <main>")


if __name__ == "__main__":
    main()
