"""'Report a problem with this page': an anonymous form, a queue for editors, forwarded to the provider."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from wagtail.models import PageViewRestriction

from problems import forwarding
from problems.models import ProblemReport
from tests.budgets.factories import UserFactory
from tests.localoffer.factories import OrganizationFactory, ServicePageFactory

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _run_tasks_now(settings):
    settings.TASKS = IMMEDIATE


@pytest.fixture
def service(directory):
    organisation = OrganizationFactory(name="Camden Children's Therapies", email="team@therapies.example.org")
    return ServicePageFactory(parent=directory, title="Speech and language drop-in", organization=organisation)


def report_url(page):
    return f"{reverse('problems:report')}?page={page.pk}"


def test_service_and_information_pages_link_to_the_form(client, service, information_page):
    for page in (service, information_page):
        html = client.get(page.url).content.decode()
        assert f'href="/report-a-problem/?page={page.pk}"' in html
        assert "Report a problem with this page" in html


def test_the_form_names_the_page_and_asks_for_nothing_personal(client, service):
    response = client.get(report_url(service))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Speech and language drop-in" in html
    assert 'name="kind"' in html and 'name="details"' in html
    for personal in ('name="email"', 'name="name"', 'name="phone"', 'type="email"'):
        assert personal not in html


@pytest.mark.parametrize("query", ["", "?page=abc", "?page=999999", "?page=1"])
def test_a_missing_or_unsuitable_page_is_a_404(client, service, query):
    # page 1 is Wagtail's root: not a service or information page
    assert client.get(reverse("problems:report") + query).status_code == 404


def test_a_private_page_cannot_be_reported(client, service):
    PageViewRestriction.objects.create(page=service, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(report_url(service)).status_code == 404


def test_a_report_is_saved_forwarded_and_thanked(client, service, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            report_url(service), {"kind": "contact", "details": "The phone number is now 020 7974 1111"}
        )
    assert response.status_code == 302 and response.url == service.url
    report = ProblemReport.objects.get()
    assert (report.page_id, report.page_title, report.kind, report.status) == (
        service.pk,
        "Speech and language drop-in",
        "contact",
        ProblemReport.OPEN,
    )
    assert report.page_url.endswith(service.url)
    # With no provider accounts installed, the organisation's own address hears about it.
    assert [message.to for message in mail.outbox] == [["team@therapies.example.org"]]
    assert "020 7974 1111" in mail.outbox[0].body and "Speech and language drop-in" in mail.outbox[0].subject
    assert report.forwarded_to == "team@therapies.example.org" and report.forwarded_at is not None
    assert "Thank you" in client.get(response.url).content.decode()


def test_forwarding_runs_once_however_often_it_is_asked(client, service, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(report_url(service), {"kind": "times", "details": "Closed on Tuesdays now"})
    report = ProblemReport.objects.get()
    assert forwarding.forward_to_provider(report.pk) == []
    assert len(mail.outbox) == 1


def test_information_pages_and_organisations_without_email_are_not_forwarded(
    client, directory, information_page, django_capture_on_commit_callbacks
):
    quiet = ServicePageFactory(parent=directory, organization=OrganizationFactory(name="No email", email=""))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(report_url(quiet), {"kind": "other", "details": "The page is out of date"})
        client.post(report_url(information_page), {"kind": "other", "details": "A broken link"})
    assert len(callbacks) == 2
    assert ProblemReport.objects.count() == 2
    assert mail.outbox == []
    assert not ProblemReport.objects.exclude(forwarded_at=None).exists()


def test_a_report_goes_to_the_services_provider_accounts_before_the_organisations_address(
    client, service, django_capture_on_commit_callbacks
):
    from providers.models import ProviderMembership

    owner = UserFactory(username="owner", email="owner@provider.example")
    EmailAddress.objects.update_or_create(user=owner, email=owner.email, defaults={"verified": True, "primary": True})
    ProviderMembership.objects.create(user=owner, organization=service.organization)
    elsewhere = UserFactory(username="elsewhere", email="someone@else.example")
    ProviderMembership.objects.create(user=elsewhere, organization=OrganizationFactory(name="Another provider"))
    assert forwarding.provider_emails(service) == ["owner@provider.example"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(report_url(service), {"kind": "contact", "details": "The phone number is out of date."})
    assert [message.to for message in mail.outbox] == [["owner@provider.example"]]


def test_missing_answers_are_explained_and_nothing_is_saved(client, service):
    response = client.post(report_url(service), {"kind": "", "details": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Select what is wrong with this page" in html and "Enter what is wrong with this page" in html
    assert not ProblemReport.objects.exists()


def test_too_long_details_are_refused_with_the_limit(client, service):
    response = client.post(report_url(service), {"kind": "other", "details": "x" * 2001})
    assert "What is wrong must be 2,000 characters or fewer" in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_honeypot_reports_are_thanked_but_not_saved(client, service):
    response = client.post(
        report_url(service), {"kind": "other", "details": "Cheap pills", "website": "http://spam.example"}
    )
    assert response.status_code == 302
    assert not ProblemReport.objects.exists() and mail.outbox == []


def test_more_reports_than_the_hourly_limit_are_refused_with_a_message(client, service, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "problem_report": "2/h/key"}
    for number in range(2):
        assert client.post(report_url(service), {"kind": "other", "details": f"Report {number}"}).status_code == 302
    response = client.post(report_url(service), {"kind": "other", "details": "One more"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "You have reported several problems in the last hour" in html and "One more" in html
    assert ProblemReport.objects.count() == 2


# The editors' queue ------------------------------------------------------------------------------------


@pytest.fixture
def report(service):
    return ProblemReport.objects.create(
        page=service, page_title=service.title, page_url=service.url, kind="cost", details="It costs £15 now"
    )


def test_editors_see_the_queue_and_open_a_report(client, editor, report):
    client.force_login(editor)
    listing = client.get(reverse("wagtailsnippets_problems_problemreport:list"))
    assert listing.status_code == 200 and "Speech and language drop-in" in listing.content.decode()
    edit = client.get(reverse("wagtailsnippets_problems_problemreport:edit", args=[report.pk]))
    assert edit.status_code == 200 and "It costs £15 now" in edit.content.decode()


def test_people_without_a_permission_on_the_queue_are_kept_out(client, admin_without_queue, report):
    client.force_login(admin_without_queue)
    for url in (
        reverse("wagtailsnippets_problems_problemreport:list"),
        reverse("wagtailsnippets_problems_problemreport:edit", args=[report.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "It costs £15 now" not in response.content.decode()


def test_nobody_adds_a_report_in_the_admin(client, superuser, moderator):
    for user in (superuser, moderator):
        client.force_login(user)
        response = client.get(reverse("wagtailsnippets_problems_problemreport:add"))
        assert response.status_code in (302, 403)
    assert not ProblemReport.objects.exists()


def test_closing_a_report_needs_a_note(client, editor, report):
    client.force_login(editor)
    url = reverse("wagtailsnippets_problems_problemreport:edit", args=[report.pk])
    response = client.post(url, {"status": "closed", "closing_note": "  "})
    assert response.status_code == 200
    assert "Enter a closing note to say what was done" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ProblemReport.OPEN and report.closed_at is None

    response = client.post(url, {"status": "closed", "closing_note": "Cost updated on the service page"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ProblemReport.CLOSED and report.closing_note == "Cost updated on the service page"
    assert report.closed_at is not None and report.closed_by == editor
    assert report.details == "It costs £15 now"  # the public's words are read-only


def test_reopening_a_report_clears_when_it_was_closed(client, editor, report):
    client.force_login(editor)
    url = reverse("wagtailsnippets_problems_problemreport:edit", args=[report.pk])
    client.post(url, {"status": "closed", "closing_note": "Fixed"})
    client.post(url, {"status": "open", "closing_note": "Fixed"})
    report.refresh_from_db()
    assert report.status == ProblemReport.OPEN and report.closed_at is None and report.closed_by is None


def test_the_queue_can_show_only_open_reports(client, editor, report, service):
    ProblemReport.objects.create(
        page=service, page_title="Closed one", kind="other", details="Old", status="closed", closing_note="Done"
    )
    client.force_login(editor)
    html = client.get(reverse("wagtailsnippets_problems_problemreport:list"), {"status": "open"}).content.decode()
    assert "Speech and language drop-in" in html and "Closed one" not in html
