import os
import uuid

import pytest
from django.core.cache import cache
from django.db import transaction
from wagtail.models import Page, Site

from search.backends import build_backend
from search.backends.base import SearchUnavailable
from tests.localoffer.factories import DirectoryIndexPageFactory, HomePageFactory
from tests.search.factories import build_contract_directory

ELASTICSEARCH_TEST_URL = os.environ.get("ELASTICSEARCH_TEST_URL", "http://127.0.0.1:9250")
SESSION_PREFIX = f"test-{uuid.uuid4().hex[:8]}"
_counter = iter(range(1_000_000))


def elasticsearch_backend(url=None):
    """A backend on the test node with an index prefix unique to this session and use. Fails (never
    skips), naming ELASTICSEARCH_TEST_URL, when the node is down."""
    backend = build_backend(
        "elasticsearch", url=url or ELASTICSEARCH_TEST_URL, index_prefix=f"{SESSION_PREFIX}-{next(_counter)}"
    )
    backend.refresh = "wait_for"
    try:
        backend.is_available()
    except SearchUnavailable as error:
        pytest.fail(
            f"The Elasticsearch test node is not reachable at ELASTICSEARCH_TEST_URL={ELASTICSEARCH_TEST_URL} "
            f"(start it with scripts/elasticsearch.sh start): {error}"
        )
    return backend


@pytest.fixture
def es_backend():
    backend = elasticsearch_backend()
    yield backend
    backend.delete_indices()


def make_site():
    root = Page.get_first_root_node()
    for child in root.get_children():
        Site.objects.filter(root_page=child).delete()
        child.delete()
    home = HomePageFactory(parent=root, slug="home")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "hostname": "localhost", "port": 80, "site_name": "Camden SEND Local Offer"},
    )
    return home


@pytest.fixture(scope="module")
def contract_services(django_db_setup, django_db_blocker):
    """The contract directory, built once per module inside a transaction rolled back at the end
    (each test still runs in its own savepoint)."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            cache.clear()
            home = make_site()
            services = build_contract_directory(DirectoryIndexPageFactory(parent=home))
            yield services
            cache.clear()
            transaction.set_rollback(True)


@pytest.fixture(scope="module", params=["database", "elasticsearch"])
def search_backend(request, contract_services, django_db_blocker):
    with django_db_blocker.unblock():
        if request.param == "database":
            backend = build_backend("database")
            backend.rebuild()
            yield backend
        else:
            backend = elasticsearch_backend()
            backend.rebuild()
            yield backend
            backend.delete_indices()


@pytest.fixture(scope="module")
def module_es_backend(contract_services, django_db_blocker):
    with django_db_blocker.unblock():
        backend = elasticsearch_backend()
        backend.rebuild()
        yield backend
        backend.delete_indices()
