"""The browser suite's live server takes concurrent requests the way a browser sends them.

A page makes the browser fetch its sprite, scripts and styles at once, and every signed-in request saves
the session (SESSION_SAVE_EVERY_REQUEST). CI once failed on a 400 for /admin/sprite/ because the live
server's threads shared one in-memory SQLite connection and two session saves met in it; the suite's
SQLite database is now a file (see django_db_modify_db_settings in conftest.py).
"""

import urllib.request
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client


def test_the_test_database_is_not_shared_memory(live_server, site):
    assert not (connection.vendor == "sqlite" and connection.is_in_memory_db())


def test_concurrent_signed_in_requests_all_succeed(live_server, site):
    user = get_user_model().objects.create_user("parent", "parent@example.org", "a long enough password 1")
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    def fetch(index):
        request = urllib.request.Request(f"{live_server.url}/cookies/?n={index}", headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(fetch, range(48)))
    assert statuses == [200] * 48
