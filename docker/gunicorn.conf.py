"""gunicorn settings for the production image (`gunicorn --config docker/gunicorn.conf.py config.wsgi`)."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# Sync workers (one request at a time each), two per core. The site's work is CPU (templates, ranking,
# facets), and a sync worker that is busy does not accept, so requests spread evenly over the processes
# and cores. Measured on 2 cores at 10,000 services (docs/performance.md, 2026-12-05 20:00): 4 sync
# workers 131 req/s with every directory page's p95 at or under 220 ms; 3 workers x 2 threads (gthread,
# where each keep-alive connection stays with one process and its GIL) 60-76 req/s, p95 340-520 ms.
# Sync workers expect a buffering proxy in front (nginx, a cloud load balancer; docs/operations.md).
# Set WEB_CONCURRENCY to the cores the container may really use: os.cpu_count() sees the host's.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1))
# More than 1 switches gunicorn to threaded workers (gthread), for I/O-bound hosts.
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# The reverse proxy in front terminates TLS and sets X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER) and
# X-Forwarded-For. Those headers are believed only from the council's proxies: the same TRUSTED_PROXIES
# list the application uses for client addresses (accounts.network); loopback when none is set.
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES") or "127.0.0.1,::1"
worker_tmp_dir = "/dev/shm"


def post_worker_init(worker):
    """Once a worker has loaded the site (and its URLs, which Django would otherwise import on the
    first request), move everything loaded so far out of the garbage collector's sight and let it run
    less often. Python's full collections walk every object Django and Wagtail keep for the life of
    the process; on a directory search that ranks thousands of matches they were half the time
    (bench: "support speech" over 10,000 services, 112 ms -> 52 ms)."""
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module now, before the freeze
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
