"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

The Wagtail `Site` is pointed at the live server's host and port (as in uktrade/great-cms's
tests/browser/conftest.py) and axe-core, from npm, is injected into every page a test checks.
"""

import datetime
import os
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.db import connections
from wagtail.models import Site

from localoffer.models import CostOption, Schedule
from tests.browser.accessibility import AXE_SCRIPT
from tests.localoffer.factories import LocationFactory, OrganizationFactory, ServicePageFactory, category, need

# Playwright's sync API runs an event loop in this thread; Django's ORM would otherwise refuse to run.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import sync_playwright  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 375, "height": 667}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, the browser suite's test database is a file, not memory.

    An in-memory database is one connection, which Django shares between the live server's request
    threads: a page and the sprite or script it fetches at the same moment then run SQL on that one
    connection at once ("cannot start a transaction within a transaction", the session save fails and
    the request gets a 400). A file gives every thread its own connection, with SQLite's locking
    between them, as in production.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("browser-db") / "test.sqlite3")


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)")
    if not AXE_SCRIPT.exists():
        raise RuntimeError(f"{AXE_SCRIPT} is missing: run `npm ci` (make test does)")
    # Playwright's sync API leaves an event loop running in this thread, and from then on Django keeps
    # database connections per async context (asgiref's Local): new connection objects, without the
    # snapshot serialized rollback restores after each flush. Hand the snapshot over to them.
    snapshots = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    with sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            if snapshot is not None:
                connections[alias]._test_serialized_contents = snapshot
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def site(transactional_db, django_db_serialized_rollback, live_server, home_page):
    """The default Wagtail Site on the live server's address.

    Live-server tests run in real transactions and the database is flushed after each; serialized
    rollback restores what migrations created (Wagtail's root page, groups, collections).
    """
    address = urlparse(live_server.url)
    Site.objects.filter(is_default_site=True).update(hostname=address.hostname, port=address.port)
    return Site.objects.get(is_default_site=True)


class BrowserErrors(list):
    """Console errors, uncaught exceptions and failed requests seen while a test ran."""


def _open_context(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, viewport=options.pop("viewport", DESKTOP), **options)
    context.set_default_timeout(10_000)
    errors = BrowserErrors()
    context.on("weberror", lambda error: errors.append(f"uncaught: {error.error}"))

    def on_page(page):
        # A failed request is reported by the response listener below, with its address.
        page.on(
            "console",
            lambda message: (
                message.type == "error"
                and not message.text.startswith("Failed to load resource")
                and errors.append(f"console: {message.text}")
            ),
        )
        page.on(
            "response",
            lambda response: (
                response.status >= 400
                and response.request.resource_type != "document"
                and errors.append(f"{response.status} {response.request.resource_type} {response.url}")
            ),
        )

    context.on("page", on_page)
    return context, errors


@pytest.fixture
def page(browser, live_server, site):
    """A desktop Chromium tab with JavaScript on; fails the test on any script error or missing asset."""
    context, errors = _open_context(browser, live_server)
    tab = context.new_page()
    yield tab
    context.close()
    assert not errors, "The browser reported errors:\n" + "\n".join(errors)


@pytest.fixture
def mobile_page(browser, live_server, site):
    context, errors = _open_context(browser, live_server, viewport=MOBILE, is_mobile=True, has_touch=True)
    tab = context.new_page()
    yield tab
    context.close()
    assert not errors, "The browser reported errors:\n" + "\n".join(errors)


@pytest.fixture
def no_js_page(browser, live_server, site):
    """A tab with JavaScript switched off: every page must still work."""
    context, errors = _open_context(browser, live_server, java_script_enabled=False)
    tab = context.new_page()
    yield tab
    context.close()
    assert not errors, "The browser reported errors:\n" + "\n".join(errors)


@pytest.fixture
def borough(site, directory, information_page, you_said_we_did_page):
    """A small Local Offer: two needs, two services (one free, one paid with opening times)."""
    autism, adhd = need("autism", "Autism"), need("adhd", "ADHD")
    therapy, groups = category("therapy", "Therapy"), category("support-groups", "Support groups")
    organisation = OrganizationFactory(name="Camden Children's Therapies", website="https://therapies.example.org")
    speech = ServicePageFactory(
        parent=directory,
        title="Speech and language drop-in",
        summary="Advice on your child's talking and understanding",
        organization=organisation,
        needs=[autism],
        categories=[therapy],
        locations=[
            LocationFactory(name="Kentish Town Health Centre", address_1="2 Bartholomew Road", postal_code="NW5 2AJ")
        ],
        minimum_age=2,
        maximum_age=11,
        is_free=False,
        phone="020 7974 0000",
        email="speech@therapies.example.org",
        delivery_methods=["in_person", "phone"],
    )
    CostOption.objects.create(
        service=speech, option="One session", amount=Decimal("12.50"), amount_description="per session"
    )
    Schedule.objects.create(service=speech, byday="TU", opens_at=datetime.time(9, 30), closes_at=datetime.time(12, 0))
    Schedule.objects.create(
        service=speech,
        byday="TH",
        opens_at=datetime.time(13, 0),
        closes_at=datetime.time(16, 30),
        description="term time only",
    )
    ServicePageFactory(
        parent=directory,
        title="ADHD parents' group",
        summary="Meet other parents of children with ADHD",
        needs=[adhd],
        categories=[groups],
        minimum_age=5,
        maximum_age=18,
    )
    return {"directory": directory, "service": speech, "information_page": information_page}
