"""Every budget URL, generated from the URL conf, walked as a stranger, a view-only member, an anonymous
visitor and an officer. Anything a person may not see is a 404, never a 403."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, reverse

from budgets import services, urls
from budgets.imports.models import StatementImport
from budgets.models import BudgetMembership, LedgerEntry, RecurringPayment
from budgets.returns import services as returns
from tests.budgets.factories import UserFactory, make_budget, member

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def budget_patterns():
    return [p for p in urls.urlpatterns if isinstance(p, URLPattern) and "budget" in p.pattern.converters]


@pytest.fixture
def family(db):
    """The family whose pages are walked: a budget with one of everything a URL can name."""
    budget = make_budget(holder_name="Target")
    parent = member(budget, UserFactory(username="target-parent"))
    entry = services.record_entry(
        budget=budget,
        actor=parent,
        spent_on=datetime.date(2025, 5, 1),
        amount=Decimal("30.00"),
        payee="Swim club",
        element="social_care",
        category="activities",
        evidence_files=[(SimpleUploadedFile("receipt.pdf", PDF), "application/pdf")],
    )
    recurring = RecurringPayment.objects.create(
        budget=budget,
        payee="PA",
        amount=Decimal("80.00"),
        element="social_care",
        starts_on=datetime.date(2025, 4, 7),
        next_due_on=datetime.date(2025, 4, 7),
    )
    viewer = member(budget, UserFactory(username="target-child"), BudgetMembership.Role.YOUNG_PERSON)
    kwargs = {
        "budget": budget.uuid,
        "entry": entry.pk,
        "evidence": entry.evidence.get().pk,
        "recurring": recurring.pk,
        "membership": BudgetMembership.objects.get(user=viewer).pk,
        # Issue 5's pages: an upload waiting to be checked, and a monitoring return.
        "statement_import": StatementImport.objects.create(
            budget=budget,
            filename="bank.csv",
            source_format="csv",
            content=b"Date,Description,Amount\n02/05/2025,Shop,-1.00\n",
        ).pk,
        "monitoring_return": returns.set_schedule(budget=budget, actor=None, frequency="quarterly")
        .budget.monitoring_returns.first()
        .pk,
    }
    return {"budget": budget, "parent": parent, "viewer": viewer, "kwargs": kwargs}


def url_for(pattern, family):
    return reverse(f"budgets:{pattern.name}", kwargs={k: family["kwargs"][k] for k in pattern.pattern.converters})


def snapshot(budget):
    return (
        list(budget.entries.values_list("pk", "amount", "is_deleted", "version")),
        list(budget.memberships.values_list("pk", flat=True)),
        list(budget.recurring_payments.values_list("pk", "is_active")),
        budget.invitations.count(),
    )


POST_DATA = {"version": 1, "amount": "1.00", "payee": "X", "email": "x@example.com", "role": "nominee"}


def test_the_walk_covers_every_budget_view():
    names = {p.name for p in budget_patterns()}
    assert {"dashboard", "entry_list", "entry_create", "entry_edit", "evidence_download", "member_remove"} <= names
    assert all(hasattr(p.callback, "manage") for p in budget_patterns()), "every budget view uses budget_view"


@pytest.mark.parametrize("pattern", budget_patterns(), ids=lambda p: p.name)
def test_stranger_gets_404_for_get_and_post(client, family, stranger, pattern):
    client.force_login(stranger)
    url = url_for(pattern, family)
    before = snapshot(family["budget"])
    assert client.get(url).status_code == 404
    assert client.post(url, POST_DATA).status_code == 404
    assert snapshot(family["budget"]) == before


@pytest.mark.parametrize("pattern", budget_patterns(), ids=lambda p: p.name)
def test_anonymous_visitor_is_sent_to_sign_in(client, family, pattern):
    url = url_for(pattern, family)
    for response in (client.get(url), client.post(url, POST_DATA)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("pattern", budget_patterns(), ids=lambda p: p.name)
def test_view_only_member_can_look_but_not_change(client, family, pattern):
    client.force_login(family["viewer"])
    url = url_for(pattern, family)
    before = snapshot(family["budget"])
    if pattern.callback.manage:
        assert client.get(url).status_code == 403
        assert client.post(url, POST_DATA).status_code == 403
    else:
        assert client.get(url).status_code == 200
        assert client.post(url, POST_DATA).status_code == 405
    assert snapshot(family["budget"]) == before


@pytest.mark.parametrize("pattern", budget_patterns(), ids=lambda p: p.name)
def test_officer_reviews_budgets_in_their_council(client, family, officer, pattern):
    family["budget"].council.officers.add(officer)
    client.force_login(officer)
    url = url_for(pattern, family)
    before = snapshot(family["budget"])
    expected = 403 if pattern.callback.manage else 200
    assert client.get(url).status_code == expected
    if pattern.callback.manage:
        assert client.post(url, POST_DATA).status_code == 403
    assert snapshot(family["budget"]) == before


def test_officer_of_another_council_gets_404(client, family, officer):
    from budgets.models import Council

    family["budget"].council = Council.objects.create(name="Islington Council")
    family["budget"].save()
    client.force_login(officer)
    assert client.get(reverse("budgets:dashboard", kwargs={"budget": family["budget"].uuid})).status_code == 404


def test_manager_can_use_every_view(client, family):
    client.force_login(family["parent"])
    for pattern in budget_patterns():
        response = client.get(url_for(pattern, family))
        assert response.status_code in (200, 405), pattern.name


def test_budget_list_shows_only_your_own(client, family, stranger):
    client.force_login(stranger)
    content = client.get(reverse("budgets:budget_list")).content.decode()
    assert "Alex" in content and "Target" not in content


def test_evidence_is_not_under_the_web_root(settings, family):
    evidence = LedgerEntry.objects.get(payee="Swim club").evidence.get()
    path = evidence.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT)) and not path.startswith(str(settings.STATIC_ROOT))
    with pytest.raises(ValueError):
        evidence.file.url  # noqa: B018


# Requests for a personal budget and hand-overs: pages named by a request or a hand-over, not a budget --


def request_patterns():
    return [
        p
        for p in urls.urlpatterns
        if isinstance(p, URLPattern) and {"budget_request", "handover"} & set(p.pattern.converters)
    ]


@pytest.fixture
def asking(family):
    """A request the target family has sent, one it is still answering, and a hand-over waiting."""
    from django.utils import timezone

    from budgets.requests import services as requesting

    parent = family["parent"]
    budget = family["budget"]
    budget.holder_date_of_birth = timezone.localdate().replace(year=timezone.localdate().year - 17)
    budget.save()

    def answered(name):
        item = requesting.start_request(user=parent)
        return requesting.save_answers(
            item=item,
            actor=parent,
            council=budget.council,
            asked_by="parent",
            child_name=name,
            child_date_of_birth=datetime.date(2015, 1, 1),
            plan="being_assessed",
            elements=["health"],
            wishes="Therapy",
            holding_arrangement="notional",
            consent=True,
        )

    sent = requesting.submit_request(item=answered("Target Sent"), actor=parent)
    draft = answered("Target Draft")
    handover = requesting.offer_handover(budget=budget, actor=parent, email="target-child@example.com")
    return {"sent": sent, "draft": draft, "handover": handover}


def request_urls(pattern, asking):
    urls_ = []
    for item in (asking["sent"], asking["draft"]):
        kwargs = {"budget_request": item.uuid, "question": "pay-for", "handover": asking["handover"].token}
        urls_.append(reverse(f"budgets:{pattern.name}", kwargs={k: kwargs[k] for k in pattern.pattern.converters}))
    return urls_


def request_state(asking):
    from budgets.requests.models import BudgetRequest, Handover

    return (
        sorted(BudgetRequest.objects.values_list("pk", "status", "wishes", "review_reason")),
        sorted(Handover.objects.values_list("pk", "accepted_at")),
        sorted(BudgetMembership.objects.values_list("pk", "role")),
    )


REQUEST_POST = {"wishes": "Changed", "reason": "Review it", "parent_role": "none", "consent": "on"}


def test_the_request_walk_covers_every_request_view():
    names = {p.name for p in request_patterns()}
    assert {"request_detail", "request_question", "request_check", "request_review", "handover_accept"} <= names


@pytest.mark.parametrize("pattern", request_patterns(), ids=lambda p: p.name)
def test_another_family_gets_404_for_a_request(client, family, asking, stranger, pattern):
    client.force_login(stranger)
    before = request_state(asking)
    for url in request_urls(pattern, asking):
        if pattern.name == "handover_accept":  # a secret link: anyone may open it, only its addressee accept
            assert client.post(url, REQUEST_POST).status_code == 400
            assert "Sign in with that email address" in client.post(url, REQUEST_POST).content.decode()
        else:
            assert client.get(url).status_code == 404, url
            assert client.post(url, REQUEST_POST).status_code in (404, 405), url
    assert request_state(asking) == before


@pytest.mark.parametrize("pattern", request_patterns(), ids=lambda p: p.name)
def test_an_officer_does_not_use_the_familys_request_pages(client, family, asking, officer, pattern):
    """Officers handle requests in the admin queue; the family's pages stay the family's."""
    family["budget"].council.officers.add(officer)
    client.force_login(officer)
    before = request_state(asking)
    for url in request_urls(pattern, asking):
        if pattern.name != "handover_accept":
            assert client.get(url).status_code == 404, url
        assert client.post(url, REQUEST_POST).status_code in (400, 404, 405), url
    assert request_state(asking) == before


@pytest.mark.parametrize("pattern", [*request_patterns(), "request_start"], ids=str)
def test_anonymous_visitor_is_sent_to_sign_in_for_requests(client, asking, pattern):
    if pattern == "request_start":
        paths = [reverse("budgets:request_start")]
    else:
        paths = request_urls(pattern, asking)
    for url in paths:
        for response in (client.get(url), client.post(url, REQUEST_POST)):
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("account_login"))


def test_the_family_uses_every_request_page(client, family, asking):
    client.force_login(family["parent"])
    for pattern in request_patterns():
        if pattern.name == "handover_accept":
            continue  # the young person's
        for url in request_urls(pattern, asking):
            assert client.get(url).status_code in (200, 302), url
