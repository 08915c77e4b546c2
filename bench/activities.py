"""Benchmark activities, initiatives, honours and budgets at scale: the lists, the calendar and the node overview.

    DATABASE_URL=postgres://…/lienhiep_act_bench .venv/bin/python bench/activities.py --activities 1000000
    … bench/activities.py --keep                     # measure again the database the last run built
    … bench/activities.py --keep --explain           # plans of the reads over 100 ms p95: /tmp/activities-plans.txt
    .venv/bin/python bench/activities.py             # SQLite at /tmp/lienhiep-bench-activities.sqlite3, 200,000

The org tree is bench/tree.py's (~20,000 nodes, twenty years of history, the 2025 reform), written the
same way. N activities are spread over every node in its lifetime (associations mostly; unions, districts
and branches too; more in recent years), with the figures their kind has; N/10 initiatives, N/30 honours,
budgets for a sample of units per year and source, N/20 spending lines. Rows are written with COPY on
PostgreSQL (secondary indexes dropped and rebuilt around it) and executemany on SQLite, then ANALYZE.
Co-organisers, partners, files and event rows are not generated: no measured read uses them.
Reads go through the real selectors, `paging.keyset_page`/`capped_count` and `reporting.overview.figures`
(everything the overview page computes, the honours and finance panels included), as the views call
them. Writes nothing but the throwaway database and /tmp files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import sys
from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
os.environ.setdefault("BENCH_SQLITE", "/tmp/lienhiep-bench-activities.sqlite3")  # noqa: S108
sys.path.insert(0, str(BENCH))

import tree  # noqa: E402, I001  (sets up Django: config.settings_test, SQLite or DATABASE_URL)
from tree import RESULTS, columns, timed  # noqa: E402

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from lienhiep.accounts.models import User  # noqa: E402
from lienhiep.activities import selectors  # noqa: E402
from lienhiep.reporting import overview as overview_page  # noqa: E402
from lienhiep.activities.models import FIGURES_BY_KIND, Activity, ActivityKind, Initiative, LegalArea  # noqa: E402
from lienhiep.awards.models import Honour, HonourForm, Issuer  # noqa: E402
from lienhiep.core import paging  # noqa: E402
from lienhiep.core.text import fold  # noqa: E402
from lienhiep.finance.models import Budget, Source, Spending  # noqa: E402
from lienhiep.members.models import Field  # noqa: E402
from lienhiep.orgs import permissions  # noqa: E402
from lienhiep.orgs.models import Org, OrgKind, RememberedFigure  # noqa: E402

D = dt.date
START = D(2005, 1, 1)
CHUNK = 20_000
# Activities per node of each kind, relative: a province union organises far more than an association.
ORG_WEIGHT = {
    OrgKind.NATIONAL: 40,
    OrgKind.PROVINCIAL: 12,
    OrgKind.DISTRICT: 3,
    OrgKind.ASSOCIATION: 1,
    OrgKind.BRANCH: 0.3,
}
KIND_WEIGHT = {
    ActivityKind.TRAINING: 25, ActivityKind.SEMINAR: 14, ActivityKind.DISSEMINATION: 14,
    ActivityKind.PUBLICATION: 10, ActivityKind.LEAFLETS: 5, ActivityKind.COOPERATION: 8, ActivityKind.CAMPAIGN: 8,
    ActivityKind.LEGAL_AID: 6, ActivityKind.VISIT: 6, ActivityKind.OTHER: 4,
}  # fmt: skip
TOPICS = [
    "kỹ thuật trồng lúa", "chăm sóc sức khỏe người cao tuổi", "phòng chống dịch bệnh", "chuyển đổi số",
    "an toàn thực phẩm", "pháp luật đất đai", "nuôi trồng thủy sản", "sơ cấp cứu", "bảo vệ môi trường",
    "phòng chống thiên tai", "khởi nghiệp đổi mới sáng tạo", "ứng dụng công nghệ sinh học", "y học cổ truyền",
    "giáo dục kỹ năng sống", "năng lượng tái tạo", "bình đẳng giới", "an toàn giao thông", "sở hữu trí tuệ",
]  # fmt: skip
KIND_WORDS = {
    ActivityKind.TRAINING: "Tập huấn", ActivityKind.SEMINAR: "Hội thảo",
    ActivityKind.DISSEMINATION: "Phổ biến kiến thức",
    ActivityKind.PUBLICATION: "Xuất bản", ActivityKind.LEAFLETS: "Tờ rơi", ActivityKind.COOPERATION: "Phối hợp",
    ActivityKind.CAMPAIGN: "Chương trình thiện nguyện", ActivityKind.LEGAL_AID: "Tư vấn pháp luật",
    ActivityKind.VISIT: "Thăm hỏi, tặng quà", ActivityKind.OTHER: "Hoạt động",
}  # fmt: skip
PUBLICATION_KINDS = ["article", "article", "article", "bulletin", "book", "film"]
LEVELS = (["basic"] * 60) + (["sector"] * 20) + (["province"] * 15) + (["national"] * 5)
FORMS = [HonourForm.CERTIFICATE] * 4 + [HonourForm.COMMENDATION] * 4 + [HonourForm.MEDAL, HonourForm.EXEMPLARY]
ISSUERS = [Issuer.VUSTA, Issuer.PROVINCIAL_COMMITTEE, Issuer.PROVINCIAL_UNION, Issuer.PROVINCIAL_UNION,
           Issuer.MINISTRY, Issuer.LOCAL_COMMITTEE]  # fmt: skip
PLACES = tree.SYL


@lru_cache(maxsize=300_000)
def folded(text: str) -> str:
    return fold(text)


def recent_day(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    """A day in [lo, hi], more likely towards hi (density growing linearly with time)."""
    span = (hi - lo).days
    return lo + dt.timedelta(days=int(span * math.sqrt(rng.random())))


class Lives:
    """The nodes that record things, each with its life [first, last] within [2005, today]."""

    def __init__(self, sim: tree.Sim, today: dt.date) -> None:
        self.ids, self.first, self.last, weights = [], [], [], []
        for pk, o in sim.orgs.items():
            first = max(o["founded_on"], START)
            last = min(o["ended_on"] - dt.timedelta(days=1), today) if "ended_on" in o else today
            if first <= last:
                self.ids.append(pk)
                self.first.append(first)
                self.last.append(last)
                weights.append(ORG_WEIGHT[o["kind"]] * ((last - first).days + 1))
        self.cum = list(_accumulate(weights))

    def pick(self, rng: random.Random) -> int:
        """An index, weighted by the node's kind and the length of its life."""
        return _bisect(self.cum, rng.random() * self.cum[-1])


def _accumulate(values: Sequence[float]) -> Iterator[float]:
    total = 0.0
    for v in values:
        total += v
        yield total


def _bisect(cum: list[float], x: float) -> int:
    import bisect

    return min(bisect.bisect_right(cum, x), len(cum) - 1)


# The figures that are a choice: a value of the field's own choices.
CHOICES = {
    name: [value for value, _label in Activity._meta.get_field(name).choices or ()]
    for name in ("mode", "audience", "theme", "beneficiary")
}


def activity_rows(total: int, lives: Lives, fields: list[int]) -> Iterator[list[tuple[Any, ...]]]:
    rng = random.Random(5_000_001)
    now = timezone.now()
    cols = columns(Activity)
    kinds, kind_weights = list(KIND_WEIGHT), list(KIND_WEIGHT.values())
    blank = tree.blank_row(Activity)
    blank.update(created_at=now, updated_at=now, notes="", publication_kind="", place="")
    for start in range(0, total, CHUNK):
        out = []
        for i in range(start + 1, min(total, start + CHUNK) + 1):
            k = lives.pick(rng)
            on = recent_day(rng, lives.first[k], lives.last[k])
            kind = rng.choices(kinds, kind_weights)[0]
            topic, place = rng.choice(TOPICS), rng.choice(PLACES)
            title = f"{KIND_WORDS[kind]} {topic} tại {place}"
            row = dict(blank, id=i, org_id=lives.ids[k], kind=kind, title=title, title_folded=folded(title))
            row["start_date"] = on
            r = rng.random()
            if r < 0.2:
                row["end_date"] = on + dt.timedelta(days=rng.randint(1, 4))
            elif r < 0.21:
                row["end_date"] = on + dt.timedelta(days=rng.randint(30, 200))
            row["place"] = f"Hội trường {place}" if rng.random() < 0.7 else ""
            row["field_id"] = rng.choice(fields) if rng.random() < 0.6 else None
            for name in FIGURES_BY_KIND[kind]:
                if rng.random() < 0.15 or name == "items_unit":
                    continue  # figures left empty; a count of items is given with its unit below
                choices = CHOICES.get(name)
                if name == "legal_areas":
                    row[name] = json.dumps(rng.sample(LegalArea.values, rng.randint(1, 3)))
                elif choices:
                    row[name] = rng.choice(choices)
                elif name == "items":
                    row[name], row["items_unit"] = rng.randrange(1, 20), "công trình"
                elif name == "publication_kind":
                    row[name] = rng.choice(PUBLICATION_KINDS)
                elif name in ("money_raised", "gifts_value"):
                    row[name] = Decimal(rng.randrange(1, 500) * 100_000)
                elif name == "copies":
                    row[name] = rng.randrange(100, 5000)
                else:
                    row[name] = rng.randrange(5, 300)
            out.append(tuple({**blank, **row}[c] for c in cols))
        yield out


def initiative_rows(total: int, lives: Lives, fields: list[int]) -> Iterator[list[tuple[Any, ...]]]:
    rng = random.Random(100_001)
    now = timezone.now()
    cols = columns(Initiative)
    blank = tree.blank_row(Initiative)
    for start in range(0, total, CHUNK):
        out = []
        for i in range(start + 1, min(total, start + CHUNK) + 1):
            k = lives.pick(rng)
            year = recent_day(rng, lives.first[k], lives.last[k]).year
            title = f"Sáng kiến {rng.choice(TOPICS)} ở {rng.choice(PLACES)}"
            applied = rng.random() < 0.6
            row = {
                "id": i, "created_at": now, "updated_at": now, "org_id": lives.ids[k], "title": title,
                "title_folded": folded(title), "author_names": f"Nguyễn Văn {rng.choice(PLACES)}",
                "field_id": rng.choice(fields) if rng.random() < 0.7 else None, "level": rng.choice(LEVELS),
                "year": year, "applied": applied, "effect": "Áp dụng tại đơn vị" if applied else "",
                "created_by_id": None,
            }  # fmt: skip
            out.append(tuple({**blank, **row}[c] for c in cols))
        yield out


def honour_rows(total: int, lives: Lives) -> Iterator[list[tuple[Any, ...]]]:
    rng = random.Random(30_001)
    now = timezone.now()
    cols = columns(Honour)
    blank = tree.blank_row(Honour)
    for start in range(0, total, CHUNK):
        out = []
        for i in range(start + 1, min(total, start + CHUNK) + 1):
            k = lives.pick(rng)
            on = recent_day(rng, lives.first[k], lives.last[k])
            row = {
                "id": i, "created_at": now, "updated_at": now, "org_id": lives.ids[k], "person_id": None,
                "person_name": f"Trần Thị {rng.choice(PLACES)}" if rng.random() < 0.4 else "",
                "form": rng.choice(FORMS), "issuer": rng.choice(ISSUERS), "issuer_name": "",
                "decision_number": f"{rng.randrange(1, 3000)}/QĐ", "decision_date": on,
                "reason": "Đã có thành tích xuất sắc trong công tác hội", "created_by_id": None,
                "scan": "", "scan_type": "",
            }  # fmt: skip
            out.append(tuple({**blank, **row}[c] for c in cols))
        yield out


def budget_rows(lives: Lives, units: int) -> Iterator[list[tuple[Any, ...]]]:
    rng = random.Random(40_001)
    now = timezone.now()
    cols = columns(Budget)
    blank = tree.blank_row(Budget)
    out, pk = [], 0
    for k in rng.sample(range(len(lives.ids)), min(units, len(lives.ids))):
        for year in range(max(2010, lives.first[k].year), lives.last[k].year + 1):
            for source in rng.sample(Source.values, rng.randint(1, 3)):
                pk += 1
                planned = rng.randrange(5, 500) * 1_000_000
                actual = planned * rng.randrange(70, 110) // 100 if rng.random() < 0.9 else None
                row = {
                    "id": pk, "created_at": now, "updated_at": now, "org_id": lives.ids[k], "year": year,
                    "source": source, "planned": planned, "actual": actual, "notes": "",
                }  # fmt: skip
                out.append(tuple({**blank, **row}[c] for c in cols))
    yield out


def spending_rows(total: int, lives: Lives) -> Iterator[list[tuple[Any, ...]]]:
    rng = random.Random(50_001)
    now = timezone.now()
    cols = columns(Spending)
    blank = tree.blank_row(Spending)
    for start in range(0, total, CHUNK):
        out = []
        for i in range(start + 1, min(total, start + CHUNK) + 1):
            k = lives.pick(rng)
            row = {
                "id": i, "created_at": now, "updated_at": now, "org_id": lives.ids[k],
                "spent_on": recent_day(rng, lives.first[k], lives.last[k]),
                "amount": rng.randrange(1, 200) * 100_000, "purpose": "Chi hoạt động",
                "source": rng.choice(Source.values), "activity_id": None, "created_by_id": None,
            }  # fmt: skip
            out.append(tuple({**blank, **row}[c] for c in cols))
        yield out


def sources(shape: tree.Tree, total: int) -> dict[Any, Any]:
    """`total` activities, and initiatives, honours, budgets and spending in proportion, over the nodes of `shape`,
    for `tree.load`."""
    lives = Lives(shape.sim, timezone.localdate())
    fields = list(Field.objects.values_list("pk", flat=True))
    return {
        Activity: lambda: activity_rows(total, lives, fields),
        Initiative: lambda: initiative_rows(total // 10, lives, fields),
        Honour: lambda: honour_rows(total // 30, lives),
        Budget: lambda: budget_rows(lives, max(100, total // 250)),
        Spending: lambda: spending_rows(total // 20, lives),
    }


def build(total: int) -> dict[str, float]:
    shape, stages = tree.build_tree()
    return stages | tree.load(sources(shape, total))


# --- Timing ---------------------------------------------------------------------------------------


def fresh(user: Any) -> Any:
    user.__dict__.pop("_lienhiep_role_levels", None)  # roles are read again, as on a new request
    return user


def list_page(user: Any, filters: selectors.ActivityFilters, after: str | None = None) -> list[Activity]:
    rows = selectors.activity_list(visible_org_ids=permissions.org_ids_at_least(fresh(user)), filters=filters)
    return paging.keyset_page(rows, after, None, key="start_date")[0]


def list_count(user: Any, filters: selectors.ActivityFilters) -> int:
    rows = selectors.activity_list(visible_org_ids=permissions.org_ids_at_least(fresh(user)), filters=filters)
    return paging.capped_count(rows)[0]


def cursor_at(user: Any, filters: selectors.ActivityFilters, fraction: float, n: int) -> list[str]:
    """n cursors of rows around `fraction` of the way down the user's list."""
    rows = selectors.activity_list(visible_org_ids=permissions.org_ids_at_least(fresh(user)), filters=filters)
    total = rows.order_by().count()
    at = int(total * fraction)
    window = list(rows.values_list("start_date", "id")[max(0, at - 2000) : at + 2000])
    return [f"{d.isoformat()}~{pk}" for d, pk in random.Random(3).sample(window, min(n, len(window)))]


def reads(reps: int) -> None:
    rng = random.Random(7)
    today = timezone.localdate()
    admin = User.objects.get(username="bench.admin")
    officers = {
        u: Org.objects.get(pk=int(u.username.split(".")[1]))
        for u in User.objects.filter(username__startswith="officer.")
    }
    root = Org.objects.get(kind=OrgKind.NATIONAL)
    provinces = list(Org.objects.filter(kind=OrgKind.PROVINCIAL, ended_on__isnull=True))
    districts = [o for o in Org.objects.filter(kind=OrgKind.DISTRICT) if o.exists_on(D(2024, 12, 31))]
    picks = [rng.choice(list(officers)) for _ in range(reps)]
    none = selectors.ActivityFilters()

    timed("activity list, first page, national admin", [admin] * reps, lambda u: list_page(u, none))
    timed("… its capped count (paging.COUNT_CAP)", [admin] * reps, lambda u: list_count(u, none))
    cursors = cursor_at(admin, none, 0.5, reps)
    timed("activity list, deep page (row ~500,000), national admin", cursors, lambda c: list_page(admin, none, c))
    timed("activity list, first page, province officer", picks, lambda u: list_page(u, none))
    timed("… its capped count", picks, lambda u: list_count(u, none))
    officer = picks[0]
    cursors = cursor_at(officer, none, 0.5, reps)
    timed("activity list, deep page (middle), province officer", cursors, lambda c: list_page(officer, none, c))
    year = selectors.ActivityFilters(kind=ActivityKind.TRAINING, start=D(2024, 1, 1), end=D(2024, 12, 31))
    timed("filtered page (training, 2024), national admin", [admin] * reps, lambda u: list_page(u, year))
    timed("… its capped count", [admin] * reps, lambda u: list_count(u, year))
    timed("filtered page (training, 2024), province officer", picks, lambda u: list_page(u, year))
    timed("… its capped count", picks, lambda u: list_count(u, year))

    def node_filtered(u: Any) -> list[Activity]:
        return list_page(u, selectors.ActivityFilters(node=officers[u], kind=ActivityKind.TRAINING,
                                                      start=D(2024, 1, 1), end=D(2024, 12, 31)))  # fmt: skip

    timed("filtered page (own province, training, 2024), province officer", picks, node_filtered)

    months = [(rng.choice([2024, 2025, 2026]), rng.randint(1, 12)) for _ in range(reps)]
    months = [(y, m) for y, m in months if D(y, m, 1) <= today]

    def calendar(x: tuple[Any, tuple[int, int]]) -> list[Activity]:
        u, (y, m) = x
        visible = permissions.org_ids_at_least(fresh(u))
        return selectors.activities_in_month(visible_org_ids=visible, node=officers.get(u), year=y, month=m)

    timed("calendar month, own province, province officer", list(zip(picks, months, strict=False)), calendar)
    timed("calendar month, whole tree, national admin", [(admin, ym) for ym in months], calendar)

    term = (D(today.year - 5, 1, 1), today)  # the overview's default period
    writer = User.objects.get(username="bench.admin")
    recorded_under: dict[int, Org] = {}

    def record_today(node: Org) -> None:
        """A secretary records an activity today under `node` (its signals forget this month's pieces)."""
        if node.pk not in recorded_under:
            recorded_under[node.pk] = (
                Org.objects.filter(closure_up__ancestor=node, closure_up__valid_to__isnull=True, ended_on__isnull=True)
                .exclude(pk=node.pk)
                .order_by("pk")
                .first()
                or node
            )
        Activity.objects.create(org=recorded_under[node.pk], kind=ActivityKind.TRAINING, title="Tập huấn",
                                start_date=today, participants_public=10, created_by=writer)  # fmt: skip

    for label, nodes, one_year in (
        ("national", [root], (D(2025, 1, 1), D(2025, 12, 31))),
        ("province", provinces, (D(2025, 1, 1), D(2025, 12, 31))),
        ("district", districts, (D(2024, 1, 1), D(2024, 12, 31))),
    ):
        for period_label, (start, end) in ((f"{one_year[0].year}", one_year), (f"{term[0]}–{term[1]}", term)):
            cases = [rng.choice(nodes) for _ in range(max(5, reps // 2) if label == "national" else reps)]

            def overview(n: Org, s: dt.date = start, e: dt.date = end) -> int:
                return overview_page.figures(n, s, e)["cards"]["activities"]

            # Nothing remembered: what the first reader after a change to the tree computes.
            timed(f"overview figures, {label}, {period_label}, nothing remembered", cases, overview,
                  before=lambda n: RememberedFigure.objects.all().delete())  # fmt: skip
            # Everything remembered: every later reader.
            timed(f"overview figures, {label}, {period_label}, remembered", cases, overview, before=overview)
            if end >= today:
                # Remembered, then an activity recorded today under the node: this month is computed again.
                timed(f"overview figures, {label}, {period_label}, after an activity recorded today", cases, overview,
                      before=lambda n: (overview(n), record_today(n)))  # fmt: skip

    def initiatives(u: Any) -> list[Initiative]:
        rows = selectors.initiative_list(
            visible_org_ids=permissions.org_ids_at_least(fresh(u)), filters=selectors.InitiativeFilters()
        )
        return paging.keyset_page(rows, None, None, key="year")[0]

    timed("initiative list, first page, national admin", [admin] * reps, initiatives)
    timed("initiative list, first page, province officer", picks, initiatives)
    cases = [rng.choice(provinces) for _ in range(reps)]
    timed(
        f"initiative_totals, province, {term[0].year}–{term[1].year}",
        cases,
        lambda n: selectors.initiative_totals(n, first_year=term[0].year, last_year=term[1].year).count,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--activities", type=int, default=1_000_000 if os.environ.get("DATABASE_URL") else 200_000)
    parser.add_argument("--keep", action="store_true", help="measure the database the last run built")
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--explain", action="store_true")
    options = parser.parse_args()
    stages = None if options.keep else build(options.activities)
    db: Any = connection
    version = db.Database.sqlite_version if db.vendor == "sqlite" else db.pg_version
    counts = [f"{m.objects.count():,} {m.__name__}" for m in (Activity, Initiative, Honour, Budget, Spending)]
    print(f"{connection.vendor} {version}: {Org.objects.count():,} nodes, " + ", ".join(counts), end="")
    if stages:
        print("; built in " + ", ".join(f"{k} {v:.0f} s" for k, v in stages.items()), end="")
    load = os.getloadavg()
    print(f"; today = {timezone.localdate()}; load average at start {load[0]:.1f}.\n", flush=True)
    reads(options.reps)
    load = os.getloadavg()
    print(f"(load average at end {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f})\n")
    tree.print_table(("query", "n", "p50 ms", "p95 ms", "mean rows / count"), RESULTS, tree.ROW)
    print(flush=True)
    if options.explain:
        tree.explain("/tmp/activities-plans.txt")  # noqa: S108


if __name__ == "__main__":
    main()
