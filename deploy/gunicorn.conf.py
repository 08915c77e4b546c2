"""gunicorn's settings for Liên hiệp (docs/decisions/0010): read from the environment, as everything else.

LIENHIEP_BIND   where to listen (default 127.0.0.1:8000; the proxy is the only client)
WEB_WORKERS     worker processes (default: 2 per core plus 1, at most 8; each holds ~100 MB)
WEB_TIMEOUT     seconds a request may take before its worker is restarted (default 120: a large Word report)
"""

import multiprocessing
import os

bind = os.environ.get("LIENHIEP_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8)))
timeout = int(os.environ.get("WEB_TIMEOUT", "120"))
graceful_timeout = 30
# Restart a worker now and then, so that a slow leak never grows unbounded.
max_requests = 2000
max_requests_jitter = 200
# Django logs one JSON line per request (core/logs.py): no access log of gunicorn's own.
accesslog = None
errorlog = "-"
# Django reads the client's address from X-Forwarded-For itself (TRUSTED_PROXY_COUNT, core/http.py).
forwarded_allow_ips = "127.0.0.1"
# gunicorn's control socket (in the user's home) is not used: systemd reloads with SIGHUP.
control_socket_disable = True


def post_worker_init(worker):  # noqa: ARG001 - gunicorn's hook signature
    """The worker has loaded the site: load the rest and freeze it out of the garbage collector's walks."""
    from config.workers import settle

    settle()
