"""cProfile of tests' calls, with the process's CPU as its clock: a pytest plugin (docs/benchmarks.md, session 19).

Load it with ``-p bench.test_profile``; each test whose node id contains ``PROFILE_TESTS`` (default ``test_fuzz``)
writes ``PROFILE_DIR/<parameter or name>.prof`` (default: ``test-profiles`` in the temporary folder) and prints its
CPU. Read them with ``pstats``. The profiler roughly doubles the times: compare only within one run.

    PROFILE_DIR=/tmp/fz19/prof .venv/bin/python -m pytest -q -p no:xdist -s -p bench.test_profile \\
      tests/test_fuzz.py -k "entry_new"
"""

from __future__ import annotations

import cProfile
import os
import tempfile
import time

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):  # type: ignore[no-untyped-def]
    if os.environ.get("PROFILE_TESTS", "test_fuzz") not in item.nodeid:
        yield
        return
    profile = cProfile.Profile(time.process_time)
    started = time.process_time()
    profile.enable()
    yield
    profile.disable()
    cpu = time.process_time() - started
    name = item.nodeid.split("[")[-1].rstrip("]").replace(":", "_").replace("/", "_")
    folder = os.environ.get("PROFILE_DIR") or os.path.join(tempfile.gettempdir(), "test-profiles")
    os.makedirs(folder, exist_ok=True)
    profile.dump_stats(os.path.join(folder, f"{name}.prof"))
    print(f"\nCPU {item.nodeid}: {cpu:.2f} s")
