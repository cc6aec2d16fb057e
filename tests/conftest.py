import pytest
from django.core.cache import cache
from wagtail.models import Page, Site

from tests.localoffer.factories import (
    DirectoryIndexPageFactory,
    HomePageFactory,
    InformationPageFactory,
    YouSaidWeDidPageFactory,
)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.POSTCODE_LOOKUP = "offline"
    # A shared 2-core CI machine can stall the test node for seconds; production keeps its 5 s default.
    settings.ELASTICSEARCH_TIMEOUT = 60
    cache.clear()  # Wagtail caches site root paths; a previous test's site must not leak in
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def home_page(db):
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


@pytest.fixture
def directory(home_page):
    return DirectoryIndexPageFactory(parent=home_page)


@pytest.fixture
def information_page(home_page):
    return InformationPageFactory(parent=home_page, slug="education")


@pytest.fixture
def you_said_we_did_page(home_page):
    return YouSaidWeDidPageFactory(parent=home_page)
