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
    return sum(_children_by_kind().values()) + _reaped()


def _children_by_kind() -> dict[str, float]:
    """User + sys seconds of every live descendant of this process, by kind: Chromium's processes by their
    ``--type`` (``browser`` for the main one, ``renderer``, ``gpu-process``, ``utility:network``…, and ``ended`` for
    those it has reaped: its renderers of closed pages), ``driver`` for Playwright's node, ``other`` for the rest."""
    me = os.getpid()
    parents: dict[int, int] = {}
    cpu: dict[int, tuple[float, float]] = {}
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
        cpu[pid] = ((int(fields[11]) + int(fields[12])) / _TICK, (int(fields[13]) + int(fields[14])) / _TICK)
    kinds: collections.Counter[str] = collections.Counter()
    for pid, (own, reaped) in cpu.items():
        p = parents.get(pid)
        while p and p != me:
            p = parents.get(p)
        if p != me:
            continue
        kind = _kind(pid)
        kinds[kind] += own
        kinds["ended" if kind not in ("driver", "other") else kind] += reaped
    return dict(kinds)


def _kind(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            args = f.read().replace(b"\0", b" ").split()  # Chromium rewrites its argv as one string
    except OSError:
        return "other"
    if not args:  # a process that has ended and is not reaped yet
        return "ended"
    if b"chromium" in args[0] or b"chrome" in args[0]:
        kind = "browser"
        for arg in args:
            if arg.startswith(b"--type="):
                kind = arg[7:].decode()
            elif arg.startswith(b"--utility-sub-type="):
                kind += ":" + arg[19:].decode().split(".")[0]
        return kind
    return "driver" if args[0].endswith(b"node") else "other"


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
def pytest_runtest_teardown(item, nextitem):  # type: ignore[no-untyped-def]
    # The last test's teardown ends the session's fixtures too: Chromium closes, and its processes (reparented as it
    # ends) leave this process's tree, so their CPU would count as negative; that test is measured up to here.
    if nextitem is None and _is_browser(item):
        _marks["before_last_teardown"] = sum(_children_by_kind().values())
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):  # type: ignore[no-untyped-def]
    browser = _is_browser(item)
    k0 = _children_by_kind() if browser else {}
    c0 = _reaped()
    t0, w0 = time.process_time(), time.monotonic()
    yield
    t1, w1 = time.process_time(), time.monotonic()
    k1 = _children_by_kind() if browser else {}
    c1 = _reaped()
    kinds = {k: round(k1.get(k, 0.0) - k0.get(k, 0.0), 2) for k in k1.keys() | k0.keys()}
    children = c1 - c0 + sum(kinds.values())
    if nextitem is None and browser and "before_last_teardown" in _marks:
        children = _marks["before_last_teardown"] - sum(k0.values())
        kinds = {}
    _records.append(
        {"id": item.nodeid, "cpu": t1 - t0, "children": children, "kinds": kinds, "wall": w1 - w0, "browser": browser}
    )


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


def _browser_files(folder: str, junit: str | None = None) -> dict[str, list[float]]:
    """Per browser test file: [tests, worker CPU, Chromium and driver CPU, wall]. The wall is the plugin's own
    (setup + call + teardown) or, for a folder written before it recorded one, the junit file's."""
    walls: dict[str, float] = {}
    if junit:
        import xml.etree.ElementTree as ET

        for case in ET.parse(junit).iter("testcase"):  # noqa: S314 - pytest's own report of this run
            f = case.get("classname", "").replace(".", "/") + ".py"
            walls[f] = walls.get(f, 0.0) + float(case.get("time", 0))
    files: dict[str, list[float]] = {}
    for path in sorted(Path(folder).glob("*.json")):
        for t in json.loads(path.read_text())["tests"]:
            if not t["browser"]:
                continue
            row = files.setdefault(t["id"].split("::")[0], [0, 0.0, 0.0, 0.0])
            row[0] += 1
            row[1] += t["cpu"]
            row[2] += t["children"]
            row[3] += t.get("wall", 0.0)
    for f, row in files.items():
        if not row[3]:
            row[3] = walls.get(f, 0.0)
    return files


def _compare(before: str, after: str, junit_before: str | None = None) -> None:
    """The browser tests, file by file: CPU (worker + Chromium) and wall, before and after."""
    a, b = _browser_files(before, junit_before), _browser_files(after)
    print("| file | n | before: worker + Chromium = CPU | wall | after: worker + Chromium = CPU | wall |")
    print("|---|---:|---:|---:|---:|---:|")
    totals = [0.0] * 8
    for f in sorted(a.keys() | b.keys(), key=lambda f: -(a.get(f, [0, 0, 0, 0])[1] + a.get(f, [0, 0, 0, 0])[2])):
        n, w0, c0, t0 = a.get(f, [0, 0.0, 0.0, 0.0])
        _, w1, c1, t1 = b.get(f, [0, 0.0, 0.0, 0.0])
        for i, v in enumerate((w0, c0, t0, w1, c1, t1)):
            totals[i] += v
        print(
            f"| `{f.removeprefix('tests/browser/')}` | {n} | {w0:.1f} + {c0:.1f} = {w0 + c0:.1f} | {t0:.1f} "
            f"| {w1:.1f} + {c1:.1f} = {w1 + c1:.1f} | {t1:.1f} |"
        )
    w0, c0, t0, w1, c1, t1 = totals[:6]
    print(
        f"| all | | {w0:.1f} + {c0:.1f} = {w0 + c0:.1f} | {t0:.1f} | {w1:.1f} + {c1:.1f} = {w1 + c1:.1f} | {t1:.1f} |"
    )
    kinds: collections.Counter[str] = collections.Counter()
    for path in Path(after).glob("*.json"):
        for t in json.loads(path.read_text())["tests"]:
            kinds.update(t.get("kinds", {}))
    if kinds:
        print("\nafter, the children by kind (s): " + ", ".join(f"{k} {v:.1f}" for k, v in kinds.most_common()))


if __name__ == "__main__":
    if len(sys.argv) >= 3:
        _compare(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    else:
        _report(sys.argv[1])
