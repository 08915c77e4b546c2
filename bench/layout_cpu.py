"""The CPU the layout (base.html) costs every page, and whole requests that pay it, on the demo database.

    DEBUG=0 SECRET_KEY=… ALLOWED_HOSTS=testserver .venv/bin/python bench/layout_cpu.py [before|after]

A province officer (the first user with a role) logged in as `accounts.testing.login` does, Django's test client,
CPU (`time.process_time()`), so that the machine's load hardly moves the numbers:
- the layout: 404.html and 403.html rendered on the request a real 404 went through, against a template of the same
  blocks without base.html, 300 renders of each in turn, medians;
- whole requests (the 404 page, a member's 404, the home page, the member list): the median of 60 requests after a
  warm-up, with their queries and bytes.
To compare two checkouts, run it in each in turn (the same database: LIENHIEP_VAR_DIR).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.template import engines  # noqa: E402
from django.template.loader import get_template  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import translation  # noqa: E402

from lienhiep.accounts.models import User  # noqa: E402
from lienhiep.accounts.testing import login  # noqa: E402

URLS = ["/nonexistent/", "/members/999999999/", "/", "/members/"]


def main() -> None:
    side = sys.argv[1] if len(sys.argv) > 1 else ""
    user = User.objects.filter(roles__isnull=False, is_superuser=False).order_by("pk").first()
    client = Client()
    login(client, user)
    request = client.get("/nonexistent/").wsgi_request
    templates = {
        "404.html": get_template("404.html"),
        "403.html": get_template("403.html"),
        "no layout": engines["django"].from_string(
            "{% load i18n %}{% block title %}{% translate 'Page not found' %}{% endblock %}"
            + get_template("404.html").template.source.split("{% block content %}", 1)[1].rsplit("{% endblock %}", 1)[0]
        ),
    }
    times: dict[str, list[float]] = {name: [] for name in templates}
    with translation.override("vi"):
        for template in templates.values():
            template.render(request=request)
        for _ in range(300):
            for name, template in templates.items():
                start = time.process_time()
                template.render(request=request)
                times[name].append(time.process_time() - start)
    medians = {name: statistics.median(values) * 1000 for name, values in times.items()}
    print(
        f"{side} layout: " + ", ".join(f"{name} {ms:.2f} ms" for name, ms in medians.items()),
        f"(the layout {medians['404.html'] - medians['no layout']:.2f} ms), load {os.getloadavg()[0]:.1f}",
    )
    for url in URLS:
        client.get(url)
        spent = []
        for _ in range(60):
            start = time.process_time()
            response = client.get(url)
            spent.append(time.process_time() - start)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(
            f"{side} {url} {response.status_code}: {statistics.median(spent) * 1000:.2f} ms, "
            f"{len(queries)} queries, {len(response.content)} bytes"
        )


if __name__ == "__main__":
    main()
