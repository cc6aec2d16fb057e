"""The sign-in lockout holds across processes: two servers, one Redis.

With a per-process cache each gunicorn worker kept its own count, so failed sign-ins spread over
workers got twice the limit through. Here two separate gunicorn servers share the test database and
the Redis named by REDIS_URL (started by .ci/run); the wrong passwords alternate between them and the
lockout must come after five in all. Redis being unreachable fails the test: it never skips.
"""

import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
import redis
from django.db import connection

from tests.accounts.factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


class KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is an answer to look at, not to follow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url_for_other_processes(tmp_path) -> str:
    """The servers read the same data as this test: a file copy of the SQLite test database, or PostgreSQL's."""
    if connection.vendor == "sqlite":
        path = tmp_path / "shared.sqlite3"
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}"
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def start_server(port, environment, log):
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)


def wait_until_serving(port, server, deadline):
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server on port {port} stopped (exit {server.returncode})")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5).read()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise RuntimeError(f"the server on port {port} did not start in time")


def sign_in(opener, port, email, password) -> tuple[int, str]:
    page = opener.open(f"http://127.0.0.1:{port}/accounts/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "login": email, "password": password}).encode()
    try:
        response = opener.open(f"http://127.0.0.1:{port}/accounts/login/", data=form, timeout=30)
        return response.status, response.read().decode()
    except urllib.error.HTTPError as answer:
        return answer.code, answer.read().decode()


@pytest.mark.django_db(transaction=True)
def test_failed_sign_ins_spread_over_two_processes_share_one_lockout(tmp_path):
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5)
    client.ping()  # fails, naming REDIS_URL's host, when Redis is not running
    family = UserFactory(username="two-servers")
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url_for_other_processes(tmp_path),
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex}",  # this run's counts only
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    ports = [free_port(), free_port()]
    with open(tmp_path / "servers.log", "wb") as log:
        servers = [start_server(port, environment, log) for port in ports]
        try:
            deadline = time.monotonic() + 240
            for port, server in zip(ports, servers, strict=True):
                wait_until_serving(port, server, deadline)
            opener = urllib.request.build_opener(
                KeepRedirects, urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
            )
            answers = [sign_in(opener, ports[attempt % 2], family.email, f"guess-{attempt}") for attempt in range(7)]
            status, page = sign_in(opener, ports[1], family.email, PASSWORD)
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                server.wait(timeout=30)
    wrong = [page for _, page in answers if "The email address and/or password you specified are not correct" in page]
    locked = [page for _, page in answers if "Too many failed login attempts" in page]
    assert (len(wrong), len(locked)) == (5, 2)
    assert status == 200 and "Too many failed login attempts" in page  # the right password, still locked out
