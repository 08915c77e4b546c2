"""Load test: many users at once against the production server process (issue 13, "Done when").

Run it against the server as deployed: gunicorn BEHIND Caddy (deploy/Caddyfile), never gunicorn alone. wrk opens a
user's next connection as soon as the last answer arrives and only then waits the think time; gunicorn's sync workers
accept a connection and block reading its request, so without a proxy five idle users hold all five workers and every
other request waits in the listen queue (27/11/2026, quiet machine: p50 2,484 ms measured by wrk while the views took
164 ms; through Caddy, which forwards only whole requests, the same load gave p50 275 ms). Deployed, Caddy is always
in front (docs/deploy.md), so that is the number that says what a user waits.

    # the server, as deployed (the same SECRET_KEY in both shells: the sessions made here are signed with it)
    export DATABASE_URL=postgres://…/lienhiep_pages_bench SECRET_KEY=…
    DEBUG=0 .venv/bin/python manage.py collectstatic --no-input -v 0
    DEBUG=0 BEHIND_PROXY=1 TRUSTED_PROXY_COUNT=1 SESSION_COOKIE_SECURE=1 LIENHIEP_BIND=127.0.0.1:8113 LOG_REQUESTS=1 \
        .venv/bin/gunicorn config.wsgi -c deploy/gunicorn.conf.py &
    LIENHIEP_DOMAIN=localhost LIENHIEP_UPSTREAM=127.0.0.1:8113 LIENHIEP_STATIC=$PWD/staticfiles \
        LIENHIEP_HTTP_PORT=8081 LIENHIEP_HTTPS_PORT=8443 caddy run --config deploy/Caddyfile --adapter caddyfile &
    # then the users
    .venv/bin/python bench/load.py --url https://localhost:8443 --users 100 --duration 300 --think 5-15

Each simulated user is one of the benchmark's officers (the national officer, or a province officer on their own
province), logged in once: a real session in the server's session store, made here as a login leaves it, its
second factor checked (accounts.testing.verified_session). Each user opens a page, waits a think time drawn
uniformly from --think seconds, and opens the next: the member list, a
filtered list, a search by a common name, a rare name and a phone number, a member's page, the member statistics, the
overview, the list of reports and an issued report. The mix (weights below) is what an office does in a day.

The load comes from `wrk` (Debian's package; C, so the client takes little of the two cores the server needs), driven
by a Lua script this program writes; wrk keeps one connection per user and reports latency percentiles over every
request and every non-2xx answer as an error. Writes sessions into the database, nothing else.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import ssl
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import members as members_bench  # noqa: E402  (bench/members.py: the rare names)
import tree  # noqa: E402, F401  (sets up Django)
from django.conf import settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from lienhiep.accounts.models import User  # noqa: E402
from lienhiep.accounts.testing import verified_session  # noqa: E402
from lienhiep.members.models import Membership  # noqa: E402
from lienhiep.orgs.models import Org, OrgKind  # noqa: E402
from lienhiep.reporting.models import Report  # noqa: E402

# The pages of an office's day and how often each is opened (relative weights).
MIX = {
    "member list": 4,
    "member list filtered": 2,
    "search common name": 2,
    "search rare name": 2,
    "search phone": 1,
    "member page": 4,
    "member statistics": 1,
    "overview": 2,
    "report list": 1,
    "report": 1,
}

LUA = r"""
local paths = %(paths)s
local cookies = %(cookies)s
local think_lo, think_hi = %(think_lo)d, %(think_hi)d
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  math.randomseed(os.time() + id * 7919)
  non2xx = 0
  sent = 0
end

function delay()
  return math.random(think_lo, think_hi)
end

function request()
  local i = math.random(#paths)
  sent = sent + 1
  return wrk.format("GET", paths[i], {["Cookie"] = cookies[i]})
end

function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("non2xx") end
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_s": %%.1f, "non2xx": %%d, "socket_errors": %%d, "p50_ms": %%.1f, '
    .. '"p90_ms": %%.1f, "p95_ms": %%.1f, "p99_ms": %%.1f, "max_ms": %%.1f, "mean_ms": %%.1f}\n',
    summary.requests, summary.duration / 1e6, bad,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3, latency.mean / 1e3))
end
"""


def session_cookie(user: User) -> str:
    # Logged in as a test is (accounts.testing): an officer's session with its second factor checked.
    return f"{settings.SESSION_COOKIE_NAME}={verified_session(user).session_key}"


def check_logged_in(url: str, path: str, cookie: str) -> None:
    """Stop before the run if the server does not take the sessions made here (another SECRET_KEY or database):
    every request would be a redirect to the login page, counted as an error."""
    if not url.startswith(("http://", "https://")):
        sys.exit(f"--url must be http(s)://…, not {url}")
    request = urllib.request.Request(url + path, headers={"Cookie": cookie})  # noqa: S310  (checked above)
    context = ssl._create_unverified_context()  # noqa: S323  (Caddy's local certificate for localhost)
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), _NoRedirect())
    try:
        status = opener.open(request, timeout=120).status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        sys.exit(f"{url}{path} answered {status} to a logged-in user: give the server and this script the same "
                 "SECRET_KEY and DATABASE_URL")  # fmt: skip


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def pages_of(user: User, node: int, rng: random.Random) -> list[str]:
    """One user's list of paths, each page repeated by its weight."""
    member = (
        Membership.objects.filter(org__closure_up__ancestor_id=node, org__closure_up__valid_to__isnull=True)
        .order_by("person_id")
        .values_list("person_id", flat=True)[rng.randrange(1000)]
    )
    phone = Membership.objects.filter(person_id=member).values_list("person__phone", flat=True).first() or "09"
    report = Report.objects.filter(org_id=node).order_by("-pk").values_list("pk", flat=True).first()
    q = urllib.parse.quote_plus
    by_kind = {
        "member list": f"/members/?node={node}",
        "member list filtered": f"/members/?node={node}&education=ths&age=30-39",
        "search common name": f"/members/?node={node}&q=nguyen+van",
        "search rare name": f"/members/?node={node}&q={q(members_bench.rare_name(rng.randrange(60)))}",
        "search phone": f"/members/?node={node}&q={q(phone)}",
        "member page": f"/members/{member}/",
        "member statistics": f"/members/stats/?node={node}",
        "overview": f"/reports/overview/?node={node}",
        "report list": f"/reports/?node={node}",
        "report": f"/reports/{report}/" if report else f"/reports/?node={node}",
    }
    return [path for kind, path in by_kind.items() for _ in range(MIX[kind])]


def main() -> None:
    setup_test_environment()
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8001")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--duration", type=int, default=300, help="seconds")
    parser.add_argument("--think", default="5-15", help="think time between a user's pages, seconds lo-hi")
    parser.add_argument("--national-share", type=float, default=0.1, help="share of users who are national officers")
    options = parser.parse_args()
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk not found: apt-get install wrk")
    rng = random.Random(13)
    root = Org.objects.get(kind=OrgKind.NATIONAL)
    national = User.objects.get(username="national.officer")
    officers = list(User.objects.filter(username__startswith="officer.").order_by("username"))
    paths: list[str] = []
    cookies: list[str] = []
    for n in range(options.users):
        if n < round(options.users * options.national_share):
            user, node = national, root.pk
        else:
            user = rng.choice(officers)
            node = int(user.username.split(".")[1])
        cookie = session_cookie(user)
        for path in pages_of(user, node, rng):
            paths.append(path)
            cookies.append(cookie)
    check_logged_in(options.url, paths[0], cookies[0])
    lo, hi = (int(float(x) * 1000) for x in options.think.split("-"))
    script = LUA % {
        "paths": "{" + ",".join(json.dumps(p) for p in paths) + "}",
        "cookies": "{" + ",".join(json.dumps(c) for c in cookies) + "}",
        "think_lo": lo,
        "think_hi": hi,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    load = os.getloadavg()
    print(f"{options.users} users, think {options.think} s, {options.duration} s, against {options.url}; "
          f"load average at start {load[0]:.1f}", flush=True)  # fmt: skip
    command = [wrk, "-t2", f"-c{options.users}", f"-d{options.duration}s", "--timeout", "30s", "-s", handle.name,
               options.url]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    Path(handle.name).unlink()
    result = json.loads(next(line for line in out.splitlines() if line.startswith("RESULT "))[7:])
    load = os.getloadavg()
    print(json.dumps(result))
    print(f"| users | think s | duration s | requests | errors | p50 ms | p95 ms | p99 ms | max ms | load at end |\n"
          f"|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
          f"| {options.users} | {options.think} | {result['duration_s']:.0f} | {result['requests']:,} | "
          f"{result['non2xx'] + result['socket_errors']} | {result['p50_ms']:.0f} | {result['p95_ms']:.0f} | "
          f"{result['p99_ms']:.0f} | {result['max_ms']:.0f} | {load[0]:.1f} |")  # fmt: skip


if __name__ == "__main__":
    main()
