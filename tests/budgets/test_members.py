"""Managers invite people by email; invitations expire; members can be removed."""

import datetime
import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from budgets.models import BudgetMembership, Invitation
from tests.budgets.factories import UserFactory


def invite(client, budget, email="grandma@example.com", role="nominee"):
    return client.post(reverse("budgets:member_invite", kwargs={"budget": budget.uuid}), {"email": email, "role": role})


def test_invite_by_email_and_accept(client, budget, parent):
    client.force_login(parent)
    assert invite(client, budget).status_code == 302
    link = re.search(r"http://testserver(/\S+)", mail.outbox[-1].body).group(1)
    invitee = UserFactory(username="grandma")
    client.force_login(invitee)
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    membership = BudgetMembership.objects.get(user=invitee)
    assert membership.role == "nominee" and membership.can_manage


def test_invitation_for_another_address_is_refused(client, budget, parent):
    client.force_login(parent)
    invite(client, budget)
    invitation = Invitation.objects.get()
    client.force_login(UserFactory(username="someone-else"))
    response = client.post(reverse("budgets:accept_invitation", kwargs={"token": invitation.token}))
    assert "Sign in with that email address" in response.content.decode()
    assert not BudgetMembership.objects.filter(user__username="someone-else").exists()


def test_expired_invitation_is_refused(client, budget, parent):
    client.force_login(parent)
    invite(client, budget)
    invitation = Invitation.objects.get()
    invitation.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    invitation.save()
    client.force_login(UserFactory(username="grandma"))
    response = client.post(reverse("budgets:accept_invitation", kwargs={"token": invitation.token}))
    assert "This invitation has expired" in response.content.decode()
    assert not BudgetMembership.objects.filter(user__username="grandma").exists()


def test_bad_invite_email_is_explained(client, budget, parent):
    client.force_login(parent)
    response = invite(client, budget, email="not-an-email")
    assert "govuk-error-summary" in response.content.decode() and not Invitation.objects.exists()


def test_member_can_be_removed_but_not_the_last_manager(client, budget, parent):
    child = UserFactory(username="child")
    removed = BudgetMembership.objects.create(budget=budget, user=child, role="young_person")
    client.force_login(parent)
    client.post(reverse("budgets:member_remove", kwargs={"budget": budget.uuid, "membership": removed.pk}))
    assert not BudgetMembership.objects.filter(pk=removed.pk).exists()
    own = BudgetMembership.objects.get(user=parent)
    response = client.post(reverse("budgets:member_remove", kwargs={"budget": budget.uuid, "membership": own.pk}))
    assert response.status_code == 400 and "govuk-error-summary" in response.content.decode()
    assert "only person who manages this budget" in response.content.decode()
    assert BudgetMembership.objects.filter(pk=own.pk).exists()
