"""The public directory, served from the shared cache until something is published.

Families arrive together (a school newsletter links the Local Offer), and almost all of them read the
same few pages. So, for visitors who are not signed in:

- the home, information, service and directory results pages are kept whole in the shared page cache
  (`CACHES["pages"]`, shared by every app server), under the current *content version* (which lives in
  `CACHES["default"]`, with the rate limits: the page cache may throw entries out when it is full);
- the results of a directory query are kept the same way, so a page of results and its facets are
  worked out once per publish, not once per visitor;
- every response carries an ETag and Last-Modified, and a return visit that still has the page gets
  304 Not Modified with no body.

The content version is a number in the shared cache that goes up after anything a visitor could see
changes: a page published, unpublished, moved or deleted, a snippet (organisation, location, taxonomy
term) or image saved, or a service (re)indexed in the background. Old entries are never read again and
expire on their own, so nothing is ever deleted from a cache other parts of the site share.

Never cached: signed-in visitors (or anyone with a session or a message waiting), pages behind a view
restriction, responses that set a cookie or use a CSRF token (pages with forms), and anything but a
200 to a GET.
"""

import hashlib
import logging
import pickle
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.connection import ConnectionProxy
from django.utils.http import http_date

logger = logging.getLogger(__name__)
# Whole pages and directory results: CACHES["pages"], looked up at each use (tests change CACHES).
page_cache = ConnectionProxy(caches, "pages")
VERSION_KEY = "localoffer:content-version"
CACHEABLE_FLAG = "_localoffer_page_cacheable"
# Apps whose saved rows can appear on a public page.
CONTENT_APPS = frozenset({"localoffer", "wagtailcore", "wagtailimages", "wagtaildocs", "wagtailsettings", "taggit"})
# Rows saved in those apps that never change what a visitor sees (feedback is moderated, then a
# page or snippet is published; revisions and logs are drafts and history).
IGNORED_MODELS = frozenset(
    {
        "wagtailcore.revision",
        "wagtailcore.pagelogentry",
        "wagtailcore.modellogentry",
        "wagtailcore.pagesubscription",
        "wagtailcore.workflowstate",
        "wagtailcore.taskstate",
        "wagtailcore.referenceindex",
        "wagtailcore.comment",
        "wagtailcore.commentreply",
        "localoffer.feedback",
        # A directory import's own bookkeeping (its run, report, quarantine and feed settings) is
        # for editors; the services it saves move the version on.
        "localoffer.feed",
        "localoffer.importrun",
        "localoffer.importline",
        "localoffer.quarantinedrecord",
        "localoffer.orukimportrecord",
    }
)


# The content version --------------------------------------------------------------------------------


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh cache: start from the clock, so a version is never reused after the cache is emptied.
        version = int(time.time() * 1000)
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def _bump() -> None:
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # not there (expired or emptied): any new number will do
            cache.set(VERSION_KEY, int(time.time() * 1000), timeout=None)
    except Exception as error:  # noqa: BLE001
        # Publishing must never fail because the cache is down (or not created yet, as during
        # `migrate`); while it is down nothing is served from it either.
        logger.warning("Could not move the content version on: %s", error)


_bulk = threading.local()


def content_changed(**kwargs) -> None:
    """Something a visitor can see changed: stop serving what was cached before, once it is committed
    (a request reading between the change and the commit keeps the old version's key)."""
    if getattr(_bulk, "active", False):
        _bulk.changed = True
        return
    transaction.on_commit(_bump)


@contextmanager
def one_content_change():
    """A bulk load in this thread (a directory import saves a dozen rows per service) moves the
    content version on once, when it commits, instead of once per row: each move is a write to the
    shared cache. Nested blocks defer to the outermost."""
    if getattr(_bulk, "active", False):
        yield
        return
    _bulk.active, _bulk.changed = True, False
    try:
        yield
    finally:
        changed = _bulk.changed
        _bulk.active = _bulk.changed = False
        if changed and not transaction.get_connection().needs_rollback:
            content_changed()


def row_changed(sender, **kwargs) -> None:
    meta = sender._meta
    if meta.app_label in CONTENT_APPS and meta.label_lower not in IGNORED_MODELS and not kwargs.get("raw"):
        content_changed()


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal, uid in (
        (page_published, "published"),
        (page_unpublished, "unpublished"),
        (post_page_move, "moved"),
    ):
        signal.connect(content_changed, dispatch_uid=f"localoffer.caching.{uid}")
    for signal, uid in ((post_save, "saved"), (post_delete, "deleted"), (m2m_changed, "m2m")):
        signal.connect(row_changed, dispatch_uid=f"localoffer.caching.{uid}")


# Directory query results ----------------------------------------------------------------------------


def _query_key(query, version) -> str:
    digest = hashlib.sha256(repr(query).encode()).hexdigest()[:32]
    return f"localoffer:results:{version}:{digest}"


def cached_results(query, find):
    """`find(query)`, or the answer it gave for the same query since the last publish. An answer from
    the fallback backend (Elasticsearch down) is not kept, so the better answer returns with it."""
    try:
        key = _query_key(query, content_version())
        results = page_cache.get(key)
    except Exception as error:  # noqa: BLE001
        # The cache server away (or its table not made yet): search without it, as the page cache does.
        logger.warning("Results cache unavailable, searching without it: %s", error)
        return find(query)
    if results is None:
        results = find(query)
        if not results.degraded:
            try:
                page_cache.set(key, results, settings.SEARCH_RESULTS_CACHE_SECONDS)
            except Exception as error:  # noqa: BLE001
                logger.warning("Could not keep directory results in the cache: %s", error)
    return results


# Whole pages ------------------------------------------------------------------------------------------


def mark_cacheable(request, page=None) -> None:
    """Called as a page is served: this page may be kept for anonymous visitors (no view restriction).
    The restrictions read here are kept on the page for the rest of the request, so Wagtail's own
    check (which runs next) reads them from memory (localoffer.models.ServedRestrictionsMixin)."""
    if page is not None:
        restrictions = page.get_view_restrictions()
        page._served_view_restrictions = restrictions
        if restrictions:  # evaluated once: the queryset keeps its rows
            return
    setattr(request, CACHEABLE_FLAG, True)


def _is_anonymous_get(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _page_key(request, version) -> str:
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    # Today's date is in the key: what a page says can change at midnight with nothing published
    # (a service becomes out of date, providers/stale_notice.html), so yesterday's copy is never served.
    day = timezone.localdate().isoformat()
    return f"localoffer:page:{version}:{day}:{hashlib.sha256(where.encode()).hexdigest()[:40]}"


def _validators(response, stored_at: float) -> None:
    response["ETag"] = response.get("ETag") or f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    response["Last-Modified"] = http_date(stored_at)
    # The browser keeps the page but asks each time; a shared proxy must not hand it to someone else.
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ("Cookie",))


class AnonymousPageCacheMiddleware:
    """Serves and stores the anonymous pages described above. Put after the session, authentication
    and message middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_anonymous_get(request):
            return self.get_response(request)
        try:
            version = content_version()
            key = _page_key(request, version)
            stored = page_cache.get(key)
        except Exception as error:  # noqa: BLE001
            logger.warning("Page cache unavailable, serving without it: %s", error)
            return self.get_response(request)
        if stored is not None:
            response = self._rebuild(stored)
            replay = stored.get("replay")
            if replay:
                replay()
            return get_conditional_response(
                request, etag=response["ETag"], last_modified=stored["stored_at"], response=response
            )
        response = self.get_response(request)
        if self._storable(request, response):
            stored_at = time.time()
            _validators(response, stored_at)
            entry = {
                "content": response.content,
                "status": response.status_code,
                "headers": dict(response.items()),
                "stored_at": int(stored_at),
                "replay": getattr(response, "cache_replay", None),
            }
            try:
                pickle.dumps(entry["replay"])
            except (pickle.PicklingError, TypeError, AttributeError):
                entry["replay"] = None
            try:
                page_cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            except Exception as error:  # noqa: BLE001
                logger.warning("Could not keep a page in the cache: %s", error)
            return get_conditional_response(
                request, etag=response["ETag"], last_modified=int(stored_at), response=response
            )
        return response

    @staticmethod
    def _storable(request, response) -> bool:
        if request.method != "GET" or response.status_code != 200 or response.streaming:
            return False
        if not getattr(request, CACHEABLE_FLAG, False):
            return False
        if response.cookies or response.has_header("Set-Cookie"):
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
            return False  # the page holds a form with a CSRF token: it belongs to one visitor
        messages = getattr(request, "_messages", None)
        if messages is not None and getattr(messages, "_queued_messages", None):
            return False  # a message for this visitor was added while the page was made
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return False
        if "private" in response.get("Cache-Control", "") or "no-store" in response.get("Cache-Control", ""):
            return False
        return _is_anonymous_get(request)

    @staticmethod
    def _rebuild(stored) -> HttpResponse:
        response = HttpResponse(stored["content"], status=stored["status"])
        for name, value in stored["headers"].items():
            response[name] = value
        return response
