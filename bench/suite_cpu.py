"""Where the suite's CPU goes: a pytest plugin that records the CPU of each test and each fixture's setup.

Load it with ``-p bench.suite_cpu`` and name an output folder in ``SUITE_CPU_DIR``; every process (the controller and
each xdist worker) writes one JSON file there. CPU is ``time.process_time()`` of the pytest process (all its threads:
the live server runs in one) plus, for browser tests, the CPU of the process's descendants read from /proc (Chromium
and Playwright's driver are children of the worker). Aggregate with ``python -m bench.suite_cpu SUITE_CPU_DIR``.
Measures CPU, not wall: it holds on a loaded machine.
"""

from __future__ import annotations

import collections
import json
import os
import sys
import time
from pathlib import Path

import pytest

_TICK = os.sysconf("SC_CLK_TCK")
_records: list[dict] = []
_fixtures: collections.Counter[str] = collections.Counter()
_fixture_counts: collections.Counter[str] = collections.Counter()
_marks: dict[str, float] = {}


def _children_cpu() -> float:
    """User + sys seconds of every live descendant of this process, plus those reaped (RUSAGE_CHILDREN)."""
    me = os.getpid()
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                raw = f.read().decode()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2 :].split()
        pid = int(entry)
        parents[pid] = int(fields[1])
        cpu[pid] = (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / _TICK
    total = 0.0
    for pid, seconds in cpu.items():
        p = parents.get(pid)
        while p and p != me:
            p = parents.get(p)
        if p == me:
            total += seconds
    return total + _reaped()


def _reaped() -> float:
    """User + sys seconds of the children this process has waited for (LibreOffice, pdftotext, pdfinfo)."""
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _is_browser(item: pytest.Item) -> bool:
    return item.get_closest_marker("browser") is not None


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef, request):  # type: ignore[no-untyped-def]
    start = time.process_time()
    yield
    key = f"{fixturedef.argname} [{fixturedef.scope}] {fixturedef.baseid or '-'}"
    _fixtures[key] += time.process_time() - start
    _fixture_counts[key] += 1


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):  # type: ignore[no-untyped-def]
    browser = _is_browser(item)
    c0 = _children_cpu() if browser else _reaped()
    t0 = time.process_time()
    yield
    t1 = time.process_time()
    c1 = _children_cpu() if browser else _reaped()
    _records.append({"id": item.nodeid, "cpu": t1 - t0, "children": c1 - c0, "browser": browser})


def pytest_sessionstart(session):  # type: ignore[no-untyped-def]
    _marks["start"] = time.process_time()


def pytest_collection_finish(session):  # type: ignore[no-untyped-def]
    _marks["collected"] = time.process_time()


def pytest_sessionfinish(session, exitstatus):  # type: ignore[no-untyped-def]
    out = os.environ.get("SUITE_CPU_DIR")
    if not out:
        return
    _marks["finish"] = time.process_time()
    _marks["children"] = _children_cpu()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "controller")
    Path(out).mkdir(parents=True, exist_ok=True)
    Path(out, f"{worker}.json").write_text(
        json.dumps(
            {
                "marks": _marks,
                "tests": _records,
                "fixtures": dict(_fixtures),
                "fixture_counts": dict(_fixture_counts),
            }
        )
    )


def _report(folder: str) -> None:
    by_file: collections.Counter[str] = collections.Counter()
    by_file_n: collections.Counter[str] = collections.Counter()
    fixtures: collections.Counter[str] = collections.Counter()
    fixture_n: collections.Counter[str] = collections.Counter()
    total_tests = 0.0
    total_children = 0.0
    for path in sorted(Path(folder).glob("*.json")):
        data = json.loads(path.read_text())
        m = data["marks"]
        if m:
            print(
                f"{path.stem}: collect {m.get('collected', 0) - m.get('start', 0):.1f} s, "
                f"all {m.get('finish', 0):.1f} s, children at end {m.get('children', 0):.1f} s"
            )
        for t in data["tests"]:
            f = t["id"].split("::")[0]
            by_file[f] += t["cpu"] + t["children"]
            by_file_n[f] += 1
            total_tests += t["cpu"]
            total_children += t["children"]
        for k, v in data["fixtures"].items():
            fixtures[k] += v
            fixture_n[k] += data["fixture_counts"][k]
    print(f"tests: {total_tests:.1f} s in pytest processes + {total_children:.1f} s in their children")
    print("\nby file (s, tests):")
    for f, v in by_file.most_common(45):
        print(f"{v:8.1f} {by_file_n[f]:5d}  {f}")
    print("\nfixture setups (s, times):")
    for k, v in fixtures.most_common(40):
        print(f"{v:8.1f} {fixture_n[k]:6d}  {k}")


if __name__ == "__main__":
    _report(sys.argv[1])
