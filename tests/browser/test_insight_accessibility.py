"""axe-core finds no WCAG 2.2 A or AA violation on Insight's admin pages, with real figures showing
(gaps, suppressed counts, the search actions) and with a period the person typed wrongly."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_accessibility_signed_in import assert_no_sideways_scrolling, check_pages, sign_in
from tests.insight.conftest import councils, insight_user, local_offer, searches  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_insight_pages_have_no_axe_violations(page, live_server, local_offer, searches, councils, settings):  # noqa: F811
    # An admin page and its /admin/jsi18n/ script arrive together; see the officer overview's test.
    settings.SESSION_SAVE_EVERY_REQUEST = False
    officer = insight_user("insight-officer", council=councils["camden"])
    councils["barnet"].officers.add(officer)  # two councils: the council choice shows too
    officer.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="insight", codename__in=["add_ehcplancount", "view_ehcplancount"]
        )
    )
    sign_in(page, live_server, officer)
    dashboard = reverse("insight:dashboard")
    check_pages(
        page,
        [
            dashboard,
            dashboard + "?from=2025-04&to=2026-03",
            dashboard + "?from=2025-13&to=2026-03",
            reverse("wagtailsnippets_insight_ehcplancount:list"),
            reverse("wagtailsnippets_insight_ehcplancount:add"),
        ],
    )
    page.goto(dashboard + "?from=2025-04&to=2026-03")
    expect(
        page.get_by_role("heading", name="Services for each need in each postcode district (0 is a gap)")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Download the evidence pack (PDF and spreadsheet, zip)")).to_be_visible()
    page.set_viewport_size({"width": 320, "height": 640})
    assert_no_sideways_scrolling(page)
