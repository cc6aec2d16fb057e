"""Anonymous pages come from the shared cache until the next publish, and a return visit costs a 304."""

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import PageViewRestriction

from localoffer.caching import VERSION_KEY, content_version
from search.models import SearchQueryLog
from tests.budgets.factories import UserFactory
from tests.localoffer.factories import ServicePageFactory, need

pytestmark = pytest.mark.django_db


def publish_new_title(page, title, capture):
    """An editor's change, published the way the admin does it (a revision, then publish)."""
    page.title = title
    with capture(execute=True):
        page.save_revision().publish()


def test_a_service_page_is_served_from_the_cache_until_it_is_republished(
    client, directory, django_assert_num_queries, django_capture_on_commit_callbacks
):
    service = ServicePageFactory(parent=directory, title="Speech and language drop-in")
    first = client.get(service.url)
    assert first.status_code == 200 and "Speech and language drop-in" in first.content.decode()
    with django_assert_num_queries(0):  # nothing asked of the database: the whole page came from the cache
        second = client.get(service.url)
    assert second.content == first.content
    publish_new_title(service, "Speech and language clinic", django_capture_on_commit_callbacks)
    third = client.get(service.url).content.decode()
    assert "Speech and language clinic" in third and "drop-in" not in third


def test_publishing_any_page_refreshes_the_home_and_information_pages(
    client, information_page, django_capture_on_commit_callbacks
):
    client.get("/")
    client.get(information_page.url)
    publish_new_title(information_page, "Education, health and care plans", django_capture_on_commit_callbacks)
    assert "Education, health and care plans" in client.get("/").content.decode()
    assert "Education, health and care plans" in client.get(information_page.url).content.decode()


def test_directory_results_follow_a_publish_and_still_count_in_the_analytics(
    client, directory, django_capture_on_commit_callbacks
):
    autism = need("autism", "Autism")
    ServicePageFactory(parent=directory, title="Autism parent group", needs=[autism])
    url = f"{directory.url}?needs=autism"
    assert "1 service found" in client.get(url).content.decode()
    assert "1 service found" in client.get(url).content.decode()
    assert SearchQueryLog.objects.count() == 2  # the cached page still records the search
    with django_capture_on_commit_callbacks(execute=True):
        newcomer = ServicePageFactory(parent=directory, title="Autism sibling group", needs=[autism], live=False)
        newcomer.save_revision().publish()
    html = client.get(url).content.decode()
    assert "2 services found" in html and "Autism sibling group" in html


def test_a_return_visit_gets_304_until_something_is_published(client, directory, django_capture_on_commit_callbacks):
    service = ServicePageFactory(parent=directory, title="Holiday play scheme")
    first = client.get(service.url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and last_modified.endswith("GMT")
    assert "no-cache" in first["Cache-Control"] and "Cookie" in first["Vary"]
    again = client.get(service.url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.get(service.url, headers={"If-Modified-Since": last_modified}).status_code == 304
    publish_new_title(service, "Holiday play scheme (summer)", django_capture_on_commit_callbacks)
    changed = client.get(service.url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "(summer)" in changed.content.decode()
    assert changed["ETag"] != etag


def test_a_304_is_given_the_first_time_too(client, home_page):
    """The first request of a fresh cache answers a conditional request as well."""
    etag = client.get("/")["ETag"]
    cache.delete(VERSION_KEY)  # the cache emptied (a restart of the cache server)
    assert client.get("/", headers={"If-None-Match": etag}).status_code == 304


def test_signed_in_visitors_never_get_or_leave_cached_pages(client, directory, home_page):
    service = ServicePageFactory(parent=directory, title="Short breaks")
    anonymous = client.get(service.url).content.decode()
    assert "Sign out" not in anonymous
    signed_in = Client()
    signed_in.force_login(UserFactory(username="parent"))
    page = signed_in.get(service.url)
    assert "Sign out" in page.content.decode()
    home = signed_in.get("/")  # first seen signed in: must not be kept for anyone else
    assert "Sign out" in home.content.decode()
    assert "Sign out" not in Client().get("/").content.decode()


def test_pages_with_forms_are_never_cached(client, you_said_we_did_page):
    first = client.get(you_said_we_did_page.url)
    assert first.status_code == 200 and "csrfmiddlewaretoken" in first.content.decode()
    token = first.cookies["csrftoken"].value
    other = Client().get(you_said_we_did_page.url)
    assert other.cookies["csrftoken"].value != token  # each visitor gets a page with their own token


def test_pages_behind_a_view_restriction_are_not_cached(client, directory):
    service = ServicePageFactory(parent=directory, title="Staff-only training")
    PageViewRestriction.objects.create(page=service, restriction_type=PageViewRestriction.LOGIN)
    staff = Client()
    staff.force_login(UserFactory(username="officer"))
    assert staff.get(service.url).status_code == 200
    assert client.get(service.url).status_code == 302  # to the sign-in page, not a cached copy


def test_indexing_in_the_background_moves_the_version_on(directory, django_capture_on_commit_callbacks):
    from search.tasks import update_service_in_index

    service = ServicePageFactory(parent=directory, title="Portage home visiting")
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        update_service_in_index.call(service.pk)
    assert content_version() > before


def test_the_page_cache_steps_aside_while_the_cache_server_is_down(rf, settings, caplog):
    """The shared cache unreachable: requests pass straight to the view, and a publish that cannot
    move the content version on is logged, never an error for the editor."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from localoffer.caching import AnonymousPageCacheMiddleware, _bump

    down = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    settings.CACHES = {"default": down, "pages": down}
    request = rf.get("/services/")
    request.user = AnonymousUser()
    response = AnonymousPageCacheMiddleware(lambda request: HttpResponse("the page"))(request)
    assert response.status_code == 200 and response.content == b"the page"
    assert "Page cache unavailable" in caplog.text
    _bump()
    assert "Could not move the content version on" in caplog.text


def test_the_directory_still_searches_while_the_page_cache_is_down(client, directory, settings, caplog):
    """The results cache shares the page cache's server: with it away, a search is worked out afresh
    (it was a 500 when only the middleware stepped aside)."""
    ServicePageFactory(parent=directory, title="Speech and language drop-in")
    down = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    settings.CACHES = {**settings.CACHES, "pages": down}
    response = client.get(directory.url, {"q": "speech"})
    assert response.status_code == 200
    assert "Speech and language drop-in" in response.content.decode()
    assert "Results cache unavailable" in caplog.text


def test_pages_never_push_rate_limits_or_the_content_version_out_of_the_cache(settings, db):
    """With the database cache (the embedded default), pages and directory results are kept in a table of
    their own. In one shared table, Django's cull (a third of the table, in key order, whenever it held
    more than 300 entries) threw out allauth's sign-in counters (`allauth:rl:...` sorts first) after a
    few hundred page views: a password-guesser could reset their own lockout by browsing the directory."""
    from types import SimpleNamespace

    from django.core.management import call_command
    from django.db import connection

    from localoffer.caching import cached_results
    from tests.accounts.test_rate_limits import settings_in_a_fresh_process

    # CACHES as config.settings makes it with no Redis named (a small page table, to fill it quickly).
    configured = settings_in_a_fresh_process(PAGE_CACHE_MAX_ENTRIES="300")
    assert (
        configured["default"]["BACKEND"]
        == configured["pages"]["BACKEND"]
        == ("django.core.cache.backends.db.DatabaseCache")
    )
    assert configured["default"]["LOCATION"] != configured["pages"]["LOCATION"]
    settings.CACHES = {alias: {**options, "LOCATION": f"probe_{alias}_cache"} for alias, options in configured.items()}
    call_command("createcachetable", verbosity=0)
    cache.set("allauth:rl:login_failed:ip:203.0.113.9", [1764960000.0] * 4, 300)
    version = content_version()

    for number in range(configured["pages"]["OPTIONS"]["MAX_ENTRIES"] + 200):
        cached_results(("services", number), lambda query: SimpleNamespace(degraded=False, query=query))

    assert cache.get("allauth:rl:login_failed:ip:203.0.113.9") == [1764960000.0] * 4
    assert cache.get(VERSION_KEY) == version
    # The page table did make room (it stays bounded) and still serves what it kept.
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM probe_pages_cache")
        assert 0 < cursor.fetchone()[0] <= 301
    last = ("services", 499)
    assert cached_results(last, lambda query: pytest.fail("worked out again")).query == last
