"""What a change that should change nothing a user sees changed: run in two trees on two copies of one database,
then `diff -r` the two folders.

    cp var/lienhiep.sqlite3 /tmp/a.sqlite3 && cp var/lienhiep.sqlite3 /tmp/b.sqlite3   # the demo, migrated
    cd <base> && DEBUG=1 SECRET_KEY=… DATABASE_URL=sqlite:////tmp/a.sqlite3 python <this>/bench/same_pages.py /tmp/a
    cd <this> && DEBUG=1 SECRET_KEY=… DATABASE_URL=sqlite:////tmp/b.sqlite3 python bench/same_pages.py /tmp/b
    diff -r /tmp/a /tmp/b

Writes, for the demo's national officer, a province's officer and an association's secretary (the second factor
taken as given): each create and edit page's status, redirect and HTML (CSRF tokens blanked), opened as the menu
opens it and for a province (`?org=`); and the SQL statements the member list sends, filtered on that province and
not (list13's short path), sessions' keys and times blanked. Run from the tree to measure (its code is imported)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from lienhiep.accounts.testing import login  # noqa: E402
from lienhiep.orgs.models import Org  # noqa: E402

USERS = ("vusta.canbo", "hatinh.canbo", "trungluong.thuky")
PAGES = (
    "activities:new activities:project_new activities:partner_new activities:initiative_new awards:new "
    "awards:rating_set awards:nomination_new finance:budget_set finance:spending_new governance:congress_new "
    "members:collective_new members:request_new members:breach_new members:admit reviews:new reviews:plan "
    "contests:contest_new experts:new reporting:new campaigns:new"
).split()
ROW_PAGES = {  # a page of one record: the record's model (its first row)
    "activities:project_edit": "activities.Project", "activities:initiative_edit": "activities.Initiative",
    "awards:edit": "awards.Honour", "awards:nomination_edit": "awards.Nomination",
    "finance:spending_edit": "finance.Spending", "governance:committee_new": "governance.Congress",
    "governance:committee_edit": "governance.Committee", "governance:seat_elect": "governance.Committee",
    "governance:target_new": "governance.Congress", "reviews:edit": "reviews.Dossier",
    "contests:edition_new": "contests.Contest", "members:membership_add": "members.Person",
}  # fmt: skip


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    province = Org.objects.filter(kind="provincial", name__contains="Tĩnh").order_by("pk").first()
    assert province is not None
    urls = [reverse(name) for name in PAGES]
    for name, model in ROW_PAGES.items():
        row = apps.get_model(model).objects.order_by("pk").first()
        urls += [reverse(name, args=[row.pk])] if row else []
    for username in USERS:
        client = Client()
        login(client, get_user_model().objects.get(username=username))
        for url in urls:
            for asked in (url, f"{url}?org={province.pk}"):
                response = client.get(asked, HTTP_HOST="localhost")
                body = response.content.decode() if response.status_code == 200 else ""
                body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"', "csrf", body)
                tag = re.sub(r"\W+", "-", f"{username} {asked}").strip("-")
                (out / f"{tag}.html").write_text(f"{response.status_code} {response.get('Location', '')}\n{body}")
        if username == "hatinh.canbo":
            (out / "member-list.sql").write_text(_member_list_sql(client, province))


def _member_list_sql(client: Client, province: Org) -> str:
    said = []
    for query in (f"?node={province.pk}", f"?node={province.pk}&q=nguyen", f"?node={province.pk}&q=12", ""):
        client.get(f"/members/{query}", HTTP_HOST="localhost")  # warm
        seen: list[str] = []
        connection.ensure_connection()
        connection.connection.set_trace_callback(seen.append)
        client.get(f"/members/{query}", HTTP_HOST="localhost")
        connection.connection.set_trace_callback(None)
        said += [f"/members/{query}", *seen]
    text = "\n".join(said)
    text = re.sub(r"session_key\" = '\w+'|QUOTE\('\w+'\)", "session", text)
    return re.sub(r"\d{4}-\d{2}-\d{2} [\d:.]+", "time", text) + "\n"


if __name__ == "__main__":
    main(Path(sys.argv[1]))
