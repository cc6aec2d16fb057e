"""Container health checks, with nothing but the standard library and Django.

`web`: GET / from gunicorn as the proxy would send it (an allowed Host, X-Forwarded-Proto: https, so
the SSL redirect does not answer instead); healthy on a 2xx or 3xx, which needs the database too.
`worker`: the task worker is PID 1 and the database answers.
`scheduler`: the hourly loop (publish_scheduled, run_budget_schedules) is PID 1 and the database answers.
"""

import http.client
import os
import sys


def check_web() -> bool:
    hosts = [host.strip() for host in os.environ.get("ALLOWED_HOSTS", "localhost").split(",") if host.strip()]
    host = next((h for h in hosts if not h.startswith(".") and h != "*"), "localhost")
    connection = http.client.HTTPConnection("127.0.0.1", int(os.environ.get("PORT", "8000")), timeout=4)
    connection.request("GET", "/", headers={"Host": host, "X-Forwarded-Proto": "https"})
    return 200 <= connection.getresponse().status < 400


def check_worker(marker: bytes = b"db_worker") -> bool:
    with open("/proc/1/cmdline", "rb") as cmdline:
        if marker not in cmdline.read():
            return False
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    checks = {
        "web": check_web,
        "worker": check_worker,
        "scheduler": lambda: check_worker(marker=b"run_budget_schedules"),
    }
    try:
        healthy = checks[sys.argv[1]]()
    except Exception as error:  # noqa: BLE001 - any failure means unhealthy
        print(f"unhealthy: {error}", file=sys.stderr)
        healthy = False
    sys.exit(0 if healthy else 1)
