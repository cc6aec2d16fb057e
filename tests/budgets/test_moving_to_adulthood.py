"""Moving to adulthood: a parent hands the budget to the young person from 16 (who accepts by signing in,
and decides whether the parent stays, as nominee or viewer), and the council's officers are prompted
six months before an 18th birthday, when social care moves to adult rules."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from budgets.models import AuditEvent, BudgetMembership, Council
from budgets.requests import services as requesting
from budgets.requests.models import AdulthoodPrompt, Handover
from budgets.tasks import prompt_before_adulthood
from tests.budgets.factories import UserFactory, make_budget, member
from tests.budgets.staff import officer_group, sign_in_staff, staff_user

TODAY = datetime.date(2026, 3, 10)


def born(years, days=0, today=None):
    today = today or timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


@pytest.fixture
def sixteen(db):
    budget = make_budget(holder_name="Jo", holder_date_of_birth=born(16, days=10))
    parent = member(budget, UserFactory(username="jo-parent"))
    young = UserFactory(username="jo", email="jo@example.com")
    return {"budget": budget, "parent": parent, "young": young}


# The hand-over ----------------------------------------------------------------------------------------


def test_handover_is_refused_before_16(db):
    budget = make_budget(holder_name="Kim", holder_date_of_birth=born(16, days=-3))  # 16 in three days
    parent = member(budget)
    with pytest.raises(requesting.RequestError, match="Kim is 15. A budget can be handed to a young person from"):
        requesting.offer_handover(budget=budget, actor=parent, email="kim@example.com")
    assert not Handover.objects.exists() and not mail.outbox


def test_handover_needs_a_date_of_birth(db):
    budget = make_budget(holder_name="Kim", holder_date_of_birth=None)
    with pytest.raises(requesting.RequestError, match="do not know Kim's date of birth"):
        requesting.offer_handover(budget=budget, actor=member(budget), email="kim@example.com")


def test_only_a_parent_can_hand_over(sixteen):
    nominee = member(sixteen["budget"], UserFactory(username="aunt"), BudgetMembership.Role.NOMINEE)
    with pytest.raises(requesting.RequestError, match="Only a parent or carer"):
        requesting.offer_handover(budget=sixteen["budget"], actor=nominee, email="jo@example.com")


def test_the_page_says_when_too_young(client, db):
    budget = make_budget(holder_name="Kim", holder_date_of_birth=born(13))
    client.force_login(member(budget))
    content = client.get(reverse("budgets:handover_offer", kwargs={"budget": budget.uuid})).content.decode()
    assert "Kim is 13. You can hand the budget over from their 16th birthday." in content
    assert 'name="email"' not in content


def offer(client, sixteen):
    client.force_login(sixteen["parent"])
    url = reverse("budgets:handover_offer", kwargs={"budget": sixteen["budget"].uuid})
    response = client.post(url, {"email": "Jo@Example.com"})
    assert response.status_code == 302
    client.logout()
    return Handover.objects.get()


def test_the_young_person_accepts_by_signing_in_and_keeps_the_parent_as_nominee(client, sixteen):
    handover = offer(client, sixteen)
    assert handover.email == "jo@example.com"
    [invite] = mail.outbox
    link = reverse("budgets:handover_accept", kwargs={"handover": handover.token})
    assert invite.to == ["jo@example.com"] and link in invite.body
    # Signing in first: the link asks for it, and the dashboard shows the hand-over waiting.
    assert client.get(link)["Location"].startswith(reverse("account_login"))
    client.force_login(sixteen["young"])
    dashboard = client.get(reverse("budgets:budget_list")).content.decode()
    assert "Jo's personal budget is ready for you to manage" in dashboard and link in dashboard
    assert "Can the person who managed your budget still help with it?" in client.get(link).content.decode()
    assert "Select whether they can still help" in client.post(link, {}).content.decode()
    response = client.post(link, {"parent_role": "nominee"})
    budget = sixteen["budget"]
    assert response["Location"] == reverse("budgets:dashboard", kwargs={"budget": budget.uuid})
    budget.refresh_from_db()
    assert budget.holder == sixteen["young"]
    young = budget.memberships.get(user=sixteen["young"])
    assert young.role == BudgetMembership.Role.YOUNG_PERSON and young.can_manage
    parent = budget.memberships.get(user=sixteen["parent"])
    assert parent.role == BudgetMembership.Role.NOMINEE
    event = AuditEvent.objects.get(action="handover.accepted")
    assert event.before["holder"] is None and event.after["holder"] == sixteen["young"].pk
    assert event.after["members"][sixteen["parent"].email] == "nominee"
    assert "nominee" in mail.outbox[-1].body and mail.outbox[-1].to == [sixteen["parent"].email]
    with pytest.raises(requesting.RequestError, match="already been accepted"):
        requesting.accept_handover(handover=handover, user=sixteen["young"], parent_role="none")


def test_the_parent_stays_only_as_a_viewer_if_the_young_person_says_so(client, sixteen):
    handover = offer(client, sixteen)
    requesting.accept_handover(handover=handover, user=sixteen["young"], parent_role="viewer")
    parent = sixteen["budget"].memberships.get(user=sixteen["parent"])
    assert parent.role == BudgetMembership.Role.VIEWER and not parent.can_manage
    client.force_login(sixteen["parent"])
    budget_url = reverse("budgets:dashboard", kwargs={"budget": sixteen["budget"].uuid})
    assert client.get(budget_url).status_code == 200
    assert client.get(reverse("budgets:entry_create", kwargs={"budget": sixteen["budget"].uuid})).status_code == 403


def test_without_the_young_persons_consent_the_parent_is_removed(client, sixteen):
    handover = offer(client, sixteen)
    requesting.accept_handover(handover=handover, user=sixteen["young"], parent_role="none")
    assert not sixteen["budget"].memberships.filter(user=sixteen["parent"]).exists()
    client.force_login(sixteen["parent"])
    assert client.get(reverse("budgets:dashboard", kwargs={"budget": sixteen["budget"].uuid})).status_code == 404


def test_only_the_person_it_was_sent_to_can_accept(client, sixteen):
    handover = offer(client, sixteen)
    someone = UserFactory(username="someone-else")
    with pytest.raises(requesting.RequestError, match="sent to jo@example.com. Sign in with that email"):
        requesting.accept_handover(handover=handover, user=someone, parent_role="none")
    client.force_login(someone)
    link = reverse("budgets:handover_accept", kwargs={"handover": handover.token})
    assert client.post(link, {"parent_role": "none"}).status_code == 400
    assert sixteen["budget"].memberships.get(user=sixteen["parent"]).role == BudgetMembership.Role.PARENT_CARER


def test_an_expired_handover_is_refused(client, sixteen):
    handover = offer(client, sixteen)
    Handover.objects.filter(pk=handover.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(requesting.RequestError, match="expired"):
        requesting.accept_handover(handover=handover, user=sixteen["young"], parent_role="nominee")


# The prompt before 18 ---------------------------------------------------------------------------------


@pytest.fixture
def turning_18(db):
    council = Council.objects.create(name="Kestrel Council")
    officer = UserFactory(username="kestrel-officer")
    council.officers.add(officer)
    soon = make_budget(council=council, holder_name="Soon", holder_date_of_birth=born(18, days=-150, today=TODAY))
    later = make_budget(council=council, holder_name="Later", holder_date_of_birth=born(18, days=-200, today=TODAY))
    adult = make_budget(council=council, holder_name="Adult", holder_date_of_birth=born(18, days=5, today=TODAY))
    no_care = make_budget(
        council=council, holder_name="NoCare", holder_date_of_birth=born(18, days=-30, today=TODAY), items=False
    )
    no_care.elements.filter(element="social_care").delete()
    for budget in (soon, later, adult, no_care):
        budget.ends_on = TODAY + datetime.timedelta(days=200)
        budget.save()
    return {"council": council, "officer": officer, "soon": soon}


def test_officers_are_prompted_six_months_before_18_once(turning_18):
    assert requesting.prompt_before_adulthood(TODAY) == 1
    prompt = AdulthoodPrompt.objects.get()
    assert prompt.budget == turning_18["soon"]
    assert prompt.eighteenth_birthday == turning_18["soon"].holder_date_of_birth.replace(
        year=turning_18["soon"].holder_date_of_birth.year + 18
    )
    [email] = mail.outbox
    assert email.to == [turning_18["officer"].email] and "Soon turns 18" in email.subject
    assert "adult rules" in email.body
    # Idempotent: again the same day, the next day, or through the task and the command.
    assert requesting.prompt_before_adulthood(TODAY) == 0
    assert prompt_before_adulthood.call(TODAY.isoformat()) == 0
    out = StringIO()
    call_command("prompt_before_adulthood", "--today", (TODAY + datetime.timedelta(days=1)).isoformat(), stdout=out)
    assert "about 0 young people" in out.getvalue()
    assert AdulthoodPrompt.objects.count() == 1 and len(mail.outbox) == 1


def test_the_command_refuses_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="is not a date like"):
        call_command("prompt_before_adulthood", "--today", "10/03/2026", stdout=StringIO())


def test_the_prompt_is_in_the_admin_for_the_councils_officers_only(client, turning_18):
    requesting.prompt_before_adulthood(TODAY)
    prompt = AdulthoodPrompt.objects.get()
    group = officer_group()
    kestrel = staff_user("kestrel-admin", group=group, councils=[turning_18["council"]])
    osprey = staff_user("osprey-admin", group=group, councils=[Council.objects.create(name="Osprey Council")])
    sign_in_staff(client, kestrel)
    listing = client.get(reverse("adulthood_prompts:index"))
    assert listing.status_code == 200 and "Soon" in listing.content.decode()
    assert client.get(reverse("adulthood_prompts:inspect", args=[prompt.pk])).status_code == 200
    response = client.post(reverse("adulthood_prompts:edit", args=[prompt.pk]), {"note": "Assessment booked"})
    assert response.status_code == 302
    assert "marked as dealt with" in client.get(response["Location"]).content.decode()
    prompt.refresh_from_db()
    assert prompt.dealt_with_by == kestrel and prompt.note == "Assessment booked"
    sign_in_staff(client, osprey)
    assert "Soon" not in client.get(reverse("adulthood_prompts:index")).content.decode()
    assert client.get(reverse("adulthood_prompts:inspect", args=[prompt.pk])).status_code == 404
    assert client.post(reverse("adulthood_prompts:edit", args=[prompt.pk]), {"note": "x"}).status_code == 404
