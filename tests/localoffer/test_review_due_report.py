import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.localoffer.factories import OrganizationFactory, ServicePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(directory):
    today = timezone.localdate()
    return {
        "old": ServicePageFactory(
            parent=directory,
            title="Old swimming club",
            assured_date=today - datetime.timedelta(days=400),
            organization=OrganizationFactory(name="North London Active Leisure"),
        ),
        "new": ServicePageFactory(parent=directory, title="New drama club", assured_date=today),
        "flagged": ServicePageFactory(
            parent=directory,
            title="Flagged therapy clinic",
            assured_date=today - datetime.timedelta(days=30),
            review_due_on=today - datetime.timedelta(days=1),
        ),
    }


def test_report_lists_services_due_for_review_with_their_organisation(client, editor, services):
    client.force_login(editor)
    response = client.get(reverse("localoffer_review_due"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Old swimming club" in html and "North London Active Leisure" in html
    assert "Flagged therapy clinic" in html
    assert "New drama club" not in html


def test_report_exports_csv(client, editor, services):
    client.force_login(editor)
    response = client.get(reverse("localoffer_review_due"), {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    lines = content.strip().splitlines()
    assert lines[0].startswith("Service,Organisation,Last reviewed,Review due")
    assert any(line.startswith("Old swimming club,North London Active Leisure,") for line in lines)
    assert "New drama club" not in content


def test_report_is_in_the_reports_menu_and_closed_to_the_public(client, editor, services):
    assert client.get(reverse("localoffer_review_due")).status_code == 302
    client.force_login(editor)
    assert reverse("localoffer_review_due") in client.get(reverse("wagtailadmin_home")).content.decode()
