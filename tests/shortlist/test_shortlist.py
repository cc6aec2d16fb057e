"""The shortlist: saved without JavaScript, kept in the session or the account, printed, emailed, shared."""

import datetime
import io
from decimal import Decimal

import pytest
from allauth.account.signals import user_logged_in
from django.core import mail
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from localoffer.models import CostOption, Schedule
from shortlist import store
from shortlist.models import ShortlistItem
from tests.budgets.factories import PASSWORD, UserFactory
from tests.localoffer.factories import LocationFactory, OrganizationFactory, ServicePageFactory

pytestmark = pytest.mark.django_db
SAVE = reverse("shortlist:save")


@pytest.fixture
def speech(directory):
    service = ServicePageFactory(
        parent=directory,
        title="Speech and language drop-in",
        organization=OrganizationFactory(name="Camden Children's Therapies"),
        phone="020 7974 0000",
        email="speech@therapies.example.org",
        is_free=False,
        locations=[LocationFactory(name="Kentish Town Health Centre", address_1="2 Bartholomew Road")],
    )
    CostOption.objects.create(service=service, option="One session", amount=Decimal("12.50"), amount_description="each")
    Schedule.objects.create(service=service, byday="TU", opens_at=datetime.time(9, 30), closes_at=datetime.time(12))
    return service


@pytest.fixture
def swim(directory):
    return ServicePageFactory(parent=directory, title="Sensory swim")


def save(client, service, next_url="/services/", **headers):
    return client.post(SAVE, {"service": service.pk, "action": "save", "next": next_url}, headers=headers)


def test_saving_returns_to_the_page_with_a_banner_and_the_service_is_listed(client, speech):
    response = save(client, speech, "/services/?q=speech")
    assert response.status_code == 302 and response.url == "/services/?q=speech"
    assert client.session[store.SESSION_KEY] == [speech.pk]
    html = client.get(reverse("shortlist:list")).content.decode()
    assert "govuk-notification-banner" in html and "Speech and language drop-in has been saved" in html
    assert "Kentish Town Health Centre" in html and "020 7974 0000" in html


def test_a_visitor_with_a_session_sees_saved_and_can_remove(client, speech, swim):
    save(client, speech)
    html = client.get(speech.url).content.decode()
    assert 'Remove<span class="govuk-visually-hidden"> Speech and language drop-in</span> from shortlist' in html
    assert (
        'Save<span class="govuk-visually-hidden"> Sensory swim</span> to shortlist'
        in client.get(swim.url).content.decode()
    )
    client.post(SAVE, {"service": speech.pk, "action": "remove", "next": "/shortlist/"})
    assert client.session[store.SESSION_KEY] == []
    assert "You have not saved any services yet" in client.get(reverse("shortlist:list")).content.decode()


def test_saving_twice_keeps_one(client, speech):
    save(client, speech)
    save(client, speech)
    assert client.session[store.SESSION_KEY] == [speech.pk]


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""])
def test_only_a_page_on_this_site_is_returned_to(client, speech, next_url):
    assert save(client, speech, next_url).url == speech.url


def test_the_service_page_button_returns_to_the_service(client, speech):
    html = client.get(speech.url).content.decode()
    assert 'name="next"' not in html
    response = client.post(SAVE, {"service": speech.pk, "action": "save"})
    assert response.url == speech.url


@pytest.mark.parametrize("value", ["", "abc", "99999999", "-1", "1" * 40])
def test_an_unknown_service_is_explained_not_saved(client, speech, value):
    response = client.post(SAVE, {"service": value, "next": "/services/"})
    assert response.status_code == 400 and "We could not find that service" in response.content.decode()
    assert store.SESSION_KEY not in client.session


def test_an_unpublished_service_cannot_be_saved_and_drops_out_of_the_list(client, speech, swim):
    save(client, speech)
    save(client, swim)
    swim.unpublish()
    assert client.post(SAVE, {"service": swim.pk}).status_code == 400
    html = client.get(reverse("shortlist:list")).content.decode()
    assert "Speech and language drop-in" in html and "Sensory swim" not in html


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/page"},
        {"Origin": "https://localhost"},  # same host, another scheme
    ],
)
def test_a_post_from_another_site_is_refused(client, speech, headers):
    response = save(client, speech, **headers)
    assert response.status_code == 403
    assert "The request came from another website" in response.content.decode()
    assert store.SESSION_KEY not in client.session


@pytest.mark.parametrize(
    "headers",
    [{}, {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"}, {"Referer": "http://testserver/services/"}],
)
def test_a_post_from_this_site_is_accepted_without_a_token(speech, headers):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert save(client, speech, **headers).status_code == 302
    assert client.session[store.SESSION_KEY] == [speech.pk]


def test_public_pages_with_save_buttons_stay_cacheable(client, speech, django_assert_max_num_queries):
    """No CSRF token and no session on the anonymous results and service pages, so they are cached whole.
    (A cached results page still writes its one search-analytics row.)"""
    for url, queries in (("/services/", 1), (speech.url, 0)):
        first = client.get(url)
        html = first.content.decode()
        assert 'action="/shortlist/save/"' in html and "Save<span" in html
        assert "csrfmiddlewaretoken" not in html and "csrftoken" not in first.cookies
        assert not first.cookies  # no session started for a visitor who only reads
        with django_assert_max_num_queries(queries):
            assert client.get(url).content == first.content


def test_the_list_is_capped(client, directory, monkeypatch):
    monkeypatch.setattr(store, "MAX_SERVICES", 2)
    services = [ServicePageFactory(parent=directory) for _ in range(3)]
    for service in services:
        save(client, service)
    assert client.session[store.SESSION_KEY] == [services[0].pk, services[1].pk]
    assert "Your shortlist already has 2 services" in client.get("/shortlist/").content.decode()


# Signed in ---------------------------------------------------------------------------------------------


def test_a_signed_in_family_keeps_the_list_in_their_account(client, speech):
    family = UserFactory()
    client.force_login(family)
    save(client, speech)
    assert list(ShortlistItem.objects.filter(user=family).values_list("service_id", flat=True)) == [speech.pk]
    assert store.SESSION_KEY not in client.session
    client.logout()
    client.force_login(family)
    assert "Speech and language drop-in" in client.get("/shortlist/").content.decode()


def test_what_was_saved_before_signing_in_joins_the_account_list(client, speech, swim):
    family = UserFactory(username="parent")
    ShortlistItem.objects.create(user=family, service=swim)
    save(client, speech)
    save(client, swim)
    response = client.post(reverse("account_login"), {"login": family.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    items = list(ShortlistItem.objects.filter(user=family).values_list("service_id", flat=True))
    assert items == [swim.pk, speech.pk]
    assert store.SESSION_KEY not in client.session


def test_the_merge_handler_ignores_a_session_without_a_list(speech):
    family = UserFactory()
    request = RequestFactory().get("/")
    request.session = {}
    store.merge_at_sign_in(sender=user_logged_in, request=request, user=family)
    assert not ShortlistItem.objects.exists()


def test_each_family_sees_only_their_own_list(client, speech, swim):
    one, other = UserFactory(), UserFactory()
    ShortlistItem.objects.create(user=one, service=speech)
    client.force_login(other)
    assert "Speech and language drop-in" not in client.get("/shortlist/").content.decode()
    client.post(SAVE, {"service": speech.pk, "action": "remove"})
    assert ShortlistItem.objects.filter(user=one).exists()


# Print, email, share -----------------------------------------------------------------------------------


def test_the_print_view_has_what_a_family_needs_on_paper(client, speech):
    save(client, speech)
    html = client.get(reverse("shortlist:print")).content.decode()
    for text in (
        "Speech and language drop-in",
        "Camden Children&#x27;s Therapies",
        "020 7974 0000",
        "speech@therapies.example.org",
        "2 Bartholomew Road",
        "Tuesday 9:30am to midday",
        "One session: £12.50 each",
    ):
        assert text in html, text
    assert 'href="/static/shortlist/print.css" media="print"' in html


def test_emailing_sends_the_list_and_keeps_no_address(client, speech):
    save(client, speech)
    response = client.post(reverse("shortlist:email"), {"email": "parent@example.net"})
    assert response.status_code == 302 and response.url == reverse("shortlist:list")
    [message] = mail.outbox
    assert message.to == ["parent@example.net"]
    assert "Speech and language drop-in" in message.body and "Tuesday 9:30am to midday" in message.body
    assert f"/shortlist/shared/?services={speech.pk}" in message.body
    banner = client.get(reverse("shortlist:list")).content.decode()
    assert "Your shortlist has been sent" in banner and "parent@example.net" not in banner
    # Nowhere in the database (sessions included) and not in the session's data.
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert "parent@example.net" not in dump.getvalue()
    assert "parent@example.net" not in str(dict(client.session))


def test_a_bad_address_is_explained(client, speech):
    save(client, speech)
    response = client.post(reverse("shortlist:email"), {"email": "not-an-address"})
    assert "Enter an email address in the correct format, like name@example.com" in response.content.decode()
    assert mail.outbox == []


def test_an_empty_list_is_not_emailed(client):
    response = client.post(reverse("shortlist:email"), {"email": "parent@example.net"})
    assert "Your shortlist is empty" in response.content.decode() and mail.outbox == []


def test_emailing_is_rate_limited(client, speech, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "shortlist_email": "2/h/key"}
    save(client, speech)
    for _ in range(2):
        assert client.post(reverse("shortlist:email"), {"email": "parent@example.net"}).status_code == 302
    response = client.post(reverse("shortlist:email"), {"email": "parent@example.net"})
    assert response.status_code == 200
    assert "You have emailed your shortlist several times in the last hour" in response.content.decode()
    assert len(mail.outbox) == 2


def test_the_share_link_holds_only_service_ids_and_shows_the_list_read_only(client, speech, swim):
    family = UserFactory(username="sharer", email="sharer@example.com")
    client.force_login(family)
    save(client, speech)
    save(client, swim)
    html = client.get(reverse("shortlist:list")).content.decode()
    link = f"http://testserver/shortlist/shared/?services={speech.pk},{swim.pk}"
    assert f'href="{link}"' in html
    assert "sharer" not in link

    client.logout()
    shared = client.get(link)
    page = shared.content.decode()
    assert shared.status_code == 200
    assert "Speech and language drop-in" in page and "Sensory swim" in page
    assert 'action="/shortlist/save/"' not in page and "Remove" not in page
    assert not client.session.get(store.SESSION_KEY)  # opening it changes nobody's list


@pytest.mark.parametrize("services", ["", "abc", "1,,x,999999", ",".join(["7"] * 500)])
def test_a_broken_share_link_shows_a_clear_message(client, services):
    response = client.get(reverse("shortlist:shared"), {"services": services})
    assert response.status_code == 200
    assert "This link does not name any services that are still in the directory" in response.content.decode()


def test_parse_shared_ids_keeps_digits_once_and_caps_the_length():
    assert store.parse_shared_ids("3, 1,3,x,-2,1.5") == [3, 1]
    assert len(store.parse_shared_ids(",".join(str(n) for n in range(1000)))) == store.MAX_SERVICES


def test_every_page_links_to_the_shortlist_in_its_menu(client, speech):
    for url in ("/services/", speech.url):
        html = client.get(url).content.decode()
        menu = html[html.index('id="navigation"') : html.index("</nav>")]
        assert 'href="/shortlist/"' in menu and "Your shortlist" in menu
