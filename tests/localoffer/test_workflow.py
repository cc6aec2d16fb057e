import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState

from localoffer.models import ServicePage
from tests.localoffer.admin_forms import service_form_data
from tests.localoffer.factories import ServicePageFactory, category

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(directory):
    return ServicePageFactory(parent=directory, title="Sensory play", categories=[category("leisure")])


def test_editor_submits_and_moderator_approves_and_publishes(client, editor, moderator, service):
    assert service.get_workflow().name == "Moderators approval"

    client.force_login(editor)
    data = service_form_data(service, summary="Sensory play for under-5s") | {"action-submit": "Submit"}
    response = client.post(reverse("wagtailadmin_pages:edit", args=[service.pk]), data)
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.summary == "Support for families"  # not published yet
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(service.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    # An editor cannot approve their own submission.
    task_state = state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[service.pk, "approve", task_state.pk])
    client.post(url, {"comment": ""})
    service.refresh_from_db()
    assert service.summary == "Support for families"

    client.force_login(moderator)
    response = client.post(url, {"comment": "Checked with the provider"})
    assert response.status_code in (200, 302)
    service.refresh_from_db()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert service.live and service.summary == "Sensory play for under-5s"
    assert client.get(service.url).status_code == 200


def test_scheduled_publishing_goes_live_with_publish_scheduled(service):
    service = ServicePage.objects.get(pk=service.pk)  # as the admin loads it, with its live revision
    service.summary = "Summer holiday sessions"
    service.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = service.save_revision()
    revision.publish()
    revision.refresh_from_db()
    assert revision.approved_go_live_at == service.go_live_at
    assert ServicePage.objects.get(pk=service.pk).summary == "Support for families"

    # Two hours later, Wagtail's command publishes the scheduled revision.
    later = timezone.now() + datetime.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", stdout=StringIO())
    assert ServicePage.objects.get(pk=service.pk).summary == "Summer holiday sessions"
