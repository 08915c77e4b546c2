"""What a web worker does once, after it has loaded the site and before its first request (deploy/gunicorn.conf.py).

A worker holds some 160,000 objects once Django, the apps and their views are loaded, and keeps them as long as it
lives. Python's cyclic garbage collector walks all of them in each full collection, which comes every hundred-odd
requests and stops the request it falls in for 60–150 ms of CPU (docs/benchmarks.md, session 22). Moved out of the
collector's sight once (`gc.freeze`), they are never walked again; what requests allocate is collected as before.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Import every view (the URLconf imports them all), then freeze what is loaded."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - the import of every app's URLs and views is the point
    gc.collect()
    gc.freeze()
