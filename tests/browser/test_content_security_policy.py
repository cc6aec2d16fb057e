"""The Content-Security-Policy refuses nothing the site itself needs, public pages and Wagtail's admin alike.

Chromium reports every refused script, style, image or connection as a `securitypolicyviolation`
event; a listener added before any page script collects them.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from budgets.models import Council
from tests.accounts.factories import staff_user, with_authenticator
from tests.browser.accessibility import assert_accessible

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


def violations(page) -> list[str]:
    return page.evaluate("() => window.__cspViolations")


@pytest.fixture
def watched_page(page):
    page.context.add_init_script(COLLECT_VIOLATIONS)
    return page


def sign_in_staff(page, live_server):
    editor = staff_user("superuser", "csp-editor")
    with_authenticator(editor)
    client = Client()
    client.force_login(editor)  # with the code, as tests/conftest.py's force_login records
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return editor


def test_public_pages_run_under_the_policy_without_violations(watched_page, borough):
    for path in ["/", borough["service"].url, "/services/?q=speech", "/accounts/login/", "/you-said-we-did/"]:
        response = watched_page.goto(path)
        assert "'unsafe-inline'" not in response.headers["content-security-policy"].split("script-src")[1].split(";")[0]
        # GOV.UK Frontend's inline snippet ran (allowed by its hash): the page knows JavaScript is on.
        assert "js-enabled" in watched_page.evaluate("() => document.body.className")
        assert violations(watched_page) == [], path
    assert_accessible(watched_page)


def test_wagtail_admin_pages_work_under_the_policy(watched_page, live_server, borough):
    sign_in_staff(watched_page, live_server)
    council = Council.objects.create(name="Camden Council")
    paths = [
        "/admin/",
        f"/admin/pages/{borough['directory'].pk}/",
        f"/admin/pages/{borough['service'].pk}/edit/",
        "/admin/snippets/",
        reverse("wagtailsnippets_budgets_council:edit", args=[council.pk]),
        "/admin/images/",
        "/admin/users/",
    ]
    for path in paths:
        response = watched_page.goto(path)
        assert response.status == 200, path
        assert violations(watched_page) == [], path
