# Run with: lienhiep-manage shell --no-imports -c "exec(open('/tmp/figures.py').read())" > figures.json (a copy the
# site's user can read), on both servers, then compare the two files.
# Every figure of the overview of every union and every unit's member count, counted from the records alone and as
# the pages read them (the restore drill's _figures, tests/test_backup_drill.py), as JSON.
import json
from contextlib import nullcontext

from lienhiep.core.events import jsonable
from lienhiep.orgs import figures
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org, OrgKind
from lienhiep.reporting import overview, registry


def _figures(afresh):
    today = org_selectors.today()
    start, end = overview.period(today)
    found = {}
    with figures.computed_afresh() if afresh else nullcontext():
        for org in Org.objects.order_by("pk"):
            found[org.pk] = {
                "name": org.name,
                "members": registry.compute("members.count", org, start=start, end=end, as_of=today).value,
            }
            if org.kind in (OrgKind.NATIONAL, OrgKind.PROVINCIAL, OrgKind.DISTRICT):
                found[org.pk]["overview"] = overview.figures(org, start, end)
    return found


print(
    json.dumps(
        jsonable({"afresh": _figures(True), "remembered": _figures(False)}),
        sort_keys=True,
        default=str,
        ensure_ascii=False,
        indent=1,
    )
)
