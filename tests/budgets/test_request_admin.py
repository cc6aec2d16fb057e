"""The officer's queue of personal budget requests in the Wagtail admin: only their council's sent
requests, each step taken through the service (with its refusals shown on the form)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from budgets.models import Council
from budgets.requests import services as requesting
from budgets.requests.models import BudgetRequest
from tests.budgets.factories import UserFactory
from tests.budgets.staff import officer_group, sign_in_staff, staff_user

ANSWERS = {
    "asked_by": "parent",
    "plan": "being_assessed",
    "elements": ["social_care"],
    "wishes": "Short breaks",
    "holding_arrangement": "third_party",
    "consent": True,
}


def answered(council, name):
    user = UserFactory(username=f"{name.lower()}-family")
    item = requesting.start_request(user=user)
    born = timezone.localdate() - datetime.timedelta(days=3650)
    return requesting.save_answers(
        item=item, actor=user, council=council, child_name=name, child_date_of_birth=born, **ANSWERS
    )


def sent(council, name):
    item = answered(council, name)
    return requesting.submit_request(item=item, actor=item.requested_by)


@pytest.fixture
def queue(db):
    kestrel = Council.objects.create(name="Kestrel Council")
    osprey = Council.objects.create(name="Osprey Council")
    group = officer_group()
    answered(kestrel, "Unsentchild")
    return {
        "mine": sent(kestrel, "Kestrelchild"),
        "theirs": sent(osprey, "Ospreychild"),
        "officer": staff_user("kestrel-officer", group=group, councils=[kestrel]),
        "other": staff_user("osprey-officer", group=group, councils=[osprey]),
    }


def test_the_queue_lists_only_the_officers_councils_sent_requests(client, queue):
    sign_in_staff(client, queue["officer"])
    content = client.get(reverse("budget_requests:index")).content.decode()
    assert "Kestrelchild" in content
    assert "Ospreychild" not in content and "Unsentchild" not in content
    filtered = client.get(reverse("budget_requests:index"), {"status": "declined"}).content.decode()
    assert "Kestrelchild" not in filtered
    assert client.get(reverse("budget_requests:inspect", args=[queue["mine"].pk])).status_code == 200
    for view in ("inspect", "edit"):
        assert client.get(reverse(f"budget_requests:{view}", args=[queue["theirs"].pk])).status_code == 404
    unsent = BudgetRequest.objects.get(child_name="Unsentchild")
    assert client.get(reverse("budget_requests:inspect", args=[unsent.pk])).status_code == 404


def test_nobody_adds_or_deletes_requests_in_the_admin(client, queue):
    sign_in_staff(client, queue["officer"])
    assert client.get(reverse("budget_requests:add")).status_code != 200
    assert client.post(reverse("budget_requests:delete", args=[queue["mine"].pk])).status_code != 200
    assert BudgetRequest.objects.filter(pk=queue["mine"].pk).exists()


def step(client, item, **data):
    return client.post(reverse("budget_requests:edit", args=[item.pk]), data)


def test_the_officer_takes_each_step_from_the_admin(client, queue):
    item = queue["mine"]
    sign_in_staff(client, queue["officer"])
    page = client.get(reverse("budget_requests:edit", args=[item.pk])).content.decode()
    assert "Being considered" in page and "Short breaks" in page
    assert step(client, item, step="considering").status_code == 302
    # Out of order: the refusal is shown on the form and nothing changes.
    response = step(client, item, step="set_up")
    assert response.status_code == 200
    assert "This request is being considered, so it can next be agreed or declined." in response.content.decode()
    declined = step(client, item, step="declined", reason="")
    assert "Give the reason the request is declined" in declined.content.decode()
    assert BudgetRequest.objects.get(pk=item.pk).status == "considering"
    assert step(client, item, step="agreed").status_code == 302
    item.refresh_from_db()
    assert item.status == "agreed" and item.decided_by == queue["officer"] and item.budget is not None
    assert item.budget.memberships.get().user == item.requested_by
    # The budget it made is in the officer's own list of budgets, ready to be given its amounts.
    budgets = client.get(reverse("wagtailsnippets_budgets_budget:list")).content.decode()
    assert "Kestrelchild" in budgets
    assert step(client, item, step="set_up").status_code == 302
    assert BudgetRequest.objects.get(pk=item.pk).status == "set_up"
    assert [m.subject.split(" ")[-1] for m in mail.outbox if item.requested_by.email in m.to] == [
        "Kestrelchild",
        "considered",
        "agreed",
        "up",
    ]


def test_another_councils_officer_cannot_step_a_request(client, queue):
    sign_in_staff(client, queue["other"])
    assert step(client, queue["mine"], step="considering").status_code == 404
    assert BudgetRequest.objects.get(pk=queue["mine"].pk).status == "received"
