"""A provider's whole journey: invited by an editor, signs up through allauth, edits a service in steps,
submits it to the moderation workflow; a moderator compares, sends it back with a reason, then approves;
the provider confirms a review from the reminder's link."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowState

from localoffer.models import ServicePage
from providers.models import ProviderInvitation, ProviderMembership, ReviewConfirmation
from tests.budgets.staff import sign_in_staff

pytestmark = pytest.mark.django_db


def _link(message, pattern):
    match = re.search(pattern, message.body)
    assert match, message.body
    return match.group(0)


def test_invite_sign_up_edit_submit_reject_approve(client, editor, moderator, kestrel, osprey, kestrel_service):
    # An editor invites a person to an organisation from the admin.
    sign_in_staff(client, editor)
    response = client.post(
        reverse("provider_invitations:add"), {"email": "Sam@Kestrel.example", "organizations": [kestrel.pk]}
    )
    assert response.status_code == 302, response.content[:2000]
    invitation = ProviderInvitation.objects.get()
    assert invitation.email == "sam@kestrel.example" and invitation.invited_by == editor
    invite = mail.outbox[-1]
    assert invite.to == ["sam@kestrel.example"] and "Kestrel Play" in invite.body
    accept_path = _link(invite, r"/providers/invitations/[\w-]+/")
    client.logout()

    # They sign up through allauth and confirm their email address: the invitation is theirs.
    response = client.post(
        reverse("account_signup"),
        {"email": "sam@kestrel.example", "password1": "a long pass phrase 42", "password2": "a long pass phrase 42"},
    )
    assert response.status_code == 302
    confirm_path = _link(mail.outbox[-1], r"/accounts/confirm-email/[^/\s]+/")
    response = client.post(confirm_path)
    assert response.status_code == 302
    membership = ProviderMembership.objects.get()
    assert membership.organization == kestrel and membership.user.email == "sam@kestrel.example"
    provider = membership.user
    assert not provider.groups.exists() and not provider.is_staff
    # The invitation's link now leads to their services.
    assert client.get(accept_path).url == reverse("providers:dashboard")

    # Their page lists their organisation's service with its review dates.
    response = client.get(reverse("providers:dashboard"))
    assert b"Kestrel sensory play" in response.content and b"1 June 2026" in response.content
    assert b"two-step verification" in response.content

    # They change "who it is for": a draft revision, families still see the old answer.
    step = reverse("providers:edit_step", kwargs={"page_id": kestrel_service.pk, "step": "who"})
    response = client.post(step, {"minimum_age": "12", "maximum_age": "4", "eligibility_description": ""})
    assert (
        response.status_code == 200
        and b"Maximum age must be the same as or more than the minimum age" in response.content
    )
    response = client.post(step, {"minimum_age": "2", "maximum_age": "11", "eligibility_description": "Under 12s"})
    assert response.status_code == 302
    live = ServicePage.objects.get(pk=kestrel_service.pk)
    assert (live.minimum_age, live.maximum_age) == (0, 25)
    assert live.get_latest_revision().user == provider
    client.logout()
    assert b"Under 12s" not in client.get(live.url).content
    client.force_login(provider)

    # Opening times are rows: one added, a bad one refused with its own message.
    step = reverse("providers:edit_step", kwargs={"page_id": kestrel_service.pk, "step": "when"})
    rows = {"schedules-TOTAL_FORMS": "1", "schedules-INITIAL_FORMS": "0"}
    bad = rows | {"schedules-0-byday": "MO", "schedules-0-opens_at": "15:00", "schedules-0-closes_at": "09:00"}
    assert b"Closing time must be after opening time" in client.post(step, bad).content
    good = rows | {"schedules-0-byday": "MO", "schedules-0-opens_at": "09:00", "schedules-0-closes_at": "15:00"}
    assert client.post(step, good).status_code == 302

    # Submitted to the workflow, labelled with who submitted it.
    response = client.post(reverse("providers:submit", kwargs={"page_id": kestrel_service.pk}))
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(kestrel_service.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.requested_by == provider
    assert state.current_task_state.revision.user == provider

    # The moderator compares the revision with the live page (Wagtail's comparison) ...
    client.logout()
    sign_in_staff(client, moderator)
    live_revision = ServicePage.objects.get(pk=kestrel_service.pk).live_revision
    compare = reverse(
        "wagtailadmin_pages:revisions_compare",
        args=[kestrel_service.pk, live_revision.pk, state.current_task_state.revision.pk],
    )
    response = client.get(compare)
    assert response.status_code == 200 and b"Under 12s" in response.content

    # ... and sends it back with a reason, which the provider receives and sees.
    action = reverse(
        "wagtailadmin_pages:workflow_action", args=[kestrel_service.pk, "reject", state.current_task_state.pk]
    )
    client.post(action, {"comment": "Please give the term-time dates"})
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    sent_back = [message for message in mail.outbox if message.to == ["sam@kestrel.example"]][-1]
    assert "Please give the term-time dates" in sent_back.body
    client.logout()
    client.force_login(provider)
    page = client.get(reverse("providers:service", kwargs={"page_id": kestrel_service.pk}))
    assert b"Please give the term-time dates" in page.content
    assert ServicePage.objects.get(pk=kestrel_service.pk).minimum_age == 0  # still nothing public

    # The provider adds a description of the dates and sends it again; approved, it is published.
    step = reverse("providers:edit_step", kwargs={"page_id": kestrel_service.pk, "step": "accessibility"})
    client.post(step, {"accessibility_description": "Step-free, term time only"})
    client.post(reverse("providers:submit", kwargs={"page_id": kestrel_service.pk}))
    state = WorkflowState.objects.get(object_id=str(kestrel_service.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    client.logout()
    sign_in_staff(client, moderator)
    action = reverse(
        "wagtailadmin_pages:workflow_action", args=[kestrel_service.pk, "approve", state.current_task_state.pk]
    )
    client.post(action, {"comment": ""})
    live = ServicePage.objects.get(pk=kestrel_service.pk)
    assert (live.minimum_age, live.maximum_age, live.accessibility_description) == (2, 11, "Step-free, term time only")
    assert [row.byday for row in live.schedules.all()] == ["MO"]
    to_provider = [message for message in mail.outbox if message.to == [provider.email]]
    assert any("are published" in message.subject for message in to_provider)
    # Wagtail's own workflow emails (links into the admin, which a provider cannot open) are not sent.
    assert not [message for message in to_provider if "/admin/" in message.body]

    # Signing in again, a provider lands on their services.
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "sam@kestrel.example", "password": "a long pass phrase 42"}
    )
    assert response.status_code == 302 and response.url == reverse("providers:dashboard")


def test_provider_adds_a_service_as_a_draft(client, kestrel, kestrel_provider, kestrel_service):
    from tests.localoffer.factories import category

    leisure = category("leisure")
    client.force_login(kestrel_provider)
    response = client.post(
        reverse("providers:new_service"),
        {
            "organization": kestrel.pk,
            "title": "Holiday club",
            "summary": "Play in the summer holidays",
            "description_text": "Games and trips.\n\nFor 5 to 11s.",
            "categories": [leisure.pk],
            "status": "active",
        },
    )
    assert response.status_code == 302
    page = ServicePage.objects.get(title="Holiday club")
    assert not page.live and page.organization == kestrel
    assert page.description == "<p>Games and trips.</p><p>For 5 to 11s.</p>"
    client.logout()
    assert client.get(page.url or "/services/holiday-club/").status_code == 404


def test_confirming_a_review_from_the_reminder_link(client, kestrel_provider, kestrel_service, settings):
    from providers.services import send_review_reminders

    send_review_reminders(datetime.date(2026, 6, 1))
    reminder = mail.outbox[-1]
    assert reminder.to == [kestrel_provider.email] and "today" in reminder.subject
    confirm_path = _link(reminder, r"/providers/services/\d+/confirm-review/")

    # Signed out, the link asks them to sign in first.
    response = client.get(confirm_path)
    assert response.status_code == 302 and "/accounts/login/" in response.url

    client.force_login(kestrel_provider)
    assert b"Yes, this is still correct" in client.get(confirm_path).content
    response = client.post(confirm_path)
    assert response.status_code == 302
    page = ServicePage.objects.get(pk=kestrel_service.pk)
    today = datetime.date.today()
    assert page.assured_date == today and page.review_due_on > today
    assert page.live_revision.as_object().assured_date == today
    assert page.get_latest_revision().as_object().review_due_on == page.review_due_on
    confirmation = ReviewConfirmation.objects.get()
    assert confirmation.service_id == page.pk and confirmation.confirmed_by == kestrel_provider
    assert not page.has_unpublished_changes  # no edit was made


def test_a_change_while_waiting_withdraws_the_submission(client, kestrel_provider, kestrel_service):
    """Approval publishes the latest revision: a change saved after sending must not slip through unseen."""
    client.force_login(kestrel_provider)
    step = reverse("providers:edit_step", kwargs={"page_id": kestrel_service.pk, "step": "accessibility"})
    client.post(step, {"accessibility_description": "Step-free"})
    client.post(reverse("providers:submit", kwargs={"page_id": kestrel_service.pk}))
    state = WorkflowState.objects.get(object_id=str(kestrel_service.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert (
        b"waiting for approval"
        in client.get(reverse("providers:service", kwargs={"page_id": kestrel_service.pk})).content
    )

    response = client.post(step, {"accessibility_description": "Step-free, hearing loop"}, follow=True)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert b"taken back" in response.content
    client.post(reverse("providers:submit", kwargs={"page_id": kestrel_service.pk}))
    latest = WorkflowState.objects.get(object_id=str(kestrel_service.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    assert latest.current_task_state.revision.as_object().accessibility_description == "Step-free, hearing loop"


def test_nothing_to_send_is_a_clear_message(client, kestrel_provider, kestrel_service):
    client.force_login(kestrel_provider)
    response = client.post(reverse("providers:submit", kwargs={"page_id": kestrel_service.pk}), follow=True)
    assert b"There are no changes to send" in response.content
    assert not WorkflowState.objects.exists()
