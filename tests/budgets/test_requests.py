"""Asking for a personal budget: the family's question pages, the request's life cycle (each status,
steps out of order refused with a clear message, one email a step), the review after a decline, and
"agreed" creating the budget with the family as a member."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from budgets.models import AuditEvent, Budget, BudgetMembership, Council
from budgets.requests import services as requesting
from budgets.requests.models import BudgetRequest
from tests.budgets.factories import UserFactory, date_fields

Status = BudgetRequest.Status


def years_ago(years, days=0):
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


@pytest.fixture
def council(db):
    return Council.objects.create(name="Camden Council")


@pytest.fixture
def family(council):
    return UserFactory(username="asking-parent")


@pytest.fixture
def council_officer(council):
    user = UserFactory(username="request-officer")
    council.officers.add(user)
    return user


def answered(user, council, **overrides):
    item = requesting.start_request(user=user)
    answers = {
        "council": council,
        "asked_by": "parent",
        "child_name": "Sam Jones",
        "child_date_of_birth": years_ago(9),
        "plan": "has_plan",
        "plan_reference": "EHCP-1234",
        "elements": ["education", "social_care"],
        "wishes": "A personal assistant for after-school clubs",
        "holding_arrangement": "direct_payment",
        "consent": True,
        **overrides,
    }
    return requesting.save_answers(item=item, actor=user, **answers)


@pytest.fixture
def received(family, council):
    return requesting.submit_request(item=answered(family, council), actor=family)


# The family's pages ------------------------------------------------------------------------------------


def test_a_parent_answers_one_question_a_page_and_sends(client, family, council, council_officer):
    client.force_login(family)
    start = client.get(reverse("budgets:request_start"))
    assert "Ask for a personal budget" in start.content.decode()
    response = client.post(reverse("budgets:request_start"))
    item = BudgetRequest.objects.get(requested_by=family)
    assert item.council == council and item.status == "" and item.submitted_at is None
    # Only one council, so the first question is who is asking.
    assert response["Location"] == reverse(
        "budgets:request_question", kwargs={"budget_request": item.uuid, "question": "who"}
    )
    answers = [
        ("who", {"asked_by": "parent"}),
        ("name", {"child_name": "Sam Jones"}),
        ("date-of-birth", date_fields("child_date_of_birth", years_ago(9).isoformat())),
        ("plan", {"plan": "has_plan", "plan_reference": "EHCP-1234"}),
        ("parts", {"elements": ["education", "health"]}),
        ("pay-for", {"wishes": "Speech therapy"}),
        ("hold", {"holding_arrangement": "notional"}),
        ("consent", {"consent": "on"}),
    ]
    for question, data in answers:
        url = reverse("budgets:request_question", kwargs={"budget_request": item.uuid, "question": question})
        page = client.get(url)
        assert page.status_code == 200
        assert page.content.decode().count("<h1") == 1
        response = client.post(url, data)
        assert response.status_code == 302, (question, response.content.decode()[:3000])
    assert response["Location"] == reverse("budgets:request_check", kwargs={"budget_request": item.uuid})
    item.refresh_from_db()  # saved as they went
    assert item.elements == ["education", "health"] and item.holding_arrangement == "notional"
    check = client.get(response["Location"]).content.decode()
    assert "Check your answers" in check and "EHCP-1234" in check and "Speech therapy" in check
    response = client.post(reverse("budgets:request_check", kwargs={"budget_request": item.uuid}))
    assert response["Location"] == reverse("budgets:request_detail", kwargs={"budget_request": item.uuid})
    item.refresh_from_db()
    assert item.status == Status.RECEIVED and item.submitted_at is not None and timezone.is_aware(item.submitted_at)
    family_mail = [m for m in mail.outbox if family.email in m.to]
    assert len(family_mail) == 1 and "received" in family_mail[0].subject
    assert any(council_officer.email in m.to for m in mail.outbox)
    detail = client.get(response["Location"]).content.decode()
    assert "Received" in detail


def test_a_question_left_empty_says_what_to_do(client, family, council):
    client.force_login(family)
    item = requesting.start_request(user=family)
    url = reverse("budgets:request_question", kwargs={"budget_request": item.uuid, "question": "parts"})
    response = client.post(url, {})
    assert response.status_code == 200
    assert "Select at least one part of the plan" in response.content.decode()
    url = reverse("budgets:request_question", kwargs={"budget_request": item.uuid, "question": "plan"})
    assert "Enter the EHC plan reference" in client.post(url, {"plan": "has_plan"}).content.decode()
    url = reverse("budgets:request_question", kwargs={"budget_request": item.uuid, "question": "date-of-birth"})
    future = (timezone.localdate() + datetime.timedelta(days=40)).isoformat()
    assert (
        "Date of birth must be in the past"
        in client.post(url, date_fields("child_date_of_birth", future)).content.decode()
    )
    assert (
        "Date of birth must be a real date"
        in client.post(
            url, {"child_date_of_birth-day": "30", "child_date_of_birth-month": "2", "child_date_of_birth-year": "2015"}
        ).content.decode()
    )
    assert BudgetRequest.objects.get(pk=item.pk).child_date_of_birth is None


def test_a_young_person_must_be_16_to_25(client, family, council):
    client.force_login(family)
    item = requesting.save_answers(item=requesting.start_request(user=family), actor=family, asked_by="young_person")
    url = reverse("budgets:request_question", kwargs={"budget_request": item.uuid, "question": "date-of-birth"})
    page = client.get(url).content.decode()
    assert "What is your date of birth?" in page
    too_young = client.post(url, date_fields("child_date_of_birth", years_ago(14).isoformat())).content.decode()
    assert "You can ask for your own personal budget if you are 16 to 25. You are 14" in too_young
    too_old = client.post(url, date_fields("child_date_of_birth", years_ago(27).isoformat())).content.decode()
    assert "You are 27" in too_old
    assert client.post(url, date_fields("child_date_of_birth", years_ago(17).isoformat())).status_code == 302


def test_an_unfinished_request_cannot_be_sent(family, council):
    item = answered(family, council, wishes="", consent=False)
    with pytest.raises(requesting.RequestError, match="what you would like it to pay for, consent"):
        requesting.submit_request(item=item, actor=family)
    assert len(mail.outbox) == 0


def test_a_sent_request_cannot_be_changed_or_sent_twice(client, received, family):
    with pytest.raises(requesting.RequestError, match="already sent"):
        requesting.submit_request(item=received, actor=family)
    with pytest.raises(requesting.RequestError, match="can no longer be changed"):
        requesting.save_answers(item=received, actor=family, wishes="More")
    client.force_login(family)
    url = reverse("budgets:request_question", kwargs={"budget_request": received.uuid, "question": "pay-for"})
    assert client.post(url, {"wishes": "More"})["Location"] == reverse(
        "budgets:request_detail", kwargs={"budget_request": received.uuid}
    )
    assert BudgetRequest.objects.get(pk=received.pk).wishes == "A personal assistant for after-school clubs"
    assert len(mail.outbox) == 1


def test_the_council_question_appears_when_there_are_several(client, family, council):
    Council.objects.create(name="Islington Council")
    client.force_login(family)
    client.post(reverse("budgets:request_start"))
    item = BudgetRequest.objects.get(requested_by=family)
    assert item.council is None
    url = reverse("budgets:request_question", kwargs={"budget_request": item.uuid, "question": "council"})
    assert "Which council looks after the EHC plan?" in client.get(url).content.decode()
    client.post(url, {"council": council.pk})
    assert BudgetRequest.objects.get(pk=item.pk).council == council


def test_the_dashboard_links_to_asking_and_lists_requests(client, received, family):
    client.force_login(family)
    content = client.get(reverse("budgets:budget_list")).content.decode()
    assert reverse("budgets:request_start") in content
    assert "Sam Jones" in content and "received" in content


# The life cycle ------------------------------------------------------------------------------------


def family_mail(user):
    return [m for m in mail.outbox if user.email in m.to]


def test_each_status_in_turn_sends_one_email_each(received, family, council_officer):
    assert [m.subject for m in family_mail(family)] == [
        "We have received your request for a personal budget for Sam Jones"
    ]
    item = requesting.move_request(item=received, actor=council_officer, step="considering")
    assert item.status == "considering" and item.decided_at is None
    item = requesting.move_request(item=item, actor=council_officer, step="agreed")
    assert item.status == "agreed" and timezone.is_aware(item.decided_at)
    item = requesting.move_request(item=item, actor=council_officer, step="set_up")
    assert item.status == "set_up"
    subjects = [m.subject for m in family_mail(family)]
    assert len(subjects) == 4
    assert "being considered" in subjects[1] and "agreed" in subjects[2] and "set up" in subjects[3]
    actions = list(AuditEvent.objects.filter(target_type="BudgetRequest").values_list("action", flat=True))
    assert {"request.received", "request.considering", "request.agreed", "request.set_up"} <= set(actions)


@pytest.mark.parametrize(
    "path,step,message",
    [
        (
            [],
            "agreed",
            "This request is received, so it cannot be agreed yet. It can next be being considered or declined.",
        ),
        ([], "set_up", "This request is received, so it cannot be set up yet."),
        (["considering"], "considering", "This request is already being considered."),
        (["considering"], "set_up", "It can next be agreed or declined."),
        (
            ["considering", "agreed"],
            "declined",
            "This request is agreed, so it cannot be declined yet. It can next be set up.",
        ),
        (["considering", "agreed", "set_up"], "agreed", "cannot be agreed: that was the last step."),
    ],
)
def test_steps_out_of_order_are_refused_with_a_clear_message(received, council_officer, path, step, message):
    item = received
    for done in path:
        item = requesting.move_request(item=item, actor=council_officer, step=done)
    sent = len(mail.outbox)
    with pytest.raises(requesting.RequestError) as refused:
        requesting.move_request(item=item, actor=council_officer, step=step, reason="Because")
    assert message in str(refused.value)
    assert len(mail.outbox) == sent
    assert BudgetRequest.objects.get(pk=item.pk).status == item.status


def test_an_unsent_request_cannot_be_moved(family, council, council_officer):
    with pytest.raises(requesting.RequestError, match="has not sent this request yet"):
        requesting.move_request(item=answered(family, council), actor=council_officer, step="considering")


def test_another_councils_officer_cannot_move_a_request(received):
    other = UserFactory(username="islington-officer")
    Council.objects.create(name="Islington Council").officers.add(other)
    with pytest.raises(requesting.RequestError, match="councils you are an officer for"):
        requesting.move_request(item=received, actor=other, step="considering")


def test_agreed_creates_the_budget_prefilled_with_the_family_a_member(received, family, council_officer):
    item = requesting.move_request(item=received, actor=council_officer, step="considering")
    item = requesting.move_request(item=item, actor=council_officer, step="agreed")
    budget = item.budget
    assert budget.council == received.council and budget.holder_name == "Sam Jones"
    assert budget.holder_date_of_birth == received.child_date_of_birth and budget.reference == "EHCP-1234"
    assert budget.holding_arrangement == "direct_payment" and budget.holder is None
    assert sorted(budget.elements.values_list("element", flat=True)) == ["education", "social_care"]
    membership = budget.memberships.get()
    assert membership.user == family and membership.role == BudgetMembership.Role.PARENT_CARER
    assert membership.can_manage
    assert AuditEvent.objects.filter(budget=budget, action="budget.created").exists()
    assert Budget.objects.count() == 1  # agreeing twice is refused, so never a second budget
    with pytest.raises(requesting.RequestError):
        requesting.move_request(item=item, actor=council_officer, step="agreed")
    assert Budget.objects.count() == 1


def test_a_young_persons_own_request_makes_them_the_holder(family, council, council_officer):
    item = answered(family, council, asked_by="young_person", child_date_of_birth=years_ago(17))
    item = requesting.submit_request(item=item, actor=family)
    requesting.move_request(item=item, actor=council_officer, step="considering")
    item = requesting.move_request(item=item, actor=council_officer, step="agreed")
    assert item.budget.holder == family
    assert item.budget.memberships.get(user=family).role == BudgetMembership.Role.YOUNG_PERSON
    assert item.budget.memberships.get(user=family).can_manage


# Declining and the review -----------------------------------------------------------------------------


def test_declining_needs_a_reason_which_the_family_is_sent(received, family, council_officer):
    with pytest.raises(requesting.RequestError, match="Give the reason"):
        requesting.move_request(item=received, actor=council_officer, step="declined", reason="  ")
    item = requesting.move_request(
        item=received, actor=council_officer, step="declined", reason="The plan does not name this support."
    )
    assert item.status == "declined" and item.decline_reason == "The plan does not name this support."
    assert item.budget is None and Budget.objects.count() == 0
    last = family_mail(family)[-1]
    assert "declined" in last.subject and "The plan does not name this support." in last.body
    assert "ask for the decision to be reviewed" in last.body


def test_the_family_asks_for_a_review_once(client, received, family, council_officer):
    item = requesting.move_request(item=received, actor=council_officer, step="declined", reason="Not in the plan.")
    client.force_login(family)
    detail = client.get(reverse("budgets:request_detail", kwargs={"budget_request": item.uuid})).content.decode()
    assert "Not in the plan." in detail and "Ask for a review" in detail
    url = reverse("budgets:request_review", kwargs={"budget_request": item.uuid})
    assert "Say why you would like the decision reviewed" in client.post(url, {"reason": ""}).content.decode()
    sent = len(mail.outbox)
    assert client.post(url, {"reason": "Section F names a PA."}).status_code == 302
    item.refresh_from_db()
    assert item.status == "considering" and item.review_reason == "Section F names a PA."
    assert timezone.is_aware(item.review_requested_at)
    assert len(family_mail(family)) == 3  # received, declined, review asked for
    assert any(council_officer.email in m.to and "Review" in m.subject for m in mail.outbox[sent:])
    # The officer decides again; a second decline cannot be reviewed again.
    item = requesting.move_request(item=item, actor=council_officer, step="declined", reason="Still not.")
    assert "SEND Tribunal" in family_mail(family)[-1].body
    with pytest.raises(requesting.RequestError, match="already asked"):
        requesting.ask_for_review(item=item, actor=family, reason="Again")
    assert "already asked" in client.post(url, {"reason": "Again"}).content.decode()


def test_a_review_is_refused_before_a_decline(received, family):
    with pytest.raises(requesting.RequestError, match="only after a request has been declined"):
        requesting.ask_for_review(item=received, actor=family, reason="Hurry")


def test_after_a_review_the_officer_may_agree(received, family, council_officer):
    item = requesting.move_request(item=received, actor=council_officer, step="declined", reason="No.")
    item = requesting.ask_for_review(item=item, actor=family, reason="Please look again.")
    item = requesting.move_request(item=item, actor=council_officer, step="agreed")
    assert item.status == "agreed" and item.decline_reason == "" and item.budget.memberships.get().user == family


# Scoping ----------------------------------------------------------------------------------------------


def test_officer_requests_are_their_councils_sent_requests(received, family, council, council_officer):
    other_council = Council.objects.create(name="Islington Council")
    islington_family = UserFactory(username="islington-family")
    theirs = requesting.submit_request(
        item=answered(islington_family, other_council, child_name="Kit"), actor=islington_family
    )
    answered(family, council, child_name="Unsent")
    seen = set(requesting.officer_requests(council_officer))
    assert received in seen and theirs not in seen
    assert not any(item.child_name == "Unsent" for item in seen)


def test_a_familys_requests_are_in_their_data_download(received, family):
    from budgets.services import member_data

    [exported] = member_data(family)["budget_requests"]
    assert exported["child_name"] == "Sam Jones" and exported["status"] == "received"
    assert exported["wishes"] == "A personal assistant for after-school clubs"
